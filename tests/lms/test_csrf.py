"""Every POST the site accepts needs its CSRF token.

No view is exempt from Django's check except those that make it themselves (each
with its reason below), and a POST without the token, to any address the URL
configuration has, is refused and changes nothing. The addresses are read from
the URL configuration, so a new view is covered the day it is added.
"""

import re
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.urls import URLResolver, get_resolver
from django.urls.resolvers import RoutePattern
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from wagtail.models import Page

from courses.models import LessonCompletion
from quizzes import services as quiz_services
from quizzes.models import Attempt, QuestionKind
from reports.api import api
from roleplays import services as roleplay_services
from roleplays.models import RolePlayRun
from tests.certification.factories import certified
from tests.factories import UserFactory, lessons_of, make_course
from tests.quizzes.factories import QuestionBankFactory, QuizFactory, make_question
from tests.roleplays.scripts import make_roleplay

pytestmark = pytest.mark.django_db

# Views exempt from Django's CSRF check, by the module that makes them, and why.
CHECK_IT_THEMSELVES = {
    "ninja.": (
        "The API (django-ninja): its session authentication checks the CSRF token "
        "of every write itself; a bearer token needs none."
    ),
    "wagtail.admin.api.": (
        "Wagtail's admin API (Django REST framework): its SessionAuthentication "
        "checks the token of every unsafe method."
    ),
    "wagtail.documents.api.admin.": "As Wagtail's admin API.",
    "wagtail.images.api.admin.": "As Wagtail's admin API.",
    "wagtail_localize.views.edit_translation": (
        "wagtail-localize's translation editor (Django REST framework views with "
        "SessionAuthentication, which checks the token of every unsafe method)."
    ),
    "wagtail_localize.views.snippets_api": (
        "wagtail-localize's read-only snippet chooser API (Django REST framework)."
    ),
}
# Django's auth views: the learner's own forms, outside any app namespace.
AUTH_FORMS = {
    "login",
    "logout",
    "password_change",
    "password_reset",
    "password_reset_confirm",
}
FRONT_END = ("courses", "roleplays", "quizzes", "certification")
UNSAFE = ("post", "put", "patch", "delete")
ROUTE_PART = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")
NAMED_GROUP = re.compile(r"\(\?P<(?P<name>\w+)>(?:\[[^\]]*\]|[^()])*\)")
REGEX_SAMPLES = {
    r"((?:[\w\-]+/)*)": "",
    r"(\d+)": "1",
    "(.*)": "x",
    ".*": "x",
}


@dataclass(frozen=True)
class Route:
    parts: tuple  # the URL patterns from the root to the view
    name: str  # namespace:name

    @property
    def callback(self):
        return self.parts[-1].callback

    @property
    def route(self) -> str:
        return "".join(str(part.pattern) for part in self.parts)

    def path(self, fill) -> str:
        """A concrete address, each parameter given by ``fill(name, converter)``."""
        return "/" + "".join(_sample(part.pattern, fill) for part in self.parts)


def _sample(pattern, fill) -> str:
    if isinstance(pattern, RoutePattern):
        return ROUTE_PART.sub(
            lambda m: str(fill(m["name"], m["converter"] or "str")), str(pattern)
        )
    text = NAMED_GROUP.sub(lambda m: str(fill(m["name"], "str")), pattern.regex.pattern)
    for group, value in REGEX_SAMPLES.items():
        text = text.replace(group, value)
    return text.lstrip("^").rstrip("$").replace("\\", "")


def routes(patterns=None, parts=(), namespace=""):
    """Every view in the URL configuration, with the patterns that lead to it."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            inner = ":".join(filter(None, [namespace, entry.namespace]))
            yield from routes(entry.url_patterns, (*parts, entry), inner)
        else:
            name = ":".join(filter(None, [namespace, entry.name or ""]))
            yield Route((*parts, entry), name)


def exemption(callback) -> str | None:
    module = callback.__module__ + "."
    return next(
        (
            why
            for prefix, why in CHECK_IT_THEMSELVES.items()
            if module.startswith(prefix)
        ),
        None,
    )


def is_exempt(route: Route) -> bool:
    return getattr(route.callback, "csrf_exempt", False)


def any_value(name, converter):
    return {"int": 1, "uuid": "00000000-0000-0000-0000-000000000001"}.get(
        converter, "x"
    )


def database_state():
    """How many rows each model has."""
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.managed
    }


def no_token_client(user=None) -> Client:
    client = Client(enforce_csrf_checks=True)
    if user is not None:
        client.force_login(user)
    return client


# The allow-list -------------------------------------------------------------


def test_no_view_skips_the_csrf_check_unless_it_makes_it_itself():
    exempt = [route for route in routes() if is_exempt(route)]

    unexplained = [route.route for route in exempt if exemption(route.callback) is None]

    assert unexplained == []
    # Each reason still explains some view: the list does not outlive its views.
    assert all(
        any((route.callback.__module__ + ".").startswith(prefix) for route in exempt)
        for prefix in CHECK_IT_THEMSELVES
    )


# Every address, as someone who may do anything ------------------------------


def test_a_post_without_the_token_is_refused_at_every_address():
    make_course(modules=1, lessons=1)
    client = no_token_client(UserFactory(is_superuser=True, is_staff=True))
    before = database_state()

    answered = {}
    for route in routes():
        if is_exempt(route):
            continue
        path = route.path(any_value)
        answered[path] = client.post(path, {"title": "Changed"}).status_code

    assert {path: code for path, code in answered.items() if code != 403} == {}
    assert len(answered) > 200  # the admin's addresses were walked too
    assert database_state() == before
    # The refused logout did not end the session.
    assert client.get("/training/me/").status_code == 200


# The learner's forms, with real lessons, quizzes, attempts and runs ----------


@pytest.fixture
def learner():
    return UserFactory()


@pytest.fixture
def things(learner):
    """What the learner's forms act on, in a state each form would change."""
    course = make_course(modules=1, lessons=2)
    lesson = lessons_of(course)[0]
    bank = QuestionBankFactory()
    make_question(bank, QuestionKind.SINGLE)
    quiz = QuizFactory(bank=bank)
    attempt = quiz_services.start_attempt(learner, quiz=quiz)
    roleplay = make_roleplay()
    run = roleplay_services.start_run(learner, page=roleplay)
    return {
        "lesson": lesson,
        "quiz": quiz,
        "attempt": attempt,
        "roleplay": roleplay,
        "run": run,
        "certificate": certified(UserFactory(), course),
    }


