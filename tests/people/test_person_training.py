"""A person's page in the staff admin shows their training: records, quiz
attempts, role-play runs, observations and history, to HR and their managers."""

import uuid
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from certification.models import (
    CertificationEvent,
    CertificationRecord,
    Observation,
    ObservationChecklist,
    Status,
)
from certification.services import DEFAULT_CHECKLIST
from courses.models import CoursePage
from people import roles
from quizzes.models import Attempt
from roleplays.models import RolePlayRun, RolePlayVersion
from tests.factories import (
    StaffProfileFactory,
    UserFactory,
    make_course,
    publish,
    training_index,
)
from tests.quizzes.factories import (
    AttemptFactory,
    QuestionBankFactory,
    QuizFactory,
    answer,
    make_question,
)
from tests.roleplays.scripts import make_roleplay

pytestmark = pytest.mark.django_db

# Session, user, permissions, menu, the person; then one query for each list:
# records, attempts, role-play runs, observations, history (measured: 14).
PAGE_QUERIES = 16


def inspect_url(profile):
    return reverse("staff:inspect", args=[profile.pk])


@pytest.fixture
def team():
    """A manager, their report, and an outsider in another branch."""
    manager = StaffProfileFactory(
        employee_id="MGR", user=UserFactory(roles=[roles.MANAGERS])
    )
    report = StaffProfileFactory(
        employee_id="REPORT",
        manager=manager,
        user__first_name="Ieva",
        user__last_name="Kalna",
    )
    outsider = StaffProfileFactory(employee_id="OUTSIDER")
    return manager, report, outsider


@pytest.fixture
def material():
    """A quiz, a role-play and its played version, the default checklist."""
    roleplay = make_roleplay(title="Late sofa")
    revision = roleplay.live_revision
    version = RolePlayVersion.objects.create(
        page=roleplay, revision=revision, content=RolePlayVersion.content_of(revision)
    )
    return {
        "quiz": QuizFactory(title="Telephone quiz"),
        "roleplay": roleplay,
        "version": version,
        "checklist": ObservationChecklist.objects.get(title=DEFAULT_CHECKLIST),
    }


def give_training(user, material, size, *, observer, courses=None):
    """``size`` records, attempts, runs, observations and events for ``user``."""
    now = timezone.now()
    if courses is None:
        courses = [
            publish(training_index(), CoursePage(title=f"Course {n}", slug=f"c-{n}"))
            for n in range(size)
        ]
    records = [
        CertificationRecord.objects.create(
            user=user,
            course=course,
            status=Status.CERTIFIED,
            progress=100,
            certified_at=now - timedelta(days=10),
            expires_at=now + timedelta(days=355),
        )
        for course in courses
    ]
    for n in range(size):
        AttemptFactory(
            user=user,
            quiz=material["quiz"],
            number=n + 1,
            percent=Decimal("85"),
            passed=True,
        )
        RolePlayRun.objects.create(
            user=user,
            page=material["roleplay"],
            version=material["version"],
            current_step="won",
            finished_at=now,
            scaled_score=75,
            outcome="resolved",
            ending="won",
            passed=True,
        )
        record = records[n % len(records)]
        Observation.objects.create(
            learner=user,
            course=record.course,
            checklist=material["checklist"],
            observer=observer,
            passed=True,
            submission_key=uuid.uuid4(),
        )
        CertificationEvent.objects.create(
            record=record,
            actor=observer,
            from_status=Status.AWAITING_ASSESSMENT,
            to_status=Status.CERTIFIED,
            reason=f"Observation {n} passed",
        )
    return records


