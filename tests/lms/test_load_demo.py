"""The demo: built through the services, rich enough for every page, idempotent.

Loading the demo takes seconds, so each test loads it once and checks a lot.
"""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone

from certification.models import Certificate, CertificationRecord, Status
from courses.models import Clause, CoursePage, LessonCompletion, LessonPage, ModulePage
from courses.progress import course_outline
from people.models import Department, StaffProfile
from quizzes.models import Attempt

pytestmark = pytest.mark.django_db

DEMO_USERNAMES = ["newhire", "trainer", "manager", "hr", "admin"]


def load():
    call_command("load_demo", stdout=StringIO())


def counts():
    return (
        get_user_model().objects.count(),
        StaffProfile.objects.count(),
        Department.objects.count(),
        sum(group.user_set.count() for group in Group.objects.all()),
        LessonPage.objects.count(),
        Clause.objects.count(),
        LessonCompletion.objects.count(),
        Attempt.objects.count(),
        CertificationRecord.objects.count(),
        Certificate.objects.count(),
    )


def test_the_demo_has_users_staff_course_and_histories(client):
    load()

    # Users and staff
    assert StaffProfile.objects.count() >= 40
    assert Department.objects.count() >= 3
    for username in DEMO_USERNAMES:
        assert client.login(username=username, password="service-demo"), username
    assert get_user_model().objects.get(username="admin").is_superuser
    manager = StaffProfile.objects.get(user__username="manager")
    line = StaffProfile.objects.reporting_line(manager)
    assert line.filter(user__username="newhire").exists()
    assert line.count() >= 8
    leavers = StaffProfile.objects.filter(leave_date__isnull=False)
    assert leavers.exists() and not leavers.filter(user__is_active=True).exists()
    from wagtail.models import Site

    assert (
        Site.objects.get(is_default_site=True).site_name == "Service Standard Academy"
    )

    # The course: six modules, each with a lesson tagged with clauses and a quiz
    course = CoursePage.objects.get(slug="customer-service-standard")
    modules = ModulePage.objects.child_of(course).live()
    assert modules.count() == 6
    for module in modules:
        lessons = LessonPage.objects.child_of(module).live()
        assert lessons.exists(), module.title
        assert all(lesson.taught_clause_ids() for lesson in lessons), module.title
        assert module.quiz is not None and module.quiz.bank.questions.count() >= 8
    assert Clause.objects.filter(course=course).count() >= 20

    # The new hire has started but not finished
    newhire = get_user_model().objects.get(username="newhire")
    progress = course_outline(newhire, course).progress
    assert progress.is_started and not progress.is_complete

    # Histories: certified, expiring soon, expired, exactly one revoked
    records = CertificationRecord.objects.filter(course=course)
    soon = timezone.now() + timezone.timedelta(days=30)
    assert records.filter(status=Status.CERTIFIED).count() >= 5
    assert records.filter(status=Status.CERTIFIED, expires_at__lte=soon).exists()
    assert records.filter(status=Status.EXPIRED).exists()
    assert records.filter(status=Status.REVOKED).count() == 1
    assert records.filter(status=Status.AWAITING_ASSESSMENT).exists()
    assert line.filter(
        user__certification_records__status=Status.AWAITING_ASSESSMENT
    ).exists()


def test_loading_the_demo_twice_duplicates_nothing():
    load()
    first = counts()
    load()
    assert counts() == first
