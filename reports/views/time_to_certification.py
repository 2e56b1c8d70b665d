"""Time to certification: days from hire to a person's first certificate.

On PostgreSQL the filtered rows are grouped in the database, in one query, by
department, hire month, days, employment and course (a few thousand groups at
500,000 rows); the medians, histogram and tables are summed up from the groups.
Elsewhere (SQLite) the same numbers are counted in Python over one
``values_list``.
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
    return summarise_days(
        (
            department,
            hired.replace(day=1) if hired else None,
            days_between(hired, certified_at),
            employed,
            course_id,
            1,
        )
        for hired, certified_at, department, employed, course_id in values
    )


def summarise_days(groups) -> TimeSummary:
    """The summary of ``groups``: (department, hire month, days from hire to
    first certificate, employed, course, how many rows); no hire month means
    no hire date."""
    days, courses, left_out = {}, set(), {"before_hire": 0, "no_hire_date": 0}
    not_certified = not_certified_left = 0
    by_department, by_month = {}, {}
    for department, month, took, employed, course_id, count in groups:
        courses.add(course_id)
        if month is None:
            left_out["no_hire_date"] += count
            continue
        if took is not None and took < 0:
            left_out["before_hire"] += count  # rehired or moved: not a new hire's
            continue
        for group in (
            by_department.setdefault(department or "—", {}),
            by_month.setdefault(month, {}),
        ):
            group[took] = group.get(took, 0) + count
        if took is None:
            not_certified += count
            not_certified_left += count * (not employed)
            continue
        days[took] = days.get(took, 0) + count
    certified = sum(days.values())
    return TimeSummary(
        hired=certified + not_certified,
        certified=certified,
        median=weighted_median(days),
        bins=[
            (
                low,
                high,
                sum(
                    n
                    for d, n in days.items()
                    if low <= d and (high is None or d <= high)
                ),
            )
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


def weighted_median(counts: dict):
    """The median of values given as {value: how many times}, as
    ``statistics.median`` of the values each repeated that many times."""
    total = sum(counts.values())
    if not total:
        return None
    wanted = sorted({(total - 1) // 2, total // 2})
    found, seen = [], 0
    for value in sorted(counts):
        seen += counts[value]
        while wanted and wanted[0] < seen:
            found.append(value)
            wanted.pop(0)
    return found[0] if len(found) == 1 else (found[0] + found[1]) / 2


def group_of(label, days: dict) -> Group:
    """A group of ``days`` ({days or None: how many}): None is not certified."""
    known = {d: n for d, n in days.items() if d is not None}
    return Group(
        label,
        hired=sum(days.values()),
        certified=sum(known.values()),
        median=weighted_median(known),
    )


# Rows grouped by what the summary tells apart: a few thousand groups for
# 500,000 rows, summed up in Python (``summarise_days``).
TIME_SQL = """
SELECT department_name, DATE_TRUNC('month', hire_date)::date AS month,
    (first_certified_at AT TIME ZONE %s)::date - hire_date AS days,
    is_active, course_id, COUNT(*)
FROM ({rows}) AS readiness_rows
GROUP BY 1, 2, 3, 4, 5
"""


def summarise_time_in_sql(rows) -> TimeSummary:
    """``summarise_time`` with the rows grouped in PostgreSQL: days are whole
    local days from the hire date to the first certificate, as
    ``days_between``."""
    inner, params = rows.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            TIME_SQL.format(rows=inner),
            [timezone.get_current_timezone_name(), *params],
        )
        return summarise_days(cursor.fetchall())


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
