"""Role-play scenarios (pages) and the runs learners play on them."""

import json
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from courses.access import LoginRequiredMixin
from courses.routing import CachedRouteMixin
from roleplays import scenario as sc
from roleplays.admin_forms import RolePlayPageForm, ScenarioCheckPanel
from roleplays.blocks import OUTCOME_CHOICES, RolePlayStepsBlock

EACH, END, BOTH = "each", "end", "both"
FEEDBACK_CHOICES = [
    (EACH, _("After each reply")),
    (END, _("At the end")),
    (BOTH, _("After each reply and at the end")),
]


@dataclass(frozen=True)
class Script:
    """Everything a run plays: one revision's scenario and settings, as plain values."""

    title: str
    scenario: sc.Scenario
    threshold: int
    starting_mood: int
    feedback_timing: str
    persona_name: str
    persona_role: str
    persona_image_id: int | None

    @classmethod
    def of_page(cls, page: "RolePlayPage") -> "Script":
        return cls(
            page.title,
            sc.scenario_from_raw(page.steps.get_prep_value(), page.start_step),
            page.pass_threshold,
            page.starting_mood,
            page.feedback_timing,
            page.persona_name,
            page.persona_role,
            page.persona_image_id,
        )

    @classmethod
    def of_revision(cls, content: dict) -> "Script":
        """The script in a revision's (or a version's) content, without a page."""
        steps = content.get("steps") or "[]"
        if isinstance(steps, str):
            steps = json.loads(steps)
        return cls(
            content.get("title", ""),
            sc.scenario_from_raw(steps, content.get("start_step", "")),
            int(content.get("pass_threshold", 70)),
            int(content.get("starting_mood", 0)),
            content.get("feedback_timing", BOTH),
            content.get("persona_name", ""),
            content.get("persona_role", ""),
            content.get("persona_image"),
        )

    @property
    def feedback_during_play(self) -> bool:
        return self.feedback_timing in (EACH, BOTH)

    @property
    def feedback_at_end(self) -> bool:
        return self.feedback_timing in (END, BOTH)

    def analysis(self) -> sc.Analysis:
        return sc.analyse(self.scenario, self.threshold)


