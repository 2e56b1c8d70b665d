"""Admin for authoring: question banks, quizzes, import and export, item analysis."""

import csv
import io
import secrets

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import include, path, reverse
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.views import View, defaults
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets import HeaderButton

from quizzes import checks, transfer
from quizzes.admin_forms import BankImportConfirmForm, BankImportForm
from quizzes.analysis import Analysis, QuestionStats, analyse_quiz
from quizzes.check_sources import bank_items, practice_items
from quizzes.models import QuestionBank, QuestionKind, Quiz
from quizzes.spreadsheets import spreadsheet_safe

SESSION_KEY = "quizzes:bank_import"
IMPORT_PERMISSION = "quizzes.add_question"
EXPORT_PERMISSION = "quizzes.view_questionbank"
ANALYSIS_PERMISSION = "quizzes.view_attempt"
CHECKS_PERMISSION = "quizzes.view_question"

PREVIEW_EXPIRED = _("The preview has expired. Upload the file again.")
IMPORT_DONE = _(
    "%(questions)d questions imported into “%(bank)s” (%(categories)d new categories)."
)
SORT_KEYS = {
    "order": lambda q: (q.deleted, q.question_id or 0, q.text),
    "text": lambda q: q.text.casefold(),
    "shown": lambda q: q.shown,
    "answered": lambda q: q.answered,
    "correct": lambda q: (q.percent_correct is None, q.percent_correct or 0),
    "discrimination": lambda q: (q.discrimination is None, q.discrimination or 0),
}


# The bank summary's rows: (code, label), in the order the checks run.
WARNING_LABELS = (
    (checks.RIGHT_IS_LONGEST, _("The right option is the longest")),
    (checks.STEM_WORDS, _("Only the right option repeats the question's words")),
    (checks.ALL_OR_NONE, _("“All / none of the above”")),
    (checks.NEGATIVE_STEM, _("Negative question without emphasis")),
    (checks.ABSOLUTE_WORDS, _("True/false statement with absolute words")),
    (checks.TOO_FEW_OPTIONS, _("Fewer than three options")),
    (checks.DUPLICATE, _("Repeats another question of the bank")),
    (checks.DUPLICATE_PRACTICE, _("Repeats a practice question of a lesson")),
    (checks.SHORT_ANSWER_VARIANTS, _("Short answer misses trivial variants")),
)


def refuse(request):
    """A plain 403: Wagtail would turn PermissionDenied into a redirect."""
    return defaults.permission_denied(request, PermissionDenied())


class PermissionRequiredMixin:
    permission = ""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(self.permission):
            return refuse(request)
        return super().dispatch(request, *args, **kwargs)


# Import and export


class BankViewMixin(PermissionRequiredMixin, WagtailAdminTemplateMixin):
    """A view of one question bank (from the URL), under "Question banks"."""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.bank = get_object_or_404(QuestionBank, pk=kwargs["pk"])

    def get_page_subtitle(self):
        return self.bank.name

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("question_banks:index"), "label": _("Question banks")},
            {
                "url": reverse("question_banks:edit", args=[self.bank.pk]),
                "label": self.bank.name,
            },
            {"url": "", "label": self.page_title},
        ]


