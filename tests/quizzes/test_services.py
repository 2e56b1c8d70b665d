"""Starting, answering and submitting attempts: every setting, the snapshot rule."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Case, ProtectedError, Value, When

from quizzes import services
from quizzes.models import (
    Answer,
    Attempt,
    CategoryDraw,
    Choice,
    Question,
    QuestionKind,
    Quiz,
)
from quizzes.signals import attempt_finished
from tests.factories import UserFactory
from tests.quizzes import responses
from tests.quizzes.factories import (
    CategoryFactory,
    QuestionBankFactory,
    QuizFactory,
    make_question,
)

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
AUTO_KINDS = [k for k in QuestionKind.values if k != QuestionKind.ESSAY]


@pytest.fixture
def learner():
    return UserFactory()


def quiz_of(*kinds, **settings) -> Quiz:
    bank = QuestionBankFactory()
    for kind in kinds:
        make_question(bank, kind)
    return QuizFactory(bank=bank, **settings)


def answer_all(attempt, build=responses.right, now=None, confidence=None):
    answers = attempt.answers.all()
    wanted = {a.position: (build(a.snapshot), confidence) for a in answers}
    return services.save_answers(attempt, responses=wanted, now=now)


def error_code(excinfo) -> str:
    return excinfo.value.code


# Starting --------------------------------------------------------------------


def test_start_snapshots_every_question_and_freezes_the_settings(learner):
    quiz = quiz_of(*QuestionKind.values, pass_mark=70, feedback="immediate")
    attempt = services.start_attempt(learner, quiz=quiz)

    assert attempt.number == 1
    assert attempt.status == Attempt.Status.IN_PROGRESS
    assert attempt.deadline is None
    answers = list(attempt.answers.all())
    assert [a.position for a in answers] == list(range(7))
    assert {a.snapshot["kind"] for a in answers} == set(QuestionKind.values)
    assert all(a.question_id for a in answers)
    assert attempt.settings == {
        "pass_mark": 70,
        "feedback": "immediate",
        "time_limit_minutes": None,
        "grading": "highest",
        "one_question_per_page": False,
        "practice": False,
        "seed": attempt.settings["seed"],
    }


def test_start_again_resumes_the_open_attempt(learner):
    quiz = quiz_of(QuestionKind.SINGLE, attempt_limit=1)
    first = services.start_attempt(learner, quiz=quiz)
    again = services.start_attempt(learner, quiz=quiz)
    assert again.pk == first.pk
    assert Attempt.objects.count() == 1


def test_start_without_questions_is_refused(learner):
    with pytest.raises(ValidationError) as excinfo:
        services.start_attempt(learner, quiz=quiz_of())
    assert error_code(excinfo) == "no_questions"
    assert not Attempt.objects.exists()


def test_numbers_count_up_per_learner_and_quiz(learner):
    quiz = quiz_of(QuestionKind.SINGLE)
    for number in (1, 2, 3):
        attempt = services.start_attempt(learner, quiz=quiz)
        assert attempt.number == number
        services.submit_attempt(attempt)
    other = services.start_attempt(UserFactory(), quiz=quiz)
    assert other.number == 1


# Drawing ---------------------------------------------------------------------


def test_question_count_draws_that_many(learner):
    quiz = quiz_of(*AUTO_KINDS, question_count=3)
    attempt = services.start_attempt(learner, quiz=quiz)
    assert attempt.answers.count() == 3
    assert len({a.question_id for a in attempt.answers.all()}) == 3


def test_category_draws(learner):
    bank = QuestionBankFactory()
    phone, email = CategoryFactory(bank=bank), CategoryFactory(bank=bank)
    for _ in range(4):
        make_question(bank, QuestionKind.SINGLE, category=phone)
        make_question(bank, QuestionKind.TRUE_FALSE, category=email)
    quiz = QuizFactory(bank=bank)
    CategoryDraw.objects.create(quiz=quiz, category=phone, count=2)
    CategoryDraw.objects.create(quiz=quiz, category=email, count=1)

    attempt = services.start_attempt(learner, quiz=quiz)

    categories = [a.question.category_id for a in attempt.answers.all()]
    assert sorted(categories) == sorted([phone.pk, phone.pk, email.pk])
    assert {a.snapshot["category"] for a in attempt.answers.all()} == {
        phone.name,
        email.name,
    }


def test_fixed_order_follows_the_bank(learner):
    quiz = quiz_of(*AUTO_KINDS)
    bank_order = list(
        Question.objects.filter(bank=quiz.bank).values_list("pk", flat=True)
    )
    for _ in range(3):
        attempt = services.start_attempt(UserFactory(), quiz=quiz)
        assert [a.question_id for a in attempt.answers.all()] == bank_order


def test_random_order_varies_between_attempts():
    quiz = quiz_of(*AUTO_KINDS, random_order=True)
    orders = {
        tuple(
            a.question_id
            for a in services.start_attempt(UserFactory(), quiz=quiz).answers.all()
        )
        for _ in range(8)
    }
    assert len(orders) > 1


def test_shuffle_choices_varies_between_attempts():
    bank = QuestionBankFactory()
    make_question(
        bank,
        QuestionKind.SINGLE,
        choices=[("A", True), ("B", False), ("C", False), ("D", False)],
    )
    quiz = QuizFactory(bank=bank, shuffle_choices=True)
    orders = {
        tuple(
            c["text"]
            for c in services.start_attempt(UserFactory(), quiz=quiz)
            .answers.get()
            .snapshot["choices"]
        )
        for _ in range(8)
    }
    assert len(orders) > 1


# Grading and the pass mark ---------------------------------------------------


def test_all_right_passes_with_full_marks(learner):
    quiz = quiz_of(*AUTO_KINDS, pass_mark=100)
    attempt = services.start_attempt(learner, quiz=quiz)
    answer_all(attempt)
    services.submit_attempt(attempt)

    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.GRADED
    assert attempt.max_score == Decimal(
        sum(a.snapshot["points"] for a in attempt.answers.all())
    )
    assert attempt.score == attempt.max_score
    assert attempt.percent == 100
    assert attempt.passed is True
    assert attempt.graded_at is not None
    assert all(a.is_correct for a in attempt.answers.all())


def test_all_wrong_fails(learner):
    quiz = quiz_of(*AUTO_KINDS, pass_mark=0 + 1)
    attempt = services.start_attempt(learner, quiz=quiz)
    answer_all(attempt, responses.wrong)
    services.submit_attempt(attempt)
    attempt.refresh_from_db()
    assert (attempt.score, attempt.percent, attempt.passed) == (0, 0, False)


def test_pass_mark_is_inclusive(learner):
    quiz = quiz_of(QuestionKind.SINGLE, QuestionKind.TRUE_FALSE, pass_mark=50)
    attempt = services.start_attempt(learner, quiz=quiz)
    first = attempt.answers.get(position=0)
    services.save_answer(attempt, position=0, response=responses.right(first.snapshot))
    services.submit_attempt(attempt)
    assert (attempt.percent, attempt.passed) == (50, True)


def test_pass_mark_is_frozen_at_start(learner):
    quiz = quiz_of(QuestionKind.SINGLE, QuestionKind.TRUE_FALSE, pass_mark=50)
    attempt = services.start_attempt(learner, quiz=quiz)
    Quiz.objects.filter(pk=quiz.pk).update(pass_mark=90)
    services.save_answer(
        attempt,
        position=0,
        response=responses.right(attempt.answers.get(position=0).snapshot),
    )
    services.submit_attempt(attempt)
    assert attempt.passed is True


def test_partial_credit_counts_in_the_total(learner):
    bank = QuestionBankFactory()
    make_question(
        bank,
        QuestionKind.MULTIPLE,
        points=2,
        partial_credit=True,
        choices=[("A", True), ("B", True), ("C", False)],
    )
    quiz = QuizFactory(bank=bank, pass_mark=50)
    attempt = services.start_attempt(learner, quiz=quiz)
    snapshot = attempt.answers.get().snapshot
    picked = [next(c["id"] for c in snapshot["choices"] if c["is_correct"])]
    services.save_answer(attempt, position=0, response={"choices": picked})
    services.submit_attempt(attempt)

    answer = attempt.answers.get()
    assert (answer.points_awarded, answer.is_correct) == (Decimal("1.00"), False)
    assert (attempt.score, attempt.percent, attempt.passed) == (1, 50, True)


def test_unanswered_questions_score_nothing(learner):
    quiz = quiz_of(QuestionKind.SINGLE, QuestionKind.SHORT_TEXT)
    attempt = services.start_attempt(learner, quiz=quiz)
    services.submit_attempt(attempt)
    assert attempt.percent == 0
    assert set(attempt.answers.values_list("points_awarded", flat=True)) == {0}


def test_second_submit_grades_once(learner):
    quiz = quiz_of(QuestionKind.SINGLE)
    attempt = services.start_attempt(learner, quiz=quiz)
    answer_all(attempt)
    services.submit_attempt(attempt, now=T0)
    again = services.submit_attempt(
        Attempt.objects.get(pk=attempt.pk), now=T0 + timedelta(hours=1)
    )
    assert again.graded_at == T0
    assert again.submitted_at == T0
    assert again.percent == 100


def test_of_two_submits_of_one_loaded_attempt_only_the_first_submits(learner):
    attempt = services.start_attempt(learner, quiz=quiz_of(QuestionKind.SINGLE))
    answer_all(attempt)
    # Two tabs loaded the attempt while it was open; both now submit it.
    first, second = (Attempt.objects.get(pk=attempt.pk) for _ in "ab")

    told = [
        services.submit_attempt_once(first, now=T0),
        services.submit_attempt_once(second, now=T0 + timedelta(minutes=1)),
    ]

    assert told == [True, False]
    assert second.submitted_at == second.graded_at == T0 and not second.is_open


def test_answers_after_submit_are_refused(learner):
    quiz = quiz_of(QuestionKind.SINGLE)
    attempt = services.start_attempt(learner, quiz=quiz)
    services.submit_attempt(attempt)
    with pytest.raises(ValidationError) as excinfo:
        answer_all(attempt)
    assert error_code(excinfo) == "closed"
    assert attempt.answers.get().response is None


# Attempt limit and cool-down -------------------------------------------------


def test_attempt_limit(learner):
    quiz = quiz_of(QuestionKind.SINGLE, attempt_limit=2)
    for _ in range(2):
        services.submit_attempt(services.start_attempt(learner, quiz=quiz))
    with pytest.raises(ValidationError) as excinfo:
        services.start_attempt(learner, quiz=quiz)
    assert error_code(excinfo) == "attempt_limit"
    assert excinfo.value.messages == [str(services.NO_ATTEMPTS_LEFT)]
    assert Attempt.objects.count() == 2


def test_attempt_limit_is_per_learner(learner):
    quiz = quiz_of(QuestionKind.SINGLE, attempt_limit=1)
    services.submit_attempt(services.start_attempt(learner, quiz=quiz))
    assert services.start_attempt(UserFactory(), quiz=quiz).number == 1


def test_cooldown_between_attempts(learner):
    quiz = quiz_of(QuestionKind.SINGLE, cooldown_minutes=30)
    first = services.start_attempt(learner, quiz=quiz, now=T0)
    services.submit_attempt(first, now=T0 + timedelta(minutes=5))

    with pytest.raises(ValidationError) as excinfo:
        services.start_attempt(learner, quiz=quiz, now=T0 + timedelta(minutes=34))
    assert error_code(excinfo) == "cooldown"

    second = services.start_attempt(learner, quiz=quiz, now=T0 + timedelta(minutes=35))
    assert second.number == 2


def test_availability_reports_limit_and_cooldown(learner):
    quiz = quiz_of(QuestionKind.SINGLE, attempt_limit=3, cooldown_minutes=10)
    services.submit_attempt(services.start_attempt(learner, quiz=quiz, now=T0), now=T0)
    state = services.availability(learner, quiz=quiz, now=T0 + timedelta(minutes=1))
    assert (state.used, state.attempts_left, state.can_start) == (1, 2, False)
    assert state.available_at == T0 + timedelta(minutes=10)
    later = services.availability(learner, quiz=quiz, now=T0 + timedelta(minutes=11))
    assert later.can_start


# Time limit ------------------------------------------------------------------


def timed_quiz(**settings):
    return quiz_of(
        QuestionKind.SINGLE, QuestionKind.TRUE_FALSE, time_limit_minutes=10, **settings
    )


def test_time_limit_sets_the_deadline(learner):
    attempt = services.start_attempt(learner, quiz=timed_quiz(), now=T0)
    assert attempt.deadline == T0 + timedelta(minutes=10)
    assert attempt.settings["time_limit_minutes"] == 10


def test_answer_after_the_deadline_is_refused_and_the_attempt_graded(learner):
    attempt = services.start_attempt(learner, quiz=timed_quiz(pass_mark=50), now=T0)
    first = attempt.answers.get(position=0)
    services.save_answer(
        attempt,
        position=0,
        response=responses.right(first.snapshot),
        now=T0 + timedelta(minutes=9),
    )
    second = attempt.answers.get(position=1)
    with pytest.raises(ValidationError) as excinfo:
        services.save_answer(
            attempt,
            position=1,
            response=responses.right(second.snapshot),
            now=T0 + timedelta(minutes=10, seconds=1),
        )
    assert error_code(excinfo) == "too_late"

    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.GRADED
    assert attempt.submitted_at == attempt.deadline
    assert attempt.percent == 50
    assert attempt.answers.get(position=1).response is None


def test_answer_exactly_at_the_deadline_counts(learner):
    attempt = services.start_attempt(learner, quiz=timed_quiz(), now=T0)
    answer = attempt.answers.get(position=0)
    services.save_answer(
        attempt,
        position=0,
        response=responses.right(answer.snapshot),
        now=T0 + timedelta(minutes=10),
    )
    assert attempt.answers.get(position=0).response is not None


def test_open_attempts_are_closed_and_graded_at_their_deadline(learner):
    quiz = timed_quiz()
    late = services.start_attempt(learner, quiz=quiz, now=T0)
    answer = late.answers.get(position=0)
    services.save_answer(
        late, position=0, response=responses.right(answer.snapshot), now=T0
    )
    running = services.start_attempt(
        UserFactory(), quiz=quiz, now=T0 + timedelta(minutes=5)
    )
    untimed = services.start_attempt(learner, quiz=quiz_of(QuestionKind.SINGLE), now=T0)

    closed = services.close_expired_attempts(now=T0 + timedelta(minutes=11))

    assert closed == 1
    late.refresh_from_db()
    assert late.status == Attempt.Status.GRADED
    assert late.submitted_at == T0 + timedelta(minutes=10)
    assert late.percent == 50
    running.refresh_from_db()
    untimed.refresh_from_db()
    assert running.is_open and untimed.is_open
    assert services.close_expired_attempts(now=T0 + timedelta(minutes=11)) == 0


def test_answers_saved_after_the_deadline_do_not_count(learner):
    """Should a late answer reach the row anyway, grading at the deadline skips it."""
    attempt = services.start_attempt(learner, quiz=timed_quiz(), now=T0)
    answer_all(attempt, now=T0 + timedelta(minutes=1))
    Answer.objects.filter(attempt=attempt, position=1).update(
        answered_at=T0 + timedelta(minutes=12)
    )
    services.close_expired_attempts(now=T0 + timedelta(minutes=20))
    attempt.refresh_from_db()
    assert attempt.percent == 50


def test_submit_after_the_deadline_is_graded_at_the_deadline(learner):
    attempt = services.start_attempt(learner, quiz=timed_quiz(), now=T0)
    services.submit_attempt(attempt, now=T0 + timedelta(hours=2))
    assert attempt.submitted_at == T0 + timedelta(minutes=10)


def test_start_grades_an_expired_open_attempt_first(learner):
    quiz = timed_quiz()
    first = services.start_attempt(learner, quiz=quiz, now=T0)
    second = services.start_attempt(learner, quiz=quiz, now=T0 + timedelta(minutes=15))
    first.refresh_from_db()
    assert first.status == Attempt.Status.GRADED
    assert second.number == 2


# Feedback after each question ------------------------------------------------


def test_check_needs_immediate_feedback(learner):
    attempt = services.start_attempt(learner, quiz=quiz_of(QuestionKind.SINGLE))
    answer_all(attempt)
    with pytest.raises(ValidationError) as excinfo:
        services.check_answer(attempt, position=0)
    assert error_code(excinfo) == "no_immediate_feedback"
    assert attempt.answers.get().points_awarded is None


def test_checked_answer_is_graded_and_locked(learner):
    quiz = quiz_of(QuestionKind.SINGLE, feedback="immediate")
    attempt = services.start_attempt(learner, quiz=quiz)
    answer_all(attempt, responses.wrong)

    checked = services.check_answer(attempt, position=0)
    assert (checked.points_awarded, checked.is_correct) == (0, False)
    assert services.check_answer(attempt, position=0).points_awarded == 0

    with pytest.raises(ValidationError) as excinfo:
        answer_all(attempt, responses.right)
    assert error_code(excinfo) == "locked"
    services.submit_attempt(attempt)
    assert attempt.percent == 0


@pytest.mark.parametrize(
    ("kind", "code"), [(QuestionKind.ESSAY, "essay"), (QuestionKind.SINGLE, "blank")]
)
def test_essays_and_blanks_cannot_be_checked(learner, kind, code):
    attempt = services.start_attempt(learner, quiz=quiz_of(kind, feedback="immediate"))
    if kind == QuestionKind.ESSAY:
        answer_all(attempt)
    with pytest.raises(ValidationError) as excinfo:
        services.check_answer(attempt, position=0)
    assert error_code(excinfo) == code


def test_check_of_an_unknown_question(learner):
    attempt = services.start_attempt(
        learner, quiz=quiz_of(QuestionKind.SINGLE, feedback="immediate")
    )
    with pytest.raises(ValidationError) as excinfo:
        services.check_answer(attempt, position=5)
    assert error_code(excinfo) == "unknown_question"


# The grade that counts -------------------------------------------------------


def finish(learner, quiz, build):
    attempt = services.start_attempt(learner, quiz=quiz)
    answer_all(attempt, build)
    return services.submit_attempt(attempt)


def test_highest_grade_counts(learner):
    quiz = quiz_of(QuestionKind.SINGLE, grading="highest")
    best = finish(learner, quiz, responses.right)
    finish(learner, quiz, responses.wrong)
    assert services.counting_attempt(learner, quiz=quiz) == best


def test_latest_grade_counts(learner):
    quiz = quiz_of(QuestionKind.SINGLE, grading="latest")
    finish(learner, quiz, responses.right)
    latest = finish(learner, quiz, responses.wrong)
    assert services.counting_attempt(learner, quiz=quiz) == latest


def test_attempts_awaiting_marking_do_not_count_yet(learner):
    quiz = quiz_of(QuestionKind.ESSAY)
    finish(learner, quiz, responses.right)
    assert services.counting_attempt(learner, quiz=quiz) is None


def test_counting_attempts_for_several_quizzes(learner):
    first = quiz_of(QuestionKind.SINGLE)
    second = quiz_of(QuestionKind.SINGLE, grading="latest")
    untaken = quiz_of(QuestionKind.SINGLE)
    one = finish(learner, first, responses.right)
    finish(learner, second, responses.right)
    two = finish(learner, second, responses.wrong)
    result = services.counting_attempts(learner, quizzes=[first, second, untaken])
    assert result == {first.pk: one, second.pk: two}


# Essays and practice ---------------------------------------------------------


def test_essays_make_the_attempt_wait_for_marking(learner):
    quiz = quiz_of(QuestionKind.SINGLE, QuestionKind.ESSAY)
    attempt = finish(learner, quiz, responses.right)
    assert attempt.status == Attempt.Status.AWAITING_MARKING
    assert (attempt.score, attempt.max_score) == (1, 5)
    assert (attempt.percent, attempt.passed, attempt.graded_at) == (None, None, None)
    essay = attempt.answers.get(snapshot__kind="essay")
    assert essay.needs_marking and essay.points_awarded is None


def test_practice_is_ungraded_and_keeps_confidence(learner):
    quiz = quiz_of(QuestionKind.SINGLE, QuestionKind.ESSAY, mode="practice")
    attempt = services.start_attempt(learner, quiz=quiz)
    assert attempt.practice
    answer_all(attempt, confidence=3)
    services.submit_attempt(attempt)

    assert attempt.status == Attempt.Status.GRADED
    assert attempt.passed is None
    assert attempt.percent == 100  # the essay is not scored in practice
    assert not attempt.answers.filter(needs_marking=True).exists()
    assert set(attempt.answers.values_list("confidence", flat=True)) == {3}


def test_graded_attempts_ignore_confidence(learner):
    attempt = services.start_attempt(learner, quiz=quiz_of(QuestionKind.SINGLE))
    answer_all(attempt, confidence=3)
    assert attempt.answers.get().confidence is None


def test_practice_confidence_must_be_a_level(learner):
    quiz = quiz_of(QuestionKind.SINGLE, mode="practice")
    attempt = services.start_attempt(learner, quiz=quiz)
    with pytest.raises(ValidationError) as excinfo:
        answer_all(attempt, confidence=7)
    assert error_code(excinfo) == "confidence"


# Bad responses ---------------------------------------------------------------


@pytest.fixture
def every_kind(learner):
    attempt = services.start_attempt(learner, quiz=quiz_of(*QuestionKind.values))
    return attempt, {a.snapshot["kind"]: a for a in attempt.answers.all()}


def save(attempt, answer, response):
    return services.save_answer(attempt, position=answer.position, response=response)


def other_choice_id(answer):
    """A choice of another question of the bank."""
    return Choice.objects.exclude(question_id=answer.question_id).first().pk


@pytest.mark.parametrize(
    ("kind", "response", "code"),
    [
        ("single", {"choice": "1"}, "bad_response"),
        ("single", {"choice": True}, "bad_response"),
        ("single", {"choices": [1]}, "bad_response"),
        ("multiple", {"choices": 3}, "bad_response"),
        ("true_false", {"value": "yes"}, "bad_response"),
        ("ordering", {"order": [1]}, "unknown_choice"),
        ("matching", {"pairs": [1, 2]}, "bad_response"),
        ("short_text", {"text": 5}, "bad_response"),
        ("essay", {"text": ["a"]}, "bad_response"),
        ("essay", "just text", "bad_response"),
    ],
)
def test_wrong_types_are_refused(every_kind, kind, response, code):
    attempt, answers = every_kind
    with pytest.raises(ValidationError) as excinfo:
        save(attempt, answers[kind], response)
    assert error_code(excinfo) == code
    assert Answer.objects.get(pk=answers[kind].pk).response is None


@pytest.mark.parametrize("kind", ["single", "multiple", "ordering", "matching"])
def test_choices_of_another_question_are_refused(every_kind, kind):
    attempt, answers = every_kind
    answer = answers[kind]
    foreign = other_choice_id(answer)
    if kind == "single":
        response = {"choice": foreign}
    elif kind == "multiple":
        response = {"choices": [foreign]}
    elif kind == "ordering":
        response = {"order": [foreign] + answer.snapshot["correct_order"][1:]}
    else:
        response = {"pairs": {str(answer.snapshot["choices"][0]["id"]): foreign}}
    with pytest.raises(ValidationError) as excinfo:
        save(attempt, answer, response)
    assert error_code(excinfo) == "unknown_choice"
    assert excinfo.value.messages == [str(services.UNKNOWN_CHOICE)]


def test_matching_left_item_of_another_question_is_refused(every_kind):
    attempt, answers = every_kind
    answer = answers["matching"]
    option = answer.snapshot["right_options"][0]["id"]
    with pytest.raises(ValidationError) as excinfo:
        save(attempt, answer, {"pairs": {str(other_choice_id(answer)): option}})
    assert error_code(excinfo) == "unknown_choice"


@pytest.mark.parametrize("kind", ["multiple", "ordering"])
def test_duplicates_are_refused(every_kind, kind):
    attempt, answers = every_kind
    answer = answers[kind]
    ids = [c["id"] for c in answer.snapshot["choices"]]
    key = "choices" if kind == "multiple" else "order"
    with pytest.raises(ValidationError) as excinfo:
        save(attempt, answer, {key: [ids[0], *ids[:-1]]})
    assert error_code(excinfo) == "duplicate"


def test_ordering_must_place_every_item(every_kind):
    attempt, answers = every_kind
    answer = answers["ordering"]
    with pytest.raises(ValidationError) as excinfo:
        save(attempt, answer, {"order": answer.snapshot["correct_order"][:-1]})
    assert error_code(excinfo) == "order_incomplete"


@pytest.mark.parametrize(
    ("kind", "limit"),
    [("short_text", services.MAX_SHORT_TEXT), ("essay", services.MAX_ESSAY_TEXT)],
)
def test_oversized_text_is_refused(every_kind, kind, limit):
    attempt, answers = every_kind
    save(attempt, answers[kind], {"text": "x" * limit})
    with pytest.raises(ValidationError) as excinfo:
        save(attempt, answers[kind], {"text": "x" * (limit + 1)})
    assert error_code(excinfo) == "too_long"
    assert len(Answer.objects.get(pk=answers[kind].pk).response["text"]) == limit


@pytest.mark.parametrize("position", [7, -1, "x", None])
def test_unknown_question_is_refused(every_kind, position):
    attempt, _answers = every_kind
    with pytest.raises(ValidationError) as excinfo:
        services.save_answer(attempt, position=position, response=None)
    assert error_code(excinfo) == "unknown_question"


def test_a_bad_answer_in_a_batch_saves_none_of_it(every_kind):
    attempt, answers = every_kind
    single, tf = answers["single"], answers["true_false"]
    with pytest.raises(ValidationError):
        services.save_answers(
            attempt,
            responses={
                single.position: (responses.right(single.snapshot), None),
                tf.position: ({"value": "maybe"}, None),
            },
        )
    assert Answer.objects.get(pk=single.pk).response is None


def test_blank_responses_clear_the_answer(every_kind):
    attempt, answers = every_kind
    answer = answers["multiple"]
    save(attempt, answer, responses.right(answer.snapshot))
    save(attempt, answer, {"choices": []})
    answer.refresh_from_db()
    assert (answer.response, answer.answered_at) == (None, None)


def test_text_is_stored_trimmed(every_kind):
    attempt, answers = every_kind
    saved = save(attempt, answers["short_text"], {"text": "  24 hours \n"})
    assert saved.response == {"text": "24 hours"}


# The snapshot rule -----------------------------------------------------------


def test_editing_questions_before_submit_does_not_change_what_is_right(learner):
    quiz = quiz_of(QuestionKind.SINGLE, QuestionKind.SHORT_TEXT)
    attempt = services.start_attempt(learner, quiz=quiz)
    answer_all(attempt)
    flipped = Case(When(is_correct=True, then=Value(False)), default=Value(True))
    Choice.objects.update(is_correct=flipped)
    Question.objects.update(accepted_answers="something else", points=50)
    services.submit_attempt(attempt)
    assert (attempt.score, attempt.max_score, attempt.percent) == (2, 2, 100)


def test_editing_or_deleting_questions_after_grading_changes_nothing(learner):
    quiz = quiz_of(*AUTO_KINDS)
    attempt = finish(learner, quiz, responses.right)
    before = list(Answer.objects.filter(attempt=attempt).values())
    grade = (attempt.score, attempt.max_score, attempt.percent, attempt.passed)

    Question.objects.update(text="Edited", points=9, explanation="New")
    Choice.objects.update(text="Edited choice", is_correct=False)
    Question.objects.filter(kind=QuestionKind.SINGLE).delete()

    attempt.refresh_from_db()
    assert (attempt.score, attempt.max_score, attempt.percent, attempt.passed) == grade
    after = list(Answer.objects.filter(attempt=attempt).values())
    assert [a["snapshot"] for a in after] == [a["snapshot"] for a in before]
    assert [a["points_awarded"] for a in after] == [a["points_awarded"] for a in before]
    assert sum(1 for a in after if a["question_id"] is None) == 1


def test_a_quiz_with_attempts_cannot_be_deleted(learner):
    quiz = quiz_of(QuestionKind.SINGLE)
    services.start_attempt(learner, quiz=quiz)
    with pytest.raises(ProtectedError):
        quiz.delete()


# Telling other apps ------------------------------------------------------------


@pytest.fixture
def finished():
    """The attempts announced through ``attempt_finished``, in order."""
    sent = []

    def receiver(sender, attempt, **kwargs):
        sent.append(attempt.pk)

    attempt_finished.connect(receiver, dispatch_uid="test_finished")
    yield sent
    attempt_finished.disconnect(dispatch_uid="test_finished")


def test_submit_announces_the_attempt_once_committed(
    learner, finished, django_capture_on_commit_callbacks
):
    attempt = services.start_attempt(learner, quiz=quiz_of(QuestionKind.SINGLE))
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_attempt(attempt)
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_attempt(attempt)
    assert finished == [attempt.pk]


def test_closing_at_the_deadline_announces_the_attempt(
    learner, finished, django_capture_on_commit_callbacks
):
    attempt = services.start_attempt(learner, quiz=timed_quiz(), now=T0)
    with django_capture_on_commit_callbacks(execute=True):
        services.close_expired_attempts(now=T0 + timedelta(hours=1))
    assert finished == [attempt.pk]
