"""Trainers' role-play tools in the admin: results, Twee export and import.

Only people who can edit a role-play page (trainers, admins) reach them.
"""

from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Length, Substr
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.views import defaults
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.admin.ui.tables import (
    Column,
    NumberColumn,
    TitleColumn,
)
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.reports import ReportView
from wagtail.coreutils import get_content_languages
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy

from courses.models import Clause
from people.languages import in_active_language, original, original_language
from roleplays import services as services
from roleplays.models import RolePlayPage, RolePlayRun, Script
from roleplays.twee import export_twee
from roleplays.views import OUTCOME_LABELS, run_result, transcript

IMPORTED = _("Imported %(count)d steps into a new draft of “%(title)s”.")
MAX_TWEE_BYTES = 1_000_000


@dataclass
class ReplyCount:
    key: str
    text: str
    count: int = 0
    percent: int = 0
    most_chosen: bool = False


@dataclass
class StepChoices:
    key: str
    line: str
    answers: int = 0
    replies: list[ReplyCount] = field(default_factory=list)


def scenario_results(page: RolePlayPage, *, shown: RolePlayPage | None = None) -> dict:
    """Runs, pass rate, endings reached and the replies chosen at each step.

    ``page`` is the original; runs played on any of its translations count.
    Steps and replies are those of its latest draft (choices made on older
    revisions count under their keys), labelled from the latest draft of
    ``shown`` (a translation) where it has a step or reply of the same key.
    """
    script = Script.of_page(page.get_latest_revision_as_object())
    labels = script
    if shown is not None and shown.pk != page.pk:
        labels = Script.of_page(shown.get_latest_revision_as_object())
    runs = RolePlayRun.objects.of_roleplay(page)
    totals = runs.aggregate(
        total=Count("pk"),
        finished=Count("pk", filter=Q(finished_at__isnull=False)),
        passed=Count("pk", filter=Q(passed=True)),
        critical=Count("pk", filter=Q(critical=True, finished_at__isnull=False)),
    )
    endings, chosen = Counter(), Counter()
    for ending, outcome, choices in runs.values_list("ending", "outcome", "choices"):
        if ending:
            endings[(ending, outcome)] += 1
        for turn in choices:
            if turn.get("reply"):
                chosen[(turn["step"], turn["reply"])] += 1
    steps = []
    for step in script.scenario.steps:
        if not step.replies:
            continue
        label = labels.scenario.step(step.key)
        row = StepChoices(step.key, text_of(label, step))
        row.replies = [
            ReplyCount(
                reply.key,
                text_of(label and label.reply(reply.key), reply),
                chosen[(step.key, reply.key)],
            )
            for reply in step.replies
        ]
        row.answers = sum(reply.count for reply in row.replies)
        top = max((reply.count for reply in row.replies), default=0)
        for reply in row.replies:
            reply.percent = round(100 * reply.count / row.answers) if row.answers else 0
            reply.most_chosen = top > 0 and reply.count == top
        steps.append(row)
    finished = totals["finished"]
    recent = runs.select_related("user").order_by("-started_at")
    return {
        **totals,
        "unfinished": totals["total"] - finished,
        "pass_rate": round(100 * totals["passed"] / finished) if finished else None,
        "endings": [
            {
                "key": key,
                "outcome": OUTCOME_LABELS.get(outcome, outcome),
                "count": count,
                "percent": round(100 * count / finished) if finished else 0,
            }
            for (key, outcome), count in endings.most_common()
        ],
        "steps": steps,
        "recent": with_language(recent, limit=50),
    }


def text_of(translated, original) -> str:
    """The text of a step or reply in translation, else in the original."""
    return (
        translated.text if translated is not None and translated.text else original.text
    )


def with_language(runs, limit: int | None = None) -> list[RolePlayRun]:
    """The first ``limit`` of ``runs``, each given the name of the language it was
    played in (its translation's) as ``language``."""
    names = get_content_languages()
    runs = list(runs.annotate(language_code=F("page__locale__language_code"))[:limit])
    for run in runs:
        run.language = names.get(run.language_code, run.language_code)
    return runs


