"""Every demo quiz, played through the learner's pages with the right answers.

Only the demo's quizzes are loaded (their files, through the bank import): the
answers must be right for the real questions, so a small file would not do.
"""

from decimal import Decimal

import pytest
from django.urls import reverse

from lms.demo.quizzes import load_quizzes, read_quiz_settings
from quizzes import services
from quizzes.models import Attempt, Quiz
from tests.factories import UserFactory
from tests.quizzes import responses

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_quizzes():
    load_quizzes()
    return list(Quiz.objects.order_by("pk"))


def test_a_learner_passes_every_demo_quiz_with_the_right_answers(client, demo_quizzes):
    learner, trainer = UserFactory(), UserFactory(roles=["Trainers"])
    client.force_login(learner)
    # The module quizzes and the practice quiz.
    assert len(demo_quizzes) == len(read_quiz_settings()["quizzes"]) + 1

    for quiz in demo_quizzes:
        attempt = play(client, quiz)
        for answer in attempt.answers.filter(needs_marking=True):
            points = Decimal(str(answer.snapshot.get("points") or 1))
            services.mark_answer(answer, marker=trainer, points=points, comment="Good.")
        attempt.refresh_from_db()

        assert attempt.status != Attempt.Status.IN_PROGRESS, quiz.title
        assert attempt.percent == 100, quiz.title
        # A practice quiz has no pass mark: it only reports the score.
        assert attempt.passed is (None if attempt.practice else True), quiz.title


def play(client, quiz) -> Attempt:
    """Start, answer every drawn question through autosave, then submit."""
    started = client.post(reverse("quizzes:start", args=[quiz.pk]))
    assert started.status_code == 302, quiz.title
    attempt = Attempt.objects.filter(quiz=quiz).latest("pk")
    assert attempt.answers.count() >= 1
    for answer in attempt.answers.all():
        fields = responses.form_data(
            answer.snapshot, responses.right(answer.snapshot), answer.position
        )
        saved = client.post(
            reverse("quizzes:answer", args=[attempt.pk]),
            {"position": answer.position, **fields},
            HTTP_ACCEPT="application/json",
        )
        assert saved.status_code == 200, (quiz.title, saved.content)
        assert saved.json()["answered"], (quiz.title, answer.snapshot["text"])
    submitted = client.post(reverse("quizzes:submit", args=[attempt.pk]))
    assert submitted.status_code in (200, 302), quiz.title
    attempt.refresh_from_db()
    return attempt
