"""The staff import's optional assign_course and assign_due columns: the same
rules in the CSV command, the admin import and PUT/PATCH /api/v1/people; one
assignment per person and course; required courses brought in step once per
import; API writes logged under the token's owner."""

import io
import json
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import APIToken

from certification.models import Assignment, DueFrom, RequiredCourse, Target
from certification.person_assignments import UNKNOWN_COURSE
from people import imports
from people.models import StaffLogEntry, StaffProfile
from tests.factories import StaffProfileFactory, UserFactory, make_course

pytestmark = pytest.mark.django_db

HEADER = ",".join(imports.HEADER)
WITH_ASSIGN = f"{HEADER},language,assign_course,assign_due"
HIRED = date(2026, 1, 15)
IMPORT_URL = reverse("people:import_staff")
HISTORY = reverse("training_reports:history")


def row(employee_id="E001", *, course="", due="", language="", hired=HIRED):
    """A CSV line with the language and the two assignment cells."""
    cells = [
        employee_id,
        "Ann",
        "Lee",
        f"{employee_id.lower()}@example.com",
        "Sales",
        "Riga",
        "Clerk",
        "",
        hired.isoformat() if hired else "",
        "",
        language,
        course,
        due,
    ]
    return ",".join(cells)


def write_csv(tmp_path, *lines, header=WITH_ASSIGN):
    path = tmp_path / "staff.csv"
    path.write_text("\n".join([header, *lines]) + "\n", encoding="utf-8")
    return str(path)


