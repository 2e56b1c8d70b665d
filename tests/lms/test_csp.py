"""The Content-Security-Policy: the site runs only its own script files and takes
no inline style; the Wagtail admin has a policy of its own."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from courses.models import ModulePage
from quizzes.models import Attempt
from tests.certification.factories import certified
from tests.factories import (
    StaffProfileFactory,
    UserFactory,
    lessons_of,
    make_course,
    publish_quiz,
    read_lesson,
)
from tests.quizzes.factories import QuestionBankFactory, QuizFactory, make_question
from tests.roleplays.scripts import make_roleplay

pytestmark = pytest.mark.django_db


def policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


class InlineCode(HTMLParser):
    """What a strict policy would refuse in a page: inline scripts, event handler
    attributes, javascript: links and style attributes or elements."""

    def __init__(self):
        super().__init__()
        self.found = []
        self._script = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name, value in attrs.items():
            if name.startswith("on") or name == "style":
                self.found.append(f"<{tag} {name}=...>")
            if (value or "").strip().lower().startswith("javascript:"):
                self.found.append(f"<{tag} {name}={value}>")
        if tag == "style":
            self.found.append("<style>")
        if tag == "script" and "src" not in attrs:
            self._script = attrs.get("type", "")

    def handle_data(self, data):
        runs = self._script not in {None, "application/json", "application/ld+json"}
        if runs and data.strip():
            self.found.append(f"<script>{data.strip()[:40]}")

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = None


def inline_code(response) -> list[str]:
    parser = InlineCode()
    parser.feed(response.content.decode())
    return parser.found


@pytest.fixture
def learner(client):
    user = StaffProfileFactory().user
    client.force_login(user)
    return user


def finished_roleplay(client, module) -> str:
    roleplay = make_roleplay(module)
    run_url = client.post(reverse("roleplays:start", args=[roleplay.pk]))["Location"]
    for step, reply in [("greeting", "apologise"), ("offer", "own")]:
        client.post(run_url + "answer/", {"step": step, "reply": reply})
    return run_url


def test_the_site_runs_no_inline_script_and_no_inline_style(client, learner):
    course = make_course("Service standard", modules=1, lessons=2)
    lesson = lessons_of(course)[0]
    read_lesson(learner, lesson, course)
    module = ModulePage.objects.child_of(course).get()
    bank = QuestionBankFactory()
    make_question(bank, "single")
    quiz = QuizFactory(bank=bank)
    publish_quiz(quiz)
    client.post(reverse("quizzes:start", args=[quiz.pk]))
    attempt = Attempt.objects.get(quiz=quiz)
    certificate = certified(learner, course)
    urls = [
        "/training/me/",
        "/training/",
        course.url,
        module.url,
        lesson.url,
        reverse("quizzes:take", args=[attempt.pk]),
        finished_roleplay(client, module),
        reverse("certification:verify", args=[certificate.code]),
    ]

    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert inline_code(response) == [], url
        directives = policy(response)
        assert directives["script-src"] == ["'self'"], url
        assert directives["style-src"] == ["'self'"], url


def test_the_site_policy_refuses_everything_else(client):
    response = client.get(reverse("login"))

    directives = policy(response)
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["img-src"] == ["'self'", "data:"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'self'"]
    assert directives["form-action"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'self'"]
    assert inline_code(response) == []


def test_the_public_verify_page_has_the_site_policy(client):
    certificate = certified()

    response = client.get(reverse("certification:verify", args=[certificate.code]))

    assert policy(response)["script-src"] == ["'self'"]
    assert inline_code(response) == []


def test_the_admin_has_a_policy_of_its_own(client):
    login = client.get("/admin/login/")
    client.force_login(UserFactory(is_superuser=True))
    dashboard = client.get("/admin/")

    for response in (login, dashboard):
        assert response.status_code == 200
        directives = policy(response)
        assert "'unsafe-inline'" in directives["script-src"]
        assert "'unsafe-eval'" not in directives["script-src"]
        assert directives["object-src"] == ["'none'"]
        assert directives["frame-ancestors"] == ["'self'"]
        assert directives["form-action"] == ["'self'"]


def test_the_api_docs_run_without_inline_script(client, learner):
    response = client.get("/api/v1/docs")

    assert response.status_code == 200
    assert policy(response)["script-src"] == ["'self'"]
    assert inline_code(response) == []
