"""A new hire logs in, reads a lesson, plays a role-play, passes a quiz, and sees
their training page move."""

import re

import pytest

from courses.models import ModulePage
from quizzes.models import Attempt
from roleplays.models import RolePlayPage
from tests.e2e.content import load_demo_course, passing_replies, person
from tests.e2e.journeys import Journey, expect, log_in

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def course():
    return load_demo_course()


@pytest.fixture
def newhire():
    return person("nils", "Nils", "Jaunzems")


def test_newhire_learns_practises_and_passes_a_module(page, course, newhire):
    journey = Journey("newhire")
    # The first module with a role-play (the course opens with one without).
    roleplay = RolePlayPage.objects.descendant_of(course).live().order_by("path")[0]
    module = ModulePage.objects.parent_of(roleplay).get()

    # Log in: the catalogue shows the course the job requires, not started.
    log_in(page, "nils", journey=journey)
    expect(page).to_have_url(re.compile(r"/training/$"))
    card = page.locator("article, li, section").filter(has_text=course.title).last
    expect(card.get_by_text("Required for your role")).to_be_visible()
    expect(card.get_by_text(re.compile(r"\b0% done"))).to_be_visible()
    journey.shot(page, "catalogue")

    # My training: every requirement of the certificate, none met yet.
    page.get_by_role("link", name="My training").first.click()
    expect(page.get_by_role("heading", name="My training")).to_be_visible()
    requirements = page.locator(".requirements:not(.practice-quizzes)")
    expect(requirements).to_contain_text(
        re.compile(r"Certification: 0 of \d+ requirements met")
    )
    quiz_requirement = requirements.locator("li").filter(
        has_text=f"Pass the quiz of “{module.title}”"
    )
    expect(quiz_requirement).to_contain_text("To do")
    roleplay_requirement = requirements.locator("li").filter(
        has_text=f"Pass the role-play “{roleplay.title}”"
    )
    expect(roleplay_requirement).to_contain_text("To do")
    expect(requirements).to_contain_text("Practical observation")
    before = progress_of(page)
    journey.shot(page, "my-training")

    # The next step is the first lesson (nothing started yet: "Start").
    page.locator(".next-step").get_by_role("link", name="Start").click()
    expect(page.locator(".lesson-header")).to_contain_text("Module 1 · Lesson 1 of")
    lesson_title = page.locator("h1").inner_text()
    journey.shot(page, "lesson")
    page.get_by_role("button", name=re.compile(r"^Mark as done")).click()
    expect(page.locator("h1")).not_to_have_text(lesson_title)
    page.get_by_role("link", name=re.compile(r"^Previous lesson")).click()
    expect(page.locator("h1")).to_have_text(lesson_title)
    expect(page.locator(".lesson-complete--done")).to_contain_text("Done")

    # The module page offers the role-play: play it to a passing ending.
    page.get_by_role("navigation", name="Breadcrumb").get_by_role(
        "link", name=course.title
    ).click()
    page.get_by_role("link", name=module.title).first.click()
    page.get_by_role("link", name=roleplay.title).first.click()
    journey.shot(page, "roleplay-briefing")
    page.get_by_role("button", name="Start the role-play").click()
    replies = passing_replies(roleplay)
    for turn in range(1, 20):
        step = page.locator("form[data-replies] input[name=step]")
        if not step.count():
            break
        if turn == 2:
            journey.shot(page, "roleplay-conversation")
        key = step.input_value()
        page.locator(f"button[name=reply][value='{replies[key]}']").click()
    expect(page.locator(".rp-player--finished")).to_be_visible()
    expect(page.get_by_text("Passed", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="Transcript")).to_be_visible()
    journey.shot(page, "roleplay-result")

    # The module quiz, answered right through the quiz pages.
    page.get_by_role("link", name="Back to the module").click()
    page.get_by_role("link", name="Take the quiz").click()
    expect(page.get_by_role("heading", name=module.quiz.title)).to_be_visible()
    journey.shot(page, "quiz-start")
    page.get_by_role("button", name="Start the quiz").click()
    expect(page).to_have_url(re.compile(r"/quizzes/attempts/\d+/"))
    attempt = Attempt.objects.get(user=newhire.user, quiz=module.quiz)
    answers = {a.snapshot["text"]: a.snapshot for a in attempt.answers.all()}
    shown = 0
    while True:
        for section in page.locator("section.q-question").all():
            answer_question(section, answers[section.locator("h2").inner_text()])
            # Wait for the autosave: one still on its way could land after the
            # page's own post and put back an older answer.
            expect(section.locator("[data-save-status]")).to_have_text("Saved")
            shown += 1
        if shown == 1:
            journey.shot(page, "quiz-question")
        next_button = page.get_by_role("button", name="Next", exact=True)
        if not next_button.count():
            break
        # Leaving a text box saves it; the page waits for that save, then goes on.
        with page.expect_navigation():
            next_button.click()
    assert shown == len(answers)
    with page.expect_navigation():
        page.get_by_role("button", name="Review and submit").click()
    journey.shot(page, "quiz-submit")
    page.get_by_role("button", name="Submit my answers").click()
    expect(page.locator("main")).to_contain_text("You passed")
    expect(page.locator("main")).to_contain_text("100%")
    journey.shot(page, "quiz-result")

    # My training again: two requirements met and the progress bar moved on.
    page.get_by_role("link", name="My training").first.click()
    expect(requirements).to_contain_text(
        re.compile(r"Certification: 2 of \d+ requirements met")
    )
    expect(quiz_requirement).to_contain_text("Done")
    expect(roleplay_requirement).to_contain_text("Done")
    after = progress_of(page)
    assert after > before
    journey.shot(page, "my-training-after")


def progress_of(page) -> int:
    """The course's progress figure shown on "My training" (0-100)."""
    text = page.locator(".my-courses").get_by_text(re.compile(r"\d+% done"))
    return int(re.search(r"(\d+)% done", text.first.inner_text()).group(1))


def answer_question(section, snapshot: dict) -> None:
    """Give the right answer to one question on the quiz page, as a learner would."""
    kind = snapshot["kind"]
    choices = snapshot.get("choices") or []
    if kind in ("single", "multiple"):
        for choice in choices:
            if choice["is_correct"]:
                section.get_by_label(choice["text"], exact=True).check()
    elif kind == "true_false":
        label = "True" if snapshot["answer_is_true"] else "False"
        section.get_by_label(label, exact=True).check()
    elif kind == "ordering":
        text = {choice["id"]: choice["text"] for choice in choices}
        for place, choice_id in enumerate(snapshot["correct_order"], start=1):
            section.get_by_label(f"Place of “{text[choice_id]}”").select_option(
                str(place)
            )
    elif kind == "matching":
        for choice in choices:
            section.get_by_label(choice["text"], exact=True).select_option(
                label=choice["match"]
            )
    elif kind == "short_text":
        section.get_by_label("Your answer").fill(snapshot["accepted_answers"][0])
    else:
        section.get_by_label("Your answer").fill("A considered answer of my own.")
