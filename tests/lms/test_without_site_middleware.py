"""The apps' learner pages need a login of their own, without the example site's
``LoginRequiredMiddleware``: a plugin cannot count on the site having it."""

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from courses.models import ModulePage
from quizzes.models import Attempt
from roleplays import services as roleplay_services
from tests.certification.factories import certified
from tests.factories import UserFactory, lessons_of, make_course, publish_quiz
from tests.quizzes.factories import AttemptFactory, QuizFactory
from tests.roleplays.scripts import make_roleplay

pytestmark = pytest.mark.django_db

SITE_MIDDLEWARE = "lms.middleware.LoginRequiredMiddleware"


@pytest.fixture(autouse=True)
def _without_site_login(settings):
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if m != SITE_MIDDLEWARE]


def assert_sent_to_login(response, url):
    assert response.status_code == 302, url
    login = reverse(django_settings.LOGIN_URL)
    assert response["Location"].startswith(f"{login}?next="), url


def test_the_site_middleware_is_really_gone():
    assert SITE_MIDDLEWARE not in django_settings.MIDDLEWARE


def test_anonymous_visitors_are_sent_to_log_in(client):
    course = make_course(modules=1, lessons=1)
    module = ModulePage.objects.child_of(course).get()
    lesson = lessons_of(course)[0]
    quiz = QuizFactory()
    publish_quiz(quiz)
    attempt = AttemptFactory(quiz=quiz, status=Attempt.Status.IN_PROGRESS)
    roleplay = make_roleplay()
    run = roleplay_services.start_run(UserFactory(), page=roleplay)
    certificate = certified()

    pages = [
        reverse("certification:my_readiness"),
        "/training/",
        course.url,
        module.url,
        lesson.url,
        roleplay.url,
        reverse("quizzes:quiz", args=[quiz.pk]),
        reverse("quizzes:preview", args=[quiz.pk]),
        reverse("quizzes:take", args=[attempt.pk]),
        reverse("quizzes:review", args=[attempt.pk]),
        reverse("roleplays:run", args=[run.pk]),
        reverse("certification:download", args=[certificate.code]),
    ]
    for url in pages:
        assert_sent_to_login(client.get(url), url)

    posts = [
        reverse("quizzes:start", args=[quiz.pk]),
        reverse("quizzes:answer", args=[attempt.pk]),
        reverse("quizzes:submit", args=[attempt.pk]),
        reverse("courses:complete_lesson", args=[lesson.pk]),
        reverse("courses:check_practice", args=[lesson.pk, "block"]),
        reverse("roleplays:start", args=[roleplay.pk]),
        reverse("roleplays:answer", args=[run.pk]),
    ]
    for url in posts:
        assert_sent_to_login(client.post(url), url)


def test_the_verify_pages_still_answer_anyone(client):
    certificate = certified()

    assert client.get(reverse("certification:verify_form")).status_code == 200
    page = client.get(reverse("certification:verify", args=[certificate.code]))
    assert page.status_code == 200
    assert page.context["certificate"]["code"] == certificate.code
    data = client.get(reverse("certification:verify_json", args=[certificate.code]))
    assert data.json()["status"] == "valid"
