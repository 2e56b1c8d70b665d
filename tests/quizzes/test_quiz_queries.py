"""Taking a quiz uses no more queries with 20 questions than with 5."""

import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from quizzes.models import Attempt, QuestionKind
from tests.factories import PASSWORD, UserFactory
from tests.quizzes import responses
from tests.quizzes.factories import QuestionBankFactory, QuizFactory, make_question

pytestmark = pytest.mark.django_db
CEILING = 25  # whatever the size, one request stays well within this
PAGE_CEILING = 10  # and a page a learner looks at (a GET) makes at most this many
PAGES = ["landing", "take", "review"]
STEPS = ["landing", "start", "take", "autosave", "save_page", "submit", "review"]


def quiz_with(count, **settings):
    bank = QuestionBankFactory()
    for kind in itertools.islice(itertools.cycle(QuestionKind.values), count):
        make_question(bank, kind)
    return QuizFactory(bank=bank, **settings)


def walk_through(client, quiz):
    """Take ``quiz`` from start to result; yield (step name, request) pairs."""
    yield "landing", lambda: client.get(reverse("quizzes:quiz", args=[quiz.pk]))
    yield "start", lambda: client.post(reverse("quizzes:start", args=[quiz.pk]))
    attempt = Attempt.objects.filter(quiz=quiz).latest("pk")
    answers = list(attempt.answers.all())
    take = reverse("quizzes:take", args=[attempt.pk])
    yield "take", lambda: client.get(take)
    first = answers[0]
    fields = responses.form_data(
        first.snapshot, responses.right(first.snapshot), first.position
    )
    yield (
        "autosave",
        lambda: client.post(
            reverse("quizzes:answer", args=[attempt.pk]),
            {"position": first.position, **fields},
            HTTP_ACCEPT="application/json",
        ),
    )
    page = {"positions": [str(a.position) for a in answers], "action": "save"}
    for answer in answers:
        page.update(
            responses.form_data(
                answer.snapshot, responses.right(answer.snapshot), answer.position
            )
        )
    yield "save_page", lambda: client.post(take, page)
    yield "submit", lambda: client.post(reverse("quizzes:submit", args=[attempt.pk]))
    yield "review", lambda: client.get(reverse("quizzes:review", args=[attempt.pk]))


def login(client, quiz):
    user = UserFactory()
    client.login(username=user.username, password=PASSWORD)
    # The session's first request is not what we measure.
    client.get(reverse("quizzes:quiz", args=[quiz.pk]))


@pytest.mark.parametrize(
    "quiz_settings", [{}, {"time_limit_minutes": 30, "feedback": "immediate"}]
)
def test_queries_do_not_grow_with_the_number_of_questions(
    client, django_assert_max_num_queries, quiz_settings
):
    small = quiz_with(5, **quiz_settings)
    login(client, small)
    counts = {}
    for step, request in walk_through(client, small):
        with CaptureQueriesContext(connection) as queries:
            response = request()
        assert response.status_code in (200, 302), step
        counts[step] = len(queries)
    assert list(counts) == STEPS
    assert max(counts.values()) <= CEILING, counts
    assert max(counts[step] for step in PAGES) <= PAGE_CEILING, counts

    large = quiz_with(20, **quiz_settings)
    login(client, large)
    for step, request in walk_through(client, large):
        with django_assert_max_num_queries(counts[step]):
            response = request()
        assert response.status_code in (200, 302), step


def test_the_attempt_really_holds_twenty_questions(client):
    quiz = quiz_with(20)
    login(client, quiz)
    client.post(reverse("quizzes:start", args=[quiz.pk]))
    assert Attempt.objects.get(quiz=quiz).answers.count() == 20
