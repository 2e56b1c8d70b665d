import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from people import roles
from quizzes.analysis import AnswerRow, analyse, analyse_quiz, group_size
from quizzes.models import Attempt
from tests.factories import UserFactory
from tests.quizzes.factories import (
    AttemptFactory,
    ClauseFactory,
    QuestionBankFactory,
    QuizFactory,
    answer,
    make_question,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "attempts, size", [(0, 0), (1, 0), (2, 1), (4, 1), (10, 3), (50, 14), (100, 27)]
)
def test_groups_are_27_percent_of_the_attempts(attempts, size):
    assert group_size(attempts) == size


def test_pure_analysis_without_a_database():
    rows = [
        AnswerRow(1, 7, "Q", "single", Decimal(2), Decimal(2), True, (3,)),
        AnswerRow(2, 7, "Q", "single", Decimal(2), Decimal(1), True, (3,)),
        AnswerRow(3, 7, "Q", "single", Decimal(2), Decimal(0), False, (3,)),
    ]

    result = analyse([(1, Decimal(90)), (2, Decimal(60)), (3, Decimal(20))], rows)

    (question,) = result.questions
    assert (question.shown, question.answered) == (3, 2)
    assert question.percent_correct == Decimal("50.0")
    assert question.discrimination == Decimal("100.0")
    assert question.quality == "good"
    assert [(c.clause_id, c.answers, c.percent_correct) for c in result.clauses] == [
        (3, 3, Decimal("50.0"))
    ]


@pytest.fixture
def clauses():
    return ClauseFactory(code="TEL-1"), ClauseFactory(code="TEL-2")


@pytest.fixture
def known(clauses):
    """Four graded attempts (90, 75, 50 and 10%) at three questions, and one
    question since deleted; plus attempts that must not count."""
    tel1, tel2 = clauses
    bank = QuestionBankFactory()
    quiz = QuizFactory(bank=bank)
    q1 = make_question(bank, "single", text="Rings?", clauses=[tel1])
    q2 = make_question(bank, "ordering", text="Stages?", clauses=[tel1, tel2])
    q3 = make_question(bank, "short_text", text="Hours?", clauses=[tel2])
    old = make_question(bank, "true_false", text="Old question", clauses=[tel1])
    awards = {
        # percent: (q1, q2, q3, old) points awarded; None = not answered
        90: (1, 2, 0, 1),
        75: (1, 1, 0, 0),
        50: (0, 2, None, None),
        10: (None, 0, 1, None),
    }
    for percent, points in awards.items():
        attempt = AttemptFactory(quiz=quiz, percent=Decimal(percent))
        for position, (question, awarded) in enumerate(
            zip((q1, q2, q3, old), points, strict=True)
        ):
            if question is old and percent < 75:
                continue  # the old question was not drawn for them
            answer(
                attempt,
                question,
                position=position,
                awarded=awarded or 0,
                answered=awarded is not None,
            )
    for extra in (
        AttemptFactory(quiz=quiz, percent=Decimal(100), practice=True),
        AttemptFactory(quiz=quiz, status=Attempt.Status.AWAITING_MARKING),
        AttemptFactory(quiz=quiz, status=Attempt.Status.IN_PROGRESS),
        AttemptFactory(quiz=QuizFactory(bank=bank), percent=Decimal(100)),
    ):
        for position, question in enumerate((q1, q2, q3)):
            answer(extra, question, position=position, awarded=question.points)
    old.delete()
    q1.text = "How many rings at most?"
    q1.save()
    return quiz, q1, q2, q3


def by_text(analysis):
    return {question.text: question for question in analysis.questions}


def test_answered_counts_and_percent_correct(known):
    quiz, *_ = known

    result = analyse_quiz(quiz)

    assert (result.attempts, result.group_size) == (4, 1)
    stats = by_text(result)
    assert {text: (q.shown, q.answered) for text, q in stats.items()} == {
        "How many rings at most?": (4, 3),
        "Stages?": (4, 4),
        "Hours?": (4, 3),
        "Old question": (2, 2),
    }
    assert {text: q.percent_correct for text, q in stats.items()} == {
        "How many rings at most?": Decimal("50.0"),
        "Stages?": Decimal("62.5"),
        "Hours?": Decimal("25.0"),
        "Old question": Decimal("50.0"),
    }


def test_discrimination_compares_top_and_bottom_groups(known):
    quiz, *_ = known

    stats = by_text(analyse_quiz(quiz))

    assert stats["How many rings at most?"].discrimination == Decimal("100.0")
    assert stats["Stages?"].discrimination == Decimal("100.0")
    hours = stats["Hours?"]
    assert (hours.top_percent, hours.bottom_percent) == (Decimal(0), Decimal(100))
    assert hours.discrimination == Decimal("-100.0")
    assert hours.quality == "negative"
    # The bottom attempt never saw the deleted question.
    assert stats["Old question"].discrimination is None


