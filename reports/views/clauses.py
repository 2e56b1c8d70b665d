"""The clause heat map: how well each team does on each clause of the standard.

A cell is the share of the marks available that a team's people earned on
graded quiz answers (not practice, not awaiting marking) to questions tagged
with the clause, as a percentage. Like the learner's weakest clauses and the
quiz item analysis, the tags and the points a question was worth are the
answer's snapshot's: grading writes them, one row per answer and clause, to
``AnswerClauseMark``, so editing or retagging a question later changes no past
result.

Three queries however many people and answers: the clauses, the teams, and one
GROUP BY over the clause marks (team × clause) summing the answers, the marks
earned and the marks available. The heat map draws at most ``CHART_TEAMS``
teams (those with the most answers); the table and the exports list every
team × clause.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

import django_filters
from django.db.models import Count, F, Sum
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets import AdminDateInput

from certification.dates import day_start, show_day
from courses.models import Clause, show_clauses_in_language
from people.languages import original_language
from reports import charts
from reports.filters import PeopleFilterSet, courses
from reports.views.base import ExportField, TrainingReportView

FEW_ANSWERS = 5  # below this, a cell is too thin to judge a team by
CHART_TEAMS = 40  # the most rows the heat map draws; the table lists every team
WINDOW_DAYS = 365
MARKS = "user__quiz_clause_marks__"


def _named(values) -> str:
    return str(values[0] or "")


def _person(values) -> str:
    first, last, username = values
    return f"{first} {last}".strip() or username


@dataclass(frozen=True)
class Team:
    """How rows are grouped: the staff field that names a person's team."""

    label: str
    key: str
    names: tuple[str, ...]  # the fields ``name`` reads, after the key
    name: Callable[[tuple], str]
    nobody: str


TEAMS = {
    "department": Team(
        _("Department"),
        "department_id",
        ("department__name",),
        _named,
        _("No department"),
    ),
    "location": Team(
        _("Location"), "location_id", ("location__name",), _named, _("No location")
    ),
    "manager": Team(
        _("Manager's team"),
        "manager_id",
        (
            "manager__user__first_name",
            "manager__user__last_name",
            "manager__user__username",
        ),
        _person,
        _("No manager"),
    ),
}
TEAM_CHOICES = [(key, team.label) for key, team in TEAMS.items()]


@dataclass
class Cell:
    """One team × clause: the answers behind it and the marks they earned."""

    team: str
    clause: Clause
    team_order: tuple = ()
    answers: int = 0
    earned: Decimal = Decimal(0)
    available: Decimal = Decimal(0)

    @property
    def percent(self) -> float | None:
        if not self.available:
            return None
        return float(100 * self.earned / self.available)

    @property
    def few(self) -> bool:
        return 0 < self.answers < FEW_ANSWERS


@dataclass
class HeatMap:
    teams: list[str] = field(default_factory=list)
    clauses: list[Clause] = field(default_factory=list)
    cells: list[Cell] = field(default_factory=list)  # team by team, clause by clause
    people: int = 0

    def rows(self) -> list[tuple[str, list[Cell]]]:
        width = len(self.clauses)
        return [
            (team, self.cells[index * width : (index + 1) * width])
            for index, team in enumerate(self.teams)
        ]

    def chart_rows(self, limit: int) -> list[tuple[str, list[Cell]]]:
        """At most ``limit`` teams, those with the most answers, in name order:
        a grid of hundreds of teams would be neither readable nor quick."""
        rows = self.rows()
        if len(rows) <= limit:
            return rows
        weight = [sum(cell.answers for cell in cells) for _team, cells in rows]
        busiest = sorted(range(len(rows)), key=lambda index: -weight[index])
        return [rows[index] for index in sorted(busiest[:limit])]


