"""Reports over readiness rows: readiness, expiring and expired, stuck."""

from datetime import date, timedelta

from django.db.models import Count, Q
from django.db.models.functions import Coalesce, Greatest, TruncDate
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin.ui.tables import Column, StatusTagColumn

from certification.dates import day_start, show_day
from certification.models import Status
from certification.rows import due_date, last_activity, visible_rows
from certification.rows import due_day as rule_due_day
from certification.viewsets import DayColumn
from reports import charts
from reports.filters import (
    CHART_BY_CHOICES,
    DaysFilterSet,
    ReadinessFilterSet,
)
from reports.summary import (
    EXPIRING_DAYS,
    READINESS_GROUPS,
    STUCK_DAYS,
    status_counts,
    stuck_filter,
)
from reports.views.base import ExportField, TrainingReportView

STATUS_LABELS = dict(Status.choices)


def name_of(profile):
    return profile.full_name if profile else ""


def _due_label(row) -> str:
    day = due_date(row)
    if day is None:
        return "—"
    label = show_day(day)
    return _("%(day)s (overdue)") % {"day": label} if row.overdue else label


class ProgressColumn(Column):
    cell_template_name = "reports/progress_cell.html"


PERSON = Column(
    "person",
    label=_("Person"),
    accessor=lambda row: f"{row.full_name} ({row.employee_id})",
    sort_key="user__last_name",
)
DEPARTMENT = Column(
    "department",
    label=_("Department"),
    accessor="department",
    sort_key="department__name",
)
LOCATION = Column(
    "location", label=_("Location"), accessor="location", sort_key="location__name"
)
MANAGER = Column("manager", label=_("Manager"), accessor=lambda r: name_of(r.manager))
COURSE = Column(
    "course", label=_("Course"), accessor="course_title", sort_key="course_title"
)
STATUS = StatusTagColumn(
    "status",
    label=_("Status"),
    accessor=lambda row: STATUS_LABELS.get(row.status, row.status),
    sort_key="status",
    primary=lambda row: row.status == Status.CERTIFIED,
)
PROGRESS = ProgressColumn("progress", label=_("Progress"), sort_key="progress")
EXPIRES = DayColumn(
    "expires_at", label=_("Expires"), accessor="expires_at", sort_key="expires_at"
)
DUE = Column(
    "due_date",
    label=_("Due"),
    accessor=lambda row: _due_label(row),
)
LAST_ACTIVITY = DayColumn(
    "last_activity", label=_("Last activity"), accessor=last_activity
)


def _full_name(first, last, username) -> str:
    """As ``StaffProfile.full_name``: the full name, else the username."""
    return f"{first or ''} {last or ''}".strip() or (username or "")


# A person's columns in the exports of other rows (staff, model instances).
PERSON_FIELDS = [
    ExportField("employee_id", _("Employee ID"), lambda r: r.employee_id),
    ExportField("name", _("Name"), lambda r: r.full_name),
    ExportField("department", _("Department"), lambda r: str(r.department or "")),
    ExportField("location", _("Location"), lambda r: str(r.location or "")),
    ExportField("job_role", _("Job role"), lambda r: str(r.job_role or "")),
    ExportField("manager", _("Manager"), lambda r: name_of(r.manager)),
]

# What the exports of readiness rows read: plain values, no model instances.
ROW_VALUES = {
    "employee_id": "employee_id",
    "person_first": "user__first_name",
    "person_last": "user__last_name",
    "person_username": "user__username",
    "department_name": "department__name",
    "location_name": "location__name",
    "job_role_name": "job_role__name",
    "manager_first": "manager__user__first_name",
    "manager_last": "manager__user__last_name",
    "manager_username": "manager__user__username",
    "course_title": "course_title",
    "status": "status",
    "progress": "progress",
    "hire_date": "hire_date",
    "due_on": "due_on",
    "due_assigned": "due_assigned",
    "refresher_due": "refresher_due",
    "overdue": "overdue",
    # Local days, in the database (the time zone active when the export runs).
    "certified_day": TruncDate("certified_at"),
    "expires_day": TruncDate("expires_at"),
    "activity_day": TruncDate(
        # The later of the two; Coalesce because SQLite's MAX of a NULL is NULL.
        Greatest(
            Coalesce("record_activity_at", "last_seen_at"),
            Coalesce("last_seen_at", "record_activity_at"),
        )
    ),
}


def due_day(row) -> date | None:
    """``certification.rows.due_date`` of an export row, from its local days."""
    return rule_due_day(
        certified=row.certified_day is not None,
        expires_on=row.expires_day,
        due_on=row.due_on,
        assigned=row.due_assigned is not None,
        refresher_due=row.refresher_due,
    )


