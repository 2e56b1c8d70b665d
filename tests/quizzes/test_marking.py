"""Essays: the marking queue in the admin, marking, and the learner being told."""

from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from quizzes import services
from quizzes.models import Answer, Attempt, QuestionKind
from quizzes.signals import attempt_finished
from tests.factories import PASSWORD, UserFactory
from tests.quizzes import responses
from tests.quizzes.factories import QuestionBankFactory, QuizFactory, make_question

pytestmark = pytest.mark.django_db


@pytest.fixture
def trainer(client):
    user = UserFactory(roles=["Trainers"])
    client.login(username=user.username, password=PASSWORD)
    return user


def essay_quiz(essays=1, title=None, **settings):
    bank = QuestionBankFactory()
    make_question(bank, QuestionKind.SINGLE)
    for n in range(essays):
        make_question(bank, QuestionKind.ESSAY, text=f"Essay {n + 1}: describe it.")
    fields = {"title": title} if title else {}
    return QuizFactory(bank=bank, pass_mark=50, **fields, **settings)


def submitted(quiz, learner=None):
    learner = learner or UserFactory()
    attempt = services.start_attempt(learner, quiz=quiz)
    services.save_answers(
        attempt,
        responses={
            a.position: (responses.right(a.snapshot), None)
            for a in attempt.answers.all()
        },
    )
    return services.submit_attempt(attempt)


def essays_of(attempt):
    return list(attempt.answers.filter(needs_marking=True).order_by("position"))


# The service -----------------------------------------------------------------


@pytest.fixture
def announced():
    """The attempts announced through ``attempt_finished``, in order."""
    sent = []

    def receiver(sender, attempt, **kwargs):
        sent.append(attempt.pk)

    attempt_finished.connect(receiver, dispatch_uid="test_marked")
    yield sent
    attempt_finished.disconnect(dispatch_uid="test_marked")


def test_marking_the_last_essay_makes_the_result_final(
    trainer, announced, django_capture_on_commit_callbacks
):
    attempt = submitted(essay_quiz())
    essay = essays_of(attempt)[0]

    with django_capture_on_commit_callbacks(execute=True):
        marked = services.mark_answer(
            essay, marker=trainer, points="2.5", comment="Good, but no apology."
        )

    assert (marked.points_awarded, marked.is_correct) == (Decimal("2.50"), False)
    assert (marked.marked_by, marked.marker_comment) == (
        trainer,
        "Good, but no apology.",
    )
    assert not marked.needs_marking
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.GRADED
    assert (attempt.score, attempt.max_score) == (Decimal("3.50"), Decimal("5.00"))
    assert (attempt.percent, attempt.passed) == (Decimal("70.00"), True)
    assert attempt.graded_at is not None
    assert len(mail.outbox) == 1
    assert announced == [attempt.pk]
    message = mail.outbox[0]
    assert message.to == [attempt.user.email]
    assert attempt.quiz.title in message.subject
    assert "70%" in message.body
    assert reverse("quizzes:review", args=[attempt.pk]) in message.body


def test_the_result_waits_for_every_essay(trainer, django_capture_on_commit_callbacks):
    attempt = submitted(essay_quiz(essays=2))
    first, second = essays_of(attempt)
    with django_capture_on_commit_callbacks(execute=True):
        services.mark_answer(first, marker=trainer, points=4, comment="Fine.")
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.AWAITING_MARKING
    assert (attempt.percent, attempt.passed) == (None, None)
    assert mail.outbox == []

    with django_capture_on_commit_callbacks(execute=True):
        services.mark_answer(second, marker=trainer, points=0, comment="Missing.")
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.GRADED
    assert attempt.percent == Decimal("55.56")
    assert len(mail.outbox) == 1


def test_full_marks_count_as_correct(trainer):
    essay = essays_of(submitted(essay_quiz()))[0]
    marked = services.mark_answer(essay, marker=trainer, points=4, comment="Perfect.")
    assert marked.is_correct is True


