"""Item analysis: how each question, and each clause of the standard, performed.

Only graded attempts count (practice attempts and attempts still open or
waiting for marking are left out). Each answer row is one question shown in
one attempt; a question is grouped by the live question, or by the text of its
snapshot when the question has since been deleted.

- **shown**: how many attempts showed the question; **answered**: how many of
  them gave an answer.
- **% correct**: the points awarded over the points available, times 100, over
  every attempt that showed it (an unanswered question earns nothing).
- **discrimination index** (Kelley's upper-lower index): rank the attempts by
  their percent and take the top 27% and the bottom 27% (at least one attempt
  each; ties are broken by the attempt's id). The index is the question's
  % correct in the top group minus its % correct in the bottom group, from
  -100 to +100. Strong learners should do better than weak ones: 30 or more is
  good, 10 to 29 fair, below 10 weak, and a negative index means strong
  learners got it wrong more often than weak ones, so check its wording and its
  correct answer. It needs at least two graded attempts, and a question
  shown to nobody in a group has none.
- **flags**: a question nearly everyone gets right (``EASY_FROM``, 95 % or
  more, over at least ``EASY_MIN_SHOWN``, 10, attempts) tells the trainer
  little; a negative discrimination (``quality`` "negative") suggests a
  misleading wording or a wrong key. Both are listed in ``flags``.
- **per clause**: the % correct of every answer to a question tagged with the
  clause (from the snapshot's ``clause_ids``).

``analyse`` is pure; ``analyse_quiz`` reads the database in four queries,
however many attempts there are.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import BooleanField, ExpressionWrapper, Q
from django.utils.translation import gettext_lazy as _

from quizzes.models import Answer, Attempt, Question, QuestionKind, Quiz

GROUP_SHARE = Decimal("0.27")
TENTH = Decimal("0.1")
HUNDRED = Decimal(100)
GOOD_FROM = 30
FAIR_FROM = 10
EASY_FROM = 95
EASY_MIN_SHOWN = 10

TOO_EASY = "too_easy"
NEGATIVE = "negative_discrimination"
TOO_EASY_MESSAGE = _(
    "Nearly everyone gets this right: it tells you little. Make the wrong options "
    "more plausible, or test the point with a harder case."
)
NEGATIVE_MESSAGE = _(
    "Strong learners get this wrong more often than weak ones: check its wording "
    "and its right answer."
)
FLAG_MESSAGES = {TOO_EASY: TOO_EASY_MESSAGE, NEGATIVE: NEGATIVE_MESSAGE}


@dataclass(frozen=True)
class AnswerRow:
    """The few facts of one answer that the analysis needs."""

    attempt_id: int
    question_id: int | None
    text: str
    kind: str
    points: Decimal
    points_awarded: Decimal
    answered: bool
    clause_ids: tuple[int, ...] = ()


@dataclass
class _Tally:
    shown: int = 0
    answered: int = 0
    awarded: Decimal = Decimal(0)
    available: Decimal = Decimal(0)

    def add(self, row: AnswerRow) -> None:
        self.shown += 1
        self.answered += row.answered
        self.awarded += row.points_awarded
        self.available += row.points

    @property
    def percent(self) -> Decimal | None:
        if not self.available:
            return None
        return (self.awarded * HUNDRED / self.available).quantize(
            TENTH, rounding=ROUND_HALF_UP
        )


@dataclass
class QuestionStats:
    key: str
    question_id: int | None
    text: str
    kind: str
    shown: int
    answered: int
    percent_correct: Decimal | None
    top_percent: Decimal | None
    bottom_percent: Decimal | None
    discrimination: Decimal | None
    clause_ids: tuple[int, ...] = ()

    @property
    def deleted(self) -> bool:
        return self.question_id is None

    @property
    def kind_label(self) -> str:
        if self.kind in QuestionKind.values:
            return str(QuestionKind(self.kind).label)
        return self.kind

    @property
    def quality(self) -> str:
        """good, fair, weak or negative, by the discrimination index; else ""."""
        if self.discrimination is None:
            return ""
        if self.discrimination < 0:
            return "negative"
        if self.discrimination >= GOOD_FROM:
            return "good"
        return "fair" if self.discrimination >= FAIR_FROM else "weak"

    @property
    def too_easy(self) -> bool:
        """Nearly everyone answered it right, over enough attempts."""
        return (
            self.percent_correct is not None
            and self.shown >= EASY_MIN_SHOWN
            and self.percent_correct >= EASY_FROM
        )

    @property
    def flags(self) -> list[str]:
        """The codes of what is worth a look: too easy, negative discrimination."""
        codes = [TOO_EASY] if self.too_easy else []
        return codes + ([NEGATIVE] if self.quality == "negative" else [])

    @property
    def flag_messages(self) -> list[str]:
        return [str(FLAG_MESSAGES[code]) for code in self.flags]


@dataclass
class ClauseStats:
    clause_id: int
    questions: int
    answers: int
    percent_correct: Decimal | None
    label: str = ""


@dataclass
class Analysis:
    attempts: int
    group_size: int
    questions: list[QuestionStats] = field(default_factory=list)
    clauses: list[ClauseStats] = field(default_factory=list)

    @property
    def flagged(self) -> list[QuestionStats]:
        return [question for question in self.questions if question.flags]


def group_size(attempts: int) -> int:
    """How many attempts make the top (and the bottom) group: 27%, at least one."""
    if attempts < 2:
        return 0
    size = (attempts * GROUP_SHARE).to_integral_value(rounding=ROUND_HALF_UP)
    return max(1, int(size))


def analyse(
    attempts: Sequence[tuple[int, Decimal | None]], answers: Iterable[AnswerRow]
) -> Analysis:
    """Item analysis from (attempt id, percent) pairs and the attempts' answers."""
    ranked = sorted(attempts, key=lambda pair: (pair[1] or Decimal(0), pair[0]))
    size = group_size(len(ranked))
    bottom = {attempt_id for attempt_id, _percent in ranked[:size]}
    top = {attempt_id for attempt_id, _percent in ranked[len(ranked) - size :]}

    tallies: dict[str, dict[str, _Tally]] = defaultdict(
        lambda: {"all": _Tally(), "top": _Tally(), "bottom": _Tally()}
    )
    firsts: dict[str, AnswerRow] = {}
    clause_tallies: dict[int, _Tally] = defaultdict(_Tally)
    clause_questions: dict[int, set[str]] = defaultdict(set)
    for row in answers:
        key = f"q{row.question_id}" if row.question_id else f"t{row.text}"
        firsts.setdefault(key, row)
        tally = tallies[key]
        tally["all"].add(row)
        if row.attempt_id in top:
            tally["top"].add(row)
        if row.attempt_id in bottom:
            tally["bottom"].add(row)
        for clause_id in set(row.clause_ids):
            clause_tallies[clause_id].add(row)
            clause_questions[clause_id].add(key)

    questions = []
    for key, tally in tallies.items():
        first = firsts[key]
        top_percent, bottom_percent = tally["top"].percent, tally["bottom"].percent
        discrimination = None
        if size and top_percent is not None and bottom_percent is not None:
            discrimination = top_percent - bottom_percent
        questions.append(
            QuestionStats(
                key=key,
                question_id=first.question_id,
                text=first.text,
                kind=first.kind,
                shown=tally["all"].shown,
                answered=tally["all"].answered,
                percent_correct=tally["all"].percent,
                top_percent=top_percent,
                bottom_percent=bottom_percent,
                discrimination=discrimination,
                clause_ids=tuple(sorted(set(first.clause_ids))),
            )
        )
    # Live questions in the bank's order (by id), then deleted ones by text.
    questions.sort(key=lambda q: (q.deleted, q.question_id or 0, q.text))
    clauses = [
        ClauseStats(
            clause_id=clause_id,
            questions=len(clause_questions[clause_id]),
            answers=tally.shown,
            percent_correct=tally.percent,
        )
        for clause_id, tally in sorted(clause_tallies.items())
    ]
    return Analysis(
        attempts=len(ranked), group_size=size, questions=questions, clauses=clauses
    )


