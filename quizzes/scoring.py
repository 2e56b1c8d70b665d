"""How answers and attempts are scored: pure functions over plain values.

An answer is scored from its snapshot (the question as it was shown) and the
learner's response, both in the formats described in ``quizzes.models.Answer``.
``points`` below is the question's worth.

- single choice, true/false, short text: all or nothing.
- multiple choice: all or nothing (exactly the correct choices picked) unless
  the question gives partial credit; then it is worth
  ``(right picks - wrong picks) / correct choices`` of the points, never less
  than nothing. Picking every choice therefore earns nothing when there are as
  many wrong choices as right ones.
- ordering: all or nothing unless partial credit; then each step that is
  directly followed by the step that truly comes next earns an equal share:
  ``correct neighbouring pairs / (items - 1)``. Knowing the sequence counts,
  not the absolute positions: "B C D E A" earns 3/4, the reverse order 0.
- matching: all or nothing unless partial credit; then each left-hand item
  matched to its right-hand text earns an equal share. Right-hand options are
  compared by text, so two items with the same match are interchangeable.
- short text: right when, ignoring case, Unicode width variants and all
  whitespace, it equals one of the accepted answers.
- essay: waits for a trainer (``needs_marking``); an empty essay scores 0.

An unanswered question scores 0 and is not correct. Points are rounded half
up to hundredths. An answer ``is_correct`` only when it earns full points.

An attempt's percentage is its points out of the points at stake; it passes at
or above the pass mark. The grade that counts is the highest attempt (the
earlier one on a tie) or the latest. Practice attempts are sorted by
confidence: only "Sure" counts as sure, and a partly right answer as wrong.
"""

import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Protocol, TypeVar

from quizzes.models import Answer, QuestionKind, Quiz

HUNDREDTH = Decimal("0.01")
ZERO = Decimal("0.00")

# Only "Sure" counts as sure in the calibration summary; "Fairly sure" (the
# model's UNSURE) and "Guessing" admit doubt.
SURE_FROM = Answer.Confidence.SURE.value
PARTIAL_KINDS = {QuestionKind.MULTIPLE, QuestionKind.ORDERING, QuestionKind.MATCHING}


@dataclass(frozen=True)
class AnswerScore:
    """What one answer earned; ``points`` is None while a trainer has to mark it."""

    points: Decimal | None
    max_points: Decimal
    is_correct: bool | None
    needs_marking: bool = False


@dataclass(frozen=True)
class Grade:
    """An attempt's totals. ``percent`` and ``passed`` wait until it is final."""

    score: Decimal
    max_score: Decimal
    percent: Decimal | None
    passed: bool | None
    is_final: bool


def quantize(value: Decimal) -> Decimal:
    return value.quantize(HUNDREDTH, rounding=ROUND_HALF_UP)


# Marks a learner may end an answer with, as at the end of a sentence.
FINAL_MARKS = ".!?…;,"


def normalise_text(text: str) -> str:
    """Text as short answers are compared: case, width, whitespace and the marks
    that end a sentence ignored."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return "".join(folded.split()).rstrip(FINAL_MARKS)


def is_blank(response: Mapping[str, Any] | None) -> bool:
    """True when the learner has given no answer at all."""
    if not response:
        return True
    if "text" in response:
        return not str(response.get("text") or "").strip()
    return all(value in (None, [], {}, "") for value in response.values())


def score_answer(
    snapshot: Mapping[str, Any], response: Mapping[str, Any] | None
) -> AnswerScore:
    """Score one answer from the question as shown and the learner's response."""
    points = Decimal(snapshot.get("points") or 0)
    kind = snapshot.get("kind")
    if kind == QuestionKind.ESSAY:
        if is_blank(response):
            return AnswerScore(ZERO, points, False)
        return AnswerScore(None, points, None, needs_marking=True)
    if is_blank(response):
        return AnswerScore(ZERO, points, False)
    share = _share(kind, snapshot, response)
    earned = quantize(points * share)
    return AnswerScore(earned, points, share == 1)


