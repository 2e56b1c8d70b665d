"""Pages with someone's records are never kept by a shared cache or the browser:
``Cache-Control: private, no-store`` on every page a logged-in person gets and
on every API response; the public verify page stays cacheable."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from wagtail.models import APIToken

from courses.models import ModulePage
from lms.middleware import PrivateCacheMiddleware
from people import roles
from quizzes import services as quiz_services
from quizzes.scoring import full_marks_response
from tests.certification.factories import certified
from tests.factories import (
    StaffProfileFactory,
    UserFactory,
    lessons_of,
    make_course,
    publish_quiz,
)
from tests.quizzes.factories import QuestionBankFactory, QuizFactory, make_question
from tests.roleplays.scripts import make_roleplay

pytestmark = pytest.mark.django_db


def never_stored(response) -> bool:
    directives = {
        part.strip().split("=")[0]
        for part in response.get("Cache-Control", "").lower().split(",")
    }
    return {"private", "no-store"} <= directives


@pytest.fixture
def learner():
    return StaffProfileFactory(employee_id="E100").user


@pytest.fixture
def course():
    return make_course("Service standard", modules=1, lessons=1)


@pytest.fixture
def attempt(learner):
    bank = QuestionBankFactory()
    make_question(bank, "single")
    quiz = QuizFactory(bank=bank)
    publish_quiz(quiz)
    attempt = quiz_services.start_attempt(learner, quiz=quiz)
    quiz_services.save_answers(
        attempt,
        responses={
            answer.position: (full_marks_response(answer.snapshot), None)
            for answer in attempt.answers.all()
        },
    )
    return quiz_services.submit_attempt(attempt)


def learner_urls(client, learner, course, attempt):
    """Every kind of page that shows the learner's own training."""
    lesson = lessons_of(course)[0]
    module = ModulePage.objects.child_of(course).get()
    roleplay = make_roleplay(module)
    started = client.post(reverse("roleplays:start", args=[roleplay.pk]))
    certificate = certified(learner, course)
    return [
        "/training/me/",
        "/training/",
        course.url,
        module.url,
        lesson.url,
        roleplay.url,
        started["Location"],
        reverse("quizzes:quiz", args=[attempt.quiz_id]),
        reverse("quizzes:review", args=[attempt.pk]),
        reverse("certification:download", args=[certificate.code]),
        reverse("certification:verify", args=[certificate.code]),
    ]


def test_every_page_of_a_learners_training_is_never_stored(
    client, learner, course, attempt
):
    client.force_login(learner)
    for url in learner_urls(client, learner, course, attempt):
        response = client.get(url)
        assert response.status_code == 200, url
        assert never_stored(response), (url, response.get("Cache-Control"))


def test_a_quiz_being_taken_and_its_autosave_are_never_stored(client, learner):
    bank = QuestionBankFactory()
    make_question(bank, "single")
    quiz = QuizFactory(bank=bank)
    publish_quiz(quiz)
    client.force_login(learner)
    client.post(reverse("quizzes:start", args=[quiz.pk]))
    attempt = quiz.attempts.get()

    take = client.get(reverse("quizzes:take", args=[attempt.pk]))
    saved = client.post(
        reverse("quizzes:answer", args=[attempt.pk]),
        {"position": 1},
        HTTP_ACCEPT="application/json",
    )

    assert take.status_code == 200 and never_stored(take)
    assert never_stored(saved)


def test_a_managers_view_of_a_person_is_never_stored(client):
    manager = StaffProfileFactory(user=UserFactory(roles=[roles.MANAGERS]))
    report = StaffProfileFactory(manager=manager)
    client.force_login(manager.user)

    response = client.get(reverse("staff:inspect", args=[report.pk]))

    assert response.status_code == 200
    assert never_stored(response)


def test_every_api_response_is_never_stored(client, learner):
    hr = UserFactory(roles=[roles.HR])
    _token, plaintext = APIToken.create_token(user=hr, name="HR system")
    bearer = {"Authorization": f"Bearer {plaintext}"}

    anonymous = client.get("/api/v1/readiness")
    by_token = client.get("/api/v1/readiness", headers=bearer)
    person = client.get("/api/v1/people/E100/readiness", headers=bearer)
    client.force_login(learner)
    own = client.get("/api/v1/me/readiness")

    assert [r.status_code for r in (anonymous, by_token, person, own)] == [
        401,
        200,
        200,
        200,
    ]
    for response in (anonymous, by_token, person, own):
        assert never_stored(response), response.request["PATH_INFO"]


def test_the_public_verify_page_stays_cacheable(client, course):
    certificate = certified(course=course)

    page = client.get(reverse("certification:verify", args=[certificate.code]))
    data = client.get(reverse("certification:verify_json", args=[certificate.code]))

    assert page.status_code == data.status_code == 200
    assert "Cache-Control" not in page
    assert "Cache-Control" not in data


def test_static_files_and_a_views_own_cache_control_are_left_alone(learner):
    def view(request):
        if request.path.startswith("/static/"):
            return HttpResponse("body { color: black }")
        response = HttpResponse("chart")
        response["Cache-Control"] = "private, max-age=60"
        return response

    middleware = PrivateCacheMiddleware(view)
    static = RequestFactory().get("/static/training/training.css")
    own = RequestFactory().get("/training/me/")
    static.user = own.user = learner

    assert "Cache-Control" not in middleware(static)
    assert middleware(own)["Cache-Control"] == "private, max-age=60"
