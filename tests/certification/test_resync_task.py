"""With a task queue, a change that may reach many people (a course published or
unpublished, its job roles or deadline, a group assignment, a job role's
courses) only enqueues one ``sync_required_courses`` task; the worker brings
their required courses in step. One person's changes are synced at once.

With tasks run at once (the tests, the demo) the request syncs as before:
tests/certification/test_assignments.py covers that (a course taken off a job
role, a changed deadline, every assignment target).
"""

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks import TaskResultStatus, task_backends
from django_tasks_db.models import DBTaskResult

from certification import assignments
from certification.admin_assignments import SYNC_UNDER_WAY as NOTE
from certification.models import Assignment, DueFrom, RequiredCourse, Target
from certification.services import requirements_for
from certification.tasks import sync_later, sync_required_courses
from tests.certification.test_assignments import form_data
from tests.factories import (
    PASSWORD,
    DepartmentFactory,
    JobRoleFactory,
    StaffProfileFactory,
    UserFactory,
    make_course,
)

pytestmark = pytest.mark.django_db

DUMMY_QUEUE = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
ASSIGNMENTS = "/admin/training/assignments/"
SYNC_UNDER_WAY = str(NOTE)


class Queue:
    """The dummy queue's syncs of required courses (Wagtail queues its own
    tasks too)."""

    def __init__(self, backend):
        self.backend = backend

    @property
    def results(self) -> list:
        return [
            result
            for result in self.backend.results
            if result.task.module_path == sync_required_courses.module_path
        ]


def use_queue(settings, queue=DUMMY_QUEUE) -> Queue:
    """Tasks wait in a queue from here on (set after the test's data is made,
    which syncs at once)."""
    settings.TASKS = queue
    return Queue(task_backends["default"])


def run(result) -> int:
    """What the worker does with a queued task."""
    return result.task.call(*result.args, **result.kwargs)


def required(people, course) -> dict:
    """Employee ID → due date, for ``people``'s requirements of ``course``."""
    rows = RequiredCourse.objects.filter(staff__in=people, course=course)
    return dict(rows.values_list("staff__employee_id", "due_on"))


def messages_of(response) -> list[str]:
    return [str(message).strip() for message in get_messages(response.wsgi_request)]


@pytest.fixture
def trainer(client):
    user = UserFactory(roles=["Trainers"])
    client.login(username=user.username, password=PASSWORD)
    return user


@pytest.fixture
def hr_client(client):
    client.force_login(UserFactory(roles=["HR"]))
    return client


def staff_in(role, size, prefix="E"):
    hired = timezone.localdate() - timedelta(days=10)
    return [
        StaffProfileFactory(job_role=role, employee_id=f"{prefix}{n}", hire_date=hired)
        for n in range(size)
    ]


def publish_for_roles(client, course, roles):
    """The trainer sets the course's job roles in the page editor and publishes."""
    return client.post(
        f"/admin/pages/{course.pk}/edit/",
        {
            "title": course.title,
            "slug": course.slug,
            "summary": "",
            "validity_months": "12",
            "required_for_roles": [role.pk for role in roles],
            "action-publish": "publish",
        },
    )


# A course published -------------------------------------------------------------


def test_publishing_a_course_for_a_job_role_queues_one_task_that_syncs_its_people(
    client, trainer, settings, django_capture_on_commit_callbacks
):
    role = JobRoleFactory(name="Cashier")
    people = staff_in(role, 3)
    course = make_course("Till etiquette", modules=1, lessons=1)
    queue = use_queue(settings)

    with django_capture_on_commit_callbacks(execute=True):
        response = publish_for_roles(client, course, [role])

    assert response.status_code == 302, response.content[:2000]
    assert list(course.required_for_roles.all()) == [role]
    assert required(people, course) == {}  # the request only enqueued
    [queued] = queue.results  # one task, however many changes and people
    assert queued.task.module_path == "certification.tasks.sync_required_courses"
    assert queued.kwargs == {"course_ids": [course.pk]}
    assert json.loads(json.dumps([queued.args, queued.kwargs])) == [[], queued.kwargs]
    assert SYNC_UNDER_WAY in messages_of(response)

    assert run(queued) == 3
    due = people[0].hire_date + timedelta(days=assignments.DEFAULT_DEADLINE_DAYS)
    assert required(people, course) == {"E0": due, "E1": due, "E2": due}
    assert run(queued) == 0  # running it again changes nothing


