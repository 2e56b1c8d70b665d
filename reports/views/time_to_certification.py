"""Time to certification: days from hire to a person's first certificate.

On PostgreSQL the medians, histogram and tables are counted in the database, in
one query over the filtered rows (``GROUPING SETS``: everyone, by department, by
hire month; ``percentile_cont`` for medians). Elsewhere (SQLite) the same
numbers are counted in Python over one ``values_list``.
"""

from dataclasses import dataclass, field

from django.db import connection
from django.db.models import F
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column

from certification.rows import visible_rows
from reports import charts
from reports.views.base import ExportField, TrainingReportView
from reports.views.cohorts import (
    DAY_BINS,
    HIRED,
    NOT_YET,
    DashColumn,
    TimeToCertificationFilterSet,
    days_between,
    local_day,
    middle,
    percent,
    show_day,
)
from reports.views.readiness import COURSE, DEPARTMENT, PERSON, PERSON_FIELDS


@dataclass
class Group:
    """Hired, certified and the median days it took, for one department or
    month."""

    label: object  # a department's name or a month's first day
    hired: int = 0
    certified: int = 0
    median: float | None = None

    @property
    def waiting(self):
        return self.hired - self.certified

    @property
    def share(self):
        return percent(self.certified, self.hired)


@dataclass
class TimeSummary:
    """Days from hire to first certificate, and who is not in them (and why)."""

    hired: int = 0  # with a hire date, not certified before it
    certified: int = 0
    median: float | None = None
    bins: list = field(default_factory=list)  # (low, high, count) per DAY_BINS
    not_certified: int = 0
    not_certified_left: int = 0
    before_hire: int = 0
    no_hire_date: int = 0
    courses: int = 0
    by_department: list = field(default_factory=list)  # Groups, by name
    by_month: list = field(default_factory=list)  # Groups, oldest first

    @property
    def left_out(self):
        return self.no_hire_date + self.before_hire


VALUES = [
    "hire_date",
    "first_certified_at",
    "department_name",
    "is_active",
    "course_id",
]


def time_summary(rows) -> TimeSummary:
    """The summary of ``rows`` (readiness rows)."""
    rows = rows.order_by().values_list(*VALUES)
    if connection.vendor == "postgresql":
        return summarise_time_in_sql(rows)
    return summarise_time(rows)


def summarise_time(values) -> TimeSummary:
    """``values``: (hire date, first certified, department, employed, course)."""
    days, courses, left_out = [], set(), {"before_hire": 0, "no_hire_date": 0}
    not_certified = not_certified_left = 0
    by_department, by_month = {}, {}
    for hired, certified_at, department, employed, course_id in values:
        courses.add(course_id)
        if hired is None:
            left_out["no_hire_date"] += 1
            continue
        took = days_between(hired, certified_at)
        if took is not None and took < 0:
            left_out["before_hire"] += 1  # rehired or moved: not a new hire's time
            continue
        groups = (
            by_department.setdefault(department or "—", []),
            by_month.setdefault(hired.replace(day=1), []),
        )
        for group in groups:
            group.append(took)
        if took is None:
            not_certified += 1
            not_certified_left += not employed
            continue
        days.append(took)
    return TimeSummary(
        hired=len(days) + not_certified,
        certified=len(days),
        median=middle(days),
        bins=[
            (low, high, sum(low <= d and (high is None or d <= high) for d in days))
            for low, high in DAY_BINS
        ],
        not_certified=not_certified,
        not_certified_left=not_certified_left,
        courses=len(courses),
        by_department=[
            group_of(name, by_department[name])
            for name in sorted(by_department, key=str.lower)
        ],
        by_month=[group_of(month, by_month[month]) for month in sorted(by_month)],
        **left_out,
    )


def group_of(label, days) -> Group:
    known = [d for d in days if d is not None]
    return Group(label, hired=len(days), certified=len(known), median=middle(known))


def bin_sql(low, high) -> str:
    upper = "" if high is None else f" AND days <= {int(high)}"
    return f"COUNT(*) FILTER (WHERE days >= {int(low)}{upper})"


TIME_SQL = """
SELECT GROUPING(department_name, month) AS level, department_name, month,
    COUNT(*) FILTER (WHERE hire_date IS NOT NULL AND (days IS NULL OR days >= 0)),
    COUNT(*) FILTER (WHERE days >= 0),
    percentile_cont(0.5) WITHIN GROUP (ORDER BY days) FILTER (WHERE days >= 0),
    COUNT(*) FILTER (WHERE hire_date IS NOT NULL AND days IS NULL),
    COUNT(*) FILTER (WHERE hire_date IS NOT NULL AND days IS NULL AND NOT is_active),
    COUNT(*) FILTER (WHERE days < 0),
    COUNT(*) FILTER (WHERE hire_date IS NULL),
    COUNT(DISTINCT course_id),
    {bins}
FROM (
    SELECT hire_date, department_name, is_active, course_id,
        DATE_TRUNC('month', hire_date)::date AS month,
        (first_certified_at AT TIME ZONE %s)::date - hire_date AS days
    FROM ({rows}) AS readiness_rows
) AS hire_days
GROUP BY GROUPING SETS ((), (department_name), (month))
"""
EVERYONE, BY_DEPARTMENT, BY_MONTH = 3, 1, 2  # GROUPING(department_name, month)