def clause_marks(staff, *, team_key: str, clause_ids, start, end):
    """``(team key, clause id, answers, marks earned, marks available)`` per team
    and clause, over the clause marks of ``staff``'s graded answers (written
    when an attempt is graded) finished in ``[start, end)``.

    It starts from the staff (joined to their marks) rather than from the
    marks, so the scope needs no ``IN (subquery)``."""
    marked = staff.filter(
        **{
            MARKS + "submitted_at__gte": start,
            MARKS + "submitted_at__lt": end,
            MARKS + "clause__in": clause_ids,
        }
    )
    return (
        marked.order_by()
        .values(team=F(team_key), clause=F(MARKS + "clause"))
        .annotate(
            answers=Count(MARKS + "id"),
            earned=Sum(MARKS + "earned"),
            available=Sum(MARKS + "available"),
        )
        .values_list("team", "clause", "answers", "earned", "available")
    )


def heat_map(staff, clauses, *, team: Team, start, end) -> HeatMap:
    """Every team of ``staff`` × every clause, in two queries (clauses aside).
    Clauses are named in the reader's language."""
    clauses = show_clauses_in_language(clauses)
    teams = (
        staff.order_by()
        .values_list(team.key, *team.names)
        .annotate(people=Count("pk"))
        .values_list(team.key, "people", *team.names)
    )
    names, people = {}, 0
    for key, count, *values in teams:
        names[key] = team.name(values) if key is not None else str(team.nobody)
        people += count
    keys = sorted(names, key=lambda key: (key is None, names[key].lower(), key or 0))
    cells = {
        (key, clause.pk): Cell(names[key], clause, (index, clause.code))
        for index, key in enumerate(keys)
        for clause in clauses
    }
    marks = clause_marks(
        staff,
        team_key=team.key,
        clause_ids=[clause.pk for clause in clauses],
        start=start,
        end=end,
    )
    for key, clause_id, answers, earned, available in marks:
        cell = cells.get((key, clause_id))
        if cell is not None:
            cell.answers += answers
            cell.earned += earned or 0
            cell.available += available or 0
    return HeatMap(
        teams=[names[key] for key in keys],
        clauses=clauses,
        cells=list(cells.values()),
        people=people,
    )


# Sorting the listing: cells without answers always go last.
SORT_VALUES = {
    "team": lambda cell: cell.team_order,
    "clause": lambda cell: (cell.clause.code, cell.team_order),
    "answers": lambda cell: cell.answers,
    "percent": lambda cell: cell.percent,
}


def sort_cells(cells, ordering: str) -> list[Cell]:
    name = ordering.lstrip("-")
    value = SORT_VALUES.get(name, SORT_VALUES["percent"])
    cells = sorted(cells, key=lambda cell: (-cell.answers, cell.team_order))
    known = [cell for cell in cells if value(cell) is not None]
    known.sort(key=value, reverse=ordering.startswith("-"))
    return known + [cell for cell in cells if value(cell) is None]


def rounded(percent: float | None) -> float | None:
    return None if percent is None else round(percent, 1)


class ClauseFilterSet(PeopleFilterSet):
    course = django_filters.ModelChoiceFilter(
        label=_("Course"),
        queryset=courses,
        method="keep",
        help_text=_("Only the clauses of this course."),
    )
    group_by = django_filters.ChoiceFilter(
        label=_("Group by"),
        choices=TEAM_CHOICES[1:],
        empty_label=TEAM_CHOICES[0][1],
        method="keep",
    )
    finished_from = django_filters.DateFilter(
        label=_("Quizzes finished on or after"),
        method="keep",
        widget=AdminDateInput,
        help_text=_("The last 12 months unless you choose."),
    )
    finished_to = django_filters.DateFilter(
        label=_("Quizzes finished on or before"), method="keep", widget=AdminDateInput
    )

    def keep(self, queryset, name, value):
        return queryset  # the view reads these; they filter answers and clauses


class PercentColumn(Column):
    cell_template_name = "reports/clause_percent_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        percent = instance.percent
        context["percent"] = None if percent is None else round(percent)
        context["few"] = instance.few
        context["few_answers"] = FEW_ANSWERS
        return context


