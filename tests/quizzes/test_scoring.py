"""Scoring rules: pure functions, no database."""

from decimal import Decimal
from types import SimpleNamespace

import pytest

from quizzes import scoring
from quizzes.scoring import AnswerScore


def snap(kind, **fields):
    return {
        "kind": kind,
        "text": "?",
        "explanation": "",
        "points": 1,
        "partial_credit": False,
        "answer_is_true": None,
        "accepted_answers": [],
        "clause_ids": [],
        "category": "",
        "choices": [],
        **fields,
    }


def choice(id, is_correct=False, match=""):
    return {"id": id, "text": f"Choice {id}", "is_correct": is_correct, "match": match}


SINGLE = snap("single", choices=[choice(1, True), choice(2), choice(3)])
MULTIPLE = snap(
    "multiple",
    points=2,
    choices=[choice(1, True), choice(2, True), choice(3), choice(4)],
)
MULTIPLE_PARTIAL = {**MULTIPLE, "partial_credit": True}
ORDERING = snap(
    "ordering",
    points=4,
    choices=[choice(3), choice(1), choice(5), choice(2), choice(4)],
    correct_order=[1, 2, 3, 4, 5],
)
ORDERING_PARTIAL = {**ORDERING, "partial_credit": True}
MATCHING = snap(
    "matching",
    points=3,
    choices=[choice(1, match="A"), choice(2, match="B"), choice(3, match="C")],
    right_options=[
        {"id": 3, "text": "C"},
        {"id": 1, "text": "A"},
        {"id": 2, "text": "B"},
    ],
)
MATCHING_PARTIAL = {**MATCHING, "partial_credit": True}


def points(snapshot, response):
    return scoring.score_answer(snapshot, response).points


# Single choice and true/false ------------------------------------------------


def test_single_choice_right_earns_the_points():
    assert scoring.score_answer(SINGLE, {"choice": 1}) == AnswerScore(
        Decimal("1.00"), Decimal(1), True
    )


def test_single_choice_wrong_earns_nothing():
    assert scoring.score_answer(SINGLE, {"choice": 2}) == AnswerScore(
        Decimal("0.00"), Decimal(1), False
    )


def test_single_choice_of_another_question_earns_nothing():
    assert points(SINGLE, {"choice": 99}) == 0


@pytest.mark.parametrize(
    ("truth", "value", "earned"),
    [(True, True, 1), (True, False, 0), (False, False, 1), (False, True, 0)],
)
def test_true_false(truth, value, earned):
    assert points(snap("true_false", answer_is_true=truth), {"value": value}) == earned


def test_true_false_without_a_truth_is_never_right():
    assert points(snap("true_false"), {"value": True}) == 0


def test_true_false_takes_only_booleans():
    assert points(snap("true_false", answer_is_true=True), {"value": 1}) == 0


# Multiple choice -------------------------------------------------------------


@pytest.mark.parametrize(
    ("picked", "earned", "correct"),
    [([1, 2], 2, True), ([2, 1], 2, True), ([1], 0, False), ([1, 2, 3], 0, False)],
)
def test_multiple_all_or_nothing(picked, earned, correct):
    result = scoring.score_answer(MULTIPLE, {"choices": picked})
    assert (result.points, result.is_correct) == (earned, correct)


@pytest.mark.parametrize(
    ("picked", "earned"),
    [
        ([1, 2], Decimal("2.00")),  # both right
        ([1], Decimal("1.00")),  # one of two right: half
        ([1, 3], Decimal("0.00")),  # a right and a wrong cancel out
        ([1, 2, 3], Decimal("1.00")),  # (2 - 1) / 2
        ([3, 4], Decimal("0.00")),  # never below nothing
        ([1, 2, 3, 4], Decimal("0.00")),  # ticking everything earns nothing
    ],
)
def test_multiple_partial_credit(picked, earned):
    assert points(MULTIPLE_PARTIAL, {"choices": picked}) == earned


def test_multiple_partial_credit_is_correct_only_when_complete():
    assert scoring.score_answer(MULTIPLE_PARTIAL, {"choices": [1]}).is_correct is False


def test_partial_credit_rounds_to_hundredths_half_up():
    question = snap(
        "multiple",
        points=1,
        partial_credit=True,
        choices=[choice(1, True), choice(2, True), choice(3, True)],
    )
    assert points(question, {"choices": [1]}) == Decimal("0.33")
    assert points(question, {"choices": [1, 2]}) == Decimal("0.67")