@pytest.mark.parametrize(
    ("points", "comment", "code"),
    [
        ("4.01", "ok", "points"),
        ("-1", "ok", "points"),
        ("many", "ok", "points"),
        ("2", "   ", "comment"),
    ],
)
def test_bad_marks_are_refused(trainer, points, comment, code):
    attempt = submitted(essay_quiz())
    essay = essays_of(attempt)[0]
    with pytest.raises(ValidationError) as excinfo:
        services.mark_answer(essay, marker=trainer, points=points, comment=comment)
    assert excinfo.value.code == code
    essay.refresh_from_db()
    assert essay.needs_marking and essay.points_awarded is None


def test_an_essay_is_marked_once(trainer):
    essay = essays_of(submitted(essay_quiz(essays=2)))[0]
    services.mark_answer(essay, marker=trainer, points=1, comment="First.")
    with pytest.raises(ValidationError) as excinfo:
        services.mark_answer(essay, marker=trainer, points=4, comment="Second.")
    assert excinfo.value.code == "not_awaiting_marking"
    essay.refresh_from_db()
    assert (essay.points_awarded, essay.marker_comment) == (1, "First.")


def test_the_learner_sees_the_mark_and_comment(client, trainer):
    learner = UserFactory()
    attempt = submitted(essay_quiz(), learner)
    services.mark_answer(
        essays_of(attempt)[0], marker=trainer, points=3, comment="Say sorry first."
    )
    client.login(username=learner.username, password=PASSWORD)
    page = client.get(reverse("quizzes:review", args=[attempt.pk])).content.decode()
    assert "Say sorry first." in page
    assert "3 of 4 points" in page
    assert "You passed" in page


# The queue in the admin ------------------------------------------------------


def test_the_queue_lists_essays_oldest_first(client, trainer):
    quiz = essay_quiz()
    first = submitted(quiz)
    second = submitted(quiz)
    response = client.get(reverse("quiz_marking:index"))
    assert response.status_code == 200
    page = response.content.decode()
    urls = [
        reverse("quiz_marking:mark", args=[essays_of(a)[0].pk]) for a in (first, second)
    ]
    assert urls[0] in page and urls[1] in page
    assert page.index(urls[0]) < page.index(urls[1])


def test_the_queue_filters_by_quiz(client, trainer):
    phone = essay_quiz(title="Telephone")
    email = essay_quiz(title="E-mail")
    on_phone, on_email = submitted(phone), submitted(email)
    response = client.get(reverse("quiz_marking:index"), {"quiz": phone.pk})
    page = response.content.decode()
    assert reverse("quiz_marking:mark", args=[essays_of(on_phone)[0].pk]) in page
    assert reverse("quiz_marking:mark", args=[essays_of(on_email)[0].pk]) not in page


def test_the_queue_leaves_out_marked_and_practice_essays(client, trainer):
    marked = submitted(essay_quiz())
    services.mark_answer(essays_of(marked)[0], marker=trainer, points=1, comment="ok")
    practice = submitted(essay_quiz(mode="practice"))
    response = client.get(reverse("quiz_marking:index"))
    assert "Nothing waits for marking." in response.content.decode()
    assert not Answer.objects.filter(attempt=practice, needs_marking=True).exists()


def test_the_queue_needs_the_permission(client):
    learner = UserFactory()
    client.login(username=learner.username, password=PASSWORD)
    submitted(essay_quiz())
    essay = Answer.objects.get(needs_marking=True)
    assert client.get(reverse("quiz_marking:index")).status_code in (302, 403)
    assert client.get(reverse("quiz_marking:mark", args=[essay.pk])).status_code in (
        302,
        403,
    )