def _share(kind, snapshot, response) -> Decimal:
    """The fraction (0 to 1) of the points an answer earns."""
    partial = bool(snapshot.get("partial_credit"))
    scorer = {
        QuestionKind.SINGLE: _single,
        QuestionKind.MULTIPLE: _multiple,
        QuestionKind.TRUE_FALSE: _true_false,
        QuestionKind.ORDERING: _ordering,
        QuestionKind.MATCHING: _matching,
        QuestionKind.SHORT_TEXT: _short_text,
    }.get(kind)
    if scorer is None:
        return Decimal(0)
    try:
        share = scorer(snapshot, response)
    except (TypeError, ValueError, AttributeError):
        # A malformed response earns nothing rather than breaking a grade.
        return Decimal(0)
    if share != 1 and not (partial and kind in PARTIAL_KINDS):
        return Decimal(0)
    return max(Decimal(0), min(Decimal(1), share))


def _correct_ids(snapshot) -> set[int]:
    return {c["id"] for c in snapshot.get("choices", []) if c.get("is_correct")}


def _single(snapshot, response) -> Decimal:
    correct = _correct_ids(snapshot)
    return Decimal(int(response.get("choice") in correct))


def _multiple(snapshot, response) -> Decimal:
    correct = _correct_ids(snapshot)
    picked = set(response.get("choices") or [])
    if picked == correct:
        return Decimal(1)
    if not correct:
        return Decimal(0)
    right = len(picked & correct)
    wrong = len(picked - correct)
    return Decimal(right - wrong) / Decimal(len(correct))


def _true_false(snapshot, response) -> Decimal:
    truth = snapshot.get("answer_is_true")
    value = response.get("value")
    return Decimal(int(truth is not None and value is truth))


def _ordering(snapshot, response) -> Decimal:
    correct = list(snapshot.get("correct_order") or [])
    given = list(response.get("order") or [])
    if given == correct:
        return Decimal(1)
    if len(correct) < 2:
        return Decimal(0)
    follows = dict(zip(given, given[1:], strict=False))
    kept = sum(
        1
        for first, second in zip(correct, correct[1:], strict=False)
        if follows.get(first) == second
    )
    return Decimal(kept) / Decimal(len(correct) - 1)


def _matching(snapshot, response) -> Decimal:
    lefts = snapshot.get("choices") or []
    if not lefts:
        return Decimal(0)
    option_text = {o["id"]: o["text"] for o in snapshot.get("right_options") or []}
    pairs = response.get("pairs") or {}
    right = sum(
        1
        for left in lefts
        if option_text.get(pairs.get(str(left["id"]))) == left.get("match")
    )
    return Decimal(right) / Decimal(len(lefts))


def _short_text(snapshot, response) -> Decimal:
    given = normalise_text(str(response.get("text") or ""))
    accepted = {normalise_text(a) for a in snapshot.get("accepted_answers") or []}
    return Decimal(int(bool(given) and given in accepted))


def percent_of(score: Decimal, max_score: Decimal) -> Decimal:
    """``score`` as a percentage of ``max_score`` (0 when nothing was at stake)."""
    if not max_score:
        return ZERO
    return quantize(Decimal(score) * 100 / Decimal(max_score))


def has_passed(percent: Decimal, pass_mark: int) -> bool:
    return Decimal(percent) >= Decimal(pass_mark)


def grade(
    marks: Iterable[tuple[Decimal | None, Decimal]],
    *,
    pass_mark: int,
    practice: bool = False,
) -> Grade:
    """Total an attempt from ``(points earned or None if unmarked, points)`` pairs.

    While any answer waits for marking the score is the part already known and
    there is no percentage or verdict. Practice attempts never pass or fail.
    """
    score = max_score = Decimal(0)
    waiting = False
    for earned, worth in marks:
        max_score += Decimal(worth)
        if earned is None:
            waiting = True
        else:
            score += Decimal(earned)
    score, max_score = quantize(score), quantize(max_score)
    if waiting:
        return Grade(score, max_score, None, None, is_final=False)
    percent = percent_of(score, max_score)
    passed = None if practice else has_passed(percent, pass_mark)
    return Grade(score, max_score, percent, passed, is_final=True)