ROW_PERSON_FIELDS = [
    ExportField("employee_id", _("Employee ID"), lambda r: r.employee_id),
    ExportField(
        "name",
        _("Name"),
        lambda r: _full_name(r.person_first, r.person_last, r.person_username),
    ),
    ExportField("department", _("Department"), lambda r: r.department_name or ""),
    ExportField("location", _("Location"), lambda r: r.location_name or ""),
    ExportField("job_role", _("Job role"), lambda r: r.job_role_name or ""),
    ExportField(
        "manager",
        _("Manager"),
        lambda r: _full_name(r.manager_first, r.manager_last, r.manager_username),
    ),
]
ROW_COURSE_FIELDS = [
    ExportField("course", _("Course"), lambda r: r.course_title),
    # The CSV writer translates each label once per export.
    ExportField("status", _("Status"), lambda r: STATUS_LABELS.get(r.status, "")),
    ExportField("progress", _("Progress (%)"), lambda r: r.progress),
]


class RowReportView(TrainingReportView):
    """A report with one row per person and required course."""

    filterset_class = ReadinessFilterSet
    default_ordering = "user__last_name"
    export_values = ROW_VALUES

    def get_base_queryset(self):
        return visible_rows(self.request.user, now=self.now)

    def filter_queryset(self, queryset):
        if self.filters and not self.filters.is_valid():
            # Only the unreadable filters are ignored (the page names them);
            # the others, and the "still employed" default, still apply.
            return self.filters.filter_queryset(queryset)
        return super().filter_queryset(queryset)

    def order_queryset(self, queryset):
        queryset = super().order_queryset(queryset)
        return queryset.order_by(
            *queryset.query.order_by, "user__first_name", "employee_id", "course_title"
        )

    def chosen(self, name, default=None):
        if self.filters and self.filters.is_valid():
            return self.filters.form.cleaned_data.get(name) or default
        return default


class ReadinessReportView(RowReportView):
    page_title = _("Readiness")
    header_icon = "success"
    url_name = "readiness"
    results_template_name = "reports/readiness_results.html"
    columns = [
        PERSON,
        DEPARTMENT,
        LOCATION,
        COURSE,
        STATUS,
        PROGRESS,
        EXPIRES,
        DUE,
        LAST_ACTIVITY,
    ]
    export_fields = [
        *ROW_PERSON_FIELDS,
        *ROW_COURSE_FIELDS,
        ExportField("certified_at", _("Certified"), lambda r: r.certified_day),
        ExportField("expires_at", _("Expires"), lambda r: r.expires_day),
        ExportField("due_date", _("Due"), due_day),
        ExportField("overdue", _("Overdue"), lambda r: bool(r.overdue)),
        ExportField("last_activity", _("Last activity"), lambda r: r.activity_day),
    ]
    explanation = _(
        "Everyone who must take a course (their job role requires it, or HR "
        "assigned it), with where they stand. Ready means certified and not "
        "expired. Progress is the share of the course's lessons and certification "
        "requirements done. Due is the day a first certificate is needed (the "
        "assignment's due date, else the hire date plus the course's deadline) or "
        "the day the certificate expires (an assignment's later due date gives "
        "more time); overdue means still employed, not ready, and past that day."
    )

    @cached_property
    def chart_by(self):
        return self.chosen("chart_by", "department")

    @cached_property
    def counted(self):
        return status_counts(self.all_rows, self.chart_by, self.now)

    def rows_counted(self):
        return self.counted.total

    def get_summary_context(self):
        return {
            "headline": self.counted.headline,
            "chart": self.readiness_chart(self.counted.by_group, self.chart_by),
        }

    def readiness_chart(self, counts, chart_by):
        categories = sorted(counts)
        series = [
            (
                key,
                label,
                [sum(counts[c].get(s, 0) for s in statuses) for c in categories],
            )
            for key, label, statuses in READINESS_GROUPS
        ]
        label = dict(CHART_BY_CHOICES)[chart_by]
        return charts.stacked_bars(
            _("Readiness by %(group)s") % {"group": str(label).lower()},
            categories,
            series,
            chart_id="readiness",
        )


def days_left(row, now):
    if row.expires_at is None:
        return None
    return (timezone.localdate(row.expires_at) - timezone.localdate(now)).days