class RolePlayAdminMixin(WagtailAdminTemplateMixin):
    """Loads the role-play from the URL; a plain 403 unless the user can edit it."""

    header_icon = "comment"

    def dispatch(self, request, *args, **kwargs):
        self.page = get_object_or_404(RolePlayPage, pk=kwargs["pk"])
        if not self.page.permissions_for_user(request.user).can_edit():
            # A plain 403: Wagtail would turn PermissionDenied into a redirect.
            return defaults.permission_denied(request, PermissionDenied())
        return super().dispatch(request, *args, **kwargs)

    def get_titled_page(self):
        """The page whose title heads the view."""
        return self.page

    def get_page_subtitle(self):
        return self.get_titled_page().get_admin_display_title()

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("roleplays_admin:index"), "label": _("Role-plays")},
            {
                "url": reverse("wagtailadmin_pages:edit", args=[self.page.pk]),
                "label": self.get_page_subtitle(),
            },
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page"] = self.page
        return context


class ResultsMixin(RolePlayAdminMixin):
    """Results of the role-play (whichever translation the URL names) for a
    reader: its original, and the translation in the reader's language."""

    @cached_property
    def original(self):
        return original(self.page)

    @cached_property
    def readers_page(self):
        return in_active_language(self.original)

    def get_titled_page(self):
        return self.readers_page


class PublishedColumn(Column):
    def get_value(self, instance):
        return _("Published") if instance.live else _("Draft")


class PassRateColumn(Column):
    def get_value(self, instance):
        if not instance.finished:
            return "—"
        return f"{round(100 * instance.passed / instance.finished)}%"


class RolePlayReportView(ReportView):
    """Every role-play the user can edit, with its runs and pass rate."""

    page_title = _("Role-play results")
    header_icon = "comment"
    index_url_name = "roleplays_admin:index"
    index_results_url_name = "roleplays_admin:index_results"
    permission_policy = PagePermissionPolicy()
    permission_required = "change"
    columns = [
        TitleColumn(
            "title",
            label=_("Role-play"),
            url_name="roleplays_admin:results",
            accessor="shown_title",
        ),
        Column("module_title", label=_("Module")),
        PublishedColumn("live", label=_("Status")),
        NumberColumn("total", label=_("Runs")),
        NumberColumn("finished", label=_("Finished")),
        PassRateColumn("pass_rate", label=_("Pass rate")),
    ]
    list_export = ["shown_title", "module_title", "live", "total", "finished", "passed"]
    export_headings = {
        "shown_title": _("Role-play"),
        "module_title": _("Module"),
        "live": _("Published"),
        "total": _("Runs"),
        "finished": _("Finished"),
        "passed": _("Passed"),
    }

    def get_filename(self):
        return "role-play-results"

    def get_queryset(self):
        editable = self.permission_policy.instances_user_has_permission_for(
            self.request.user, "change"
        )
        language = translation.get_language()
        parent = Page.objects.filter(
            path=Substr(OuterRef("path"), 1, Length(OuterRef("path")) - Page.steplen)
        )
        # Runs of the role-play in every language: runs are kept on the
        # translation played.
        runs = RolePlayRun.objects.filter(
            page__translation_key=OuterRef("translation_key")
        ).order_by()
        return (
            RolePlayPage.objects.filter(
                original_language(), pk__in=editable.values("pk")
            )
            .annotate(module_key=Subquery(parent.values("translation_key")[:1]))
            .annotate(
                shown_title=Coalesce(
                    in_language("draft_title", OuterRef("translation_key"), language),
                    "draft_title",
                ),
                module_title=Coalesce(
                    in_language("title", OuterRef("module_key"), language),
                    Subquery(parent.values("title")[:1]),
                ),
                total=count_of(runs),
                finished=count_of(runs.filter(finished_at__isnull=False)),
                passed=count_of(runs.filter(passed=True)),
            )
            .order_by("path")
        )


def in_language(field, translation_key, language):
    """``field`` of the page with ``translation_key`` in ``language``, as a subquery."""
    translations = Page.objects.filter(
        translation_key=translation_key, locale__language_code=language
    )
    return Subquery(translations.values(field)[:1])


def count_of(runs):
    """How many of ``runs`` there are, as a subquery (the list itself needs no
    join and no GROUP BY)."""
    counted = runs.values("page__translation_key").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted), 0)


