"""Time to certification: days from hire to a person's first certificate.

The medians, bins and tables are counted in Python over one ``values_list``, so
the number of queries does not grow with the number of people.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column

from certification.rows import visible_rows, with_certificates
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
    """Hired, certified and the days it took, for one department or month."""

    label: object  # a department's name or a month's first day
    hired: int = 0
    days: list = field(default_factory=list)

    @property
    def certified(self):
        return len(self.days)

    @property
    def waiting(self):
        return self.hired - self.certified

    @property
    def median(self):
        return middle(self.days)

    @property
    def share(self):
        return percent(self.certified, self.hired)


@dataclass
class TimeSummary:
    """Days from hire to first certificate, and who is not in them (and why)."""

    days: list = field(default_factory=list)
    not_certified: int = 0
    not_certified_left: int = 0
    before_hire: int = 0
    no_hire_date: int = 0
    courses: set = field(default_factory=set)
    by_department: dict = field(default_factory=dict)
    by_month: dict = field(default_factory=dict)

    @property
    def median(self):
        return middle(self.days)

    @property
    def left_out(self):
        return self.no_hire_date + self.before_hire

    @property
    def bins(self):
        return [
            (
                low,
                high,
                sum(low <= d and (high is None or d <= high) for d in self.days),
            )
            for low, high in DAY_BINS
        ]


def summarise_time(values) -> TimeSummary:
    """``values``: (hire date, first certified, department, employed, course)."""
    summary = TimeSummary()
    for hired, certified_at, department, employed, course_id in values:
        summary.courses.add(course_id)
        if hired is None:
            summary.no_hire_date += 1
            continue
        days = days_between(hired, certified_at)
        if days is not None and days < 0:
            summary.before_hire += 1  # rehired or moved: not a new hire's time
            continue
        name = department or "—"
        by_department = summary.by_department.setdefault(name, Group(name))
        month = hired.replace(day=1)
        by_month = summary.by_month.setdefault(month, Group(month))
        by_department.hired += 1
        by_month.hired += 1
        if days is None:
            summary.not_certified += 1
            summary.not_certified_left += not employed
            continue
        summary.days.append(days)
        by_department.days.append(days)
        by_month.days.append(days)
    return summary


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

    def get_base_queryset(self):
        return with_certificates(visible_rows(self.request.user, now=self.now))

    def get_queryset(self):
        return super().get_queryset().filter(hire_date__isnull=False)

    def order_queryset(self, queryset):
        queryset = super().order_queryset(queryset)
        return queryset.order_by(
            *queryset.query.order_by, "user__last_name", "employee_id", "course_title"
        )

    def get_summary_context(self):
        # Every filtered row, people without a hire date too (to count them).
        rows = self.filter_queryset(self.get_base_queryset()).order_by()
        summary = summarise_time(
            rows.values_list(
                "hire_date",
                "first_certified_at",
                "department__name",
                "is_active",
                "course_id",
            )
        )
        return {
            "summary": summary,
            "by_department": sorted(summary.by_department.values(), key=by_label),
            "by_month": [summary.by_month[m] for m in sorted(summary.by_month)],
            "per_course": len(summary.courses) > 1,
            "chart": charts.histogram(
                _("Days from hire to first certificate"),
                summary.bins,
                median=summary.median,
                unit=str(_("days")),
                chart_id="time-to-certification",
            ),
        }


def by_label(group):
    return str(group.label).lower()