def test_the_publish_request_reads_as_many_queries_for_many_people_as_for_few(
    client, trainer, settings, django_capture_on_commit_callbacks
):
    few, many = JobRoleFactory(name="Few"), JobRoleFactory(name="Many")
    staff_in(few, 2, prefix="F")
    staff_in(many, 40, prefix="M")
    courses = [make_course(f"Course {n}", modules=1, lessons=1) for n in range(3)]
    queue = use_queue(settings)
    with django_capture_on_commit_callbacks(execute=True):
        publish_for_roles(client, courses[0], [few])  # the caches warmed up

    counted = []
    for course, role in [(courses[1], few), (courses[2], many)]:
        with (
            CaptureQueriesContext(connection) as queries,
            django_capture_on_commit_callbacks(execute=True),
        ):
            response = publish_for_roles(client, course, [role])
        assert response.status_code == 302
        counted.append(len(queries))

    assert counted[0] == counted[1], counted
    assert not RequiredCourse.objects.filter(course__in=courses).exists()
    assert [result.kwargs for result in queue.results[-2:]] == [
        {"course_ids": [courses[1].pk]},
        {"course_ids": [courses[2].pk]},
    ]


def test_unpublishing_a_course_queues_the_removal_of_its_requirements(
    client, trainer, role, course, settings, django_capture_on_commit_callbacks
):
    people = staff_in(role, 2)
    assert len(required(people, course)) == 2
    queue = use_queue(settings)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/pages/{course.pk}/unpublish/")

    assert response.status_code == 302
    assert len(required(people, course)) == 2
    assert SYNC_UNDER_WAY in messages_of(response)
    run(queue.results[-1])
    assert required(people, course) == {}


def test_a_course_nobody_must_take_is_published_without_the_note(
    client, trainer, settings, django_capture_on_commit_callbacks
):
    course = make_course("Optional extras", modules=1, lessons=1)
    use_queue(settings)

    with django_capture_on_commit_callbacks(execute=True):
        response = publish_for_roles(client, course, [])

    assert response.status_code == 302
    assert SYNC_UNDER_WAY not in messages_of(response)


# Other changes that reach many ------------------------------------------------


def test_a_changed_deadline_is_queued_for_the_courses_people(
    role, course, settings, django_capture_on_commit_callbacks
):
    [person] = staff_in(role, 1)
    queue = use_queue(settings)

    with django_capture_on_commit_callbacks(execute=True):
        rules = requirements_for(course)
        rules.deadline_days = 10
        rules.save()

    [queued] = queue.results
    assert queued.kwargs == {"course_ids": [course.pk]}
    run(queued)
    assert required([person], course) == {"E0": person.hire_date + timedelta(days=10)}


def test_a_course_given_to_a_job_role_from_the_role_is_queued_for_its_people(
    role, settings, django_capture_on_commit_callbacks
):
    people = staff_in(role, 2)
    course = make_course("Returns desk", modules=1, lessons=1)
    queue = use_queue(settings)

    with django_capture_on_commit_callbacks(execute=True):
        role.required_courses.add(course)

    [queued] = queue.results
    assert queued.kwargs == {"job_role_ids": [role.pk]}
    assert required(people, course) == {}
    run(queued)
    assert set(required(people, course)) == {"E0", "E1"}


def assign_in_admin(client, data):
    fingerprint = client.post(f"{ASSIGNMENTS}new/", data).context["fingerprint"]
    return client.post(f"{ASSIGNMENTS}new/", {**data, "confirmed": fingerprint})


def test_an_assignment_to_a_department_is_queued_and_hr_is_told(
    hr_client, settings, django_capture_on_commit_callbacks
):
    orders = DepartmentFactory(name="Online orders")
    people = [
        StaffProfileFactory(department=orders, employee_id=f"D{n}") for n in (1, 2)
    ]
    course = make_course("Returns desk", modules=1, lessons=1)
    queue = use_queue(settings)

    with django_capture_on_commit_callbacks(execute=True):
        response = assign_in_admin(hr_client, form_data(course, department=orders.pk))

    assert response.status_code == 302
    assert Assignment.objects.get().department == orders
    assert required(people, course) == {}
    [queued] = queue.results
    assert queued.kwargs == {"department_ids": [orders.pk]}
    [message] = messages_of(response)
    assert f"assigned to Online orders. {SYNC_UNDER_WAY}" in message
    run(queued)
    due = timezone.localdate() + timedelta(days=30)
    assert required(people, course) == {"D1": due, "D2": due}


def test_an_assignment_to_one_person_is_synced_in_the_request(
    hr_client, settings, django_capture_on_commit_callbacks
):
    person = StaffProfileFactory(employee_id="P1")
    course = make_course("Returns desk", modules=1, lessons=1)
    queue = use_queue(settings)

    with django_capture_on_commit_callbacks(execute=True):
        response = assign_in_admin(
            hr_client, form_data(course, target="person", employee_id="P1")
        )

    assert response.status_code == 302
    assert list(required([person], course)) == ["P1"]
    assert queue.results == []
    assert SYNC_UNDER_WAY not in messages_of(response)[0]


def assign_department(department, course, due_on):
    return assignments.assign(
        course,
        target=Target.DEPARTMENT,
        department=department,
        due_from=DueFrom.DATE,
        due_on=due_on,
    )


