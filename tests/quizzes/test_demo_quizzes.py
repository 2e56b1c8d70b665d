from io import StringIO

import pytest

from lms.demo.quizzes import PRACTICE_TITLE, load_quizzes, practice_quiz
from quizzes import transfer
from quizzes.models import (
    Category,
    CategoryDraw,
    Choice,
    Question,
    QuestionBank,
    QuestionKind,
    Quiz,
)

pytestmark = pytest.mark.django_db

MODULE_SLUGS = [
    "telephone",
    "stages-of-service",
    "service-policy",
    "rules-of-conduct",
    "appearance",
    "conflict-situations",
]


@pytest.fixture
def quizzes():
    return load_quizzes()


def counts():
    return tuple(
        model.objects.count()
        for model in (QuestionBank, Category, Question, Choice, Quiz, CategoryDraw)
    ) + (Question.clauses.through.objects.count(),)


def test_six_graded_quizzes_one_per_module(quizzes):
    assert list(quizzes) == MODULE_SLUGS
    for quiz in quizzes.values():
        assert quiz.mode == Quiz.Mode.GRADED
        assert quiz.pass_mark == 80
        assert quiz.bank.questions.count() >= 8
        kinds = set(quiz.bank.questions.values_list("kind", flat=True))
        assert len(kinds) >= 3, quiz.title


def test_every_kind_is_used_and_one_essay_in_the_course(quizzes):
    questions = Question.objects.filter(bank__quizzes__in=quizzes.values())

    assert set(questions.values_list("kind", flat=True)) == set(QuestionKind.values)
    essays = questions.filter(kind=QuestionKind.ESSAY)
    assert essays.count() == 1
    assert essays.get().bank == quizzes["conflict-situations"].bank


def test_every_question_is_valid_by_the_form_rules_and_tagged(quizzes):
    codes = set(
        Question.clauses.field.related_model.objects.values_list("code", flat=True)
    )
    for bank in QuestionBank.objects.all():
        for number, record in enumerate(transfer.bank_records(bank), start=1):
            assert record.clauses, record.text
            assert record.explanation, record.text
            errors = transfer.record_errors(record, known_clauses=codes)
            assert errors == [], (bank.name, number, record.text)


def test_settings_vary_as_the_course_needs(quizzes):
    timed = [q for q in quizzes.values() if q.time_limit_minutes]
    drawn = quizzes["rules-of-conduct"]

    assert [q.time_limit_minutes for q in timed] == [15]
    assert drawn.question_count == 8 and drawn.bank.questions.count() == 10
    assert sum(draw.count for draw in drawn.category_draws.all()) <= 8
    assert all(q.attempt_limit == 3 for q in quizzes.values())
    assert sum(q.cooldown_minutes == 10 for q in quizzes.values()) >= 4


def test_short_text_accepts_the_usual_ways_of_writing_24(quizzes):
    question = quizzes["service-policy"].bank.questions.get(kind="short_text")

    assert {"24", "24 hours", "twenty-four"} <= set(question.accepted_answer_list)


def test_a_practice_quiz_for_self_assessment(quizzes):
    practice = practice_quiz()

    assert practice.title == PRACTICE_TITLE
    assert practice.is_practice
    assert practice.attempt_limit is None
    assert practice.question_count <= practice.bank.questions.count()


def test_loading_twice_duplicates_nothing(quizzes):
    first = counts()
    ids = {slug: quiz.pk for slug, quiz in quizzes.items()}
    out = StringIO()

    again = load_quizzes(stdout=out)

    assert counts() == first
    assert {slug: quiz.pk for slug, quiz in again.items()} == ids
    assert "Quizzes: 6 graded" in out.getvalue()


def test_loading_again_repairs_an_edited_question(quizzes):
    question = quizzes["telephone"].bank.questions.get(kind="true_false")
    question.answer_is_true = False
    question.save()
    question.choices.all().delete()

    load_quizzes()

    question.refresh_from_db()
    assert question.answer_is_true is True