class RolePlayResultsView(ResultsMixin, TemplateView):
    """A role-play's results in every language, in the reader's words."""

    page_title = _("Role-play results")
    template_name = "roleplays/admin/results.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["results"] = scenario_results(self.original, shown=self.readers_page)
        return context


class RolePlayRunView(ResultsMixin, TemplateView):
    """One learner's run, as they played it (in its language), for a trainer."""

    page_title = _("Role-play run")
    template_name = "roleplays/admin/run.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        runs = RolePlayRun.objects.of_roleplay(self.page).filter(
            pk=self.kwargs["run_id"]
        )
        found = with_language(runs.select_related("user", "version"), limit=1)
        if not found:
            raise Http404(_("No such run of this role-play."))
        run = found[0]
        script = run.script()
        entries = transcript(script, run.turns, with_feedback=True, with_scores=True)
        context.update(
            run=run,
            entries=entries,
            result=run_result(script, run) if run.is_finished else None,
        )
        return context


def export_view(request, pk):
    """The latest draft of a role-play as a Twee 3 file."""
    page = get_object_or_404(RolePlayPage, pk=pk)
    if not page.permissions_for_user(request.user).can_edit():
        return defaults.permission_denied(request, PermissionDenied())
    draft = page.get_latest_revision_as_object()
    scenario = Script.of_page(draft).scenario
    ids = {pk for step in scenario.steps for r in step.replies for pk in r.clauses}
    codes = dict(Clause.objects.filter(pk__in=ids).values_list("pk", "code"))
    text = export_twee(
        scenario, title=draft.title, ifid=str(page.translation_key), clause_codes=codes
    )
    response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    filename = f"{slugify(draft.title) or 'roleplay'}.twee"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class TweeImportForm(forms.Form):
    file = forms.FileField(
        label=_("Twee 3 file"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".twee,.tw,.txt"}),
    )
    text = forms.CharField(
        label=_("…or paste the text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12, "spellcheck": "false"}),
    )

    def clean(self):
        cleaned_data = super().clean()
        upload = cleaned_data.get("file")
        if upload:
            if upload.size > MAX_TWEE_BYTES:
                raise ValidationError(_("The file is too large (1 MB at most)."))
            try:
                cleaned_data["text"] = upload.read().decode("utf-8")
            except UnicodeDecodeError as error:
                raise ValidationError(_("The file is not UTF-8 text.")) from error
        if not cleaned_data.get("text", "").strip():
            raise ValidationError(_("Choose a .twee file or paste its text."))
        return cleaned_data


class TweeImportView(RolePlayAdminMixin, TemplateView):
    """Replace the steps of the role-play's draft with those of a Twee 3 file."""

    page_title = _("Import from Twine")
    header_icon = "upload"
    template_name = "roleplays/admin/import.html"

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=TweeImportForm()))

    def post(self, request, *args, **kwargs):
        form = TweeImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        try:
            revision = services.import_twee(
                request.user, page=self.page, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            context = self.get_context_data(form=form, problems=error.messages)
            return self.render_to_response(context)
        count = len(revision.as_object().steps)
        messages.success(request, IMPORTED % {"count": count, "title": self.page.title})
        return redirect("wagtailadmin_pages:edit", self.page.pk)


class RolePlayButton(PageMenuItem):
    """A header and listing button shown only on role-plays the user can edit."""

    def is_shown(self, user):
        return (
            issubclass(self.page.specific_class, RolePlayPage)
            and self.page.permissions_for_user(user).can_edit()
        )


class ResultsButton(RolePlayButton):
    label = _("Results")
    icon_name = "table"
    url_name = "roleplays_admin:results"


class ExportButton(RolePlayButton):
    label = _("Export to Twine")
    icon_name = "download"
    url_name = "roleplays_admin:export"


class ImportButton(RolePlayButton):
    label = _("Import from Twine")
    icon_name = "upload"
    url_name = "roleplays_admin:import"


def roleplay_buttons(page, user, next_url=None, view_name=None):
    """Buttons for the page header and the page listing's “More” menu."""
    yield ResultsButton(page=page, priority=55)
    yield ExportButton(page=page, priority=56)
    yield ImportButton(page=page, priority=57)