def summarise_time_in_sql(rows) -> TimeSummary:
    """``summarise_time`` in one PostgreSQL query: days are whole local days
    from the hire date to the first certificate, as ``days_between``."""
    inner, params = rows.query.sql_with_params()
    sql = TIME_SQL.format(
        rows=inner, bins=", ".join(bin_sql(low, high) for low, high in DAY_BINS)
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [timezone.get_current_timezone_name(), *params])
        results = cursor.fetchall()
    summary, departments, months = TimeSummary(), [], []
    for level, department, month, hired, certified, median, *counts in results:
        if level == EVERYONE:
            summary.hired = hired
            fill_summary(summary, certified, median, counts)
        elif hired and level == BY_DEPARTMENT:
            departments.append(Group(department or "—", hired, certified, median))
        elif hired and level == BY_MONTH:
            months.append(Group(month, hired, certified, median))
    summary.by_department = sorted(departments, key=lambda g: g.label.lower())
    summary.by_month = sorted(months, key=lambda g: g.label)
    return summary


def fill_summary(summary, certified, median, counts) -> None:
    waiting, left, before_hire, no_hire_date, courses, *bins = counts
    summary.certified, summary.median = certified, median
    summary.not_certified, summary.not_certified_left = waiting, left
    summary.before_hire, summary.no_hire_date = before_hire, no_hire_date
    summary.courses = courses
    summary.bins = [
        (low, high, count) for (low, high), count in zip(DAY_BINS, bins, strict=True)
    ]


def days_to_certify(row):
    return days_between(row.hire_date, row.first_certified_at)


class TimeToCertificationReportView(TrainingReportView):
    page_title = _("Time to certification")
    header_icon = "date"
    url_name = "time_to_certification"
    filterset_class = TimeToCertificationFilterSet
    results_template_name = "reports/cohort_time_results.html"
    default_ordering = "-hire_date"
    explanation = _(
        "How many days new hires take from their hire date to their first "
        "certificate on each course their job role requires. Leavers are included "
        "unless you choose otherwise."
    )
    columns = [
        PERSON,
        DEPARTMENT,
        COURSE,
        HIRED,
        Column(
            "first_certified",
            label=_("First certified"),
            accessor=lambda row: show_day(local_day(row.first_certified_at)) or NOT_YET,
            sort_key="first_certified_at",
        ),
        DashColumn("days", label=_("Days"), accessor=days_to_certify),
    ]
    export_fields = [
        *PERSON_FIELDS,
        ExportField("course", _("Course"), lambda r: r.course_title),
        ExportField("hire_date", _("Hire date"), lambda r: r.hire_date),
        ExportField(
            "first_certified",
            _("First certified"),
            lambda r: local_day(r.first_certified_at),
        ),
        ExportField("days", _("Days from hire"), days_to_certify),
        ExportField("leave_date", _("Leaving date"), lambda r: r.leave_date),
    ]

    @cached_property
    def base_rows(self):
        # The rows carry the record's first certification time.
        return visible_rows(self.request.user, now=self.now)

    def get_base_queryset(self):
        return self.base_rows

    def get_queryset(self):
        return super().get_queryset().filter(hire_date__isnull=False)

    def order_queryset(self, queryset):
        queryset = super().order_queryset(queryset)
        return queryset.order_by(
            *queryset.query.order_by, "user__last_name", "employee_id", "course_title"
        )

    @cached_property
    def summary(self):
        # Every filtered row, people without a hire date too (to count them).
        rows = self.filter_queryset(self.get_base_queryset())
        return time_summary(rows.annotate(department_name=F("department__name")))

    def rows_counted(self):
        """The listed rows: those with a hire date."""
        return self.summary.hired + self.summary.before_hire

    def get_summary_context(self):
        summary = self.summary
        return {
            "summary": summary,
            "by_department": summary.by_department,
            "by_month": summary.by_month,
            "per_course": summary.courses > 1,
            "chart": charts.histogram(
                _("Days from hire to first certificate"),
                summary.bins,
                median=summary.median,
                unit=str(_("days")),
                chart_id="time-to-certification",
            ),
        }
