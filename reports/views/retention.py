"""Retention, the turnover view: do people who certify within their first
30 days stay longer? Counted in Python over one ``values_list``.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import connection
from django.db.models import Exists, F, Min, OuterRef, Subquery
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column

from certification.models import CertificationRecord, RequiredCourse
from people.languages import original_language_code
from reports import charts
from reports.views.base import ExportField, TrainingReportView
from reports.views.cohorts import (
    CERTIFIED,
    GROUP_LABELS,
    HIRED,
    MARKS,
    NO,
    NOT_CERTIFIED,
    NOT_YET,
    SMALL_GROUP,
    WINDOW,
    YES,
    PlainDateColumn,
    RetentionFilterSet,
    chosen,
    local_day,
    percent,
    show_day,
)
from reports.views.readiness import DEPARTMENT, PERSON, PERSON_FIELDS
from reports.views.time_to_certification import days_to_certify


@dataclass(frozen=True)
class Outcome:
    """One person's turnover facts: their group, and whether they were still
    employed at each mark (None: the mark is still ahead)."""

    group: str | None  # None: hired under 30 days ago and not certified yet
    certified_on: date | None
    employed: dict


def outcome(hired, certified_at, left, today) -> Outcome:
    certified_on = local_day(certified_at)
    within = certified_on is not None and (certified_on - hired).days <= WINDOW
    window_closed = hired + timedelta(days=WINDOW) <= today or (
        left is not None and left <= hired + timedelta(days=WINDOW)
    )
    group = CERTIFIED if within else NOT_CERTIFIED if window_closed else None
    # A mark still ahead is unknown for everyone, leavers too: counting only the
    # known leavers would make early turnover look worse than it is.
    employed = {
        mark: None
        if hired + timedelta(days=mark) > today
        else left is None or left > hired + timedelta(days=mark)
        for mark in (WINDOW, *MARKS)
    }
    return Outcome(group, certified_on, employed)


@dataclass
class Share:
    stayed: int = 0
    n: int = 0

    @property
    def percent(self):
        return percent(self.stayed, self.n)

    @property
    def small(self):
        return 0 < self.n < SMALL_GROUP

    def add(self, stayed):
        self.stayed += stayed
        self.n += 1


@dataclass
class Cohort:
    """People hired in one month (or all of them): group sizes and shares."""

    label: object
    hired: int = 0
    left: int = 0
    too_early: int = 0
    groups: dict = field(default_factory=lambda: {CERTIFIED: 0, NOT_CERTIFIED: 0})
    shares: dict = field(default_factory=lambda: defaultdict(Share))
    not_yet: dict = field(default_factory=lambda: dict.fromkeys(MARKS, 0))
    # Like with like: the 180-day mark among those still employed at day 30.
    settled: dict = field(default_factory=lambda: defaultdict(Share))

    def add(self, result: Outcome, left):
        self.hired += 1
        self.left += left is not None
        if result.group is None:
            self.too_early += 1
            return
        self.groups[result.group] += 1
        for mark in MARKS:
            employed = result.employed[mark]
            if employed is None:
                self.not_yet[mark] += 1
            else:
                self.shares[result.group, mark].add(employed)
        if result.employed[WINDOW] and result.employed[MARKS[-1]] is not None:
            self.settled[result.group].add(result.employed[MARKS[-1]])

    def cells(self):
        """The table's share cells: each mark, certified then not."""
        return [
            self.shares[group, mark]
            for mark in MARKS
            for group in (CERTIFIED, NOT_CERTIFIED)
        ]


def summarise_retention(values, today):
    """``values``: (hire date, first certified, leaving date); returns the
    whole period and one cohort per hire month."""
    total, months = Cohort(_("All")), {}
    for hired, certified_at, left in values:
        result = outcome(hired, certified_at, left, today)
        total.add(result, left)
        month = hired.replace(day=1)
        months.setdefault(month, Cohort(month)).add(result, left)
    return total, [months[m] for m in sorted(months)]


RETENTION_SQL = """
WITH settings AS (SELECT %s::date AS today, %s::text AS zone)
SELECT month, COUNT(*), COUNT(leave_date),
    COUNT(*) FILTER (WHERE grp IS NULL),
    {counts}
FROM (
    SELECT leave_date, DATE_TRUNC('month', hire_date)::date AS month,
        CASE
            WHEN certified_on - hire_date <= {window} THEN 'certified'
            WHEN hire_date + {window} <= today
                OR leave_date <= hire_date + {window} THEN 'not_certified'
        END AS grp,
        {employed}
    FROM (
        SELECT hire_date, leave_date, today,
            (first_certified_at AT TIME ZONE zone)::date AS certified_on
        FROM ({rows}) AS staff
        LEFT JOIN ({firsts}) AS firsts ON firsts.staff = staff.id, settings
    ) AS staff_days
) AS outcomes
GROUP BY ROLLUP (month)
"""


