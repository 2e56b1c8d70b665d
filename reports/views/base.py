"""What every training report shares: who may open it, whose rows it holds,
and exports that stream instead of building the whole file in memory, with no
cell a spreadsheet would run as a formula."""

import csv
import io
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from itertools import islice
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import F, QuerySet
from django.http import FileResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import Promise, cached_property
from django.utils.translation import gettext_lazy as _
from django.views import defaults
from wagtail.admin import messages
from wagtail.admin.views.reports import ReportView

from people.models import StaffProfile
from quizzes.spreadsheets import FORMULA_STARTS, TEXT_MARK, spreadsheet_safe
from reports.exports import background_rows, is_large, queue_export
from reports.summary import room_to_count

# Declared on CertificationRecord.Meta, so it keeps the certification label.
REPORTS_PERMISSION = "certification.view_training_reports"
EXPORT_CHUNK = 1000
SPOOL_LIMIT = 1024 * 1024  # XLSX files bigger than this spool to disk
EXPORT_QUEUED = _(
    "This export has more than %(rows)s rows, so it is being prepared in the "
    "background. It will appear under Your exports, and you will get an e-mail "
    "with its link when it is ready."
)
YOUR_EXPORTS = _("Your exports")


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


# Written by csv as they are (str() of each; None as an empty cell).
PLAIN_TYPES = frozenset({int, bool, float, Decimal, date, datetime, type(None)})


def csv_cell(value):
    """A value as Wagtail's CSV export writes it (lists joined, lazy text made
    text), with no text a spreadsheet would run as a formula."""
    kind = type(value)
    if kind is str:
        return TEXT_MARK + value if value.startswith(FORMULA_STARTS) else value
    if kind in PLAIN_TYPES:
        return value
    if isinstance(value, list):
        value = ", ".join(str(item) for item in value)
    return spreadsheet_safe(str(value))


def batches(rows: Iterable, size: int) -> Iterator[list]:
    rows = iter(rows)
    while chunk := list(islice(rows, size)):
        yield chunk


def csv_chunks(headings: list[str], rows: Iterable, functions) -> Iterator[bytes]:
    """The CSV file in pieces of ``EXPORT_CHUNK`` rows: one ``csv.writer`` call
    per piece, each cell ``csv_cell`` of its field's value. A lazy translation
    (a status label) is translated once per export, not once per row."""
    texts = {}

    def cell(value):
        if type(value) in PLAIN_TYPES or not isinstance(value, Promise):
            return csv_cell(value)
        # Keyed by the object, which the entry keeps alive: its id stays its own.
        known = texts.get(id(value))
        if known is None:
            known = texts[id(value)] = (value, csv_cell(value))
        return known[1]

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([csv_cell(heading) for heading in headings])
    for chunk in batches(rows, EXPORT_CHUNK):
        writer.writerows([cell(value(row)) for value in functions] for row in chunk)
        yield buffer.getvalue().encode()
        buffer.seek(0)
        buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue().encode()


class TrainingReportView(ReportView):
    """A report over staff the viewer may see; exports list ``export_fields``."""

    header_icon = "table"
    template_name = "reports/report.html"
    paginate_by = 50
    export_fields: list[ExportField] = []
    # The values an export's fields read, by name: a name of the rows' own
    # (field or annotation), a path such as "department__name" or an expression.
    # With them, an export reads plain tuples (``values_list``), not model
    # instances.
    export_values: dict[str, Any] = {}
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
            export_format = request.GET["export"]
            rows = self.get_queryset()
            if isinstance(rows, QuerySet) and is_large(rows):
                return self.export_in_background(export_format)
            return self.as_spreadsheet(self.export_rows(rows), export_format)
        return super().get(request, *args, **kwargs)

    def export_in_background(self, export_format: str):
        """Queue the export as a task; the person gets its link by e-mail and
        on their exports page."""
        queue_export(self, export_format)
        exports_url = reverse("training_reports:exports")
        message = EXPORT_QUEUED % {"rows": f"{background_rows():,}"}
        buttons = [messages.button(exports_url, YOUR_EXPORTS)]
        messages.success(self.request, message, buttons=buttons)
        return redirect(exports_url)

    def export_rows(self, rows=None):
        """The filtered rows (``rows`` if given), fetched in chunks: memory stays
        flat however many rows there are."""
        rows = self.get_queryset() if rows is None else rows
        if not isinstance(rows, QuerySet):
            return rows
        if self.export_values:
            rows = export_tuples(rows, self.export_values)
        return rows.iterator(chunk_size=EXPORT_CHUNK)

    def stream_csv(self, queryset):
        fields = self.export_fields
        headings = [str(field.heading) for field in fields]
        return csv_chunks(headings, queryset, [field.value for field in fields])

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
        with room_to_count():
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

    def get_paginator(self, queryset, per_page, **kwargs):
        """Take the number of rows from the summary when it has counted the
        same rows already: the rows are scanned once, not twice."""
        paginator = super().get_paginator(queryset, per_page, **kwargs)
        counted = self.rows_counted()
        if counted is not None:
            paginator.count = counted  # a cached property: not counted again
        return paginator

    def rows_counted(self) -> int | None:
        """How many filtered rows there are, if the summary knows."""
        return None

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


def export_tuples(rows: QuerySet, values: dict) -> QuerySet:
    """``rows`` as named tuples of ``values`` (name: the rows' own name, a path
    to follow, or an expression)."""
    paths = {
        name: F(path) if isinstance(path, str) else path
        for name, path in values.items()
        if name != path
    }
    return rows.annotate(**paths).values_list(*values, named=True)