def test_hr_sees_the_training_sections_with_real_data(client, team, material):
    _manager, report, _outsider = team
    hr = UserFactory(roles=[roles.HR], first_name="Hanna", last_name="Ruse")
    course = make_course("Service basics", modules=1, lessons=1)
    [record] = give_training(report.user, material, 1, observer=hr, courses=[course])
    observation = Observation.objects.get(learner=report.user)
    client.force_login(hr)

    response = client.get(inspect_url(report))

    html = response.text
    assert response.status_code == 200
    record_url = reverse("certification_records:inspect", args=[record.pk])
    assert f'href="{record_url}"' in html
    assert "Service basics" in html and "Certified" in html and "100%" in html
    assert "Telephone quiz (#1)" in html and "85%" in html
    assert "Late sofa" in html and "75%" in html
    assert f'href="{record_url}#observation-{observation.pk}"' in html
    assert "Hanna Ruse" in html
    assert "Awaiting practical assessment → Certified" in html
    assert "Observation 0 passed" in html


def test_every_section_says_when_it_is_empty(client, team):
    _manager, report, _outsider = team
    client.force_login(UserFactory(roles=[roles.HR]))

    html = client.get(inspect_url(report)).text

    assert "No certification record yet" in html
    assert "No quiz attempts yet." in html
    assert "No role-plays played yet." in html
    assert "No practical observation has been recorded." in html
    assert "No change of status has been recorded yet." in html


def test_a_manager_sees_the_training_of_their_report(client, team, material):
    manager, report, _outsider = team
    course = make_course("Service basics", modules=1, lessons=1)
    [record] = give_training(
        report.user, material, 1, observer=manager.user, courses=[course]
    )
    client.force_login(manager.user)

    response = client.get(inspect_url(report))

    assert response.status_code == 200
    assert reverse("certification_records:inspect", args=[record.pk]) in response.text
    assert "Telephone quiz (#1)" in response.text
    assert "Observation 0 passed" in response.text


def test_a_manager_gets_404_for_someone_outside_their_line(client, team, material):
    manager, _report, outsider = team
    give_training(outsider.user, material, 1, observer=manager.user)
    client.force_login(manager.user)

    response = client.get(inspect_url(outsider))

    assert response.status_code == 404
    assert "Observation 0 passed" not in response.text


def test_trainers_and_learners_still_cannot_open_a_persons_page(client, team):
    _manager, report, _outsider = team
    for user in (UserFactory(roles=[roles.TRAINERS]), StaffProfileFactory().user):
        client.force_login(user)

        response = client.get(inspect_url(report))

        # Refused as before: not found, or sent back to the dashboard.
        assert response.status_code in (302, 404)
        assert "Ieva Kalna" not in response.text


def test_an_essay_waiting_for_marking_links_to_the_marking_page(client, team):
    _manager, report, _outsider = team
    bank = QuestionBankFactory()
    essay = make_question(bank, "essay")
    attempt = AttemptFactory(
        user=report.user,
        quiz=QuizFactory(title="Conflict quiz", bank=bank),
        status=Attempt.Status.AWAITING_MARKING,
        percent=None,
    )
    waiting = answer(attempt, essay, position=0, awarded=0)
    waiting.needs_marking = True
    waiting.save()
    mark_url = reverse("quiz_marking:mark", args=[waiting.pk])

    client.force_login(UserFactory(roles=[roles.HR]))
    hr_page = client.get(inspect_url(report)).text
    client.force_login(UserFactory(is_superuser=True))
    admin_page = client.get(inspect_url(report)).text

    assert "Awaiting marking" in hr_page
    # HR do not mark essays; those who may get the link.
    assert mark_url not in hr_page
    assert mark_url in admin_page


def test_the_page_takes_the_same_queries_whatever_the_training(client, team, material):
    manager, report, _outsider = team
    other = StaffProfileFactory(employee_id="OTHER", manager=manager)
    give_training(report.user, material, 2, observer=manager.user)
    courses = [
        publish(training_index(), CoursePage(title=f"Big {n}", slug=f"big-{n}"))
        for n in range(20)
    ]
    give_training(other.user, material, 20, observer=manager.user, courses=courses)
    client.force_login(UserFactory(roles=[roles.HR]))
    client.get(inspect_url(report))  # caches warmed

    counts = {}
    for profile, size in ((report, 2), (other, 20)):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(inspect_url(profile))
        assert response.status_code == 200
        assert f"Observation {size - 1} passed" in response.text
        counts[size] = len(queries)

    assert counts[2] == counts[20] <= PAGE_QUERIES
