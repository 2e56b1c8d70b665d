"""In Russian and in Latvian, no page a learner, trainer, manager or HR opens shows
an English string of ours.

The demo's people (newhire, trainer, manager, hr) with the demo course, its
Russian and Latvian translations, and the histories of a dozen staff (enough for
every report to have rows) walk their main pages in each language; every page's
visible text, tooltips and labels are checked against our catalogues (see
``tests.e2e.catalogues``). Course content that has no translation (question
banks, clause titles, names) may stay English: only our interface strings count.
"""

import re
from unittest import mock
from urllib.parse import urlsplit

import pytest
from django.db import transaction
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import timezone

from certification.models import Certificate
from courses.models import LessonPage, ModulePage
from lms.demo.staff import DEMO_PASSWORD
from people.languages import remember_language
from people.models import StaffProfile
from quizzes.models import Answer, Attempt
from roleplays.models import RolePlayPage
from tests.e2e.catalogues import PAGE_TEXTS, English, english_strings, found_on
from tests.e2e.content import load_demo_course
from tests.e2e.journeys import Journey, expect, log_in, log_in_to_admin

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

LANGUAGES = ("ru", "lv")
PHONE = {"width": 390, "height": 844}
# Staff with a training history: enough for every report and chart to have rows.
HISTORIES = 12


def build_demo():
    """The demo's users, course, its Russian and Latvian translations and a
    dozen histories, as ``load_demo`` builds them."""
    from lms.demo import histories
    from lms.demo.course import load_newhire_progress
    from lms.demo.roleplays import load_newhire_roleplay
    from lms.demo.staff import load_staff
    from lms.demo.translations import load_translations

    learners = histories._learners
    quiet_mail = override_settings(
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"
    )
    fewer = mock.patch.object(
        histories, "_learners", lambda course: learners(course)[:HISTORIES]
    )
    with quiet_mail, fewer, transaction.atomic():
        profiles = load_staff(today=timezone.localdate())
        course = load_demo_course()
        roleplays = {
            page.slug: page
            for page in RolePlayPage.objects.live().descendant_of(course)
        }
        load_translations(course)
        load_newhire_progress(profiles["newhire"].user, course)
        load_newhire_roleplay(profiles["newhire"].user, roleplays)
        histories.load_histories(course)
    return course


@pytest.fixture
def demo():
    return build_demo()


# Where Wagtail itself shows English that our catalogues happen to hold too.
WAGTAILS_OWN = {
    # Its header's buttons, labelled without translation (Wagtail 8.0).
    ("Actions", "aria-label of nav#w-slim-header-buttons.w-flex"),
}


# A Python value printed as it is ("None" for a date not set) is English in
# no catalogue at all.
PYTHON_VALUES = {"None", "True", "False"}


def python_values(texts) -> list[tuple[English, str, str]]:
    return [
        (English(text, (text,), "a Python value", whole_only=True), text, where)
        for text, where in texts
        if text.strip() in PYTHON_VALUES
    ]


def content_names() -> set[str]:
    """The names of the demo's things, in every language: a department called
    "Training" is content, whatever our menus call "Training"."""
    from django.contrib.auth import get_user_model
    from wagtail.models import Page

    from certification.models import ObservationChecklist
    from courses.models import Clause
    from people.models import Department, JobRole, Location
    from quizzes.models import QuestionBank, Quiz

    names = set(Page.objects.values_list("title", flat=True))
    for model in (Department, JobRole, Location):
        names |= set(model.objects.values_list("name", flat=True))
    for model in (Clause, Quiz, ObservationChecklist):
        names |= set(model.objects.values_list("title", flat=True))
    names |= set(QuestionBank.objects.values_list("name", flat=True))
    for first, last in get_user_model().objects.values_list("first_name", "last_name"):
        names |= {first, last, f"{first} {last}"}
    return {" ".join(name.split()) for name in names if name}


class Walk:
    """Visits pages, keeps a screenshot of each and the English found on them."""

    def __init__(self, page_by_role: dict, code: str, content: set[str]):
        self.pages = page_by_role
        self.code = code
        self.content = content
        self.journey = Journey(f"languages-{code}")
        self.strings = english_strings(code)
        self.failures: list[str] = []

    def check(self, role: str, name: str, *, phone=False) -> None:
        page = self.pages[role]
        page.wait_for_load_state("load")
        if page.locator("#wagtail-sidebar").count():
            # The admin's sidebar and icons arrive by script after the page.
            expect(
                page.locator("#wagtail-sidebar").get_by_role("link").first
            ).to_be_visible()
        texts = page.evaluate(PAGE_TEXTS)
        hits = [
            (english, shown, where)
            for english, shown, where in found_on(
                texts, self.strings, content=self.content
            )
            if (english.msgid, where) not in WAGTAILS_OWN
        ]
        hits += python_values(texts)
        self.journey.shot(page, f"{role}-{name}")
        if phone:
            viewport = page.viewport_size
            page.set_viewport_size(PHONE)
            self.journey.shot(page, f"{role}-{name}-phone")
            page.set_viewport_size(viewport)
        if hits:
            listed = "; ".join(
                f"“{english.msgid}” ({english.source}) in “{shown[:100]}” ({where})"
                for english, shown, where in hits
            )
            path = urlsplit(page.url).path
            self.failures.append(f"[{self.code}] {role} {name} {path}: {listed}")

    def visit(self, role: str, name: str, url: str, *, phone=False) -> None:
        page = self.pages[role]
        response = page.goto(url)
        assert response is not None and response.ok, f"{url}: {response.status}"
        self.check(role, name, phone=phone)