class ExpiringReportView(RowReportView):
    page_title = _("Expiring and expired")
    header_icon = "time"
    url_name = "expiring"
    filterset_class = DaysFilterSet
    default_ordering = "expires_at"
    results_template_name = "reports/chart_results.html"
    explanation = _(
        "Certificates that run out within the chosen number of days (30 unless you "
        "choose), and those already expired: these people need to recertify."
    )

    @cached_property
    def days(self):
        return int(self.chosen("days", EXPIRING_DAYS))

    @property
    def columns(self):
        return [
            PERSON,
            DEPARTMENT,
            MANAGER,
            COURSE,
            STATUS,
            EXPIRES,
            Column(
                "days_left",
                label=_("Days left"),
                accessor=lambda row: days_left(row, self.now),
            ),
        ]

    @property
    def export_fields(self):
        today = timezone.localdate(self.now)
        return [
            *ROW_PERSON_FIELDS,
            *ROW_COURSE_FIELDS,
            ExportField("expires_at", _("Expires"), lambda r: r.expires_day),
            ExportField(
                "days_left", _("Days left"), lambda r: (r.expires_day - today).days
            ),
        ]

    def get_base_queryset(self):
        rows = super().get_base_queryset()
        horizon = self.now + timedelta(days=self.days)
        return rows.filter(status__in=[Status.CERTIFIED, Status.EXPIRED]).filter(
            expires_at__lte=horizon
        )

    @cached_property
    def weeks(self):
        return (self.days + 6) // 7

    @cached_property
    def counted(self):
        """Rows by weeks left (the overdue first) and in all, in one query."""
        today = timezone.localdate(self.now)
        starts = [day_start(today + timedelta(days=7 * w)) for w in range(self.weeks)]
        ends = [*starts[1:], None]  # the last week takes what is left
        weeks = {
            f"week_{w}": Count(
                "pk",
                filter=Q(expires_at__gte=start)
                & (Q(expires_at__lt=end) if end else Q()),
            )
            for w, (start, end) in enumerate(zip(starts, ends, strict=True))
        }
        return self.all_rows.aggregate(
            total=Count("pk"),
            overdue=Count("pk", filter=Q(expires_at__lt=starts[0])),
            **weeks,
        )

    def rows_counted(self):
        return self.counted["total"]

    def get_summary_context(self):
        return {"days": self.days, "chart": self.expiry_chart()}

    def expiry_chart(self):
        bins = [(None, -1, 0, _("Overdue"))]
        bins += [
            (7 * w, min(7 * w + 6, self.days - 1), 0, None) for w in range(self.weeks)
        ]
        counts = [self.counted["overdue"]]
        counts += [self.counted[f"week_{w}"] for w in range(self.weeks)]
        bins = [
            (
                low,
                high,
                count,
                label
                or ngettext("%(low)s–%(high)s day", "%(low)s–%(high)s days", high)
                % {"low": low, "high": high},
            )
            for (low, high, _zero, label), count in zip(bins, counts, strict=True)
        ]
        return charts.histogram(
            _("Certificates by days left"), bins, unit=_("days"), chart_id="expiring"
        )


def waiting_on(row):
    if row.status == Status.AWAITING_ASSESSMENT:
        return _("Observer: practical assessment due")
    return _("Learner")


class StuckReportView(RowReportView):
    page_title = _("Stuck")
    header_icon = "warning"
    url_name = "stuck"
    filterset_class = DaysFilterSet
    default_ordering = "user__last_name"
    results_template_name = "reports/chart_results.html"
    explanation = _(
        "People still employed, hired before the window began and not ready, with "
        "no lesson, quiz, role-play or observation for the chosen number of days "
        "(14 unless you choose). Someone waiting for their practical assessment is "
        "listed too: the next step is the observer's."
    )

    @cached_property
    def days(self):
        return int(self.chosen("days", STUCK_DAYS))

    columns = [
        PERSON,
        DEPARTMENT,
        MANAGER,
        COURSE,
        STATUS,
        PROGRESS,
        LAST_ACTIVITY,
        Column("waiting_on", label=_("Waiting on"), accessor=waiting_on),
    ]
    export_fields = [
        *ROW_PERSON_FIELDS,
        *ROW_COURSE_FIELDS,
        ExportField("last_activity", _("Last activity"), lambda r: r.activity_day),
        ExportField("waiting_on", _("Waiting on"), waiting_on),
    ]

    def get_base_queryset(self):
        rows = super().get_base_queryset()
        return rows.filter(stuck_filter(self.now, self.days))

    @cached_property
    def counted(self):
        return status_counts(self.all_rows, "department")

    def rows_counted(self):
        return self.counted.total

    def get_summary_context(self):
        counts = self.counted.by_group
        categories = sorted(counts)
        series = [
            (
                status,
                STATUS_LABELS[status],
                [counts[c].get(status, 0) for c in categories],
            )
            for status in (
                Status.NOT_STARTED,
                Status.IN_PROGRESS,
                Status.AWAITING_ASSESSMENT,
            )
        ]
        chart = charts.stacked_bars(
            _("Stuck by department"),
            categories,
            series,
            percent=False,
            chart_id="stuck",
        )
        return {"days": self.days, "chart": chart}