def _decimal(value) -> Decimal:
    return Decimal(str(value)) if value is not None else Decimal(0)


def _clause_ids(value) -> tuple[int, ...]:
    if not isinstance(value, list):
        return ()
    return tuple(item for item in value if isinstance(item, int))


def analyse_quiz(quiz: Quiz) -> Analysis:
    """Item analysis of ``quiz``'s graded attempts, in four queries."""
    graded = Attempt.objects.filter(
        quiz=quiz, status=Attempt.Status.GRADED, practice=False
    )
    attempts = list(graded.values_list("pk", "percent"))
    rows = (
        Answer.objects.filter(attempt__in=graded)
        .annotate(
            answered=ExpressionWrapper(
                Q(response__isnull=False), output_field=BooleanField()
            )
        )
        .order_by()
        .values_list(
            "attempt_id",
            "question_id",
            "snapshot__text",
            "snapshot__kind",
            "snapshot__points",
            "points_awarded",
            "answered",
            "snapshot__clause_ids",
        )
    )
    answers = [
        AnswerRow(
            attempt_id=attempt_id,
            question_id=question_id,
            text=text or "",
            kind=kind or "",
            points=_decimal(points),
            points_awarded=_decimal(awarded),
            answered=bool(answered),
            clause_ids=_clause_ids(clause_ids),
        )
        for (
            attempt_id,
            question_id,
            text,
            kind,
            points,
            awarded,
            answered,
            clause_ids,
        ) in rows
    ]
    analysis = analyse(attempts, answers)
    _label(analysis)
    return analysis


def _label(analysis: Analysis) -> None:
    """Show live questions with their current text and clauses by their name."""
    ids = [q.question_id for q in analysis.questions if q.question_id]
    live = dict(Question.objects.filter(pk__in=ids).values_list("pk", "text"))
    for question in analysis.questions:
        question.text = live.get(question.question_id, question.text)
    clause_model = Question.clauses.field.related_model
    clauses = clause_model.objects.in_bulk([c.clause_id for c in analysis.clauses])
    for stats in analysis.clauses:
        clause = clauses.get(stats.clause_id)
        stats.label = str(clause) if clause else f"#{stats.clause_id}"
    analysis.clauses.sort(key=lambda stats: stats.label)
