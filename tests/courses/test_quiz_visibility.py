"""Learners open only the quizzes the site has published: a quiz still being
written, or one no published module uses, cannot be seen or practised on."""

import pytest

from quizzes.models import Attempt
from tests.factories import UserFactory, publish_quiz
from tests.quizzes.factories import QuestionFactory, QuizFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def learner(client):
    user = UserFactory()
    client.force_login(user)
    return user


def quiz_with_a_question(**fields):
    quiz = QuizFactory(**fields)
    QuestionFactory(bank=quiz.bank)
    return quiz


def test_a_quiz_no_module_uses_is_hidden_from_learners(client, learner):
    draft = quiz_with_a_question()

    page = client.get(f"/quizzes/{draft.pk}/")
    start = client.post(f"/quizzes/{draft.pk}/start/")

    assert page.status_code == 404
    assert start.status_code == 404
    assert not Attempt.objects.filter(quiz=draft).exists()


def test_a_quiz_on_an_unpublished_module_revision_is_hidden(client, learner):
    quiz = quiz_with_a_question()
    publish_quiz(quiz, publish=False)

    assert client.get(f"/quizzes/{quiz.pk}/").status_code == 404


@pytest.mark.parametrize("practice", [False, True])
def test_a_quiz_of_a_published_module_is_open(client, learner, practice):
    quiz = quiz_with_a_question(mode="practice" if practice else "graded")
    publish_quiz(quiz, practice=practice)

    assert client.get(f"/quizzes/{quiz.pk}/").status_code == 200
    started = client.post(f"/quizzes/{quiz.pk}/start/")
    assert started.status_code == 302
    assert Attempt.objects.filter(quiz=quiz, user=learner).exists()


def test_editors_may_open_a_quiz_before_it_is_published(client):
    client.force_login(UserFactory(roles=["Trainers"]))
    draft = quiz_with_a_question()

    assert client.get(f"/quizzes/{draft.pk}/").status_code == 200
