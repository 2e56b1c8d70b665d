"""/training/me/ stays within a fixed number of queries for a learner with a
full history on every course: graded answers (a weak clause), a role-play
passed, a practical observation, an assigned due date, a certificate and a
refresher to do after a change to the standard."""

import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Locale

from certification import assignments
from certification import services as certification_services
from certification.models import (
    CertificationRecord,
    DueFrom,
    ObservationChecklist,
    Rating,
    Status,
    Target,
)
from certification.refreshers import record_change
from certification.services import requirements_for
from courses.models import ModulePage, TrainingIndexPage
from people.languages import original_language, remember_language
from quizzes import services as quiz_services
from quizzes.models import QuestionKind
from roleplays import services as roleplay_services
from tests.factories import StaffProfileFactory, UserFactory, make_course
from tests.quizzes import responses
from tests.quizzes.factories import (
    ClauseFactory,
    QuestionBankFactory,
    QuizFactory,
    make_question,
)
from tests.roleplays.scripts import make_roleplay

pytestmark = pytest.mark.django_db
CEILING = 10  # the learner pages' bound, whatever the number of courses


@pytest.fixture(autouse=True)
def _courses_under_the_original_index(monkeypatch):
    """New courses go under the original index, once it has a translation."""
    monkeypatch.setattr(
        "tests.factories.training_index",
        lambda: TrainingIndexPage.objects.get(original_language()),
    )


@pytest.fixture
def learner():
    return StaffProfileFactory()


@pytest.fixture
def trainer():
    return UserFactory(roles=["Trainers"])


def take_quiz(user, quiz, weak):
    """Answer every question right but those on the ``weak`` clause."""
    attempt = quiz_services.start_attempt(user, quiz=quiz)
    wanted = {}
    for answer in attempt.answers.all():
        on_weak = weak.pk in answer.snapshot["clause_ids"]
        build = responses.wrong if on_weak else responses.right
        wanted[answer.position] = (build(answer.snapshot), None)
    quiz_services.save_answers(attempt, responses=wanted)
    with TestCase.captureOnCommitCallbacks(execute=True):
        quiz_services.submit_attempt(attempt)


def play_to_the_end(user, page):
    run = roleplay_services.start_run(user, page=page)
    for step, reply in [("greeting", "apologise"), ("offer", "own")]:
        with TestCase.captureOnCommitCallbacks(execute=True):
            run = roleplay_services.answer_run(
                user, run_id=run.pk, step_key=step, reply_key=reply
            )
    assert run.passed


def observe(trainer, user, course):
    checklist = ObservationChecklist.objects.get(
        title=certification_services.DEFAULT_CHECKLIST
    )
    with TestCase.captureOnCommitCallbacks(execute=True):
        certification_services.record_observation(
            trainer,
            learner=user,
            course=course,
            checklist=checklist,
            ratings={item.pk: (Rating.MEETS, "") for item in checklist.items.all()},
            passed=True,
            submission_key=uuid.uuid4(),
        )


def course_with_history(number, profile, trainer, russian=None):
    """A course the learner was assigned, took and was certified on; then the
    standard changed on the clause they got wrong."""
    user = profile.user
    course = make_course(f"Course {number}", modules=1, lessons=1)
    weak = ClauseFactory(code=f"W-{number}", title=f"Weak clause {number}")
    strong = ClauseFactory(code=f"S-{number}", title=f"Strong clause {number}")
    bank = QuestionBankFactory(name=f"Bank {number}")
    for clause in (weak, strong, strong, strong):
        make_question(bank, QuestionKind.TRUE_FALSE, clauses=[clause])
    module = ModulePage.objects.child_of(course).get().specific
    module.quiz = QuizFactory(bank=bank, title=f"Quiz {number}", pass_mark=70)
    module.save_revision().publish()
    roleplay = make_roleplay(module=module, title=f"Late sofa {number}")
    requirements_for(course).roleplays.set([roleplay])
    assignments.assign(
        course,
        target=Target.PERSON,
        person=profile,
        due_from=DueFrom.DATE,
        due_on=timezone.localdate() + timedelta(days=30),
    )
    take_quiz(user, module.quiz, weak)
    play_to_the_end(user, roleplay)
    observe(trainer, user, course)
    record_change(
        course,
        clauses=[weak],
        reason=f"Clause W-{number} changed.",
        due_on=timezone.localdate() + timedelta(days=14),
        questions=1,
    )
    if russian is not None:
        translated = course.copy_for_translation(russian, copy_parents=True)
        translated.title = f"Курс {number}"
        translated.save_revision().publish()
    return course


def queries_of(client):
    # The first visits fill the content caches: measure the third.
    client.get("/training/me/")
    client.get("/training/me/")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/training/me/")
    assert response.status_code == 200
    return len(queries), response


@pytest.mark.parametrize("language", ["en", "ru"])
def test_my_training_with_a_full_history_is_a_fixed_number_of_queries(
    client, learner, trainer, language
):
    russian = Locale.objects.get_or_create(language_code="ru")[0]
    translate = russian if language == "ru" else None
    if language == "ru":
        remember_language(learner.user, "ru")
    client.force_login(learner.user)
    courses = [course_with_history(1, learner, trainer, translate)]
    one, response = queries_of(client)
    page = response.context["page"]
    assert [clause.code for clause, _score in page.weakest] == ["W-1"]
    assert len(page.refreshers) == 1

    courses += [
        course_with_history(n, learner, trainer, translate) for n in range(2, 6)
    ]
    five, response = queries_of(client)

    page = response.context["page"]
    records = CertificationRecord.objects.filter(user=learner.user)
    assert {record.status for record in records} == {Status.CERTIFIED}
    assert len(page.courses) == len(courses) == 5
    assert all(item.certificate is not None for item in page.courses)
    assert all(item.outline.standing.assigned for item in page.courses)
    assert all(
        requirement.met
        for item in page.courses
        for requirement in item.readiness.requirements
    )
    assert len(page.refreshers) == 5
    assert {clause.code for clause, _score in page.weakest} <= {
        f"W-{n}" for n in range(1, 6)
    }
    html = response.content.decode()
    assert html.count("refresher__links") >= 5
    if language == "ru":
        assert "Курс 5" in html
    assert five == one
    assert five <= CEILING