def employed_sql(mark) -> str:
    """Still employed ``mark`` days after hire: NULL while the mark is ahead."""
    return (
        f"CASE WHEN hire_date + {mark} > today THEN NULL "
        f"ELSE leave_date IS NULL OR leave_date > hire_date + {mark} END "
        f"AS employed_{mark}"
    )


def share_sql(group, condition, stayed) -> str:
    """The (stayed, n) pair of one cell: ``group``'s rows where ``condition``."""
    where = f"grp = '{group}' AND {condition}"
    return (
        f"COUNT(*) FILTER (WHERE {where} AND {stayed}), COUNT(*) FILTER (WHERE {where})"
    )


def retention_counts_sql() -> str:
    groups = (CERTIFIED, NOT_CERTIFIED)
    last = MARKS[-1]
    counts = [f"COUNT(*) FILTER (WHERE grp = '{group}')" for group in groups]
    counts += [
        share_sql(group, f"employed_{mark} IS NOT NULL", f"employed_{mark}")
        for mark in MARKS
        for group in groups
    ]
    counts += [
        f"COUNT(*) FILTER (WHERE grp IS NOT NULL AND employed_{mark} IS NULL)"
        for mark in MARKS
    ]
    settled = f"employed_{WINDOW} AND employed_{last} IS NOT NULL"
    counts += [share_sql(group, settled, f"employed_{last}") for group in groups]
    return ",\n    ".join(counts)


def summarise_retention_in_sql(rows, today, course=None):
    """``summarise_retention`` in one PostgreSQL query: counts per hire month
    and (``ROLLUP``) for the whole period. Each person's first certificate
    comes from one grouping of the records (``first_certificates``), not
    from a subquery per person."""
    inner, params = rows.values_list(
        "id", "hire_date", "leave_date"
    ).query.sql_with_params()
    firsts = first_certificates(course).filter(
        user__staff_profile__in=rows.values("pk")
    )
    firsts, first_params = firsts.query.sql_with_params()
    sql = RETENTION_SQL.format(
        rows=inner,
        firsts=firsts,
        window=WINDOW,
        counts=retention_counts_sql(),
        employed=", ".join(employed_sql(mark) for mark in (WINDOW, *MARKS)),
    )
    zone = timezone.get_current_timezone_name()
    with connection.cursor() as cursor:
        cursor.execute(sql, [today, zone, *params, *first_params])
        results = cursor.fetchall()
    total, months = Cohort(_("All")), []
    for month, *counts in results:
        cohort = Cohort(month) if month else total
        fill_cohort(cohort, counts)
        if month:
            months.append(cohort)
    return total, sorted(months, key=lambda cohort: cohort.label)


def fill_cohort(cohort, counts) -> None:
    counts = iter(counts)
    cohort.hired, cohort.left, cohort.too_early = (
        next(counts),
        next(counts),
        next(counts),
    )
    groups = (CERTIFIED, NOT_CERTIFIED)
    for group in groups:
        cohort.groups[group] = next(counts)
    for mark in MARKS:
        for group in groups:
            cohort.shares[group, mark] = Share(next(counts), next(counts))
    for mark in MARKS:
        cohort.not_yet[mark] = next(counts)
    for group in groups:
        cohort.settled[group] = Share(next(counts), next(counts))


def retention_summary(rows, today, course=None):
    """``rows``: staff annotated with ``first_certificate(course)``."""
    rows = rows.order_by()
    if connection.vendor == "postgresql":
        return summarise_retention_in_sql(rows, today, course)
    values = rows.values_list("hire_date", "first_certified_at", "leave_date")
    return summarise_retention(values, today)


def first_certificate(course=None):
    """When the person was first certified on a live course required of them
    (the record keeps it: no certificate is read)."""
    required = RequiredCourse.objects.filter(staff=OuterRef(OuterRef("pk")))
    records = CertificationRecord.objects.filter(
        user=OuterRef("user_id"),
        course__live=True,
        course__in=required.values("course"),
        first_certified_at__isnull=False,
    )
    if course is not None:
        records = records.filter(course=course)
    first = records.order_by("first_certified_at").values("first_certified_at")
    return Subquery(first[:1])


def first_certificates(course=None):
    """``first_certificate`` for everyone at once: (staff, first_certified_at)
    for each person first certified on a live course required of them."""
    records = CertificationRecord.objects.filter(
        course__live=True,
        first_certified_at__isnull=False,
        user__staff_profile__required_courses__course=F("course"),
    )
    if course is not None:
        records = records.filter(course=course)
    return (
        records.order_by()
        .values(staff=F("user__staff_profile__id"))
        .annotate(first_certified_at=Min("first_certified_at"))
    )


def answer_text(value):
    return str(NOT_YET if value is None else YES if value else NO)


class AnswerColumn(Column):
    """Yes, No or Not yet (None), with an optional detail such as a date."""

    cell_template_name = "reports/cohort_answer_cell.html"

    def __init__(self, name, *, detail=None, alert=False, **kwargs):
        super().__init__(name, **kwargs)
        self.detail, self.alert = detail, alert

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["detail"] = self.detail(instance) if self.detail else ""
        context["alert"] = self.alert
        return context