# Ordering --------------------------------------------------------------------


def test_ordering_in_the_right_order_earns_everything():
    assert points(ORDERING, {"order": [1, 2, 3, 4, 5]}) == 4
    assert points(ORDERING_PARTIAL, {"order": [1, 2, 3, 4, 5]}) == 4


def test_ordering_all_or_nothing_gives_nothing_for_nearly_right():
    assert points(ORDERING, {"order": [2, 3, 4, 5, 1]}) == 0


@pytest.mark.parametrize(
    ("order", "earned"),
    [
        ([2, 3, 4, 5, 1], Decimal("3.00")),  # 2→3, 3→4, 4→5 kept: 3 of 4 pairs
        ([5, 4, 3, 2, 1], Decimal("0.00")),  # reversed: no pair follows on
        ([1, 2, 4, 3, 5], Decimal("1.00")),  # only 1→2 kept
        ([3, 4, 5, 1, 2], Decimal("3.00")),  # 3→4, 4→5, 1→2
    ],
)
def test_ordering_partial_credit_counts_neighbouring_pairs(order, earned):
    assert points(ORDERING_PARTIAL, {"order": order}) == earned


# Matching --------------------------------------------------------------------


def test_matching_all_right():
    assert points(MATCHING, {"pairs": {"1": 1, "2": 2, "3": 3}}) == 3


def test_matching_all_or_nothing():
    assert points(MATCHING, {"pairs": {"1": 1, "2": 3, "3": 2}}) == 0


def test_matching_partial_credit_is_the_share_of_right_pairs():
    assert points(MATCHING_PARTIAL, {"pairs": {"1": 1, "2": 3, "3": 2}}) == 1
    assert points(MATCHING_PARTIAL, {"pairs": {"1": 1, "2": 2}}) == 2


def test_matching_compares_right_hand_texts():
    """Two items with the same match share one option; either pick is right."""
    question = snap(
        "matching",
        choices=[choice(1, match="Yes"), choice(2, match="Yes"), choice(3, match="No")],
        right_options=[{"id": 1, "text": "Yes"}, {"id": 3, "text": "No"}],
    )
    assert points(question, {"pairs": {"1": 1, "2": 1, "3": 3}}) == 1


# Short text and essays -------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["24 hours", "24hours", "  24  HOURS ", "24\thours\n", "２４ hours"]
)
def test_short_text_ignores_case_width_and_spaces(text):
    question = snap("short_text", accepted_answers=["24 hours", "a day"])
    assert points(question, {"text": text}) == 1


def test_short_text_other_words_are_wrong():
    question = snap("short_text", accepted_answers=["24 hours"])
    assert points(question, {"text": "24 hour"}) == 0


def test_short_text_without_accepted_answers_is_never_right():
    assert points(snap("short_text"), {"text": ""}) == 0
    assert points(snap("short_text"), {"text": "anything"}) == 0


def test_essay_waits_for_a_trainer():
    result = scoring.score_answer(snap("essay", points=5), {"text": "My answer"})
    assert result == AnswerScore(None, Decimal(5), None, needs_marking=True)


def test_blank_essay_scores_nothing_without_marking():
    result = scoring.score_answer(snap("essay", points=5), {"text": "   "})
    assert result == AnswerScore(Decimal("0.00"), Decimal(5), False)


# Blank and malformed responses -----------------------------------------------


@pytest.mark.parametrize(
    "snapshot", [SINGLE, MULTIPLE_PARTIAL, ORDERING_PARTIAL, MATCHING_PARTIAL]
)
@pytest.mark.parametrize("response", [None, {}, {"choices": []}, {"pairs": {}}])
def test_unanswered_scores_nothing(snapshot, response):
    result = scoring.score_answer(snapshot, response)
    assert (result.points, result.is_correct) == (0, False)


@pytest.mark.parametrize(
    ("snapshot", "response"),
    [
        (MULTIPLE_PARTIAL, {"choices": 7}),
        (ORDERING_PARTIAL, {"order": "12345"}),
        (MATCHING_PARTIAL, {"pairs": ["1", "2"]}),
        (snap("unknown"), {"choice": 1}),
    ],
)
def test_malformed_response_scores_nothing(snapshot, response):
    assert points(snapshot, response) == 0


