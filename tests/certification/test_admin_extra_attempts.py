"""HR and trainers grant extra attempts to a learner out of attempts at a quiz;
the grant is in the record's history and the learner's pages follow it."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from certification.models import Cause, CertificationRecord
from certification.services import EXTRA_OUT_OF_RANGE, REASON_REQUIRED
from courses.models import ModulePage
from people import roles
from quizzes import services as quiz_services
from quizzes.models import Attempt, AttemptAllowance, QuestionKind
from tests.factories import StaffProfileFactory, UserFactory, make_course
from tests.quizzes.factories import QuestionBankFactory, QuizFactory, make_question

pytestmark = pytest.mark.django_db

REASON = "Was called to the shop floor during both attempts."


@pytest.fixture
def course():
    return make_course("Service basics", modules=1, lessons=1)


@pytest.fixture
def quiz(course):
    bank = QuestionBankFactory()
    make_question(bank, QuestionKind.SINGLE)
    quiz = QuizFactory(title="Greeting quiz", bank=bank, attempt_limit=2)
    module = ModulePage.objects.child_of(course).get()
    module.quiz = quiz
    module.save_revision().publish()
    return quiz


@pytest.fixture
def manager():
    return StaffProfileFactory(user=UserFactory(roles=[roles.MANAGERS]))


@pytest.fixture
def learner(manager):
    return StaffProfileFactory(
        manager=manager, user__first_name="Anna", user__last_name="Berg"
    ).user


@pytest.fixture
def record(learner, course):
    return CertificationRecord.objects.create(user=learner, course=course)


@pytest.fixture
def hr_user():
    return UserFactory(roles=[roles.HR], first_name="Helga", last_name="Rasa")


def fail_attempt(user, quiz):
    """Start and submit an attempt with nothing answered: a fail."""
    return quiz_services.submit_attempt(quiz_services.start_attempt(user, quiz=quiz))


@pytest.fixture
def out_of_attempts(learner, quiz, record):
    return [fail_attempt(learner, quiz) for _ in range(quiz.attempt_limit)]


def grant_url(record, quiz):
    return reverse("certification_records:extra_attempts", args=[record.pk, quiz.pk])


def inspect_url(record):
    return reverse("certification_records:inspect", args=[record.pk])


def quiz_page(client, quiz):
    return client.get(reverse("quizzes:quiz", args=[quiz.pk])).text


def test_hr_grants_extra_attempts_and_the_history_shows_who_and_why(
    client, hr_user, record, quiz, out_of_attempts
):
    client.force_login(hr_user)

    before = client.get(inspect_url(record)).text
    form = client.get(grant_url(record, quiz))
    response = client.post(grant_url(record, quiz), {"extra": "2", "reason": REASON})

    assert "Quizzes out of attempts" in before
    assert grant_url(record, quiz) in before
    assert form.status_code == 200
    assert "2 of 2" in form.text
    assert response.status_code == 302
    assert response["Location"] == inspect_url(record)
    allowance = AttemptAllowance.objects.get()
    assert (allowance.user, allowance.quiz, allowance.extra) == (
        record.user,
        quiz,
        2,
    )
    assert (allowance.granted_by, allowance.reason) == (hr_user, REASON)
    event = record.events.get()
    assert event.actor == hr_user
    assert (event.cause, event.reason) == (Cause.EXTRA_ATTEMPTS, REASON)
    assert event.details == {"count": 2, "quiz": "Greeting quiz"}
    after = client.get(inspect_url(record)).text
    assert escape("2 extra attempts at “Greeting quiz” granted.") in after
    assert "Helga Rasa" in after
    assert escape(REASON) in after
    assert grant_url(record, quiz) not in after


def test_a_trainer_who_edits_the_quiz_grants_extra_attempts(
    client, record, quiz, out_of_attempts
):
    trainer = UserFactory(roles=[roles.TRAINERS])
    client.force_login(trainer)

    response = client.post(grant_url(record, quiz), {"extra": "1", "reason": REASON})

    assert response.status_code == 302
    assert record.events.get().actor == trainer
    assert AttemptAllowance.objects.get().granted_by == trainer


def test_a_manager_sees_the_quiz_out_of_attempts_but_cannot_grant(
    client, manager, record, quiz, out_of_attempts
):
    client.force_login(manager.user)

    page = client.get(inspect_url(record))
    form = client.get(grant_url(record, quiz))
    posted = client.post(grant_url(record, quiz), {"extra": "1", "reason": REASON})

    assert page.status_code == 200
    assert "Greeting quiz" in page.text
    assert grant_url(record, quiz) not in page.text
    assert form.status_code == posted.status_code == 403
    assert not AttemptAllowance.objects.exists()
    assert not record.events.exists()


def test_a_learner_cannot_grant_themselves_extra_attempts(
    client, learner, record, quiz, out_of_attempts
):
    client.force_login(learner)

    response = client.post(grant_url(record, quiz), {"extra": "5", "reason": REASON})

    assert response.status_code in (302, 403)
    assert not response.get("Location", "").startswith(inspect_url(record))
    assert not AttemptAllowance.objects.exists()
    assert quiz_services.availability(learner, quiz=quiz).out_of_attempts


@pytest.mark.parametrize(
    ("extra", "reason", "field", "message"),
    [
        ("0", REASON, "extra", EXTRA_OUT_OF_RANGE % {"max": 10}),
        ("11", REASON, "extra", EXTRA_OUT_OF_RANGE % {"max": 10}),
        ("many", REASON, "extra", "Enter a whole number."),
        ("1", "   ", "reason", str(REASON_REQUIRED)),
    ],
)
def test_bad_input_is_a_form_error(
    client, hr_user, record, quiz, out_of_attempts, extra, reason, field, message
):
    client.force_login(hr_user)

    response = client.post(grant_url(record, quiz), {"extra": extra, "reason": reason})

    assert response.status_code == 200
    assert response.context["form"].errors[field] == [str(message)]
    assert not AttemptAllowance.objects.exists()


def test_a_quiz_of_another_course_cannot_be_granted(client, hr_user, record):
    other = QuizFactory(attempt_limit=1)
    client.force_login(hr_user)

    response = client.post(grant_url(record, other), {"extra": "1", "reason": REASON})

    assert response.status_code == 404
    assert not AttemptAllowance.objects.exists()


def test_the_learner_is_told_who_can_help_then_may_start_again(
    client, hr_user, learner, record, quiz, out_of_attempts
):
    start_url = reverse("quizzes:start", args=[quiz.pk])
    client.force_login(learner)
    landing = quiz_page(client, quiz)
    result = client.get(reverse("quizzes:review", args=[out_of_attempts[-1].pk])).text
    refused = client.post(start_url, follow=True).text

    for page in (landing, result, refused):
        assert escape(str(quiz_services.NO_ATTEMPTS_LEFT)) in page
        assert "your trainer or HR" in page
        assert "try again" not in page.lower()
    assert start_url not in landing
    assert Attempt.objects.count() == 2

    client.force_login(hr_user)
    client.post(grant_url(record, quiz), {"extra": "1", "reason": REASON})
    client.force_login(learner)
    granted = quiz_page(client, quiz)
    started = client.post(start_url)

    assert escape(str(quiz_services.NO_ATTEMPTS_LEFT)) not in granted
    assert start_url in granted
    assert "Start a new attempt" in granted
    assert "3 attempts allowed" in granted
    assert "1 attempt left." in granted
    assert started.status_code == 302
    attempt = Attempt.objects.get(number=3)
    assert started["Location"] == reverse("quizzes:take", args=[attempt.pk])


def test_extra_attempts_are_counted_exactly(
    client, hr_user, learner, record, quiz, out_of_attempts
):
    client.force_login(hr_user)
    client.post(grant_url(record, quiz), {"extra": "1", "reason": REASON})
    client.post(grant_url(record, quiz), {"extra": "2", "reason": "And two more."})
    start_url = reverse("quizzes:start", args=[quiz.pk])
    client.force_login(learner)

    for _ in range(3):
        assert client.post(start_url).status_code == 302
        attempt = Attempt.objects.latest("number")
        client.post(reverse("quizzes:submit", args=[attempt.pk]))
    refused = client.post(start_url, follow=True).text

    assert Attempt.objects.filter(user=learner, quiz=quiz).count() == 5
    assert escape(str(quiz_services.NO_ATTEMPTS_LEFT)) in refused
    assert record.events.count() == 2
    state = quiz_services.availability(learner, quiz=quiz)
    assert (state.used, state.limit, state.attempts_left) == (5, 5, 0)


def test_extra_attempts_count_only_for_that_learner(
    client, hr_user, learner, record, quiz, out_of_attempts
):
    colleague = StaffProfileFactory().user
    for _ in range(2):
        fail_attempt(colleague, quiz)
    client.force_login(hr_user)
    client.post(grant_url(record, quiz), {"extra": "1", "reason": REASON})

    assert quiz_services.availability(learner, quiz=quiz).can_start
    assert not quiz_services.availability(colleague, quiz=quiz).can_start