class BankImportView(BankViewMixin, TemplateView):
    """Upload a CSV or JSON file, preview what it adds to the bank, then import it.

    The uploaded file waits in the session between the preview and the
    confirmation, under a token that the confirmation form posts back.
    """

    permission = IMPORT_PERMISSION
    page_title = _("Import questions")
    header_icon = "upload"
    template_name = "quizzes/admin/import_bank.html"

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=BankImportForm()))

    def post(self, request, *args, **kwargs):
        if "token" in request.POST:
            return self.apply(BankImportConfirmForm(request.POST))
        return self.preview(BankImportForm(request.POST, request.FILES))

    def preview(self, form: BankImportForm):
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        upload = form.cleaned_data["file"]
        content = upload.read()
        plan = transfer.read_file(content, file_name=upload.name)
        context = self.get_context_data(form=BankImportForm(), plan=plan)
        if plan.is_valid:
            token = self.keep_upload(content, upload.name)
            context["confirm_form"] = BankImportConfirmForm(initial={"token": token})
            context["file_name"] = upload.name
        return self.render_to_response(context)

    def apply(self, form: BankImportConfirmForm):
        kept = self.request.session.get(SESSION_KEY) or {}
        token = form.cleaned_data["token"] if form.is_valid() else ""
        if (
            not token
            or not secrets.compare_digest(token, kept.get("token", ""))
            or kept.get("bank") != self.bank.pk
        ):
            messages.error(self.request, PREVIEW_EXPIRED)
            return redirect("quiz_authoring:import_bank", self.bank.pk)
        # Read again: the clauses may have changed since the preview.
        content = kept["content"].encode("utf-8")
        plan = transfer.read_file(content, file_name=kept["file_name"])
        if not plan.is_valid:
            context = self.get_context_data(form=BankImportForm(), plan=plan)
            return self.render_to_response(context)
        result = transfer.import_questions(plan, bank=self.bank)
        del self.request.session[SESSION_KEY]
        messages.success(
            self.request,
            IMPORT_DONE
            % {
                "questions": result.questions,
                "categories": result.categories,
                "bank": self.bank.name,
            },
        )
        return redirect(reverse("questions:index") + f"?bank={self.bank.pk}")

    def keep_upload(self, content: bytes, file_name: str) -> str:
        token = secrets.token_urlsafe(16)
        self.request.session[SESSION_KEY] = {
            "token": token,
            "bank": self.bank.pk,
            "file_name": file_name,
            # A valid import means the content is UTF-8.
            "content": content.decode("utf-8-sig"),
        }
        return token

    def get_context_data(self, plan: transfer.BankImport | None = None, **kwargs):
        context = super().get_context_data(plan=plan, **kwargs)
        context["bank"] = self.bank
        context["csv_header"] = ",".join(transfer.CSV_HEADER)
        context["kinds"] = QuestionKind.choices
        if plan is not None and plan.is_valid:
            existing = set(self.bank.categories.values_list("name", flat=True))
            context["new_categories"] = [
                name for name in plan.category_names() if name not in existing
            ]
            context["question_count"] = self.bank.questions.count()
        return context


class BankExportView(PermissionRequiredMixin, View):
    permission = EXPORT_PERMISSION
    formats = {
        "csv": ("text/csv; charset=utf-8", transfer.export_csv),
        "json": ("application/json; charset=utf-8", transfer.export_json),
    }

    def get(self, request, pk, file_format):
        if file_format not in self.formats:
            raise Http404
        bank = get_object_or_404(QuestionBank, pk=pk)
        content_type, export = self.formats[file_format]
        content = export(bank)
        if file_format == "csv":
            # A byte-order mark tells spreadsheets the file is UTF-8.
            content = "\ufeff" + content
        response = HttpResponse(content, content_type=content_type)
        name = slugify(bank.name) or f"bank-{bank.pk}"
        response["Content-Disposition"] = f'attachment; filename="{name}.{file_format}"'
        return response


# Item checks


class BankChecksView(BankViewMixin, TemplateView):
    """Each flagged question of a bank with its warnings, and the bank's summary."""

    permission = CHECKS_PERMISSION
    page_title = _("Item checks")
    header_icon = "warning"
    template_name = "quizzes/admin/bank_checks.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = checks.check_bank(bank_items(self.bank.pk), practice_items())
        counts = report.counts
        context.update(
            bank=self.bank,
            kinds=QuestionKind.choices,
            report=report,
            share_warning=report.longest_share_warning,
            share=_share_percent(report.longest_share),
            chance=_share_percent(report.chance if report.single_items else None),
            counts=[(label, counts.get(code, 0)) for code, label in WARNING_LABELS],
            flagged=[
                (r.item, [str(warning) for warning in r.warnings])
                for r in report.flagged_items
            ],
        )
        return context


def _share_percent(share: float | None) -> int | None:
    return None if share is None else round(100 * share)


# Item analysis


