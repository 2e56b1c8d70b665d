from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command

from courses.models import Clause, CoursePage, LessonCompletion, LessonPage, ModulePage
from courses.progress import course_outline
from people.models import Department, StaffProfile

pytestmark = pytest.mark.django_db

DEMO_USERNAMES = ["newhire", "trainer", "manager", "hr", "admin"]


def counts():
    return (
        get_user_model().objects.count(),
        StaffProfile.objects.count(),
        Department.objects.count(),
        sum(group.user_set.count() for group in Group.objects.all()),
        LessonPage.objects.count(),
        Clause.objects.count(),
        LessonCompletion.objects.count(),
    )


def test_load_demo_creates_the_demo_users_and_a_staff_of_forty(client):
    call_command("load_demo", stdout=StringIO())

    assert StaffProfile.objects.count() >= 40
    assert Department.objects.count() >= 3
    for username in DEMO_USERNAMES:
        assert client.login(username=username, password="service-demo"), username
    assert get_user_model().objects.get(username="admin").is_superuser


def test_load_demo_twice_duplicates_nothing():
    call_command("load_demo", stdout=StringIO())
    first = counts()
    call_command("load_demo", stdout=StringIO())
    assert counts() == first


def test_demo_manager_leads_a_team_that_includes_the_new_hire():
    call_command("load_demo", stdout=StringIO())
    manager = StaffProfile.objects.get(user__username="manager")

    line = StaffProfile.objects.reporting_line(manager)

    assert line.filter(user__username="newhire").exists()
    assert line.count() >= 8
    assert not line.filter(user__username="hr").exists()


def test_demo_staff_includes_leavers_who_cannot_log_in():
    call_command("load_demo", stdout=StringIO())
    leavers = StaffProfile.objects.filter(leave_date__isnull=False)

    assert leavers.exists()
    assert not leavers.filter(user__is_active=True).exists()


def test_demo_course_has_six_modules_each_with_a_lesson_tagged_with_clauses():
    call_command("load_demo", stdout=StringIO())
    course = CoursePage.objects.get(slug="customer-service-standard")
    modules = ModulePage.objects.child_of(course).live()

    assert modules.count() == 6
    for module in modules:
        lessons = LessonPage.objects.child_of(module).live()
        assert lessons.exists(), module.title
        assert all(lesson.taught_clause_ids() for lesson in lessons), module.title
    assert Clause.objects.filter(course=course).count() >= 20


def test_demo_new_hire_has_started_but_not_finished():
    call_command("load_demo", stdout=StringIO())
    course = CoursePage.objects.get(slug="customer-service-standard")
    newhire = get_user_model().objects.get(username="newhire")

    progress = course_outline(newhire, course).progress

    assert progress.is_started
    assert not progress.is_complete
