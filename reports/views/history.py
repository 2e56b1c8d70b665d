"""The training history: who did what, when, to whom (``reports.audit``)."""

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column

from certification.models import CertificationEvent
from people.models import Department
from reports import audit
from reports.filters import courses
from reports.views.base import EXPORT_CHUNK, ExportField, TrainingReportView


class ActorField(django_filters.fields.ModelChoiceField):
    def label_from_instance(self, obj):
        # The active filter's label is asked of "null" too: the system.
        return audit.name_of(obj if hasattr(obj, "get_username") else None)


class ActorFilter(django_filters.ModelChoiceFilter):
    field_class = ActorField


def actors(request):
    if request is None:
        return get_user_model().objects.none()
    return audit.actors(request.user)


class HistoryFilterSet(WagtailFilterSet):
    """The history's filters; ``criteria`` hands them to ``reports.audit``,
    which applies them to each log before the logs are joined."""

    kind = django_filters.MultipleChoiceFilter(
        label=_("What"),
        choices=audit.Kind.choices,
        widget=forms.CheckboxSelectMultiple,
        method="keep",
    )
    at = django_filters.DateFromToRangeFilter(
        label=_("When"), widget=DateRangePickerWidget, method="keep"
    )
    actor = ActorFilter(
        label=_("Who"),
        queryset=actors,
        null_label=audit.SYSTEM,
        null_value=audit.NOBODY,
        method="keep",
    )
    department = django_filters.ModelChoiceFilter(
        label=_("Department"), queryset=Department.objects.all(), method="keep"
    )
    person = django_filters.CharFilter(
        label=_("Person"),
        method="keep",
        widget=forms.TextInput(attrs={"placeholder": _("Name or employee ID")}),
    )
    course = django_filters.ModelChoiceFilter(
        label=_("Course"), queryset=courses, method="keep"
    )

    class Meta:
        model = CertificationEvent  # the first of the logs; any would do
        fields = []

    def keep(self, queryset, name, value):
        return queryset

    def criteria(self) -> audit.Criteria:
        """The filters that could be read (the page names the others)."""
        self.is_valid()
        values = self.form.cleaned_data
        dates = values.get("at")
        return audit.Criteria(
            kinds=tuple(values.get("kind") or ()),
            since=dates.start if dates else None,
            until=dates.stop if dates else None,
            actor=values.get("actor"),
            department=values.get("department"),
            person=(values.get("person") or "").strip(),
            course=values.get("course"),
        )


class WhomColumn(Column):
    """The person, linked to their page; or what else the entry is about."""

    cell_template_name = "reports/history/whom_cell.html"


def local_moment(entry):
    """The moment in the site's time zone, to the second, as spreadsheets
    take it (no time zone)."""
    return timezone.localtime(entry.at).replace(tzinfo=None, microsecond=0)


class HistoryReportView(TrainingReportView):
    page_title = _("Training history")
    header_icon = "history"
    url_name = "history"
    filterset_class = HistoryFilterSet
    results_template_name = "reports/history/results.html"
    explanation = _(
        "Who did what, and when: certificates issued, revoked, reinstated and "
        "expired, extra attempts, practical observations, course assignments, "
        "staff imports and edits, erasures of personal data and API tokens. "
        "Newest first. “System” means nobody acted: the product did it by "
        "itself, or a command or the HR system's API did."
    )
    columns = [
        Column("at", label=_("When"), accessor="at"),
        Column("actor", label=_("Who"), accessor="actor"),
        Column("what", label=_("What"), accessor="what"),
        WhomColumn("whom", label=_("Whom"), accessor="whom"),
        Column("course", label=_("Course"), accessor="course"),
        Column("details", label=_("Details"), accessor="details_text"),
    ]
    export_fields = [
        ExportField("at", _("When"), local_moment),
        ExportField("actor", _("Who"), lambda e: e.actor),
        ExportField("what", _("What"), lambda e: e.what),
        ExportField("whom", _("Whom"), lambda e: e.whom),
        ExportField("employee_id", _("Employee ID"), lambda e: e.employee_id),
        ExportField("department", _("Department"), lambda e: e.department),
        ExportField("course", _("Course"), lambda e: e.course),
        ExportField("details", _("Details"), lambda e: e.details_text),
    ]

    @cached_property
    def criteria(self):
        if not self.filters:
            return audit.Criteria()
        return self.filters.criteria()

    def get_base_queryset(self):
        return audit.history(self.request.user, self.criteria)

    def filter_queryset(self, queryset):
        return queryset  # filtered log by log, before the union

    def paginate_queryset(self, queryset, page_size):
        """Read the page's entries in full before the table is built."""
        paginator, page, rows, is_paginated = super().paginate_queryset(
            queryset, page_size
        )
        page.object_list = audit.read_entries(rows)
        return paginator, page, page.object_list, is_paginated

    def export_rows(self, rows=None):
        rows = self.get_queryset() if rows is None else rows
        return audit.entries_in_chunks(
            rows.iterator(chunk_size=EXPORT_CHUNK), EXPORT_CHUNK
        )