class QuizAnalysisView(
    PermissionRequiredMixin, WagtailAdminTemplateMixin, TemplateView
):
    permission = ANALYSIS_PERMISSION
    page_title = _("Item analysis")
    header_icon = "table"
    template_name = "quizzes/admin/analysis.html"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.quiz = get_object_or_404(
            Quiz.objects.select_related("bank"), pk=kwargs["pk"]
        )

    def get_page_subtitle(self):
        return self.quiz.title

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("quiz_admin:index"), "label": _("Quizzes")},
            {
                "url": reverse("quiz_admin:edit", args=[self.quiz.pk]),
                "label": self.quiz.title,
            },
            {"url": "", "label": self.page_title},
        ]

    @cached_property
    def header_buttons(self):
        return [
            HeaderButton(
                label,
                reverse("quiz_authoring:analysis_csv", args=[self.quiz.pk, table]),
                icon_name="download",
                priority=priority,
            )
            for priority, label, table in (
                (10, _("Questions as CSV"), "questions"),
                (20, _("Clauses as CSV"), "clauses"),
            )
        ]

    def sorting(self) -> tuple[str, bool]:
        key = self.request.GET.get("sort", "order")
        if key not in SORT_KEYS:
            key = "order"
        return key, self.request.GET.get("dir") == "desc"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        analysis = analyse_quiz(self.quiz)
        key, descending = self.sorting()
        analysis.questions.sort(key=SORT_KEYS[key], reverse=descending)
        context.update(
            quiz=self.quiz,
            analysis=analysis,
            sort=key,
            descending=descending,
            columns=self.sortable_columns(key, descending),
        )
        return context

    def sortable_columns(self, current: str, descending: bool) -> list[dict]:
        labels = [
            ("text", _("Question")),
            ("shown", _("Shown")),
            ("answered", _("Answered")),
            ("correct", _("Correct (%)")),
            ("discrimination", _("Discrimination")),
        ]
        columns = []
        for key, label in labels:
            active = key == current
            direction = "asc" if active and descending else "desc"
            if key == "text" and not active:
                direction = "asc"
            columns.append(
                {
                    "key": key,
                    "label": label,
                    "url": f"?sort={key}&dir={direction}",
                    "active": active,
                    "descending": descending,
                }
            )
        return columns


def _percent(value):
    """The number, or blank: a negative discrimination stays a number, not text
    that ``spreadsheet_safe`` would mark."""
    return "" if value is None else value


def analysis_csv_rows(analysis: Analysis, table: str) -> list[list]:
    if table == "clauses":
        rows = [["clause", "questions", "answers", "percent_correct"]]
        for stats in analysis.clauses:
            rows.append(
                [
                    stats.label,
                    stats.questions,
                    stats.answers,
                    _percent(stats.percent_correct),
                ]
            )
        return rows
    rows = [
        [
            "question",
            "kind",
            "deleted",
            "shown",
            "answered",
            "percent_correct",
            "percent_correct_top",
            "percent_correct_bottom",
            "discrimination",
        ]
    ]
    question: QuestionStats
    for question in analysis.questions:
        rows.append(
            [
                question.text,
                question.kind,
                "yes" if question.deleted else "no",
                question.shown,
                question.answered,
                _percent(question.percent_correct),
                _percent(question.top_percent),
                _percent(question.bottom_percent),
                _percent(question.discrimination),
            ]
        )
    return rows


class QuizAnalysisCSVView(PermissionRequiredMixin, View):
    permission = ANALYSIS_PERMISSION

    tables = ("questions", "clauses")

    def get(self, request, pk, table):
        if table not in self.tables:
            raise Http404
        quiz = get_object_or_404(Quiz, pk=pk)
        rows = analysis_csv_rows(analyse_quiz(quiz), table)
        buffer = io.StringIO()
        csv.writer(buffer).writerows(
            [spreadsheet_safe(cell) for cell in row] for row in rows
        )
        response = HttpResponse(
            "\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8"
        )
        name = slugify(quiz.title) or f"quiz-{quiz.pk}"
        response["Content-Disposition"] = (
            f'attachment; filename="{name}-{table}-analysis.csv"'
        )
        return response


urlpatterns = [
    path("banks/<int:pk>/import/", BankImportView.as_view(), name="import_bank"),
    path(
        "banks/<int:pk>/export/<str:file_format>/",
        BankExportView.as_view(),
        name="export_bank",
    ),
    path("banks/<int:pk>/checks/", BankChecksView.as_view(), name="bank_checks"),
    path("quizzes/<int:pk>/analysis/", QuizAnalysisView.as_view(), name="analysis"),
    path(
        "quizzes/<int:pk>/analysis/<str:table>.csv",
        QuizAnalysisCSVView.as_view(),
        name="analysis_csv",
    ),
]


def authoring_urls():
    return [path("quizzes/authoring/", include((urlpatterns, "quiz_authoring")))]
