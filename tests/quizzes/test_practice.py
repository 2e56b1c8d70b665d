"""Practice mode: ungraded, a confidence rating per answer, a calibration summary."""

import pytest
from django.urls import reverse

from quizzes import services
from quizzes.models import Answer, Attempt, QuestionKind
from tests.factories import PASSWORD, UserFactory
from tests.quizzes import responses
from tests.quizzes.factories import QuestionBankFactory, QuizFactory, make_question

pytestmark = pytest.mark.django_db


@pytest.fixture
def learner(client):
    user = UserFactory()
    client.login(username=user.username, password=PASSWORD)
    return user


def practice_quiz(*kinds, **settings):
    bank = QuestionBankFactory()
    for kind in kinds:
        make_question(bank, kind)
    return QuizFactory(bank=bank, mode="practice", **settings)


def start(client, quiz):
    client.post(reverse("quizzes:start", args=[quiz.pk]))
    return Attempt.objects.latest("pk")


def autosave(client, attempt, answer, build, confidence):
    fields = responses.form_data(
        answer.snapshot, build(answer.snapshot), answer.position
    )
    if confidence is not None:
        fields[f"q{answer.position}-confidence"] = str(confidence)
    return client.post(
        reverse("quizzes:answer", args=[attempt.pk]),
        {"position": answer.position, **fields},
        HTTP_ACCEPT="application/json",
    )


def test_landing_page_says_practice_is_not_graded(client, learner):
    quiz = practice_quiz(QuestionKind.SINGLE)
    page = client.get(reverse("quizzes:quiz", args=[quiz.pk])).content.decode()
    assert "not graded" in page
    assert "Pass mark" not in page


def test_each_question_asks_how_sure_the_learner_is(client, learner):
    attempt = start(client, practice_quiz(QuestionKind.SINGLE, QuestionKind.ORDERING))
    page = client.get(reverse("quizzes:take", args=[attempt.pk])).content.decode()
    assert page.count("How sure are you?") == 2
    for label in ("Guessing", "Fairly sure", "Sure"):
        assert label in page


def test_graded_quizzes_do_not_ask_for_confidence(client, learner):
    bank = QuestionBankFactory()
    make_question(bank, QuestionKind.SINGLE)
    attempt = start(client, QuizFactory(bank=bank))
    page = client.get(reverse("quizzes:take", args=[attempt.pk])).content.decode()
    assert "How sure are you?" not in page


def test_confidence_is_saved_with_the_answer(client, learner):
    attempt = start(client, practice_quiz(QuestionKind.SINGLE))
    answer = attempt.answers.get()
    response = autosave(client, attempt, answer, responses.right, 2)
    assert response.status_code == 200
    answer.refresh_from_db()
    assert answer.confidence == Answer.Confidence.UNSURE


@pytest.mark.parametrize("confidence", ["7", "0", "sure"])
def test_an_unknown_confidence_is_refused(client, learner, confidence):
    attempt = start(client, practice_quiz(QuestionKind.SINGLE))
    answer = attempt.answers.get()
    response = autosave(client, attempt, answer, responses.right, confidence)
    assert response.status_code == 400
    assert str(services.BAD_CONFIDENCE) in response.json()["error"]
    assert Answer.objects.get(pk=answer.pk).response is None


def test_calibration_summary_at_the_end(client, learner):
    quiz = practice_quiz(
        QuestionKind.SINGLE,
        QuestionKind.TRUE_FALSE,
        QuestionKind.SHORT_TEXT,
        QuestionKind.MULTIPLE,
        QuestionKind.ESSAY,
    )
    attempt = start(client, quiz)
    plan = {
        "single": (responses.right, 3),  # right and sure
        "true_false": (responses.right, 1),  # right but unsure
        "short_text": (responses.wrong, 3),  # wrong and sure
        "multiple": (responses.wrong, 2),  # wrong and unsure
        "essay": (responses.right, 3),  # not scored in practice
    }
    for answer in attempt.answers.all():
        build, confidence = plan[answer.snapshot["kind"]]
        autosave(client, attempt, answer, build, confidence)

    client.post(reverse("quizzes:submit", args=[attempt.pk]))
    response = client.get(reverse("quizzes:review", args=[attempt.pk]))

    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.GRADED
    assert attempt.passed is None
    calibration = response.context["calibration"]
    number = {a.snapshot["kind"]: a.position + 1 for a in attempt.answers.all()}
    assert calibration.right_and_sure == (number["single"],)
    assert calibration.right_but_unsure == (number["true_false"],)
    assert calibration.wrong_and_sure == (number["short_text"],)
    assert calibration.wrong_and_unsure == (number["multiple"],)
    page = response.content.decode()
    assert "Practice finished" in page
    assert "Wrong and sure" in page
    assert "Right answers by how sure you were" in page
    assert "You passed" not in page and "Not passed" not in page


def test_practice_essays_never_wait_for_a_trainer(client, learner):
    attempt = start(client, practice_quiz(QuestionKind.ESSAY))
    autosave(client, attempt, attempt.answers.get(), responses.right, 3)
    client.post(reverse("quizzes:submit", args=[attempt.pk]))
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.GRADED
    assert not Answer.objects.filter(needs_marking=True).exists()


def test_practice_attempts_never_count_as_a_result(client, learner):
    quiz = practice_quiz(QuestionKind.SINGLE)
    attempt = start(client, quiz)
    autosave(client, attempt, attempt.answers.get(), responses.right, 3)
    client.post(reverse("quizzes:submit", args=[attempt.pk]))
    assert services.counting_attempt(learner, quiz=quiz) is None


def test_without_ratings_there_is_no_summary_to_show(client, learner):
    attempt = start(client, practice_quiz(QuestionKind.SINGLE))
    autosave(client, attempt, attempt.answers.get(), responses.right, None)
    client.post(reverse("quizzes:submit", args=[attempt.pk]))
    page = client.get(reverse("quizzes:review", args=[attempt.pk])).content.decode()
    assert "You did not rate how sure you were" in page
