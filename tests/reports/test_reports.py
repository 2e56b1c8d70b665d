"""HR and manager reports: readiness, expiring and expired, stuck; the admin panel.

One small known team: under the manager, Alice (certified), Bob (certified,
expiring in 10 days), Carol (expired), Dan (in progress, quiet for 20 days) and
Frank (left); outside the line, Eve (never started, hired 100 days ago).
"""

import csv
import io
from datetime import timedelta

import openpyxl
import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from certification.models import CertificationRecord, Status
from people.models import StaffProfile
from reports.summary import headline
from tests.factories import (
    DepartmentFactory,
    JobRoleFactory,
    StaffProfileFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

READINESS = "/admin/training/reports/readiness/"
EXPIRING = "/admin/training/reports/expiring/"
STUCK = "/admin/training/reports/stuck/"


def days_ago(days):
    return timezone.now() - timedelta(days=days)


def record(profile, course, status, **fields):
    return CertificationRecord.objects.create(
        user=profile.user, course=course, status=status, **fields
    )


def certify(profile, course, *, expires_in):
    return record(
        profile,
        course,
        Status.CERTIFIED,
        progress=100,
        certified_at=days_ago(100),
        expires_at=timezone.now() + timedelta(days=expires_in),
        last_activity_at=days_ago(100),
    )


@pytest.fixture
def team(role, course):
    sales = DepartmentFactory(name="Sales floor")
    care = DepartmentFactory(name="Customer care")
    manager = StaffProfileFactory(
        employee_id="M1", job_role=JobRoleFactory(name="Store manager")
    )
    manager.user.groups.add(Group.objects.get(name="Managers"))

    def person(employee_id, name, department=sales, boss=manager, **fields):
        first, last = name.split()
        user = UserFactory(username=name.lower(), first_name=first, last_name=last)
        fields.setdefault("hire_date", timezone.localdate() - timedelta(days=200))
        return StaffProfileFactory(
            user=user,
            employee_id=employee_id,
            department=department,
            job_role=role,
            manager=boss,
            **fields,
        )

    people = {
        "alice": person("E1", "Alice Avots"),
        "bob": person("E2", "Bob Berzins"),
        "carol": person("E3", "Carol Celms", department=care),
        "dan": person("E4", "Dan Dumpis", department=care),
        "frank": person("E6", "Frank Freimanis", is_active=False),
        "eve": person(
            "E5",
            "Eve Eglite",
            boss=None,
            hire_date=timezone.localdate() - timedelta(days=100),
        ),
    }
    certify(people["alice"], course, expires_in=200)
    certify(people["bob"], course, expires_in=10)
    certify(people["carol"], course, expires_in=-5)  # the sweep has not run yet
    record(
        people["dan"],
        course,
        Status.IN_PROGRESS,
        progress=40,
        last_activity_at=days_ago(20),
    )
    return manager, people


def names_in(response):
    """The first names in the report's rows (the page's listing, in order)."""
    shown = {row.user.first_name for row in response.context["object_list"]}
    assert shown <= {"Alice", "Bob", "Carol", "Dan", "Eve", "Frank"}
    content = response.content.decode()
    return [
        name
        for name in ["Alice", "Bob", "Carol", "Dan", "Eve", "Frank"]
        if name in shown and f"{name} " in content
    ]


def export(client, url, fmt, **params):
    response = client.get(url, {**params, "export": fmt})
    assert response.status_code == 200
    if fmt == "csv":
        content = b"".join(response.streaming_content).decode()
        return list(csv.reader(io.StringIO(content)))
    content = b"".join(response.streaming_content)
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


# Readiness --------------------------------------------------------------------


def test_hr_sees_everyone_who_must_take_the_course(hr, team):
    response = hr.get(READINESS)

    assert response.status_code == 200
    assert names_in(response) == ["Alice", "Bob", "Carol", "Dan", "Eve"]
    headline = response.context["headline"]
    assert (headline.total, headline.ready, headline.expiring) == (5, 2, 1)
    # Overdue: Carol (expired), Dan and Eve (past the 60 days after hire).
    assert (headline.overdue, headline.stuck) == (3, 2)
    assert headline.ready_percent == 40


def test_a_certificate_past_its_expiry_reads_expired(hr, team):
    rows = {
        row.employee_id: row.status for row in hr.get(READINESS).context["object_list"]
    }

    assert rows == {
        "E1": Status.CERTIFIED,
        "E2": Status.CERTIFIED,
        "E3": Status.EXPIRED,
        "E4": Status.IN_PROGRESS,
        "E5": Status.NOT_STARTED,
    }


def test_leavers_are_left_out_unless_asked_for(hr, team):
    assert "Frank" in names_in(hr.get(READINESS, {"employment": "all"}))
    assert names_in(hr.get(READINESS, {"employment": "left"})) == ["Frank"]


def test_filters_narrow_rows_chart_and_headline(hr, team):
    care = team[1]["carol"].department

    response = hr.get(READINESS, {"department": care.pk})

    assert names_in(response) == ["Carol", "Dan"]
    assert response.context["headline"].total == 2
    chart = str(response.context["chart"])
    assert "Customer care" in chart and "Sales floor" not in chart


def test_status_and_manager_filters(hr, team):
    manager, _people = team

    certified = hr.get(READINESS, {"status": Status.CERTIFIED})
    line = hr.get(READINESS, {"manager": manager.pk})

    assert names_in(certified) == ["Alice", "Bob"]
    assert names_in(line) == ["Alice", "Bob", "Carol", "Dan"]


def test_the_chart_counts_each_department(hr, team):
    response = hr.get(READINESS)

    chart = response.context["chart"]
    # Sales floor: Alice and Bob ready; Customer care: Carol expired, Dan in progress.
    assert "Sales floor" in chart and "Customer care" in chart
    assert 'role="img"' in chart


def test_a_manager_sees_only_their_reporting_line_everywhere(client, team):
    manager, _people = team
    client.force_login(manager.user)

    page = client.get(READINESS)
    rows = export(client, READINESS, "csv")
    sheet = export(client, READINESS, "xlsx")

    assert names_in(page) == ["Alice", "Bob", "Carol", "Dan"]
    assert page.context["headline"].total == 4
    assert "Eve" not in str(page.context["chart"])
    assert [row[0] for row in rows[1:]] == ["E1", "E2", "E3", "E4"]
    assert [row[0] for row in sheet[1:]] == ["E1", "E2", "E3", "E4"]


def test_a_manager_cannot_widen_their_scope_with_filters(client, team, role):
    manager, people = team
    other = StaffProfileFactory(job_role=role)
    client.force_login(manager.user)

    response = client.get(READINESS, {"manager": other.pk, "employment": "all"})

    assert names_in(response) == ["Alice", "Bob", "Carol", "Dan", "Frank"]
    choices = response.context["view"].filters.form.fields["manager"].queryset
    assert other not in choices


def test_the_export_has_headings_and_one_row_per_person_and_course(hr, team):
    rows = export(hr, READINESS, "xlsx", status=Status.CERTIFIED)

    assert rows[0][:3] == ["Employee ID", "Name", "Department"]
    assert [row[0] for row in rows[1:]] == ["E1", "E2"]
    by_id = {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    assert by_id["E2"]["Status"] == "Certified"
    assert by_id["E2"]["Progress (%)"] == 100
    assert by_id["E2"]["Expires"] is not None


def test_csv_export_streams(hr, team):
    response = hr.get(READINESS, {"export": "csv"})

    assert response.streaming
    assert response["Content-Disposition"].startswith(
        'attachment; filename="readiness-'
    )


def test_learners_and_trainers_may_not_open_reports(client, team):
    for roles in ([], ["Trainers"]):
        client.force_login(UserFactory(roles=roles))
        for url in (READINESS, EXPIRING, STUCK, READINESS + "results/"):
            assert client.get(url).status_code in (302, 403)
    client.force_login(UserFactory(roles=["Trainers"]))
    assert client.get(READINESS).status_code == 403
    assert client.get(READINESS, {"export": "csv"}).status_code == 403


def test_bad_filter_values_do_not_break_the_page(hr, team):
    response = hr.get(READINESS, {"department": "999999", "hired_from": "not a date"})

    assert response.status_code == 200


def test_the_results_fragment_refreshes_the_chart_too(hr, team):
    care = team[1]["carol"].department

    response = hr.get(READINESS + "results/", {"department": care.pk})

    assert response.status_code == 200
    assert "<svg" in response.content.decode()
    assert names_in(response) == ["Carol", "Dan"]


# Expiring and stuck -----------------------------------------------------------


def test_expiring_lists_the_next_30_days_and_the_overdue(hr, team):
    response = hr.get(EXPIRING)

    assert names_in(response) == ["Bob", "Carol"]
    assert names_in(hr.get(EXPIRING, {"days": 365})) == ["Alice", "Bob", "Carol"]
    assert names_in(hr.get(EXPIRING, {"status": Status.EXPIRED})) == ["Carol"]


def test_expiring_shows_days_left(hr, team):
    rows = export(hr, EXPIRING, "csv")

    days = {row[0]: row[-1] for row in rows[1:]}
    assert days == {"E2": "10", "E3": "-5"}


def test_stuck_lists_people_quiet_for_14_days(hr, team):
    response = hr.get(STUCK)

    assert names_in(response) == ["Dan", "Eve"]
    assert names_in(hr.get(STUCK, {"days": 30})) == ["Eve"]


def test_recent_lesson_visits_count_as_activity(hr, team, course):
    from courses.models import CourseActivity

    dan = team[1]["dan"]
    CourseActivity.objects.create(user=dan.user, course=course)

    assert names_in(hr.get(STUCK)) == ["Eve"]


def test_new_starters_are_not_stuck(hr, team):
    eve = team[1]["eve"]
    StaffProfile.objects.filter(pk=eve.pk).update(
        hire_date=timezone.localdate() - timedelta(days=5)
    )

    assert names_in(hr.get(STUCK)) == ["Dan"]


# The admin home panel ---------------------------------------------------------


def test_the_dashboard_panel_shows_headline_numbers(hr, team):
    response = hr.get("/admin/")

    content = response.content.decode()
    assert "Service standard: who is ready" in content
    assert "ready (2 of 5)" in content
    assert READINESS in content and STUCK in content


def test_the_dashboard_panel_is_scoped_and_hidden_from_trainers(client, team):
    manager, _people = team
    client.force_login(manager.user)
    assert "ready (2 of 4)" in client.get("/admin/").content.decode()

    client.force_login(UserFactory(roles=["Trainers"]))
    assert (
        "Service standard: who is ready" not in client.get("/admin/").content.decode()
    )


# Query counts -----------------------------------------------------------------


def add_people(role, course, count):
    department = DepartmentFactory(name="Online orders")
    for n in range(count):
        profile = StaffProfileFactory(job_role=role, department=department)
        if n % 2:
            certify(profile, course, expires_in=n)


@pytest.mark.parametrize("url", [READINESS, EXPIRING, STUCK, "/admin/"])
@pytest.mark.parametrize("size", [20, 200])
def test_reports_are_a_fixed_number_of_queries(
    hr, role, course, size, url, django_assert_max_num_queries
):
    add_people(role, course, size)

    with django_assert_max_num_queries(20):
        response = hr.get(url)

    assert response.status_code == 200


@pytest.mark.parametrize("size", [20, 200])
def test_exports_are_a_fixed_number_of_queries(
    hr, role, course, size, django_assert_max_num_queries
):
    add_people(role, course, size)

    with django_assert_max_num_queries(8):
        rows = export(hr, READINESS, "xlsx")

    assert len(rows) == size + 1


def test_the_chart_groups_by_location_or_job_role_on_request(hr, team):
    alice = team[1]["alice"]

    by_location = str(hr.get(READINESS, {"chart_by": "location"}).context["chart"])
    by_role = str(hr.get(READINESS, {"chart_by": "job_role"}).context["chart"])

    assert "Readiness by location" in by_location
    assert alice.location.name in by_location
    assert "Sales consultant" in by_role and "Sales floor" not in by_role


def test_hire_date_filters(hr, team):
    recent = timezone.localdate() - timedelta(days=150)

    response = hr.get(READINESS, {"hired_from": recent.isoformat()})

    assert names_in(response) == ["Eve"]


def test_unreadable_filters_are_named_and_keep_leavers_out(hr, team):
    response = hr.get(STUCK, {"days": "abc", "hired_from": "2026-99-99"})

    content = response.content.decode()
    assert response.status_code == 200
    assert "Some filters could not be read and are ignored" in content
    assert "Days:" in content and "Hired on or after:" in content
    assert "Frank" not in names_in(hr.get(READINESS, {"hired_from": "nonsense"}))


# The counts come from one grouped query: equal to counting the rows one by one


def test_one_grouped_query_counts_chart_headline_and_pages(hr, team, course):
    outside = StaffProfileFactory(job_role=team[1]["alice"].job_role, department=None)
    certify(outside, course, expires_in=20)

    response = hr.get(READINESS, {"employment": "all"})

    view = response.context["view"]
    rows = list(view.all_rows)
    expected = {}
    for row in rows:
        name = row.department.name if row.department else "—"
        counts = expected.setdefault(name, {})
        counts[row.status] = counts.get(row.status, 0) + 1
    assert view.counted.by_group == expected
    assert view.counted.total == len(rows) == response.context["paginator"].count
    assert view.counted.headline == headline(view.all_rows, view.now)


def test_expiry_chart_counts_each_rows_days_left(hr, team, course, role):
    for days in (0, 1, 6, 7, 13, 14, 41, 59, -1, -30):
        certify(StaffProfileFactory(job_role=role), course, expires_in=days)

    response = hr.get(EXPIRING, {"days": "60"})

    view = response.context["view"]
    today = timezone.localdate(view.now)
    weeks = (60 + 6) // 7
    expected = {"total": 0, "overdue": 0, **{f"week_{w}": 0 for w in range(weeks)}}
    for row in view.all_rows:
        left = (timezone.localdate(row.expires_at) - today).days
        expected["total"] += 1
        key = "overdue" if left < 0 else f"week_{min(left // 7, weeks - 1)}"
        expected[key] += 1
    assert view.counted == expected
    assert expected["overdue"] == 3  # Carol and the two above
