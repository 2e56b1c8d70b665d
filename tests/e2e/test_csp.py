"""The Content-Security-Policy in a real browser: no page of the site, the admin or
the API docs breaks a rule of its policy, and the pages' scripts still run."""

import json
import re

import pytest
from django.urls import reverse

from courses.models import ModulePage
from people import roles
from quizzes import services as quiz_services
from roleplays import services as roleplay_services
from tests.certification.factories import certified
from tests.e2e.content import person
from tests.e2e.journeys import expect, log_in, log_in_to_admin
from tests.factories import UserFactory, lessons_of, make_course
from tests.quizzes.factories import QuestionBankFactory, QuizFactory, make_question
from tests.roleplays.scripts import make_roleplay

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Chromium reports each refusal on the console ("Refused to ... because it
# violates the following Content Security Policy directive"); the event also
# says which directive, in the page and in every frame.
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
    console.error(
        `CSP violation: ${event.violatedDirective} blocked ${event.blockedURI}` +
        ` at ${event.sourceFile}:${event.lineNumber}`
    );
});
"""

NOTE_REPLY_STATE = """() => {
    const form = document.querySelector("form[data-replies]");
    form.addEventListener("submit", () => {
        window.name = JSON.stringify({
            chosen: form.querySelectorAll(".rp-reply.is-chosen").length,
            sending: form.classList.contains("is-sending"),
        });
    });
}"""


@pytest.fixture
def violations(page):
    """Every CSP violation the page and its frames report, from here on."""
    found = []
    page.context.add_init_script(REPORT_VIOLATIONS)

    def note(text: str) -> None:
        if any(sign in text for sign in ("Content Security Policy", "CSP violation")):
            found.append(f"{page.url}: {text}")

    page.on("console", lambda message: note(message.text))
    page.on("pageerror", lambda error: note(str(error)))  # a refused eval throws
    return found


@pytest.fixture
def training():
    """A course with a lesson (a practice question), a role-play and a quiz."""
    course = make_course("Customer service standard", modules=1, lessons=1)
    module = ModulePage.objects.child_of(course).get()
    bank = QuestionBankFactory(name="Telephone")
    make_question(bank, "single")
    quiz = QuizFactory(title="Telephone quiz", bank=bank)
    return {
        "course": course,
        "module": module,
        "lesson": lessons_of(course)[0],
        "roleplay": make_roleplay(module),
        "quiz": quiz,
    }


def settle(page) -> None:
    page.wait_for_load_state("networkidle")


def test_the_learners_pages_keep_the_policy_and_their_scripts_run(
    page, violations, training
):
    learner = person("nils", "Nils", "Jaunzems").user
    certificate = certified(learner, training["course"])
    log_in(page, "nils")

    page.goto("/training/me/")
    expect(page.get_by_role("heading", name="My training")).to_be_visible()
    settle(page)

    # A lesson: a practice question is checked in place by courses.js.
    page.goto(training["lesson"].url)
    practice = page.locator("form[data-practice]")
    practice.get_by_label("Before the third ring").check()
    practice.locator("[data-practice-submit]").click()
    expect(practice.locator(".practice__outcome--correct")).to_be_visible()

    # A quiz: quiz.js saves an answer as soon as it is chosen.
    attempt = quiz_services.start_attempt(learner, quiz=training["quiz"])
    page.goto(reverse("quizzes:take", args=[attempt.pk]))
    page.locator("form[data-quiz-form] input[type=radio]").first.check()
    expect(page.locator("[data-save-status][data-state=saved]")).to_have_count(1)

    # A role-play: roleplay.js marks the reply chosen and the form as sending
    # (noted in window.name, which outlives the navigation), then the run moves on.
    run = roleplay_services.start_run(learner, page=training["roleplay"])
    page.goto(reverse("roleplays:run", args=[run.pk]))
    expect(page.locator(".rp-mood__fill")).not_to_have_css("width", "0px")
    page.evaluate(NOTE_REPLY_STATE)
    page.get_by_role("button", name=re.compile("I'm sorry")).click()
    expect(page.get_by_text("The order is stuck at the warehouse.")).to_be_visible()
    assert json.loads(page.evaluate("() => window.name")) == {
        "chosen": 1,
        "sending": True,
    }

    # The certificate, its public check, and the API's docs.
    page.goto(reverse("certification:verify", args=[certificate.code]))
    expect(page.get_by_text(certificate.code).first).to_be_visible()
    page.goto("/api/v1/docs")
    expect(page.locator(".swagger-ui .opblock").first).to_be_visible()
    page.locator(".swagger-ui .opblock-summary").first.click()
    expect(page.locator(".swagger-ui .opblock-body").first).to_be_visible()
    settle(page)

    assert violations == []


def test_the_verify_page_keeps_the_policy_for_anyone(page, violations):
    certificate = certified()

    page.goto(reverse("certification:verify_form"))
    page.get_by_role("textbox").fill(certificate.code)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"/verify/{certificate.code}/$"))
    expect(page.get_by_text("Valid").first).to_be_visible()
    settle(page)

    assert violations == []


def test_the_admin_keeps_its_policy(page, violations, training):
    UserFactory(username="admin", is_superuser=True, roles=[roles.HR])
    olga = person("olga", "Olga", "Ivanova")
    course = training["course"]
    course.required_for_roles.add(olga.job_role)
    course.save_revision().publish()
    certified(olga.user, course)
    log_in_to_admin(page, "admin")

    # The page editor of a lesson, its rich text and its preview beside it.
    page.goto(reverse("wagtailadmin_pages:edit", args=[training["lesson"].pk]))
    expect(page.get_by_role("textbox", name="Title*")).to_be_visible()
    page.get_by_role("button", name="Toggle preview").click()
    preview = page.frame_locator("iframe[title='Preview'][src*='/preview/']")
    expect(preview.get_by_role("heading", name="Answering the phone")).to_be_visible()
    settle(page)

    # A quiz in the admin, a report with its chart, and a person's training.
    page.goto(reverse("quiz_admin:edit", args=[training["quiz"].pk]))
    expect(page.get_by_role("textbox", name="Title*")).to_be_visible()
    settle(page)
    page.goto(reverse("training_reports:readiness"))
    expect(page.locator(".training-chart svg")).to_be_visible()
    expect(page.get_by_role("table")).to_contain_text("Olga Ivanova")
    settle(page)
    page.goto(reverse("staff:inspect", args=[olga.pk]))
    expect(page.get_by_text("Olga Ivanova").first).to_be_visible()
    settle(page)

    assert violations == []