def test_deleted_questions_are_grouped_by_their_snapshot_text(known):
    quiz, q1, q2, q3 = known

    questions = analyse_quiz(quiz).questions

    assert [q.question_id for q in questions] == [q1.pk, q2.pk, q3.pk, None]
    assert questions[-1].deleted


def test_percent_correct_per_clause(known, clauses):
    quiz, *_ = known

    result = analyse_quiz(quiz)

    assert [
        (c.label, c.questions, c.answers, c.percent_correct) for c in result.clauses
    ] == [
        # q1 2/4, q2 5/8 and the old question 1/2 points: 8/14.
        ("TEL-1 Clause TEL-1", 3, 10, Decimal("57.1")),
        # q2 5/8 and q3 1/4 points: 6/12.
        ("TEL-2 Clause TEL-2", 2, 8, Decimal("50.0")),
    ]


def test_no_graded_attempts_gives_an_empty_analysis():
    result = analyse_quiz(QuizFactory())

    assert (result.attempts, result.questions, result.clauses) == (0, [], [])


def grow(quiz, questions, attempts):
    for n in range(attempts):
        attempt = AttemptFactory(quiz=quiz, percent=Decimal(n % 100))
        for position, question in enumerate(questions):
            answer(attempt, question, position=position, awarded=n % 2)


@pytest.mark.parametrize("attempts", [3, 30])
def test_analysis_takes_four_queries(clauses, django_assert_num_queries, attempts):
    bank = QuestionBankFactory()
    quiz = QuizFactory(bank=bank)
    questions = [
        make_question(bank, kind, clauses=list(clauses))
        for kind in ("single", "multiple", "ordering", "matching", "short_text")
    ]
    grow(quiz, questions, attempts)

    # Attempts, answers, the live questions' text, the clauses.
    with django_assert_num_queries(4):
        result = analyse_quiz(quiz)

    assert result.attempts == attempts
    assert [q.shown for q in result.questions] == [attempts] * 5


# The admin page


@pytest.fixture
def trainer(client):
    user = UserFactory(roles=[roles.TRAINERS])
    client.force_login(user)
    return user


def test_trainer_sees_the_analysis_page(client, trainer, known):
    quiz, q1, *_ = known

    response = client.get(reverse("quiz_authoring:analysis", args=[quiz.pk]))

    assert response.status_code == 200
    assert "Based on 4 graded attempts" in response.text
    assert "How many rings at most?" in response.text
    assert reverse("questions:edit", args=[q1.pk]) in response.text
    assert "62.5%" in response.text
    assert "negative: check this question" in response.text
    assert "How to read discrimination" in response.text


def test_analysis_is_sortable(client, trainer, known):
    quiz, *_ = known
    url = reverse("quiz_authoring:analysis", args=[quiz.pk])

    worst_first = client.get(url, {"sort": "discrimination", "dir": "asc"})
    best_first = client.get(url, {"sort": "correct", "dir": "desc"})
    unknown = client.get(url, {"sort": "drop table"})

    texts = [q.text for q in worst_first.context["analysis"].questions]
    assert texts[0] == "Hours?"
    assert texts[-1] == "Old question"  # no index: always last
    assert best_first.context["analysis"].questions[0].text == "Stages?"
    assert unknown.status_code == 200 and unknown.context["sort"] == "order"


def test_analysis_page_when_nobody_has_finished(client, trainer):
    quiz = QuizFactory()

    response = client.get(reverse("quiz_authoring:analysis", args=[quiz.pk]))

    assert response.status_code == 200
    assert "No graded attempts yet" in response.text


@pytest.mark.parametrize("table", ["questions", "clauses"])
def test_analysis_downloads_as_csv(client, trainer, known, table):
    quiz, *_ = known

    response = client.get(reverse("quiz_authoring:analysis_csv", args=[quiz.pk, table]))

    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    if table == "questions":
        assert rows[0][:3] == ["question", "kind", "deleted"]
        assert rows[3] == [
            "Hours?",
            "short_text",
            "no",
            "4",
            "3",
            "25.0",
            "0.0",
            "100.0",
            "-100.0",
        ]
    else:
        assert rows[1:] == [
            ["TEL-1 Clause TEL-1", "3", "10", "57.1"],
            ["TEL-2 Clause TEL-2", "2", "8", "50.0"],
        ]


def test_unknown_csv_table_is_not_found(client, trainer):
    quiz = QuizFactory()

    url = reverse("quiz_authoring:analysis_csv", args=[quiz.pk, "secrets"])

    assert client.get(url).status_code == 404
