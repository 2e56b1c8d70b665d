"""What every training report shares: who may open it, whose rows it holds,
and exports that stream instead of building the whole file in memory, with no
cell a spreadsheet would run as a formula."""

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.urls import path
from django.utils import timezone
from django.utils.functional import cached_property
from django.views import defaults
from wagtail.admin.views.reports import ReportView

from people.models import StaffProfile
from quizzes.spreadsheets import spreadsheet_safe

# Declared on CertificationRecord.Meta, so it keeps the certification label.
REPORTS_PERMISSION = "certification.view_training_reports"
EXPORT_CHUNK = 1000
SPOOL_LIMIT = 1024 * 1024  # XLSX files bigger than this spool to disk


def can_view_reports(user) -> bool:
    return user.is_active and user.has_perm(REPORTS_PERMISSION)


def visible_staff(user):
    """The one scoping rule of every report, chart and export: HR everyone,
    a manager their reporting line (and themselves)."""
    return StaffProfile.objects.for_viewer(user)


@dataclass(frozen=True)
class ExportField:
    key: str
    heading: str
    value: Callable[[Any], Any]


class TrainingReportView(ReportView):
    """A report over staff the viewer may see; exports list ``export_fields``."""

    header_icon = "table"
    template_name = "reports/report.html"
    paginate_by = 50
    export_fields: list[ExportField] = []
    explanation = ""
    url_name = ""

    def dispatch(self, request, *args, **kwargs):
        if not can_view_reports(request.user):
            # A plain 403: Wagtail would turn PermissionDenied into a redirect.
            return defaults.permission_denied(request, PermissionDenied())
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def now(self):
        return timezone.now()

    @cached_property
    def staff(self):
        return visible_staff(self.request.user)

    @property
    def index_url_name(self):
        return f"training_reports:{self.url_name}"

    @property
    def index_results_url_name(self):
        return f"training_reports:{self.url_name}_results"

    @property
    def list_export(self):
        return [field.key for field in self.export_fields]

    @property
    def export_headings(self):
        return {field.key: field.heading for field in self.export_fields}

    def get_filename(self):
        return f"{self.url_name}-{timezone.localdate(self.now).isoformat()}"

    def to_row_dict(self, item):
        return {field.key: field.value(item) for field in self.export_fields}

    def get_heading(self, queryset, field):
        return str(self.export_headings.get(field, field))

    def preprocess_field_value(self, field, value, export_format):
        """CSV text that a spreadsheet would run as a formula gets an apostrophe
        in front. XLSX needs none: Wagtail writes such text as a string cell."""
        value = super().preprocess_field_value(field, value, export_format)
        if export_format == self.FORMAT_CSV:
            return spreadsheet_safe(value)
        return value

    def get(self, request, *args, **kwargs):
        if self.is_export:
            return self.as_spreadsheet(self.export_rows(), request.GET["export"])
        return super().get(request, *args, **kwargs)

    def export_rows(self):
        """The filtered rows, fetched in chunks: memory stays flat however many
        rows there are."""
        return self.get_queryset().iterator(chunk_size=EXPORT_CHUNK)

    def write_xlsx_response(self, queryset):
        # Spool the workbook to a temporary file, not a BytesIO that grows with it.
        # The response closes the file when it has been sent.
        output = tempfile.SpooledTemporaryFile(max_size=SPOOL_LIMIT)  # noqa: SIM115
        self.write_xlsx(queryset, output)
        output.seek(0)
        return FileResponse(
            output,
            as_attachment=True,
            content_type=(
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            ),
            filename=f"{self.get_filename()}.xlsx",
        )

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["explanation"] = self.explanation
        context["filter_errors"] = self.filter_errors()
        context.update(self.get_summary_context())
        return context

    def filter_errors(self) -> list[tuple[str, list[str]]]:
        """Filters that could not be read, by label: the page says so."""
        if not self.filters or self.filters.is_valid():
            return []
        form = self.filters.form
        return [
            (str(form.fields[name].label), list(errors))
            for name, errors in form.errors.items()
            if name in form.fields
        ]

    def get_summary_context(self) -> dict:
        """Charts and headline numbers over every filtered row (not one page)."""
        return {}

    @property
    def all_rows(self):
        """Every filtered row, unordered: for counts and charts."""
        return self.object_list.order_by()

    @classmethod
    def urls(cls):
        name = cls.url_name
        return [
            path(f"{name}/", cls.as_view(), name=name),
            path(
                f"{name}/results/",
                cls.as_view(results_only=True),
                name=f"{name}_results",
            ),
        ]
