from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, TranslatableMixin
from wagtail.search import index

from courses.access import LoginRequiredMixin
from courses.blocks import LessonStreamBlock, practice_questions, taught_clause_ids
from courses.routing import CachedRouteMixin
from people.languages import original_language_code


class Clause(TranslatableMixin, index.Indexed, models.Model):
    """One concrete, checkable rule of the standard, e.g. 'Answer within one hour'.

    Translatable: each translation is a row in its language with the same code;
    lessons, questions and records name the original."""

    code = models.CharField(
        _("code"), max_length=20, help_text=_("A short code, e.g. TEL-2.")
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    course = models.ForeignKey(
        "courses.CoursePage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="clauses",
        verbose_name=_("course"),
        help_text=_("The standard (course) this clause belongs to."),
    )

    search_fields = [
        index.SearchField("code"),
        index.SearchField("title"),
        index.AutocompleteField("title"),
        index.SearchField("description"),
    ]
    panels = [
        FieldPanel("code"),
        FieldPanel("title"),
        FieldPanel("description"),
        FieldPanel("course"),
    ]

    class Meta(TranslatableMixin.Meta):
        ordering = ["code"]
        verbose_name = _("clause of the standard")
        verbose_name_plural = _("clauses of the standard")
        constraints = [
            models.UniqueConstraint(
                fields=["code", "locale"], name="one_clause_code_per_language"
            )
        ]

    def __str__(self):
        return f"{self.code} {self.title}"


def show_clauses_in_language(clauses, language: str | None = None):
    """Give ``clauses`` (originals) the title and description of their translation
    in ``language`` (the active one by default), for showing; one query. Returns
    the clauses, unsaved."""
    from django.utils.translation import get_language

    clauses = list(clauses)
    language = language or get_language()
    if not clauses or language == original_language_code():
        return clauses
    keys = {clause.translation_key for clause in clauses}
    words = {
        row.translation_key: row
        for row in Clause.objects.filter(
            translation_key__in=keys, locale__language_code=language
        ).only("translation_key", "title", "description")
    }
    for clause in clauses:
        if clause.translation_key in words:
            clause.title = words[clause.translation_key].title
            clause.description = words[clause.translation_key].description
    return clauses


class TrainingIndexPage(LoginRequiredMixin, CachedRouteMixin, Page):
    """The catalogue at /training/: the courses a learner can take."""

    intro = RichTextField(
        _("introduction"), blank=True, features=["bold", "italic", "link"]
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["courses.CoursePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("training index")

    def get_context(self, request, *args, **kwargs):
        from courses.progress import catalogue_for

        context = super().get_context(request, *args, **kwargs)
        context["entries"] = catalogue_for(request.user, self)
        return context


class CoursePage(LoginRequiredMixin, CachedRouteMixin, Page):
    """One standard to learn and be certified on, made of modules."""

    summary = models.TextField(_("summary"), max_length=600, blank=True)
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hero image"),
    )
    required_for_roles = ParentalManyToManyField(
        "people.JobRole",
        blank=True,
        related_name="required_courses",
        verbose_name=_("required for job roles"),
        help_text=_("People in these job roles must take the course; others may."),
    )
    validity_months = models.PositiveSmallIntegerField(
        _("certificate validity (months)"),
        default=12,
        help_text=_("How long a certificate stays valid before recertification."),
    )

    search_fields = [*Page.search_fields, index.SearchField("summary")]
    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("hero_image"),
        MultiFieldPanel(
            [FieldPanel("required_for_roles"), FieldPanel("validity_months")],
            heading=_("Who takes it, and for how long it counts"),
        ),
    ]

    parent_page_types = ["courses.TrainingIndexPage"]
    subpage_types = ["courses.ModulePage"]

    class Meta:
        verbose_name = _("course")

    def get_context(self, request, *args, **kwargs):
        from courses.progress import course_outline

        context = super().get_context(request, *args, **kwargs)
        context["outline"] = course_outline(request.user, self)
        return context


class ModulePage(LoginRequiredMixin, CachedRouteMixin, Page):
    """One part of the standard, e.g. 'Telephone communication'."""

    introduction = models.TextField(_("introduction"), max_length=600, blank=True)
    objectives = models.TextField(
        _("learning objectives"),
        blank=True,
        help_text=_("One per line: what a learner can do after this module."),
    )
    estimated_minutes = models.PositiveSmallIntegerField(
        _("estimated minutes"),
        default=20,
        help_text=_("Time to work through the module."),
    )
    quiz = models.ForeignKey(
        "quizzes.Quiz",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="modules",
        verbose_name=_("module quiz"),
        help_text=_(
            "The test at the end of the module; passing it counts as progress."
        ),
    )
    practice_quiz = models.ForeignKey(
        "quizzes.Quiz",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="practice_modules",
        limit_choices_to={"mode": "practice"},
        verbose_name=_("practice quiz"),
        help_text=_(
            "An ungraded self-check (a quiz in practice mode) learners may take as "
            "often as they like; it does not count towards progress."
        ),
    )

    search_fields = [
        *Page.search_fields,
        index.SearchField("introduction"),
        index.SearchField("objectives"),
    ]
    content_panels = [
        *Page.content_panels,
        FieldPanel("introduction"),
        FieldPanel("objectives"),
        FieldPanel("estimated_minutes"),
        FieldPanel("quiz"),
        FieldPanel("practice_quiz"),
    ]

    parent_page_types = ["courses.CoursePage"]
    # Lessons, and the practice pages other apps register (see courses.practice).
    subpage_types = ["courses.LessonPage"]

    class Meta:
        verbose_name = _("module")

    @classmethod
    def clean_subpage_models(cls):
        from courses.practice import practice_page_models

        return [*super().clean_subpage_models(), *practice_page_models()]

    @property
    def objective_list(self):
        return [line.strip() for line in self.objectives.splitlines() if line.strip()]

    def get_context(self, request, *args, **kwargs):
        from courses.practice import registered_practice
        from courses.progress import module_outline

        context = super().get_context(request, *args, **kwargs)
        context["outline"] = module_outline(request.user, self)
        context["practice_sections"] = [
            practice.section_template
            for practice in registered_practice()
            if practice.section_template
        ]
        return context


class LessonPage(LoginRequiredMixin, CachedRouteMixin, Page):
    """A lesson: text, media, speech formulas, checklists and practice questions."""

    summary = models.TextField(_("summary"), max_length=400, blank=True)
    estimated_minutes = models.PositiveSmallIntegerField(
        _("estimated minutes"), default=5
    )
    body = StreamField(LessonStreamBlock(), verbose_name=_("lesson content"))

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
    ]
    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("estimated_minutes"),
        FieldPanel("body"),
    ]

    parent_page_types = ["courses.ModulePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("lesson")

    @cached_property
    def practice_questions(self):
        return practice_questions(self.body)

    def taught_clause_ids(self):
        return taught_clause_ids(self.body)

    def get_context(self, request, *args, **kwargs):
        from courses.progress import lesson_outline
        from courses.rendering import body_html, lesson_body

        context = super().get_context(request, *args, **kwargs)
        context["outline"] = lesson_outline(request.user, self)
        body = lesson_body(self, request)
        context["body_html"] = body_html(body, self, request)
        context["headings"] = body.headings
        if self.pk:  # a new page being previewed has no id yet
            context["complete_url"] = reverse("courses:complete_lesson", args=[self.pk])
        return context


class LessonCompletion(models.Model):
    """A learner marked a lesson done. Progress is derived from these rows."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="lesson_completions",
    )
    lesson = models.ForeignKey(
        LessonPage, on_delete=models.CASCADE, related_name="completions"
    )
    completed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("lesson completion")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "lesson"], name="one_completion_per_lesson"
            )
        ]

    def __str__(self):
        return f"{self.user} completed {self.lesson}"


class LessonVisit(models.Model):
    """A learner opened a lesson's page; a lesson can be marked done only then."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="lesson_visits",
    )
    lesson = models.ForeignKey(
        LessonPage, on_delete=models.CASCADE, related_name="visits"
    )
    first_opened_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("lesson visit")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "lesson"], name="one_visit_per_lesson"
            )
        ]

    def __str__(self):
        return f"{self.user} opened {self.lesson}"


class CourseActivity(models.Model):
    """Where a learner is in a course: the lesson to resume, and when last seen."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="course_activity",
    )
    course = models.ForeignKey(
        CoursePage, on_delete=models.CASCADE, related_name="activity"
    )
    last_lesson = models.ForeignKey(
        LessonPage, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    started_at = models.DateTimeField(auto_now_add=True)
    last_seen_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("course activity")
        verbose_name_plural = _("course activity")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "course"], name="one_activity_per_course"
            )
        ]

    def __str__(self):
        return f"{self.user} in {self.course}"