class RetentionReportView(TrainingReportView):
    page_title = _("Retention")
    header_icon = "group"
    url_name = "retention"
    filterset_class = RetentionFilterSet
    results_template_name = "reports/cohort_retention_results.html"
    default_ordering = "-hire_date"
    explanation = _(
        "People hired in the chosen period (the last 12 months up to 90 days ago "
        "unless you choose) whose job role requires a course, leavers included: "
        "of those who certified within their first 30 days and of those who did "
        "not, how many were still employed 90 and 180 days after their hire date."
    )

    @cached_property
    def today(self):
        return timezone.localdate(self.now)

    def outcome_of(self, row) -> Outcome:
        return outcome(
            row.hire_date, row.first_certified_at, row.leave_date, self.today
        )

    def within_30(self, row):
        group = self.outcome_of(row).group
        return None if group is None else group == CERTIFIED

    def certified_on(self, row):
        day = show_day(local_day(row.first_certified_at))
        if day and not self.within_30(row):
            return _("later, %(day)s") % {"day": day}
        return day

    def employed_at(self, mark):
        return lambda row: self.outcome_of(row).employed[mark]

    @property
    def columns(self):
        return [
            PERSON,
            DEPARTMENT,
            HIRED,
            AnswerColumn(
                "certified_30",
                label=_("Certified within 30 days"),
                accessor=self.within_30,
                detail=self.certified_on,
            ),
            PlainDateColumn(
                "leave_date",
                label=_("Leaving date"),
                accessor="leave_date",
                sort_key="leave_date",
            ),
            *(
                AnswerColumn(
                    f"employed_{mark}",
                    label=_("Employed at %(days)s days") % {"days": mark},
                    accessor=self.employed_at(mark),
                    alert=True,
                )
                for mark in MARKS
            ),
        ]

    @property
    def export_fields(self):
        return [
            *PERSON_FIELDS,
            ExportField("hire_date", _("Hire date"), lambda r: r.hire_date),
            ExportField(
                "first_certified",
                _("First certified"),
                lambda r: local_day(r.first_certified_at),
            ),
            ExportField("days", _("Days from hire"), days_to_certify),
            ExportField(
                "certified_30",
                _("Certified within 30 days"),
                lambda r: answer_text(self.within_30(r)),
            ),
            ExportField("leave_date", _("Leaving date"), lambda r: r.leave_date),
            *(
                ExportField(
                    f"employed_{mark}",
                    _("Employed at %(days)s days") % {"days": mark},
                    lambda r, mark=mark: answer_text(self.employed_at(mark)(r)),
                )
                for mark in MARKS
            ),
        ]

    def get_base_queryset(self):
        course = chosen(self, "course")
        required = RequiredCourse.objects.filter(
            staff=OuterRef("pk"),
            course__live=True,
            course__locale__language_code=original_language_code(),
        )
        if course is not None:
            required = required.filter(course=course)
        return (
            self.staff.filter(Exists(required), hire_date__isnull=False)
            .annotate(first_certified_at=first_certificate(course))
            .select_related(
                "user", "department", "location", "job_role", "manager__user"
            )
        )

    def order_queryset(self, queryset):
        queryset = super().order_queryset(queryset)
        return queryset.order_by(*queryset.query.order_by, "user__last_name", "pk")

    @cached_property
    def summary(self):
        return retention_summary(self.all_rows, self.today, chosen(self, "course"))

    def rows_counted(self):
        return self.summary[0].hired  # everyone listed is in the total

    def get_summary_context(self):
        total, cohorts = self.summary
        return {
            "total": total,
            "cohorts": cohorts,
            "period": self.period(),
            "small_group": SMALL_GROUP,
            "marks": MARKS,
            "pending": list(total.not_yet.items()),
            "chart": self.retention_chart(total),
        }

    def period(self):
        if not (self.filters and self.filters.is_valid()):
            return {}
        data = self.filters.form.cleaned_data
        return {"from": data.get("hired_from"), "to": data.get("hired_to")}

    def retention_chart(self, total):
        groups = [
            _("Still employed at %(days)s days") % {"days": mark} for mark in MARKS
        ]
        series = [
            (
                group,
                str(GROUP_LABELS[group]),
                [
                    (share.percent, share.n) if share.n else None
                    for share in (total.shares[group, mark] for mark in MARKS)
                ],
            )
            for group in (CERTIFIED, NOT_CERTIFIED)
        ]
        small = any(share.small for share in total.cells())
        warning = _(
            "Some groups have fewer than %(n)s people: their share swings a lot."
        )
        return charts.grouped_bars(
            _("Still employed after hire: certified within 30 days or not"),
            [str(group) for group in groups],
            series,
            description=warning % {"n": SMALL_GROUP} if small else None,
            chart_id="retention",
        )
