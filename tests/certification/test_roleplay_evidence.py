"""Finishing a role-play updates the learner's record at once."""

import pytest

from certification.models import CertificationRecord, Status
from certification.services import requirements_for
from courses.models import CoursePage
from roleplays import services as roleplay_services
from tests.factories import StaffProfileFactory, lessons_of, read_lesson
from tests.roleplays.scripts import make_roleplay

pytestmark = pytest.mark.django_db


def play(user, page, replies):
    run = roleplay_services.start_run(user, page=page)
    for step, reply in replies:
        run = roleplay_services.answer_run(
            user, run_id=run.pk, step_key=step, reply_key=reply
        )
    return run


def test_passing_the_last_role_play_certifies_without_waiting(
    django_capture_on_commit_callbacks,
):
    page = make_roleplay()
    course = CoursePage.objects.ancestor_of(page).get()
    requirements = requirements_for(course)
    requirements.module_quizzes = False
    requirements.observation_required = False
    requirements.save()
    requirements.roleplays.set([page])
    learner = StaffProfileFactory().user
    with django_capture_on_commit_callbacks(execute=True):
        for lesson in lessons_of(course):
            read_lesson(learner, lesson, course)
    assert CertificationRecord.objects.get(user=learner).status == Status.IN_PROGRESS

    with django_capture_on_commit_callbacks(execute=True):
        run = play(learner, page, [("greeting", "apologise"), ("offer", "own")])

    assert run.passed
    record = CertificationRecord.objects.get(user=learner)
    assert record.status == Status.CERTIFIED
    assert record.last_activity_at == run.finished_at