# Attempt totals --------------------------------------------------------------


def test_grade_totals_percent_and_pass():
    result = scoring.grade(
        [(Decimal("1"), 1), (Decimal("0.5"), 2), (Decimal("2"), 2)], pass_mark=70
    )
    assert (result.score, result.max_score) == (Decimal("3.50"), Decimal("5.00"))
    assert result.percent == Decimal("70.00")
    assert result.passed is True
    assert result.is_final


def test_grade_just_below_the_pass_mark_fails():
    result = scoring.grade([(Decimal("2"), 3)], pass_mark=67)
    assert result.percent == Decimal("66.67")
    assert result.passed is False


def test_grade_waits_while_an_answer_needs_marking():
    result = scoring.grade([(Decimal("1"), 1), (None, 4)], pass_mark=50)
    assert result.score == Decimal("1.00")
    assert result.max_score == Decimal("5.00")
    assert (result.percent, result.passed, result.is_final) == (None, None, False)


def test_practice_grade_never_passes_or_fails():
    result = scoring.grade([(Decimal("1"), 1)], pass_mark=50, practice=True)
    assert result.percent == 100
    assert result.passed is None


def test_pass_mark_zero_and_hundred():
    assert scoring.grade([(Decimal(0), 1)], pass_mark=0).passed is True
    assert scoring.grade([(Decimal("0.99"), 1)], pass_mark=100).passed is False
    assert scoring.grade([(Decimal(1), 1)], pass_mark=100).passed is True


def test_percent_of_nothing_at_stake_is_zero():
    assert scoring.percent_of(Decimal(0), Decimal(0)) == 0


# The grade that counts -------------------------------------------------------


def attempt(number, percent):
    return SimpleNamespace(number=number, percent=Decimal(percent))


def test_highest_attempt_counts():
    attempts = [attempt(1, 60), attempt(2, 90), attempt(3, 70)]
    assert scoring.counting_attempt(attempts, "highest").number == 2


def test_highest_tie_goes_to_the_earlier_attempt():
    attempts = [attempt(1, 90), attempt(2, 90)]
    assert scoring.counting_attempt(attempts, "highest").number == 1


def test_latest_attempt_counts_even_when_lower():
    attempts = [attempt(1, 60), attempt(3, 50), attempt(2, 90)]
    assert scoring.counting_attempt(attempts, "latest").number == 3


def test_no_graded_attempt_counts_nothing():
    assert scoring.counting_attempt([], "highest") is None
    pending = SimpleNamespace(number=1, percent=None)
    assert scoring.counting_attempt([pending], "latest") is None


# Calibration -----------------------------------------------------------------


def test_calibration_buckets():
    result = scoring.calibrate(
        [
            (1, True, 3),  # right and sure
            (2, True, 2),  # right, only fairly sure
            (3, True, 1),  # right, guessing
            (4, False, 3),  # wrong and sure
            (5, False, 1),  # wrong and unsure
            (6, False, None),  # not rated
            (7, None, 3),  # an essay: not scored automatically
        ]
    )
    assert result.right_and_sure == (1,)
    assert result.right_but_unsure == (2, 3)
    assert result.wrong_and_sure == (4,)
    assert result.wrong_and_unsure == (5,)
    assert result.unrated == (6,)
    assert result.rated == 5
    assert result.well_calibrated == 40


def test_calibration_per_confidence_level():
    result = scoring.calibrate([(1, True, 3), (2, False, 3), (3, True, 1)])
    levels = {level.confidence: level for level in result.levels}
    assert (levels[3].answered, levels[3].right, levels[3].percent_right) == (2, 1, 50)
    assert levels[2].percent_right is None
    assert levels[1].percent_right == 100


def test_calibration_of_nothing():
    result = scoring.calibrate([])
    assert result.rated == 0
    assert result.well_calibrated == 0


def test_normalise_text():
    assert scoring.normalise_text("  Thank  You ") == "thankyou"


def test_a_short_answer_may_end_with_a_full_stop_or_other_final_mark():
    for given in ("24 hours.", "24 hours!", "24 hours…", " 24 Hours . "):
        assert scoring.normalise_text(given) == scoring.normalise_text("24 hours")
    # Marks inside the answer still count.
    assert scoring.normalise_text("4.5") != scoring.normalise_text("45")