class RolePlayPage(LoginRequiredMixin, CachedRouteMixin, Page):
    """A branching dialogue with a customer, scored per reply."""

    briefing = RichTextField(
        _("briefing"),
        blank=True,
        features=["bold", "italic", "link", "ul", "ol"],
        help_text=_("The situation, as the learner reads it before starting."),
    )
    persona_name = models.CharField(_("customer's name"), max_length=100)
    persona_role = models.CharField(
        _("who the customer is"),
        max_length=150,
        blank=True,
        help_text=_("E.g. 'Regular customer, waiting for a sofa'."),
    )
    persona_image = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("customer's picture"),
    )
    starting_mood = models.SmallIntegerField(
        _("starting mood"),
        default=-2,
        validators=[MinValueValidator(sc.MOOD_MIN), MaxValueValidator(sc.MOOD_MAX)],
        help_text=_("From -5 (furious) through 0 (neutral) to +5 (delighted)."),
    )
    pass_threshold = models.PositiveSmallIntegerField(
        _("pass mark (%)"),
        default=70,
        validators=[MaxValueValidator(100)],
        help_text=_(
            "The scaled score a learner needs: 0 is the worst path, 100 the best."
        ),
    )
    feedback_timing = models.CharField(
        _("feedback"), max_length=10, choices=FEEDBACK_CHOICES, default=BOTH
    )
    max_attempts = models.PositiveSmallIntegerField(
        _("attempt limit"),
        default=0,
        help_text=_("How many times a learner may play it; 0 for no limit."),
    )
    start_step = models.CharField(
        _("start step"),
        max_length=50,
        blank=True,
        help_text=_("The key of the first step; leave empty to start at the top."),
    )
    steps = StreamField(RolePlayStepsBlock(), verbose_name=_("steps"), blank=True)

    search_fields = [
        *Page.search_fields,
        index.SearchField("briefing"),
        index.SearchField("persona_name"),
    ]
    content_panels = [
        *Page.content_panels,
        FieldPanel("briefing"),
        MultiFieldPanel(
            [
                FieldPanel("persona_name"),
                FieldPanel("persona_role"),
                FieldPanel("persona_image"),
                FieldPanel("starting_mood"),
            ],
            heading=_("The customer"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("pass_threshold"),
                FieldPanel("feedback_timing"),
                FieldPanel("max_attempts"),
            ],
            heading=_("Scoring"),
        ),
        ScenarioCheckPanel(heading=_("Scenario check")),
        FieldPanel("start_step"),
        FieldPanel("steps"),
    ]
    base_form_class = RolePlayPageForm

    parent_page_types = ["courses.ModulePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("role-play")

    def script(self) -> Script:
        return Script.of_page(self)

    def get_context(self, request, *args, **kwargs):
        from roleplays.views import landing_context

        context = super().get_context(request, *args, **kwargs)
        context.update(landing_context(request, self))
        return context


# The fields of a revision's content that a run plays.
SCRIPT_FIELDS = [
    "title",
    "steps",
    "start_step",
    "pass_threshold",
    "starting_mood",
    "feedback_timing",
    "persona_name",
    "persona_role",
    "persona_image",
]


class RolePlayVersion(models.Model):
    """A published revision's scenario, kept for as long as runs played on it.

    Runs point here rather than at the revision itself, so purging old
    revisions never touches a result, and deleting the page deletes its runs.
    """

    page = models.ForeignKey(
        RolePlayPage, on_delete=models.CASCADE, related_name="versions"
    )
    revision = models.OneToOneField(
        "wagtailcore.Revision",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    content = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("role-play version")

    def __str__(self):
        return f"{self.content.get('title', '')} (revision {self.revision_id})"

    @classmethod
    def content_of(cls, revision) -> dict:
        content = {key: revision.content.get(key) for key in SCRIPT_FIELDS}
        if isinstance(content["steps"], str):
            content["steps"] = json.loads(content["steps"])
        return content

    def script(self) -> Script:
        return Script.of_revision(self.content)


class RolePlayRunQuerySet(models.QuerySet):
    def of_user(self, user):
        return self.filter(user=user) if user.is_authenticated else self.none()

    def of_roleplay(self, page):
        """Runs of ``page`` in every language: its translations share its runs."""
        return self.filter(page__translation_key=page.translation_key)

    def finished(self):
        return self.filter(finished_at__isnull=False)

    def unfinished(self):
        return self.filter(finished_at__isnull=True)


class RolePlayRun(models.Model):
    """One attempt at a role-play, played on the revision it started on."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="roleplay_runs",
        verbose_name=_("learner"),
    )
    page = models.ForeignKey(
        RolePlayPage,
        on_delete=models.CASCADE,
        related_name="runs",
        verbose_name=_("role-play"),
    )
    # The scenario exactly as it was played; later edits never change a run.
    version = models.ForeignKey(
        RolePlayVersion, on_delete=models.CASCADE, related_name="runs"
    )
    # The revision it started on, while Wagtail keeps it; the script is in version.
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    current_step = models.CharField(_("current step"), max_length=50)
    mood = models.SmallIntegerField(_("mood"), default=0)
    choices = models.JSONField(_("choices"), default=list, blank=True)
    score = models.IntegerField(_("score"), default=0)
    scaled_score = models.PositiveSmallIntegerField(
        _("scaled score"), null=True, blank=True
    )
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=OUTCOME_CHOICES, blank=True
    )
    ending = models.CharField(_("ending"), max_length=50, blank=True)
    passed = models.BooleanField(_("passed"), null=True)
    critical = models.BooleanField(_("critical reply chosen"), default=False)

    objects = RolePlayRunQuerySet.as_manager()

    class Meta:
        verbose_name = _("role-play run")
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["page", "finished_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "page"],
                condition=models.Q(finished_at__isnull=True),
                name="one_unfinished_roleplay_run",
            ),
            models.CheckConstraint(
                condition=models.Q(mood__gte=sc.MOOD_MIN, mood__lte=sc.MOOD_MAX),
                name="roleplay_mood_in_range",
            ),
            models.CheckConstraint(
                condition=models.Q(scaled_score__isnull=True)
                | models.Q(scaled_score__lte=100),
                name="roleplay_scaled_score_in_range",
            ),
        ]

    def __str__(self):
        return f"{self.user} on {self.page_id} ({self.started_at:%Y-%m-%d %H:%M})"

    def get_absolute_url(self):
        return reverse("roleplays:run", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.finished_at is not None

    @property
    def rank(self) -> tuple:
        return (self.is_finished, bool(self.passed), self.scaled_score or 0)

    @property
    def turns(self) -> list[sc.Turn]:
        return [sc.Turn.from_dict(item) for item in self.choices]

    @property
    def position(self) -> sc.Position:
        return sc.Position(
            self.current_step, self.mood, self.score, self.critical, tuple(self.turns)
        )

    def script(self) -> Script:
        return self.version.script()
