"""Run by the host site's Python: visit the plugin's pages as each role.

Reads what host_seed.py made (the JSON file named by the first argument) and
writes one JSON result per check to the file named by the second: its name, the
request, the answer's status, whether it is what the check expects and, for an
exception in the view, the exception and the frames that led to it.
"""

import json
import sys
import traceback

import django


class Visitor:
    """A Django test client that records each answer instead of raising."""

    def __init__(self, role, results):
        from django.test import Client

        self.role = role
        self.results = results
        self.client = Client(raise_request_exception=True)

    def log_in(self, username):
        from django.contrib.auth import get_user_model

        self.client.force_login(get_user_model().objects.get(username=username))

    def check(self, name, method, path, expect, data=None):
        """Send one request; ``expect(response)`` says what is wrong, or nothing."""
        result = {"name": name, "role": self.role, "request": f"{method} {path}"}
        try:
            response = getattr(self.client, method.lower())(path, data or {})
        except Exception as error:
            # The exception first, then the frames that led to it.
            summary = traceback.format_exception_only(error)
            frames = traceback.format_tb(error.__traceback__)[-6:]
            result.update(status=500, problem="".join([*summary, *frames]))
        else:
            result.update(
                status=response.status_code,
                location=response.get("Location", ""),
                problem=expect(response),
            )
        result["ok"] = not result["problem"]
        self.results.append(result)
        return result


def status(code, *, contains=(), redirect_to=None):
    """An expectation: this status, these texts in the body, this redirect."""

    def expect(response):
        if response.status_code != code:
            return f"expected {code}, got {response.status_code}"
        if redirect_to and not response["Location"].startswith(redirect_to):
            return f"redirects to {response['Location']}, not {redirect_to}"
        body = response.content.decode(errors="replace")
        missing = [text for text in contains if text not in body]
        if missing:
            return f"the answer does not contain {missing}"
        return ""

    return expect


def stylesheet(path):
    """The address of one of the apps' stylesheets, as the page links it."""
    from django.templatetags.static import static

    return f'href="{static(path)}"'


def json_with(key, code=200):
    def expect(response):
        problem = status(code)(response)
        if problem:
            return problem
        if not response["Content-Type"].startswith("application/json"):
            return f"not JSON but {response['Content-Type']}"
        if key not in response.json():
            return f"no {key!r} in {response.json()}"
        return ""

    return expect


def as_anonymous(seed, results):
    from django.conf import settings
    from django.urls import reverse

    visitor = Visitor("anonymous", results)
    login = reverse("login")
    visitor.check(
        "login page",
        "GET",
        login,
        status(200, contains=['name="username"', 'name="password"']),
    )
    visitor.check(
        "language switch",
        "POST",
        "/i18n/setlang/",
        status(302, redirect_to=login),
        data={"language": "ru", "next": login},
    )
    visitor.check(
        "login page in Russian",
        "GET",
        login,
        status(200, contains=['<html lang="ru"', "Пароль"]),
    )
    visitor.check(
        "catalogue needs a login",
        "GET",
        "/training/",
        status(302, redirect_to=settings.LOGIN_URL),
    )
    visitor.check(
        "my training needs a login",
        "GET",
        reverse("certification:my_readiness"),
        status(302, redirect_to=settings.LOGIN_URL),
    )
    visitor.check(
        "API needs a login", "GET", "/api/v1/readiness", json_with("message", 401)
    )
    code = seed["certificate_code"]
    visitor.check(
        "verify page",
        "GET",
        reverse("certification:verify", args=[code]),
        status(
            200,
            contains=[seed["holder_name"], stylesheet("certification/verify.css")],
        ),
    )


def as_learner(seed, results):
    from django.urls import reverse

    visitor = Visitor("learner", results)
    logged_in = visitor.check(
        "log in through the form",
        "POST",
        reverse("login"),
        status(302),
        data={"username": seed["learner"], "password": seed["password"]},
    )
    if logged_in["ok"]:
        visitor.check(
            "page after logging in", "GET", logged_in["location"], status(200)
        )
    visitor.check(
        "catalogue",
        "GET",
        "/training/",
        status(200, contains=[seed["course_title"], stylesheet("courses/courses.css")]),
    )
    visitor.check(
        "lesson",
        "GET",
        seed["lesson_url"],
        status(
            200,
            contains=[
                "Pick up before the third ring.",
                stylesheet("courses/courses.css"),
            ],
        ),
    )
    quiz = seed["quiz_id"]
    visitor.check(
        "quiz",
        "GET",
        reverse("quizzes:quiz", args=[quiz]),
        status(200, contains=[stylesheet("quizzes/quiz.css")]),
    )
    started = visitor.check(
        "quiz start",
        "POST",
        reverse("quizzes:start", args=[quiz]),
        status(302, redirect_to="/quizzes/attempts/"),
    )
    if started["ok"]:
        visitor.check(
            "quiz attempt",
            "GET",
            started["location"],
            status(
                200,
                contains=[
                    "How many rings before you answer?",
                    stylesheet("quizzes/quiz.css"),
                ],
            ),
        )
    visitor.check(
        "my training",
        "GET",
        reverse("certification:my_readiness"),
        status(
            200,
            contains=[seed["course_title"], stylesheet("certification/readiness.css")],
        ),
    )
    visitor.check(
        "readiness API is HR's",
        "GET",
        "/api/v1/readiness",
        json_with("message", 403),
    )


def as_trainer(seed, results):
    visitor = Visitor("trainer", results)
    visitor.log_in("trainer")
    visitor.check("admin", "GET", "/admin/", status(200))


def as_hr(seed, results):
    from django.urls import reverse

    visitor = Visitor("hr", results)
    visitor.log_in("hr")
    visitor.check(
        "readiness report",
        "GET",
        reverse("training_reports:readiness"),
        status(200, contains=[seed["course_title"]]),
    )
    visitor.check("readiness API", "GET", "/api/v1/readiness", json_with("items"))


def main():
    django.setup()
    with open(sys.argv[1]) as made:
        seed = json.load(made)
    results = []
    for visit in [as_anonymous, as_learner, as_trainer, as_hr]:
        visit(seed, results)
    with open(sys.argv[2], "w") as out:
        json.dump(results, out, indent=2)


if __name__ == "__main__":
    main()
