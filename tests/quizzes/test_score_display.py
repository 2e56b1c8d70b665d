"""Scores are shown rounded, never cut off: 6.666… of 12 reads "6.67 of 12", 55.6 %."""

import pytest
from django.core import mail
from django.urls import reverse

from quizzes import services
from quizzes.models import QuestionKind
from tests.factories import PASSWORD, UserFactory
from tests.quizzes import responses
from tests.quizzes.factories import QuestionBankFactory, QuizFactory, make_question

pytestmark = pytest.mark.django_db


@pytest.fixture
def marked(django_capture_on_commit_callbacks):
    """1 point right, and an essay marked 5.666 of 11: 6.67 of 12, 55.58 %."""
    bank = QuestionBankFactory()
    make_question(bank, QuestionKind.SINGLE, points=1)
    make_question(bank, QuestionKind.ESSAY, points=11)
    quiz = QuizFactory(bank=bank, pass_mark=50)
    learner = UserFactory()
    attempt = services.start_attempt(learner, quiz=quiz)
    services.save_answers(
        attempt,
        responses={
            a.position: (responses.right(a.snapshot), None)
            for a in attempt.answers.all()
        },
    )
    attempt = services.submit_attempt(attempt)
    essay = attempt.answers.get(needs_marking=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.mark_answer(
            essay,
            marker=UserFactory(roles=["Trainers"]),
            points="5.666",
            comment="Clear, but no apology.",
        )
    attempt.refresh_from_db()
    return attempt


def test_a_third_of_a_point_is_rounded_in_the_stored_result(marked):
    assert str(marked.score) == "6.67"
    assert str(marked.percent) == "55.58"


def test_the_review_page_shows_the_rounded_score_and_percent(client, marked):
    client.login(username=marked.user.username, password=PASSWORD)

    page = client.get(reverse("quizzes:review", args=[marked.pk])).content.decode()

    assert "6.67 of 12 points" in page
    assert "55.6%" in page
    assert "55.5%" not in page


def test_the_marked_email_shows_the_rounded_percent(marked):
    body = mail.outbox[-1].body

    assert "Your result: 55.6%" in body