def run_import(path):
    out = io.StringIO()
    call_command("import_staff", path, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def run_failing(path):
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_staff", path, stdout=io.StringIO(), stderr=err)
    return err.getvalue()


def line(number, message, **params):
    return f"line {number}: {message % params if params else message}"


def person_assignments(employee_id="E001"):
    return list(
        Assignment.objects.filter(
            target=Target.PERSON, person__employee_id=employee_id
        ).order_by("course__title")
    )


def due_dates(employee_id="E001"):
    rows = RequiredCourse.objects.filter(staff__employee_id=employee_id)
    return {row.course.slug: row.due_on for row in rows.select_related("course")}


@pytest.fixture
def phone():
    return make_course("Phone manners", modules=1, lessons=1)


@pytest.fixture
def desk():
    return make_course("Front desk", modules=1, lessons=1)


# The CSV command


def test_a_row_assigns_its_courses_due_on_a_date(tmp_path, phone, desk):
    path = write_csv(
        tmp_path, row(course="phone-manners; front-desk", due="2026-03-01")
    )

    run_import(path)

    made = person_assignments()
    assert [(a.course, a.due_from, a.due_on) for a in made] == [
        (desk, DueFrom.DATE, date(2026, 3, 1)),
        (phone, DueFrom.DATE, date(2026, 3, 1)),
    ]
    assert due_dates() == {
        "phone-manners": date(2026, 3, 1),
        "front-desk": date(2026, 3, 1),
    }


def test_a_whole_number_is_days_after_the_hire_date(tmp_path, phone):
    run_import(write_csv(tmp_path, row(course="phone-manners", due="30")))

    [made] = person_assignments()
    assert (made.due_from, made.due_days) == (DueFrom.HIRE, 30)
    assert due_dates() == {"phone-manners": HIRED + timedelta(days=30)}


def test_importing_the_row_again_moves_the_due_date_not_adds_one(tmp_path, phone):
    run_import(write_csv(tmp_path, row(course="phone-manners", due="2026-03-01")))
    run_import(write_csv(tmp_path, row(course="phone-manners", due="2026-03-01")))
    [first] = person_assignments()

    run_import(write_csv(tmp_path, row(course="phone-manners", due="2026-04-01")))

    [moved] = person_assignments()
    assert moved.due_on == date(2026, 4, 1)
    assert first.due_on == date(2026, 3, 1)
    assert due_dates() == {"phone-manners": date(2026, 4, 1)}


def test_rows_without_courses_assign_nothing(tmp_path, phone):
    run_import(write_csv(tmp_path, row(), row("E002", course="phone-manners", due="7")))

    assert person_assignments("E001") == []
    assert len(person_assignments("E002")) == 1


def test_the_columns_may_follow_the_header_without_the_language(tmp_path, phone):
    header = f"{HEADER},assign_course,assign_due"
    line = row(course="phone-manners", due="2026-03-01").replace(
        ",,phone-manners", ",phone-manners"
    )

    run_import(write_csv(tmp_path, line, header=header))

    assert len(person_assignments()) == 1


def test_assign_due_without_assign_course_in_the_header_is_refused(tmp_path):
    errors = run_failing(
        write_csv(tmp_path, row() + ",", header=f"{HEADER},language,assign_due")
    )

    assert line(1, imports.ASSIGN_COLUMNS_ORDER) in errors


@pytest.mark.parametrize(
    ("course", "due", "hired", "message", "params"),
    [
        ("nope", "2026-03-01", HIRED, UNKNOWN_COURSE, {"slug": "nope"}),
        ("phone-manners", "", HIRED, imports.ASSIGN_DUE_NEEDED, {}),
        ("", "2026-03-01", HIRED, imports.ASSIGN_DUE_ALONE, {}),
        ("phone-manners", "31/03/2026", HIRED, imports.BAD_ASSIGN_DUE, {}),
        ("phone-manners", "-3", HIRED, imports.BAD_ASSIGN_DUE, {}),
        ("phone-manners", "99999", HIRED, imports.BAD_ASSIGN_DUE, {}),
        ("phone-manners", "2026-02-30", HIRED, imports.BAD_ASSIGN_DUE, {}),
        ("phone-manners", "30", None, imports.ASSIGN_DUE_NO_HIRE, {}),
    ],
)
def test_a_bad_assignment_cell_is_a_line_error_and_nothing_is_applied(
    tmp_path, phone, course, due, hired, message, params
):
    if message == imports.BAD_ASSIGN_DUE:
        params = {"value": due, "max": imports.MAX_DUE_DAYS}
    path = write_csv(
        tmp_path,
        row("E001", course="phone-manners", due="2026-03-01"),
        row("E002", course=course, due=due, hired=hired),
    )

    errors = run_failing(path)

    assert errors.strip() == line(3, message, **params)
    assert not StaffProfile.objects.exists()
    assert not Assignment.objects.exists()


def test_a_dry_run_checks_the_slugs_but_assigns_nothing(tmp_path, phone):
    path = write_csv(tmp_path, row(course="phone-manners", due="14"))

    out = io.StringIO()
    call_command("import_staff", path, "--dry-run", stdout=out)

    assert "Nothing was changed" in out.getvalue()
    assert not Assignment.objects.exists()


# Required courses are brought in step once per import


def sync_queries(tmp_path, size, course, role_course) -> int:
    """Queries on required courses and assignments while importing ``size`` new
    people in the job role that requires ``role_course``."""
    role_course.required_for_roles.add(
        StaffProfileFactory(job_role__name="Clerk").job_role
    )
    role_course.save_revision().publish()
    lines = [
        row(f"N{size}-{number}", course=course.slug, due="30") for number in range(size)
    ]
    path = write_csv(tmp_path, *lines)
    with CaptureQueriesContext(connection) as queries:
        run_import(path)
    assert RequiredCourse.objects.filter(staff__employee_id__startswith=f"N{size}-")
    return sum(
        "certification_requiredcourse" in query["sql"]
        for query in queries.captured_queries
    )


def test_an_import_syncs_required_courses_once_not_per_person(tmp_path, phone, desk):
    small = sync_queries(tmp_path, 10, phone, desk)
    Assignment.objects.all().delete()
    large = sync_queries(tmp_path, 30, phone, desk)

    # Assigning a course to each person syncs that person (one per row), but
    # the people saved by the import are synced together once.
    assert large - small <= 2 * (30 - 10) + 2


def test_saving_people_alone_during_an_import_defers_their_sync(tmp_path, desk):
    role = StaffProfileFactory(job_role__name="Clerk").job_role
    desk.required_for_roles.add(role)
    desk.save_revision().publish()
    lines = [row(f"P{number}") for number in range(3)] + [
        row(f"Q{number}") for number in range(27)
    ]
    small_path = write_csv(tmp_path, *lines[:3])
    with CaptureQueriesContext(connection) as small:
        run_import(small_path)
    large_path = write_csv(tmp_path, *lines)
    with CaptureQueriesContext(connection) as large:
        run_import(large_path)

    def counted(queries):
        return sum("requiredcourse" in q["sql"] for q in queries.captured_queries)

    assert RequiredCourse.objects.filter(course=desk).count() == 31
    assert counted(small) == counted(large)


# The admin import and the API follow the same rules


def test_the_admin_import_assigns_as_the_hr_user(client, phone):
    hr = UserFactory(roles=["HR"], first_name="Helga", last_name="Rasa")
    client.force_login(hr)
    content = "\n".join([WITH_ASSIGN, row(course="phone-manners", due="21")])
    upload = SimpleUploadedFile("staff.csv", content.encode(), content_type="text/csv")

    preview = client.post(IMPORT_URL, {"file": upload})
    token = preview.context["confirm_form"].initial["token"]
    done = client.post(IMPORT_URL, {"token": token})

    assert done.status_code == 302
    [made] = person_assignments()
    assert made.created_by == hr
    assert due_dates() == {"phone-manners": HIRED + timedelta(days=21)}


def test_the_admin_import_names_a_bad_slug_with_its_line(client, phone):
    client.force_login(UserFactory(roles=["HR"]))
    content = "\n".join([WITH_ASSIGN, row(course="phone-manners;nope", due="21")])
    upload = SimpleUploadedFile("staff.csv", content.encode(), content_type="text/csv")

    preview = client.post(IMPORT_URL, {"file": upload})

    assert preview.status_code == 200
    assert "confirm_form" not in preview.context
    assert "no live course has the slug “nope”" in preview.text


def put(client, employee_id, body, **headers):
    return client.put(
        f"/api/v1/people/{employee_id}",
        data=json.dumps(body),
        content_type="application/json",
        headers=headers,
    )


def patch(client, employee_id, body, **headers):
    return client.patch(
        f"/api/v1/people/{employee_id}",
        data=json.dumps(body),
        content_type="application/json",
        headers=headers,
    )


@pytest.fixture
def token_owner():
    return UserFactory(roles=["HR"], first_name="Ivars", last_name="Sistema")


@pytest.fixture
def auth(token_owner):
    _token, plaintext = APIToken.create_token(user=token_owner, name="HR system")
    return {"Authorization": f"Bearer {plaintext}"}


BODY = {"first_name": "Ilze", "last_name": "Liepa", "hire_date": "2026-01-15"}


def test_the_api_assigns_with_a_number_of_days_or_a_date(
    client, phone, desk, auth, token_owner
):
    created = put(
        client,
        "E9",
        {**BODY, "assign_course": "phone-manners", "assign_due": 10},
        **auth,
    )
    changed = patch(
        client,
        "E9",
        {"assign_course": "front-desk", "assign_due": "2026-05-01"},
        **auth,
    )

    assert created.status_code == 201 and changed.status_code == 200
    assert due_dates("E9") == {
        "phone-manners": HIRED + timedelta(days=10),
        "front-desk": date(2026, 5, 1),
    }
    assert {a.created_by for a in person_assignments("E9")} == {token_owner}


def test_a_bad_slug_in_the_api_is_a_400_with_a_message(client, phone, auth):
    response = put(
        client, "E9", {**BODY, "assign_course": "nope", "assign_due": 10}, **auth
    )

    assert response.status_code == 400
    assert response.json()["message"]
    assert "“nope”" in " ".join(response.json()["errors"]["body"])
    assert not StaffProfile.objects.filter(employee_id="E9").exists()


def test_a_bad_due_type_in_the_api_is_an_error_not_a_500(client, phone, auth):
    response = put(
        client,
        "E9",
        {**BODY, "assign_course": "phone-manners", "assign_due": 1.5},
        **auth,
    )

    assert 400 <= response.status_code < 500
    assert response.json()["message"]


def test_api_writes_are_logged_under_the_tokens_owner(client, auth, token_owner):
    put(client, "E9", BODY, **auth)
    patch(client, "E9", {"department": "Sales floor"}, **auth)

    person = StaffProfile.objects.get(employee_id="E9")
    entries = StaffLogEntry.objects.filter(staff=person).order_by("timestamp")
    assert [entry.user for entry in entries] == [token_owner, token_owner]
    client.force_login(UserFactory(roles=["HR"]))
    history = client.get(HISTORY, {"kind": "imported"})
    shown = {(e.what, e.actor) for e in history.context["object_list"]}
    assert shown == {
        ("Added by staff import", "Ivars Sistema"),
        ("Changed by staff import", "Ivars Sistema"),
    }