def front_end_value(things, learner):
    """``fill`` for the learner's forms; an unknown parameter fails the test, so
    a new form gets a real object here."""

    def fill(name, converter):
        route = fill.route
        if name == "pk":
            for part, key in [
                ("lessons/", "lesson"),
                ("attempts/", "attempt"),
                ("roleplays/", "roleplay"),
                ("quizzes/", "quiz"),
            ]:
                if part in route:
                    return things[key].pk
        values = {
            "block_id": lambda: next(iter(things["lesson"].practice_questions)),
            "run_id": lambda: things["run"].pk,
            "code": lambda: things["certificate"].code,
            "uidb64": lambda: urlsafe_base64_encode(force_bytes(learner.pk)),
            "token": lambda: default_token_generator.make_token(learner),
        }
        if name not in values:
            pytest.fail(f"No value for <{name}> in {route}: add one to the test.")
        return values[name]()

    return fill


def front_end_routes():
    for route in routes():
        namespace, _, name = route.name.rpartition(":")
        if namespace in FRONT_END or (not namespace and name in AUTH_FORMS):
            yield route


def test_a_post_without_the_token_to_a_learners_form_changes_nothing(learner, things):
    client = no_token_client(learner)
    fill = front_end_value(things, learner)
    data = {
        "choice": "0",
        "step": things["run"].current_step,
        "reply": "apologise",
        "new_password1": "another-horse-battery",
        "new_password2": "another-horse-battery",
        "old_password": "correct-horse-battery",
        "email": learner.email,
    }
    before = database_state()
    password = learner.password

    answered = {}
    for route in front_end_routes():
        fill.route = route.route
        path = route.path(fill)
        answered[route.name] = client.post(path, data).status_code

    assert set(answered) >= {
        "courses:complete_lesson",
        "courses:check_practice",
        "roleplays:start",
        "roleplays:answer",
        "quizzes:start",
        "quizzes:answer",
        "quizzes:take",
        "quizzes:submit",
        *AUTH_FORMS,
    }
    assert {name: code for name, code in answered.items() if code != 403} == {}
    assert database_state() == before
    assert not LessonCompletion.objects.exists()
    assert Attempt.objects.get(pk=things["attempt"].pk).is_open
    assert (
        not Attempt.objects.get(pk=things["attempt"].pk)
        .answers.filter(response__isnull=False)
        .exists()
    )
    run = RolePlayRun.objects.get(pk=things["run"].pk)
    assert (run.current_step, run.choices) == (
        things["run"].current_step,
        things["run"].choices,
    )
    learner.refresh_from_db()
    assert learner.password == password
    assert client.get("/training/me/").status_code == 200  # still logged in


def test_the_forms_for_visitors_refuse_a_post_without_the_token(learner):
    client = no_token_client()
    uid = urlsafe_base64_encode(force_bytes(learner.pk))
    token = default_token_generator.make_token(learner)

    for path, data in [
        ("/accounts/login/", {"username": learner.username, "password": "x"}),
        ("/accounts/password_reset/", {"email": learner.email}),
        (f"/accounts/reset/{uid}/{token}/", {"new_password1": "a"}),
        ("/admin/login/", {"username": learner.username, "password": "x"}),
        ("/verify/", {"code": "ABC"}),
    ]:
        assert client.post(path, data).status_code == 403, path


# The views that check the token themselves ----------------------------------


def test_the_api_refuses_a_session_write_without_the_token():
    client = no_token_client(UserFactory(roles=["HR"]))
    schema = api.get_openapi_schema(path_prefix="/api/v1")
    before = database_state()

    refused = []
    for template, operations in schema["paths"].items():
        path = re.sub(r"\{\w+\}", "E4242", template)
        for method in UNSAFE:
            response = getattr(client, method)(
                path, {"first_name": "Eve"}, content_type="application/json"
            )
            expected = 403 if method in operations else 405
            assert response.status_code == expected, (method, path)
            refused += [(method, template)] if method in operations else []

    assert refused  # the API has writes, and each was refused
    assert database_state() == before


def test_wagtails_admin_api_refuses_a_write_without_the_token():
    client = no_token_client(UserFactory(is_superuser=True, is_staff=True))
    page = make_course(modules=1, lessons=1)
    pages = Page.objects.count()

    response = client.post(
        f"/admin/api/main/pages/{page.pk}/action/copy/",
        {"destination_page_id": page.get_parent().pk},
        content_type="application/json",
    )

    assert response.status_code == 403
    assert Page.objects.count() == pages