def in_language(page, code: str) -> None:
    """The page was served in ``code`` (not the English fallback)."""
    expect(page.locator("html")).to_have_attribute("lang", re.compile(rf"^{code}"))


def test_no_english_string_of_ours_in_russian_or_latvian(
    browser, new_context, server, demo
):
    course = demo
    users = {
        username: StaffProfile.objects.get(user__username=username).user
        for username in ("newhire", "trainer", "manager", "hr")
    }
    modules = list(ModulePage.objects.child_of(course).live().order_by("path"))
    module = next(m for m in modules if m.quiz_id)
    lesson = LessonPage.objects.live().child_of(module).order_by("path").first()
    roleplay = RolePlayPage.objects.live().descendant_of(course).order_by("path")[0]
    quiz = module.quiz
    manager = users["manager"].staff_profile
    team_member = (
        StaffProfile.objects.filter(manager=manager).order_by("employee_id").first()
    )
    certificate = Certificate.objects.order_by("pk").first()
    essay = Answer.objects.filter(needs_marking=True, marked_at__isnull=True).first()

    # One browser profile a role, logged in once (in English: nobody has chosen).
    pages = {}
    for role in users:
        pages[role] = new_context().new_page()
        if role == "newhire":
            log_in(pages[role], "newhire", password=DEMO_PASSWORD)
        else:
            log_in_to_admin(pages[role], role, password=DEMO_PASSWORD)

    failures = []
    for code in LANGUAGES:
        for user in users.values():
            remember_language(user, code)
        walk = Walk(pages, code, content_names())

        # Someone not logged in picks the language in the header's switch.
        visitor = new_context().new_page()
        walk.pages["visitor"] = visitor
        visitor.goto(reverse("login"))
        visitor.locator(f"form.languages button[value={code}]").click()
        in_language(visitor, code)
        walk.check("visitor", "login")
        walk.visit("visitor", "verify-form", reverse("certification:verify_form"))

        # The learner: the catalogue sends them to its translation.
        learner = pages["newhire"]
        walk.visit("newhire", "catalogue", "/training/", phone=True)
        expect(learner).to_have_url(re.compile(rf"/{code}/training/$"))
        in_language(learner, code)
        walk.visit("newhire", "course", course.url)
        walk.visit("newhire", "module", module.url)
        walk.visit("newhire", "lesson", lesson.url, phone=True)
        walk.visit("newhire", "roleplay", roleplay.url)
        walk.visit("newhire", "quiz", reverse("quizzes:quiz", args=[quiz.pk]))
        # The first language starts an attempt; the second goes on with it.
        # (The form is the quiz's translation's: its own address.)
        start = learner.locator("main form[action$='/start/'] button[type=submit]")
        if start.count():
            start.click()
        else:
            attempt = Attempt.objects.get(user=users["newhire"], quiz=quiz)
            learner.goto(reverse("quizzes:take", args=[attempt.pk]))
        expect(learner).to_have_url(re.compile(r"/quizzes/attempts/\d+/"))
        walk.check("newhire", "quiz-take", phone=True)
        walk.visit("newhire", "my-training", reverse("certification:my_readiness"))
        if certificate is not None:
            walk.visit(
                "newhire",
                "verify",
                reverse("certification:verify", args=[certificate.code]),
            )

        # The trainer.
        walk.visit("trainer", "admin-home", reverse("wagtailadmin_home"))
        walk.visit("trainer", "marking", reverse("quiz_marking:index"))
        if essay is not None:
            walk.visit("trainer", "mark", reverse("quiz_marking:mark", args=[essay.pk]))
        walk.visit("trainer", "banks", reverse("question_banks:index"))
        walk.visit("trainer", "quiz-edit", reverse("quiz_admin:edit", args=[quiz.pk]))
        walk.visit("trainer", "roleplays", reverse("roleplays_admin:index"))
        walk.visit(
            "trainer",
            "roleplay-results",
            reverse("roleplays_admin:results", args=[roleplay.pk]),
        )
        walk.visit("trainer", "observation", reverse("observations:add"))

        # The manager.
        walk.visit("manager", "admin-home", reverse("wagtailadmin_home"))
        walk.visit("manager", "readiness", reverse("training_reports:readiness"))
        walk.visit("manager", "team", reverse("staff:index"))
        walk.visit("manager", "person", reverse("staff:inspect", args=[team_member.pk]))

        # HR.
        for name in (
            "readiness",
            "expiring",
            "stuck",
            "retention",
            "time_to_certification",
            "clauses",
        ):
            walk.visit("hr", name, reverse(f"training_reports:{name}"))
        walk.visit("hr", "staff", reverse("staff:index"))
        walk.visit("hr", "import", reverse("people:import_staff"))
        walk.visit("hr", "api-tokens", reverse("wagtailusers_api_tokens:index"))
        walk.visit("hr", "records", reverse("certification_records:index"))
        failures += walk.failures
        visitor.context.close()

    assert not failures, "English strings of ours on the pages:\n" + "\n".join(failures)
