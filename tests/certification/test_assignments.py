"""Assignments: HR requires a course of a person, a department, a location or a
job role with a due date; every readiness answer shows it, and "overdue" means
not certified by that date everywhere.

The staff: Ann and Ben in Online orders, Cleo in the Riga shop; nobody's job
role requires the second course, "Returns desk".
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import ModelLogEntry

from certification import assignments
from certification.models import (
    Assignment,
    CertificationRecord,
    DueFrom,
    RequiredCourse,
    Status,
    Target,
)
from certification.rows import readiness_rows
from people.models import StaffProfile
from tests.certification.factories import certified
from tests.factories import (
    DepartmentFactory,
    JobRoleFactory,
    LocationFactory,
    StaffProfileFactory,
    UserFactory,
    make_course,
)

pytestmark = pytest.mark.django_db

ADD = "/admin/training/assignments/new/"
INDEX = "/admin/training/assignments/"
READINESS = "/admin/training/reports/readiness/"


def today():
    return timezone.localdate()


@pytest.fixture
def returns():
    return make_course("Returns desk", modules=1, lessons=1)


@pytest.fixture
def staff():
    orders = DepartmentFactory(name="Online orders")
    riga = LocationFactory(name="Riga shop")
    clerk = JobRoleFactory(name="Clerk")
    hired = today() - timedelta(days=100)
    return {
        "ann": StaffProfileFactory(
            employee_id="A1", department=orders, job_role=clerk, hire_date=hired
        ),
        "ben": StaffProfileFactory(
            employee_id="B1", department=orders, job_role=clerk, hire_date=hired
        ),
        "cleo": StaffProfileFactory(
            employee_id="C1", location=riga, job_role=clerk, hire_date=hired
        ),
    }


def rows_for(course):
    rows = readiness_rows(StaffProfile.objects.all()).filter(course_id=course.pk)
    return {row.employee_id: row for row in rows}


def assign(course, **values):
    values.setdefault("due_from", DueFrom.DATE)
    if values["due_from"] == DueFrom.DATE:
        values.setdefault("due_on", today() + timedelta(days=14))
    return assignments.assign(course, **values)


# What an assignment requires ------------------------------------------------


def test_a_department_assignment_requires_the_course_of_everyone_in_it(staff, returns):
    assert rows_for(returns) == {}

    assign(returns, target=Target.DEPARTMENT, department=staff["ann"].department)

    rows = rows_for(returns)
    assert sorted(rows) == ["A1", "B1"]
    assert rows["A1"].due_on == today() + timedelta(days=14)
    assert rows["A1"].status == Status.NOT_STARTED
    assert not rows["A1"].overdue


def test_a_new_member_of_the_department_gets_the_course_and_a_leaver_of_it_loses_it(
    staff, returns
):
    orders = staff["ann"].department
    assign(returns, target=Target.DEPARTMENT, department=orders)

    StaffProfileFactory(employee_id="N1", department=orders)
    staff["ben"].department = DepartmentFactory(name="Warehouse")
    staff["ben"].save()

    assert sorted(rows_for(returns)) == ["A1", "N1"]


def test_location_job_role_and_person_targets(staff, returns):
    assign(returns, target=Target.LOCATION, location=staff["cleo"].location)
    assert sorted(rows_for(returns)) == ["C1"]

    assign(returns, target=Target.PERSON, person=staff["ann"])
    assert sorted(rows_for(returns)) == ["A1", "C1"]

    assign(returns, target=Target.JOB_ROLE, job_role=staff["ann"].job_role)
    assert sorted(rows_for(returns)) == ["A1", "B1", "C1"]


def test_due_dates_counted_from_hire_and_from_the_assignment(staff, returns):
    assign(
        returns,
        target=Target.PERSON,
        person=staff["ann"],
        due_from=DueFrom.HIRE,
        due_days=30,
    )
    assign(
        returns,
        target=Target.PERSON,
        person=staff["ben"],
        due_from=DueFrom.ASSIGNED,
        due_days=10,
    )

    rows = rows_for(returns)
    assert rows["A1"].due_on == staff["ann"].hire_date + timedelta(days=30)
    assert rows["A1"].overdue  # hired 100 days ago
    assert rows["B1"].due_on == today() + timedelta(days=10)
    assert not rows["B1"].overdue


def test_the_earliest_assignment_wins_and_replaces_the_job_role_deadline(
    staff, role, course, returns
):
    person = StaffProfileFactory(
        employee_id="R1", job_role=role, hire_date=today() - timedelta(days=300)
    )
    assert rows_for(course)["R1"].overdue  # the role's 60 days passed long ago

    later = today() + timedelta(days=40)
    sooner = today() + timedelta(days=20)
    assign(course, target=Target.PERSON, person=person, due_on=later)
    assign(
        course, target=Target.DEPARTMENT, department=person.department, due_on=sooner
    )

    row = rows_for(course)["R1"]
    assert row.due_on == sooner
    assert not row.overdue
    assert row.required_by_role


def test_overdue_means_not_certified_by_the_due_date(staff, returns):
    assign(
        returns,
        target=Target.DEPARTMENT,
        department=staff["ann"].department,
        due_on=today() - timedelta(days=1),
    )
    certified(staff["ann"].user, returns)

    rows = rows_for(returns)
    assert not rows["A1"].overdue
    assert rows["B1"].overdue


def test_a_later_assignment_gives_someone_whose_certificate_expired_more_time(
    staff, returns
):
    record = certified(staff["ann"].user, returns).record
    CertificationRecord.objects.filter(pk=record.pk).update(
        expires_at=timezone.now() - timedelta(days=3)
    )
    assign(returns, target=Target.PERSON, person=staff["ann"])
    row = rows_for(returns)["A1"]
    assert row.status == Status.EXPIRED
    assert not row.overdue

    Assignment.objects.update(due_on=today() - timedelta(days=1))
    assignments.sync([staff["ann"].pk])
    assert rows_for(returns)["A1"].overdue


def test_removing_an_assignment_keeps_progress(staff, returns):
    made = assign(returns, target=Target.PERSON, person=staff["ann"])
    certified(staff["ann"].user, returns)
    made_id = str(made.pk)

    assignments.unassign(made)

    assert rows_for(returns) == {}
    assert CertificationRecord.objects.get(user=staff["ann"].user).is_ready
    actions = ModelLogEntry.objects.filter(object_id=made_id)
    assert sorted(actions.values_list("action", flat=True)) == [
        assignments.ASSIGN_ACTION,
        assignments.UNASSIGN_ACTION,
    ]


def test_a_course_taken_off_a_job_role_is_no_longer_required(staff, role, course):
    StaffProfileFactory(employee_id="R1", job_role=role)
    assert "R1" in rows_for(course)

    course.required_for_roles.remove(role)
    course.save_revision().publish()

    assert "R1" not in rows_for(course)


def test_a_changed_course_deadline_moves_the_due_date(role, course):
    from certification.services import requirements_for

    person = StaffProfileFactory(employee_id="R1", job_role=role)
    rules = requirements_for(course)
    rules.deadline_days = 10
    rules.save()

    assert rows_for(course)["R1"].due_on == person.hire_date + timedelta(days=10)


def test_sync_reads_a_fixed_number_of_queries_for_any_number_of_people(staff, returns):
    assign(returns, target=Target.DEPARTMENT, department=staff["ann"].department)
    for size in (5, 50):
        people = StaffProfileFactory.create_batch(
            size, department=staff["ann"].department
        )
        RequiredCourse.objects.filter(staff__in=people).delete()
        with CaptureQueriesContext(connection) as queries:
            assignments.sync([person.pk for person in people])
        assert RequiredCourse.objects.filter(staff__in=people).count() == size
        assert len(queries) <= 8, size


# The admin: a preview, then the assignment ------------------------------------


@pytest.fixture
def hr_client(client):
    client.force_login(UserFactory(roles=["HR"]))
    return client


def form_data(course, **values):
    data = {
        "course": course.pk,
        "target": "department",
        "employee_id": "",
        "department": "",
        "location": "",
        "job_role": "",
        "due_from": "date",
        "due_on": (today() + timedelta(days=30)).isoformat(),
        "due_days": "",
        "note": "New returns policy",
    }
    data.update(values)
    return data


def test_hr_sees_who_an_assignment_reaches_before_confirming(hr_client, staff, returns):
    orders = staff["ann"].department
    data = form_data(returns, department=orders.pk)

    preview = hr_client.post(ADD, data)

    assert preview.status_code == 200
    text = preview.content.decode()
    assert "will be required of 2 people" in text
    assert staff["ann"].full_name in text and staff["cleo"].full_name not in text
    assert "Assign to 2 people" in text
    assert not Assignment.objects.exists()

    fingerprint = preview.context["fingerprint"]
    done = hr_client.post(ADD, {**data, "confirmed": fingerprint})

    assert done.status_code == 302
    made = Assignment.objects.get()
    assert (made.department, made.created_by.username) == (
        orders,
        preview.wsgi_request.user.username,
    )
    assert sorted(rows_for(returns)) == ["A1", "B1"]
    listing = hr_client.get(INDEX).content.decode()
    assert "Returns desk" in listing and "Online orders" in listing


def test_a_form_changed_after_the_preview_is_previewed_again(hr_client, staff, returns):
    data = form_data(returns, department=staff["ann"].department.pk)
    fingerprint = hr_client.post(ADD, data).context["fingerprint"]

    riga = form_data(returns, target="location", location=staff["cleo"].location.pk)
    again = hr_client.post(ADD, {**riga, "confirmed": fingerprint})

    assert again.status_code == 200
    assert "will be required of 1 person" in again.content.decode()
    assert not Assignment.objects.exists()


@pytest.mark.parametrize(
    "values, field",
    [
        ({"target": "department"}, "department"),
        ({"target": "person", "employee_id": "NOPE"}, "employee_id"),
        ({"due_on": ""}, "due_on"),
        ({"due_from": "hire", "due_days": ""}, "due_days"),
    ],
    ids=["no-department", "unknown-person", "no-date", "no-days"],
)
def test_bad_input_is_a_form_error(hr_client, staff, returns, values, field):
    response = hr_client.post(ADD, form_data(returns, **values))

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Assignment.objects.exists()


def test_an_assignment_to_one_person_by_employee_id(hr_client, staff, returns):
    data = form_data(returns, target="person", employee_id="C1")
    fingerprint = hr_client.post(ADD, data).context["fingerprint"]
    hr_client.post(ADD, {**data, "confirmed": fingerprint})

    assert Assignment.objects.get().person == staff["cleo"]
    assert sorted(rows_for(returns)) == ["C1"]


def test_editing_the_due_date_moves_everyones_due_date(hr_client, staff, returns):
    made = assign(returns, target=Target.PERSON, person=staff["ann"])
    later = today() + timedelta(days=90)

    response = hr_client.post(
        f"{INDEX}edit/{made.pk}/",
        {"due_from": "date", "due_on": later.isoformat(), "due_days": "", "note": ""},
    )

    assert response.status_code == 302
    assert rows_for(returns)["A1"].due_on == later


def test_removing_in_the_admin_keeps_records(hr_client, staff, returns):
    made = assign(returns, target=Target.PERSON, person=staff["ann"])
    certified(staff["ann"].user, returns)

    response = hr_client.post(f"{INDEX}delete/{made.pk}/")

    assert response.status_code == 302
    assert not Assignment.objects.exists()
    assert rows_for(returns) == {}
    assert CertificationRecord.objects.filter(user=staff["ann"].user).exists()


def test_managers_and_learners_cannot_assign(client, staff, returns):
    for role_names in (["Managers"], []):
        client.force_login(UserFactory(roles=role_names))
        response = client.post(
            ADD, form_data(returns, department=staff["ann"].department.pk)
        )
        assert response.status_code in (302, 403)
    assert not Assignment.objects.exists()


@pytest.mark.parametrize("size", [3, 30])
def test_the_listing_is_a_fixed_number_of_queries(
    hr_client, staff, returns, size, django_assert_max_num_queries
):
    for n in range(size):
        assign(
            returns,
            target=Target.DEPARTMENT,
            department=DepartmentFactory(name=f"Team {n}"),
        )

    with django_assert_max_num_queries(20):
        response = hr_client.get(INDEX)

    assert response.status_code == 200
    assert response.content.decode().count("Returns desk") >= size


# Every readiness answer shows the due date --------------------------------------


def test_the_report_the_api_and_the_learners_page_show_the_assignments_due_date(
    hr_client, staff, returns
):
    due = today() + timedelta(days=21)
    assign(returns, target=Target.PERSON, person=staff["ann"], due_on=due)

    report = hr_client.get(READINESS, {"course": returns.pk}).content.decode()
    assert "A1" in report

    api = hr_client.get("/api/v1/readiness", {"course": returns.slug}).json()
    assert [(i["employee_id"], i["due_date"]) for i in api["items"]] == [
        ("A1", due.isoformat())
    ]

    learner = staff["ann"].user
    hr_client.force_login(learner)
    mine = hr_client.get("/api/v1/me/readiness").json()
    assert [i["due_date"] for i in mine if i["course"] == returns.slug] == [
        due.isoformat()
    ]


# The API ---------------------------------------------------------------------


def test_the_hr_system_assigns_lists_and_removes_through_the_api(
    hr_client, staff, returns
):
    due = today() + timedelta(days=45)
    body = {
        "course": returns.slug,
        "target": "department",
        "name": "Online orders",
        "due_on": due.isoformat(),
        "note": "Returns policy 2027",
    }

    made = hr_client.post("/api/v1/assignments", body, content_type="application/json")

    assert made.status_code == 201, made.content
    assert made.json()["name"] == "Online orders"
    assert sorted(rows_for(returns)) == ["A1", "B1"]
    listed = hr_client.get("/api/v1/assignments").json()
    assert listed["count"] == 1 and listed["items"][0]["due_on"] == due.isoformat()

    gone = hr_client.delete(f"/api/v1/assignments/{made.json()['id']}")

    assert gone.status_code == 204
    assert rows_for(returns) == {}
    missing = hr_client.delete(f"/api/v1/assignments/{made.json()['id']}")
    assert missing.status_code == 404 and missing.json()["message"]


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"course": "no-such-course"}, "course"),
        ({"name": "Nobody"}, "name"),
        ({"due_on": None}, "due_on"),
        ({"due_from": "hire", "due_on": None}, "due_days"),
    ],
    ids=["course", "target", "due-on", "due-days"],
)
def test_bad_assignments_are_a_422_with_the_field(
    hr_client, staff, returns, changes, field
):
    body = {
        "course": returns.slug,
        "target": "person",
        "name": "A1",
        "due_on": today().isoformat(),
        **changes,
    }
    response = hr_client.post(
        "/api/v1/assignments", body, content_type="application/json"
    )

    assert response.status_code == 422
    assert response.json()["message"]
    assert field in response.json()["errors"]
    assert not Assignment.objects.exists()


def test_a_manager_cannot_assign_through_the_api(client, staff, returns):
    client.force_login(UserFactory(roles=["Managers"]))
    body = {
        "course": returns.slug,
        "target": "person",
        "name": "A1",
        "due_on": "2030-01-01",
    }

    response = client.post("/api/v1/assignments", body, content_type="application/json")

    assert response.status_code == 403 and response.json()["message"]
    assert client.get("/api/v1/assignments").status_code == 403


@pytest.mark.parametrize("size", [2, 20])
def test_the_api_list_is_a_fixed_number_of_queries(
    hr_client, staff, returns, size, django_assert_max_num_queries
):
    for _ in range(size):
        assign(returns, target=Target.PERSON, person=StaffProfileFactory())

    with django_assert_max_num_queries(8):
        response = hr_client.get("/api/v1/assignments")

    assert len(response.json()["items"]) == size


def test_the_learner_sees_an_assigned_course_as_assigned_with_its_due_date(
    client, staff, returns
):
    due = today() + timedelta(days=9)
    assign(returns, target=Target.PERSON, person=staff["ann"], due_on=due)
    client.force_login(staff["ann"].user)

    catalogue = client.get("/training/").content.decode()
    mine = client.get("/training/me/").content.decode()

    assert "Assigned to you" in catalogue
    assert "Assigned to you" in mine
    assert f"Due by {due.day} " in mine
    client.force_login(staff["cleo"].user)
    assert "Assigned to you" not in client.get("/training/").content.decode()


def test_the_readiness_export_carries_the_assignments_due_date_and_overdue(
    hr_client, staff, returns
):
    import csv
    import io

    assign(
        returns,
        target=Target.PERSON,
        person=staff["ann"],
        due_on=today() + timedelta(days=5),
    )
    assign(
        returns,
        target=Target.PERSON,
        person=staff["ben"],
        due_on=today() - timedelta(days=2),
    )

    response = hr_client.get(READINESS, {"course": returns.pk, "export": "csv"})

    content = b"".join(response.streaming_content).decode()
    rows = list(csv.reader(io.StringIO(content.lstrip("\ufeff"))))
    found = {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    assert found["A1"]["Due"] == (today() + timedelta(days=5)).isoformat()
    assert found["B1"]["Due"] == (today() - timedelta(days=2)).isoformat()
    assert (found["A1"]["Overdue"], found["B1"]["Overdue"]) == ("False", "True")