class GradedAttempt(Protocol):
    number: int
    percent: Decimal | None


T = TypeVar("T", bound=GradedAttempt)


def counting_attempt(attempts: Iterable[T], grading: str) -> T | None:
    """The attempt whose grade counts: the highest (earliest on a tie) or latest."""
    graded = [a for a in attempts if a.percent is not None]
    if not graded:
        return None
    if grading == Quiz.Grading.LATEST:
        return max(graded, key=lambda a: a.number)
    return max(graded, key=lambda a: (a.percent, -a.number))


@dataclass(frozen=True)
class ConfidenceLevel:
    confidence: int
    label: str
    answered: int
    right: int

    @property
    def percent_right(self) -> int | None:
        return round(100 * self.right / self.answered) if self.answered else None


@dataclass(frozen=True)
class Calibration:
    """How well a learner's confidence matched their answers in practice."""

    right_and_sure: tuple[int, ...]
    right_but_unsure: tuple[int, ...]
    wrong_and_sure: tuple[int, ...]
    wrong_and_unsure: tuple[int, ...]
    unrated: tuple[int, ...]
    levels: tuple[ConfidenceLevel, ...]

    @property
    def rated(self) -> int:
        return (
            len(self.right_and_sure)
            + len(self.right_but_unsure)
            + len(self.wrong_and_sure)
            + len(self.wrong_and_unsure)
        )

    @property
    def well_calibrated(self) -> int:
        """Answers where confidence matched the outcome, as a share of rated ones."""
        if not self.rated:
            return 0
        matched = len(self.right_and_sure) + len(self.wrong_and_unsure)
        return round(100 * matched / self.rated)


def calibrate(answers: Sequence[tuple[int, bool | None, int | None]]) -> Calibration:
    """Sort ``(position, is_correct, confidence)`` into calibration buckets.

    Answers that are not scored automatically (essays) are left out; answers
    without a confidence rating are listed as unrated. Partly right counts as
    wrong: the learner did not know the whole answer.
    """
    buckets: dict[str, list[int]] = {
        "right_and_sure": [],
        "right_but_unsure": [],
        "wrong_and_sure": [],
        "wrong_and_unsure": [],
        "unrated": [],
    }
    counts = {level: [0, 0] for level in Answer.Confidence.values}
    for position, is_correct, confidence in answers:
        if is_correct is None:
            continue
        if confidence not in counts:
            buckets["unrated"].append(position)
            continue
        counts[confidence][0] += 1
        counts[confidence][1] += int(is_correct)
        sure = confidence >= SURE_FROM
        key = {
            (True, True): "right_and_sure",
            (True, False): "right_but_unsure",
            (False, True): "wrong_and_sure",
            (False, False): "wrong_and_unsure",
        }[(bool(is_correct), sure)]
        buckets[key].append(position)
    levels = tuple(
        ConfidenceLevel(level, str(label), *counts[level])
        for level, label in Answer.Confidence.choices
    )
    return Calibration(**{k: tuple(v) for k, v in buckets.items()}, levels=levels)


def full_marks_response(snapshot: Mapping[str, Any]) -> dict:
    """The response that earns every point of a question (essays: a sample text).

    Used to preview a quiz's answers and to build demo and test attempts.
    """
    kind = snapshot["kind"]
    choices = snapshot.get("choices") or []
    if kind == QuestionKind.SINGLE:
        return {"choice": next(c["id"] for c in choices if c["is_correct"])}
    if kind == QuestionKind.MULTIPLE:
        return {"choices": [c["id"] for c in choices if c["is_correct"]]}
    if kind == QuestionKind.TRUE_FALSE:
        return {"value": snapshot["answer_is_true"]}
    if kind == QuestionKind.ORDERING:
        return {"order": list(snapshot["correct_order"])}
    if kind == QuestionKind.MATCHING:
        option = {o["text"]: o["id"] for o in snapshot["right_options"]}
        return {"pairs": {str(c["id"]): option[c["match"]] for c in choices}}
    if kind == QuestionKind.SHORT_TEXT:
        return {"text": snapshot["accepted_answers"][0]}
    return {"text": "A considered answer in my own words."}