def test_admin_users_without_the_permission_get_a_403(client):
    manager = UserFactory(roles=["Managers"])
    client.login(username=manager.username, password=PASSWORD)
    submitted(essay_quiz())
    essay = Answer.objects.get(needs_marking=True)
    assert client.get(reverse("quiz_marking:index")).status_code == 403
    response = client.post(
        reverse("quiz_marking:mark", args=[essay.pk]), {"points": "4", "comment": "x"}
    )
    assert response.status_code == 403
    assert (
        reverse("quiz_marking:index")
        not in client.get(reverse("wagtailadmin_home")).content.decode()
    )
    essay.refresh_from_db()
    assert essay.needs_marking


def test_the_queue_is_in_the_admin_menu_for_trainers(client, trainer):
    page = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("quiz_marking:index") in page


def test_the_queue_keeps_its_query_count(
    client, trainer, django_assert_max_num_queries
):
    quiz = essay_quiz()
    submitted(quiz)
    client.get(reverse("quiz_marking:index"))
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("quiz_marking:index"))
    bound = len(small)  # now: the query log keeps only the last 9,000
    for _ in range(9):
        submitted(essay_quiz())
    client.get(reverse("quiz_marking:index"))  # new content: the site looked up again
    with django_assert_max_num_queries(bound):
        response = client.get(reverse("quiz_marking:index"))
    assert response.context["items_count"] == 10


# Marking in the admin --------------------------------------------------------


def test_the_marking_page_shows_the_essay_and_the_notes(client, trainer):
    attempt = submitted(essay_quiz())
    essay = essays_of(attempt)[0]
    response = client.get(reverse("quiz_marking:mark", args=[essay.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "A considered answer in my own words." in page
    assert "Essay 1: describe it." in page
    assert "Because the standard says so." in page  # the explanation as marking notes


def test_marking_in_the_admin_goes_on_to_the_next_essay(
    client, trainer, django_capture_on_commit_callbacks
):
    first = submitted(essay_quiz())
    second = submitted(essay_quiz())
    essay = essays_of(first)[0]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("quiz_marking:mark", args=[essay.pk]),
            {"points": "3", "comment": "Well done."},
        )
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "quiz_marking:mark", args=[essays_of(second)[0].pk]
    )
    first.refresh_from_db()
    assert first.is_final
    assert len(mail.outbox) == 1


def test_marking_the_last_essay_returns_to_the_empty_queue(client, trainer):
    essay = essays_of(submitted(essay_quiz()))[0]
    response = client.post(
        reverse("quiz_marking:mark", args=[essay.pk]),
        {"points": "4", "comment": "Excellent."},
        follow=True,
    )
    assert "The queue is empty" in response.content.decode()


@pytest.mark.parametrize(
    "data",
    [{"points": "5", "comment": "x"}, {"points": "2"}, {"points": "", "comment": "x"}],
)
def test_a_bad_mark_in_the_admin_is_shown_and_nothing_saved(client, trainer, data):
    essay = essays_of(submitted(essay_quiz()))[0]
    response = client.post(reverse("quiz_marking:mark", args=[essay.pk]), data)
    assert response.status_code == 200
    assert response.context["form"].errors
    essay.refresh_from_db()
    assert essay.needs_marking


def test_an_essay_marked_meanwhile_is_not_marked_again(client, trainer):
    essay = essays_of(submitted(essay_quiz()))[0]
    services.mark_answer(essay, marker=UserFactory(), points=1, comment="First.")
    response = client.post(
        reverse("quiz_marking:mark", args=[essay.pk]), {"points": "4", "comment": "x"}
    )
    assert str(services.NOT_AWAITING_MARKING) in response.content.decode()
    essay.refresh_from_db()
    assert essay.marker_comment == "First."
    follow = client.get(reverse("quiz_marking:mark", args=[essay.pk]))
    assert follow["Location"] == reverse("quiz_marking:index")


def test_unknown_answer_is_a_404(client, trainer):
    assert client.get(reverse("quiz_marking:mark", args=[999])).status_code == 404