def test_a_department_assignments_new_due_date_is_queued(
    hr_client, settings, django_capture_on_commit_callbacks
):
    orders = DepartmentFactory(name="Online orders")
    person = StaffProfileFactory(department=orders, employee_id="D1")
    course = make_course("Returns desk", modules=1, lessons=1)
    soon = timezone.localdate() + timedelta(days=5)
    made = assign_department(orders, course, soon)
    queue = use_queue(settings)
    later = soon + timedelta(days=30)

    with django_capture_on_commit_callbacks(execute=True):
        response = hr_client.post(
            f"{ASSIGNMENTS}edit/{made.pk}/",
            {"due_from": "date", "due_on": later.isoformat(), "due_days": ""},
        )

    assert response.status_code == 302
    assert required([person], course) == {"D1": soon}
    [queued] = queue.results
    assert queued.kwargs == {"department_ids": [orders.pk]}
    assert SYNC_UNDER_WAY in messages_of(response)[0]
    run(queued)
    assert required([person], course) == {"D1": later}


def test_removing_a_department_assignment_is_queued(
    hr_client, settings, django_capture_on_commit_callbacks
):
    orders = DepartmentFactory(name="Online orders")
    person = StaffProfileFactory(department=orders, employee_id="D1")
    course = make_course("Returns desk", modules=1, lessons=1)
    made = assign_department(orders, course, timezone.localdate())
    assert list(required([person], course)) == ["D1"]
    queue = use_queue(settings)

    with django_capture_on_commit_callbacks(execute=True):
        response = hr_client.post(f"{ASSIGNMENTS}delete/{made.pk}/")

    assert response.status_code == 302
    assert not Assignment.objects.exists()
    assert list(required([person], course)) == ["D1"]
    [queued] = queue.results
    assert queued.kwargs == {"department_ids": [orders.pk]}
    assert f"deleted. {SYNC_UNDER_WAY}" in messages_of(response)[0]
    run(queued)
    assert required([person], course) == {}


# One task per transaction -------------------------------------------------------


def test_the_changes_of_one_transaction_make_one_task(
    settings, django_capture_on_commit_callbacks
):
    teams = [DepartmentFactory(name=f"Team {n}") for n in range(3)]
    course = make_course("Returns desk", modules=1, lessons=1)
    queue = use_queue(settings)
    due = {"due_from": DueFrom.DATE, "due_on": timezone.localdate()}

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        for team in reversed(teams):
            assignments.assign(course, target=Target.DEPARTMENT, department=team, **due)
        rules = requirements_for(course)
        rules.deadline_days = 30
        rules.save()

    [queued] = queue.results
    assert queued.kwargs == {
        "department_ids": [team.pk for team in teams],
        "course_ids": [course.pk],
    }


def test_a_change_rolled_back_queues_nothing(
    settings, django_capture_on_commit_callbacks
):
    orders = DepartmentFactory(name="Online orders")
    course = make_course("Returns desk", modules=1, lessons=1)
    queue = use_queue(settings)

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        assignments.assign(
            course,
            target=Target.DEPARTMENT,
            department=orders,
            due_from=DueFrom.DATE,
            due_on=timezone.localdate(),
        )
        raise RuntimeError("the request failed")

    assert queue.results == []


def test_a_sync_still_waiting_for_the_same_people_is_not_queued_again(
    role, settings, django_capture_on_commit_callbacks
):
    course = make_course("Returns desk", modules=1, lessons=1)
    use_queue(settings, DATABASE_QUEUE)
    syncs = DBTaskResult.objects.filter(task_path=sync_required_courses.module_path)

    def commit(**reached):
        with django_capture_on_commit_callbacks(execute=True):
            sync_later(**reached)

    commit(course_ids=[course.pk], job_role_ids=[role.pk])
    commit(course_ids=[course.pk])  # the waiting task reaches them
    assert syncs.count() == 1

    commit(course_ids=[course.pk], location_ids=[1])  # more people
    assert syncs.count() == 2

    syncs.update(status=TaskResultStatus.RUNNING)  # it may have read too early
    commit(course_ids=[course.pk])
    assert syncs.count() == 3


# The database queue and its worker ---------------------------------------------


def test_the_database_queue_keeps_the_task_until_the_worker_runs_it(
    role, settings, django_capture_on_commit_callbacks, monkeypatch
):
    people = staff_in(role, 2)
    course = make_course("Returns desk", modules=1, lessons=1)
    use_queue(settings, DATABASE_QUEUE)

    with django_capture_on_commit_callbacks(execute=True):
        course.required_for_roles.add(role)
        course.save_revision().publish()

    queued = DBTaskResult.objects.get(task_path=sync_required_courses.module_path)
    assert queued.status == "READY"
    assert required(people, course) == {}

    # The worker runs here, in the test's transaction: it keeps its connection.
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections",
        lambda: None,
    )
    call_command("db_worker", "--batch", "--no-startup-delay", stdout=StringIO())

    queued.refresh_from_db()
    assert queued.status == "SUCCESSFUL"
    assert set(required(people, course)) == {"E0", "E1"}
