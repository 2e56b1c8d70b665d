"""Clause marks: one row per graded answer and clause it was tagged with,
written when an attempt is graded, and filled for older attempts by the
migration that added the table."""

import importlib
from datetime import timedelta
from decimal import Decimal

import pytest
from django.apps import apps
from django.utils import timezone

from quizzes import services
from quizzes.models import AnswerClauseMark, Attempt, QuestionKind
from tests.factories import UserFactory
from tests.quizzes import responses
from tests.quizzes.factories import (
    AttemptFactory,
    ClauseFactory,
    QuestionBankFactory,
    QuizFactory,
    answer,
    make_question,
)

pytestmark = pytest.mark.django_db

backfill = importlib.import_module("quizzes.migrations.0007_backfill_clause_marks")


@pytest.fixture
def clauses():
    return ClauseFactory(code="TEL-1"), ClauseFactory(code="TEL-2")


@pytest.fixture
def quiz(clauses):
    """A 1-point question on TEL-1, a 2-point one on both clauses, an essay
    (4 points) on TEL-2."""
    tel1, tel2 = clauses
    bank = QuestionBankFactory()
    make_question(bank, QuestionKind.SINGLE, points=1, clauses=[tel1])
    make_question(bank, QuestionKind.ORDERING, points=2, clauses=[tel1, tel2])
    make_question(bank, QuestionKind.ESSAY, points=4, clauses=[tel2])
    return QuizFactory(bank=bank, pass_mark=50)


def take(quiz, *, right_kinds, practice=False):
    learner = UserFactory()
    attempt = services.start_attempt(learner, quiz=quiz)
    if practice:
        Attempt.objects.filter(pk=attempt.pk).update(practice=True)
        attempt.refresh_from_db()
    answers = {}
    for a in attempt.answers.all():
        right = a.snapshot["kind"] in right_kinds
        response = responses.right if right else responses.wrong
        answers[a.position] = (response(a.snapshot), None)
    services.save_answers(attempt, responses=answers)
    return services.submit_attempt(attempt)


def marks_of(attempt):
    return sorted(
        (mark.clause.code, mark.answer.snapshot["kind"], mark.earned, mark.available)
        for mark in AnswerClauseMark.objects.filter(attempt=attempt).select_related(
            "clause", "answer"
        )
    )


def test_marking_the_last_essay_writes_a_mark_per_answer_and_clause(
    quiz, django_capture_on_commit_callbacks
):
    attempt = take(quiz, right_kinds={QuestionKind.SINGLE})
    assert attempt.status == Attempt.Status.AWAITING_MARKING
    assert not AnswerClauseMark.objects.exists()  # not final yet

    essay = attempt.answers.get(needs_marking=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.mark_answer(
            essay, marker=UserFactory(roles=["Trainers"]), points="3", comment="Ok."
        )

    attempt.refresh_from_db()
    assert marks_of(attempt) == [
        ("TEL-1", "ordering", Decimal("0.00"), Decimal("2.00")),
        ("TEL-1", "single", Decimal("1.00"), Decimal("1.00")),
        ("TEL-2", "essay", Decimal("3.00"), Decimal("4.00")),
        ("TEL-2", "ordering", Decimal("0.00"), Decimal("2.00")),
    ]
    mark = AnswerClauseMark.objects.filter(attempt=attempt).first()
    assert (mark.user, mark.quiz) == (attempt.user, attempt.quiz)
    assert mark.submitted_at == attempt.submitted_at
    assert mark.graded_at == attempt.graded_at


def test_grading_without_essays_writes_the_marks_at_submit(clauses):
    tel1, _tel2 = clauses
    bank = QuestionBankFactory()
    make_question(bank, QuestionKind.SINGLE, points=1, clauses=[tel1])
    quiz = QuizFactory(bank=bank)

    attempt = take(quiz, right_kinds={QuestionKind.SINGLE})

    assert attempt.status == Attempt.Status.GRADED
    assert marks_of(attempt) == [("TEL-1", "single", Decimal(1), Decimal(1))]
    assert AnswerClauseMark.objects.get().correct is True


def test_practice_writes_no_marks(clauses):
    tel1, _tel2 = clauses
    bank = QuestionBankFactory()
    make_question(bank, QuestionKind.SINGLE, points=1, clauses=[tel1])

    take(QuizFactory(bank=bank), right_kinds=set(), practice=True)

    assert not AnswerClauseMark.objects.exists()


def old_attempt(quiz, clauses, **fields):
    """An attempt graded before the table existed: answers, no marks."""
    tel1, tel2 = clauses
    fields.setdefault("submitted_at", timezone.now() - timedelta(days=30))
    taken = AttemptFactory(quiz=quiz, **fields)
    one, both = quiz.bank.questions.order_by("pk")[:2]
    answer(taken, one, position=0, awarded=1)
    answer(taken, both, position=1, awarded="1.5")
    return taken


def test_the_backfill_fills_marks_for_old_attempts_from_their_snapshots(quiz, clauses):
    graded = old_attempt(quiz, clauses)
    practice = old_attempt(quiz, clauses, practice=True)
    waiting = old_attempt(quiz, clauses, status=Attempt.Status.AWAITING_MARKING)
    junk = AttemptFactory(quiz=quiz, submitted_at=timezone.now())
    one = quiz.bank.questions.order_by("pk").first()
    answer(junk, one, position=0, awarded=0, clause_ids=[999999, "x", None])
    # Retagging the live question later changes nothing: the snapshot counts.
    one.clauses.set([clauses[1]])

    backfill.backfill_clause_marks(apps, None)

    assert marks_of(graded) == [
        ("TEL-1", "ordering", Decimal("1.50"), Decimal("2.00")),
        ("TEL-1", "single", Decimal("1.00"), Decimal("1.00")),
        ("TEL-2", "ordering", Decimal("1.50"), Decimal("2.00")),
    ]
    assert marks_of(practice) == marks_of(waiting) == marks_of(junk) == []


def test_the_backfill_leaves_attempts_that_have_marks_alone(quiz, clauses):
    graded = old_attempt(quiz, clauses)
    backfill.backfill_clause_marks(apps, None)

    backfill.backfill_clause_marks(apps, None)

    assert AnswerClauseMark.objects.filter(attempt=graded).count() == 3


def test_a_deleted_clause_takes_its_marks_with_it(quiz, clauses):
    graded = old_attempt(quiz, clauses)
    backfill.backfill_clause_marks(apps, None)

    clauses[1].delete()

    assert [code for code, *_rest in marks_of(graded)] == ["TEL-1", "TEL-1"]
