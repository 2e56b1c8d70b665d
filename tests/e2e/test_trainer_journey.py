"""A trainer writes a lesson, adds a quiz question and marks an essay in the admin."""

import re
from decimal import Decimal

import pytest
from django.core import mail

from courses.models import LessonPage, ModulePage
from people import roles
from quizzes import scoring, services
from quizzes.models import Answer, Attempt, Question, QuestionKind
from tests.e2e.content import load_demo_course, person
from tests.e2e.journeys import Journey, expect, log_in_to_admin, open_admin_menu

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ESSAY = (
    "First I would let her finish and say that I understand why she is upset. "
    "I would apologise for the rude treatment without blaming my colleague, and "
    "tell her what I will do today to put it right."
)


@pytest.fixture
def course():
    return load_demo_course()


@pytest.fixture
def trainer():
    return person(
        "tomass",
        "Tomass",
        "Treimanis",
        roles=[roles.TRAINERS],
        department="Training",
        job_role="Service trainer",
    )


@pytest.fixture
def essay_attempt(course):
    """A learner has submitted the quiz with an essay, which waits for marking."""
    learner = person("anna", "Anna", "Bērziņa").user
    module = next(
        module
        for module in ModulePage.objects.child_of(course).order_by("path")
        if module.quiz and module.quiz.bank.questions.filter(kind=QuestionKind.ESSAY)
    )
    attempt = services.start_attempt(learner, quiz=module.quiz)
    responses = {}
    for answer in attempt.answers.all():
        response = scoring.full_marks_response(answer.snapshot)
        if answer.snapshot["kind"] == QuestionKind.ESSAY:
            response = {"text": ESSAY}
        responses[answer.position] = (response, None)
    services.save_answers(attempt, responses=responses)
    services.submit_attempt(attempt)
    assert attempt.status == Attempt.Status.AWAITING_MARKING
    return attempt


def test_trainer_writes_a_lesson_adds_a_question_and_marks_an_essay(
    page, course, trainer, essay_attempt
):
    journey = Journey("trainer")
    module = ModulePage.objects.child_of(course).order_by("path")[0]

    log_in_to_admin(page, "tomass")
    journey.shot(page, "dashboard")

    # A new lesson under the first module, from the page explorer.
    page.get_by_role("button", name="Pages", exact=True).click()
    page.get_by_role("link", name=f"View child pages of '{course.title}'").click()
    page.get_by_role("link", name=module.title, exact=True).click()
    expect(page.get_by_role("heading", name=module.title).first).to_be_visible()
    journey.shot(page, "module-in-explorer")
    page.get_by_role("link", name="Add child page").first.click()
    page.get_by_role("link", name="Lesson", exact=True).click()
    page.get_by_role("textbox", name="Title*").fill("Holding a call")
    page.get_by_role("spinbutton", name="Estimated minutes*").fill("5")
    page.get_by_title("Insert a block").first.click()
    page.get_by_role("option", name="Text", exact=True).click()
    editor = page.locator("[contenteditable=true]").first
    editor.click()
    editor.press_sequentially(
        "Ask before you put a caller on hold, and come back within 30 seconds."
    )
    # The editor saves what was typed into the form a moment later.
    expect(page.locator("input[name=body-0-value]")).to_have_value(
        re.compile("within 30 seconds")
    )
    journey.shot(page, "lesson-editor")
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Publish", exact=True).click()
    message = page.locator(".messages")
    expect(message).to_contain_text("Page 'Holding a call' created and published.")
    expect(page.get_by_role("link", name="Holding a call")).to_be_visible()
    journey.shot(page, "lesson-published")
    lesson = LessonPage.objects.child_of(module).live().get(title="Holding a call")
    page.goto(lesson.url)
    expect(page.locator("h1")).to_have_text("Holding a call")
    expect(page.locator(".lesson-body")).to_contain_text("come back within 30 seconds")
    journey.shot(page, "lesson-live")

    # A question in the module's question bank.
    page.goto("/admin/")
    open_admin_menu(page, "Quizzes", "Questions")
    page.get_by_role("link", name="Add question").click()
    page.get_by_role("combobox", name="Bank*").select_option(
        label=module.quiz.bank.name
    )
    page.get_by_role("combobox", name="Type*").select_option(label="Single choice")
    page.get_by_role("textbox", name="Question*").fill(
        "A caller waits on hold. How often do you come back to them?"
    )
    page.get_by_role("spinbutton", name="Points*").fill("1")
    for text, correct in [("Every 30 seconds", True), ("When I have news", False)]:
        page.get_by_role("button", name="Add choice").click()
        choice = (
            page.locator("[id^=inline_child_choices-]")
            .filter(has=page.locator("input[name$=-text]"))
            .last
        )
        choice.locator("input[name$=-text]").fill(text)
        if correct:
            choice.locator("input[name$=-is_correct]").check()
    page.get_by_role("textbox", name="Explanation").fill(
        "A caller on hold hears nothing."
    )
    page.get_by_role("checkbox", name=re.compile(r"^TEL-4 ")).check()
    journey.shot(page, "question-form")
    page.get_by_role("button", name="Create").click()
    expect(page.locator(".messages")).to_contain_text("created")
    journey.shot(page, "question-created")
    question = Question.objects.get(text__startswith="A caller waits on hold")
    assert question.bank == module.quiz.bank
    assert [
        (c.text, c.is_correct) for c in question.choices.order_by("sort_order")
    ] == [
        ("Every 30 seconds", True),
        ("When I have news", False),
    ]

    # The essay waiting in the marking queue.
    open_admin_menu(page, "Quizzes", "Marking queue")
    expect(page.get_by_role("table")).to_contain_text("Anna Bērziņa")
    journey.shot(page, "marking-queue")
    page.get_by_role("table").get_by_role("link").first.click()
    expect(page.locator(".quiz-marking__essay")).to_contain_text("let her finish")
    page.get_by_role("spinbutton", name="Points").fill("3.5")
    page.get_by_role("textbox", name="Comment").fill(
        "Good: you listened and apologised."
    )
    journey.shot(page, "marking-form")
    page.get_by_role("button", name="Save the mark").click()
    expect(page.locator(".messages")).to_contain_text("The queue is empty")
    expect(page.get_by_text("Nothing waits for marking.", exact=True)).to_be_visible()
    journey.shot(page, "marking-done")

    essay_attempt.refresh_from_db()
    assert essay_attempt.is_final
    essay = Answer.objects.get(attempt=essay_attempt, marked_by=trainer.user)
    assert (essay.points_awarded, essay.marker_comment) == (
        Decimal("3.5"),
        "Good: you listened and apologised.",
    )
    assert [message.to for message in mail.outbox] == [[essay_attempt.user.email]]