class ClauseReportView(TrainingReportView):
    page_title = _("Clause heat map")
    header_icon = "table"
    url_name = "clauses"
    filterset_class = ClauseFilterSet
    default_ordering = "percent"
    results_template_name = "reports/clause_results.html"
    columns = [
        Column("team", label=_("Team"), accessor="team", sort_key="team"),
        Column(
            "clause",
            label=_("Clause"),
            accessor=lambda cell: cell.clause.code,
            sort_key="clause",
        ),
        Column("title", label=_("Clause title"), accessor=lambda c: c.clause.title),
        Column("answers", label=_("Answers"), accessor="answers", sort_key="answers"),
        PercentColumn("percent", label=_("Correct (%)"), sort_key="percent"),
    ]
    explanation = _(
        "How well each team does on each clause of the standard: the share of marks "
        "earned on graded quiz answers to questions tagged with the clause, by the "
        "team's current staff. Darker is better; – means no answers yet. A cell "
        "with fewer than 5 answers is too thin to judge a team by: the table below "
        "marks it. The table lists the weakest first."
    )

    @property
    def export_fields(self):
        team = self.team.label
        return [
            ExportField("team", team, lambda cell: cell.team),
            ExportField("clause", _("Clause"), lambda cell: cell.clause.code),
            ExportField("title", _("Clause title"), lambda cell: cell.clause.title),
            ExportField("answers", _("Answers"), lambda cell: cell.answers),
            ExportField(
                "percent", _("Correct (%)"), lambda cell: rounded(cell.percent)
            ),
            ExportField("earned", _("Marks earned"), lambda cell: cell.earned),
            ExportField("available", _("Marks available"), lambda c: c.available),
        ]

    def chosen(self, name, default=None):
        if self.filters and self.filters.is_valid():
            return self.filters.form.cleaned_data.get(name) or default
        return default

    @cached_property
    def team(self) -> Team:
        return TEAMS[self.chosen("group_by", "department")]

    @cached_property
    def window(self):
        """The first and last day of the finish-time window, both included."""
        last = self.chosen("finished_to", timezone.localdate(self.now))
        first = self.chosen("finished_from", last - timedelta(days=WINDOW_DAYS))
        return first, last

    @cached_property
    def heat(self) -> HeatMap:
        staff = self.staff.filter(is_active=True)
        if self.filters and self.filters.is_valid():
            staff = self.filters.filter_queryset(staff)
        # Answers name the original clauses, whatever the language they were in.
        clauses = Clause.objects.filter(original_language()).order_by("code")
        if course := self.chosen("course"):
            clauses = clauses.filter(course=course)
        first, last = self.window
        start = day_start(first)
        end = day_start(last + timedelta(days=1))
        return heat_map(staff, clauses, team=self.team, start=start, end=end)

    def get_queryset(self):
        return sort_cells(self.heat.cells, self.ordering or self.default_ordering)

    def filter_queryset(self, queryset):
        return queryset  # the filters chose the staff behind self.heat

    def get_summary_context(self):
        heat = self.heat
        first, last = self.window
        shown = heat.chart_rows(CHART_TEAMS)
        title = _("%% correct by %(team)s and clause") % {
            "team": str(self.team.label).lower()
        }
        few = sum(1 for cell in heat.cells if cell.few)
        description = _("%(few)s cells rest on fewer than %(min)s answers.") % {
            "few": few,
            "min": FEW_ANSWERS,
        }
        chart = charts.heat_map(
            title,
            [team for team, _cells in shown],
            [(clause.code, clause.title) for clause in heat.clauses],
            [[cell.percent for cell in cells] for _team, cells in shown],
            description=description,
            chart_id="clauses",
        )
        return {
            "chart": chart,
            "window_from": show_day(first),
            "window_to": show_day(last),
            "people": heat.people,
            "few_cells": few,
            "few_answers": FEW_ANSWERS,
            "teams_shown": len(shown),
            "teams": len(heat.teams),
        }
