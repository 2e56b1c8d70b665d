import io
from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone

from people import imports
from people.models import Department, StaffProfile
from people.services import UNKNOWN_MANAGER, apply_staff_import
from tests.factories import PASSWORD, StaffProfileFactory, UserFactory

pytestmark = pytest.mark.django_db

HEADER = ",".join(imports.HEADER)
ANN = "E001,Ann,Lee,ann@example.com,Sales,Riga,Clerk,M01,2024-01-15,"
BOB = "E002,Bob,Kim,bob@example.com,Sales,Riga,Clerk,M01,2024-02-01,"
MAY = "M01,May,Ozols,may@example.com,Sales,Riga,Team lead,,2020-05-01,"


def row(employee_id="E001", /, **values):
    """A CSV line for one person, with any column replaced."""
    base = {
        "employee_id": employee_id,
        "first_name": "Ann",
        "last_name": "Lee",
        "email": f"{employee_id.lower()}@example.com",
        "department": "Sales",
        "location": "Riga",
        "job_role": "Clerk",
        "manager_employee_id": "",
        "hire_date": "2024-01-15",
        "leave_date": "",
    }
    base.update(values)
    return ",".join(base[name] for name in imports.HEADER)


def write_csv(tmp_path, *lines, header=HEADER, name="staff.csv"):
    path = tmp_path / name
    path.write_text("\n".join([header, *lines]) + "\n", encoding="utf-8")
    return str(path)


def write_bytes(tmp_path, content: bytes):
    path = tmp_path / "staff.csv"
    path.write_bytes(content)
    return str(path)


def run_import(path, *args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_staff", path, *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def run_failing(path, *args):
    """Run an import that must fail; return what it wrote to stderr."""
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_staff", path, *args, stdout=io.StringIO(), stderr=err)
    return err.getvalue()


def line(number, message, **params):
    return f"line {number}: {message % params if params else message}"


# Every kind of bad file or row, one by one


def test_file_that_is_not_utf8_is_refused_without_a_traceback(tmp_path):
    content = f"{HEADER}\n{row()}\n".encode() + "E002,Jérôme,Roux".encode("latin-1")
    errors = run_failing(write_bytes(tmp_path, content))

    assert line(3, imports.NOT_UTF8) in errors
    assert "Traceback" not in errors
    assert not StaffProfile.objects.exists()


def test_binary_file_is_refused(tmp_path):
    errors = run_failing(write_bytes(tmp_path, b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe"))

    assert line(1, imports.NOT_UTF8) in errors


def test_empty_file_is_refused(tmp_path):
    errors = run_failing(write_bytes(tmp_path, b""))

    assert errors.strip() == line(1, imports.EMPTY_FILE)


def test_file_with_only_a_header_is_refused(tmp_path):
    errors = run_failing(write_csv(tmp_path))

    assert line(2, imports.NO_ROWS) in errors


def test_header_with_a_missing_column_names_it(tmp_path):
    header = HEADER.removesuffix(",leave_date")
    errors = run_failing(write_csv(tmp_path, row(), header=header))

    assert line(1, imports.MISSING_COLUMNS, columns="leave_date") in errors
    assert line(1, imports.WRONG_HEADER, header=HEADER, optional="language") in errors


def test_header_with_an_unknown_column_names_it(tmp_path):
    errors = run_failing(write_csv(tmp_path, row() + ",100", header=HEADER + ",salary"))

    assert line(1, imports.UNKNOWN_COLUMNS, columns="salary") in errors


def test_header_with_columns_in_another_order_is_refused(tmp_path):
    names = list(imports.HEADER)
    names[1], names[2] = names[2], names[1]
    errors = run_failing(write_csv(tmp_path, row(), header=",".join(names)))

    wrong = line(1, imports.WRONG_HEADER, header=HEADER, optional="language")
    assert errors.strip() == wrong


def test_row_with_too_many_values_is_refused(tmp_path):
    errors = run_failing(write_csv(tmp_path, row(), row("E002") + ",extra"))

    assert line(3, imports.WRONG_WIDTH, found=11, expected=10) in errors


@pytest.mark.parametrize(
    ("column", "label"),
    [
        ("employee_id", "Employee ID"),
        ("first_name", "First name"),
        ("last_name", "Last name"),
    ],
)
def test_missing_required_value_is_refused(tmp_path, column, label):
    bad = row("E002", **{column: "  "})
    errors = run_failing(write_csv(tmp_path, row(), bad))

    assert line(3, imports.REQUIRED, field=label) in errors


@pytest.mark.parametrize("employee_id", ["E 01", "E/01", "ä01", "-E01"])
def test_employee_id_with_bad_characters_is_refused(tmp_path, employee_id):
    bad = row(employee_id, email="x@example.com")
    errors = run_failing(write_csv(tmp_path, bad))

    expected = line(2, imports.BAD_EMPLOYEE_ID, field="Employee ID", value=employee_id)
    assert expected in errors


def test_employee_id_longer_than_32_characters_is_refused(tmp_path):
    errors = run_failing(write_csv(tmp_path, row("E" * 33)))

    assert line(2, imports.TOO_LONG, field="Employee ID", max=32) in errors


def test_employee_id_of_32_characters_is_accepted(tmp_path):
    run_import(write_csv(tmp_path, row("E" * 32)))

    assert StaffProfile.objects.filter(employee_id="E" * 32).exists()


def test_invalid_email_is_refused(tmp_path):
    errors = run_failing(write_csv(tmp_path, row(email="ann.example.com")))

    assert line(2, imports.BAD_EMAIL, value="ann.example.com") in errors


def test_email_used_twice_in_the_file_is_refused_on_both_lines(tmp_path):
    first = row("E001", email="same@example.com")
    second = row("E002", email="Same@Example.com")
    errors = run_failing(write_csv(tmp_path, first, second))

    message = imports.DUPLICATE_EMAIL % {"email": "same@example.com", "lines": "2, 3"}
    assert f"line 2: {message}" in errors
    assert f"line 3: {message}" in errors


def test_email_of_another_employee_in_the_database_is_refused(tmp_path):
    StaffProfileFactory(employee_id="E900", user__email="taken@example.com")
    errors = run_failing(write_csv(tmp_path, row(email="TAKEN@example.com")))

    expected = line(2, imports.EMAIL_TAKEN, email="taken@example.com", owner="E900")
    assert expected in errors


def test_email_of_a_user_without_a_profile_is_refused(tmp_path):
    UserFactory(username="admin", email="boss@example.com")
    errors = run_failing(write_csv(tmp_path, row(email="boss@example.com")))

    expected = line(2, imports.EMAIL_TAKEN, email="boss@example.com", owner="admin")
    assert expected in errors


def test_email_moving_between_two_employees_in_the_file_is_accepted(tmp_path):
    StaffProfileFactory(employee_id="E001", user__email="old@example.com")
    StaffProfileFactory(employee_id="E002", user__email="new@example.com")
    swap = [
        row("E001", email="new@example.com"),
        row("E002", email="old@example.com"),
    ]
    run_import(write_csv(tmp_path, *swap))

    email = StaffProfile.objects.get(employee_id="E001").user.email
    assert email == "new@example.com"


def test_employee_id_that_is_another_staff_members_login_is_refused(tmp_path):
    StaffProfileFactory(employee_id="E900", user__username="E001")
    errors = run_failing(write_csv(tmp_path, row("E001")))

    assert line(2, imports.USERNAME_TAKEN, employee_id="E001") in errors


@pytest.mark.parametrize(
    ("column", "label", "value"),
    [
        ("hire_date", "Hire date", "2024-13-01"),
        ("hire_date", "Hire date", "15.01.2024"),
        ("leave_date", "Leaving date", "yesterday"),
        ("leave_date", "Leaving date", "20240230"),
    ],
)
def test_date_that_is_not_iso_is_refused(tmp_path, column, label, value):
    errors = run_failing(write_csv(tmp_path, row(**{column: value})))

    assert line(2, imports.BAD_DATE, field=label, value=value) in errors


def test_leave_date_before_hire_date_is_refused(tmp_path):
    bad = row(hire_date="2024-03-01", leave_date="2024-02-28")
    errors = run_failing(write_csv(tmp_path, bad))

    expected = line(2, imports.LEAVE_BEFORE_HIRE, leave="2024-02-28", hire="2024-03-01")
    assert expected in errors


def test_duplicate_employee_id_is_reported_on_every_line(tmp_path):
    errors = run_failing(write_csv(tmp_path, row("E001"), row("E002"), row("E001")))

    message = imports.DUPLICATE_ID % {"employee_id": "E001", "lines": "2, 4"}
    assert f"line 2: {message}" in errors
    assert f"line 4: {message}" in errors
    assert "line 3:" not in errors


def test_unknown_manager_is_refused(tmp_path):
    errors = run_failing(write_csv(tmp_path, row(manager_employee_id="NOBODY")))

    assert line(2, UNKNOWN_MANAGER, manager="NOBODY") in errors


def test_manager_known_only_in_the_database_is_accepted(tmp_path):
    StaffProfileFactory(employee_id="M01")
    run_import(write_csv(tmp_path, row(manager_employee_id="M01")))

    profile = StaffProfile.objects.get(employee_id="E001")
    assert profile.manager.employee_id == "M01"


def test_own_manager_is_refused(tmp_path):
    errors = run_failing(write_csv(tmp_path, row("E001", manager_employee_id="E001")))

    assert line(2, imports.OWN_MANAGER, employee_id="E001") in errors


def test_manager_cycle_in_the_file_names_everyone_in_it(tmp_path):
    rows = [
        row("A1", manager_employee_id="B1"),
        row("B1", manager_employee_id="C1"),
        row("C1", manager_employee_id="A1"),
        row("D1", manager_employee_id="A1"),
    ]
    errors = run_failing(write_csv(tmp_path, *rows))

    message = imports.MANAGER_CYCLE % {"cycle": "A1 → B1 → C1 → A1"}
    for number in (2, 3, 4):
        assert f"line {number}: {message}" in errors
    assert "line 5:" not in errors


def test_manager_cycle_through_the_database_is_refused(tmp_path):
    boss = StaffProfileFactory(employee_id="BOSS")
    StaffProfileFactory(employee_id="DEPUTY", manager=boss)
    errors = run_failing(write_csv(tmp_path, row("BOSS", manager_employee_id="DEPUTY")))

    cycle = "BOSS → DEPUTY → BOSS"
    assert line(2, imports.MANAGER_CYCLE, cycle=cycle) in errors


def test_turning_a_reporting_line_upside_down_in_one_file_is_accepted(tmp_path):
    boss = StaffProfileFactory(employee_id="BOSS")
    StaffProfileFactory(employee_id="DEPUTY", manager=boss)
    rows = [row("BOSS", manager_employee_id="DEPUTY"), row("DEPUTY")]
    run_import(write_csv(tmp_path, *rows))

    boss.refresh_from_db()
    assert boss.manager.employee_id == "DEPUTY"
    assert StaffProfile.objects.get(employee_id="DEPUTY").manager is None


@pytest.mark.parametrize(
    ("column", "label"),
    [("department", "Department"), ("location", "Location"), ("job_role", "Job role")],
)
def test_name_longer_than_120_characters_is_refused(tmp_path, column, label):
    errors = run_failing(write_csv(tmp_path, row(**{column: "x" * 121})))

    assert line(2, imports.TOO_LONG, field=label, max=120) in errors


def test_control_characters_in_a_value_are_refused(tmp_path):
    bad = row(last_name='"Lee\x00"', department='"Sales\nNorth"')
    errors = run_failing(write_csv(tmp_path, bad))

    assert line(2, imports.CONTROL_CHARACTER, field="Last name") in errors
    assert line(2, imports.CONTROL_CHARACTER, field="Department") in errors


def test_missing_file_is_a_command_error(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_staff", str(tmp_path / "nope.csv"), stdout=io.StringIO())


def test_every_bad_row_is_reported_and_nothing_is_applied(tmp_path):
    rows = [ANN, MAY, row("E003", email="bad"), BOB, row("E005", hire_date="x")]
    errors = run_failing(write_csv(tmp_path, *rows))

    assert errors.count("line ") == 2
    assert "line 4:" in errors
    assert "line 6:" in errors
    assert not StaffProfile.objects.exists()
    assert not Department.objects.exists()


# Good imports


def test_good_import_creates_users_profiles_and_reporting_line(tmp_path):
    out, errors = run_import(write_csv(tmp_path, ANN, BOB, MAY))

    assert errors == ""
    assert "3 created, 0 updated, 0 unchanged, 0 deactivated" in out
    ann = StaffProfile.objects.with_related().get(employee_id="E001")
    assert ann.user.username == "E001"
    assert ann.user.get_full_name() == "Ann Lee"
    assert ann.user.email == "ann@example.com"
    assert not ann.user.has_usable_password()
    assert ann.user.groups.filter(name="Learners").exists()
    assert (ann.department.name, ann.location.name) == ("Sales", "Riga")
    assert ann.job_role.name == "Clerk"
    assert ann.hire_date == date(2024, 1, 15)
    assert ann.manager.employee_id == "M01"
    may = StaffProfile.objects.get(employee_id="M01")
    assert set(may.direct_reports.values_list("employee_id", flat=True)) == {
        "E001",
        "E002",
    }
    assert Department.objects.filter(name="Sales").count() == 1


def test_import_updates_people_by_employee_id(tmp_path):
    existing = StaffProfileFactory(employee_id="E001", user__first_name="Anna")
    out, _err = run_import(write_csv(tmp_path, row("E001", department="Support")))

    assert "0 created, 1 updated" in out
    assert StaffProfile.objects.count() == 1
    profile = StaffProfile.objects.with_related().get(employee_id="E001")
    assert profile.pk == existing.pk
    assert profile.user_id == existing.user_id
    assert profile.user.first_name == "Ann"
    assert profile.department.name == "Support"


def test_dry_run_says_what_would_happen_and_changes_nothing(tmp_path):
    StaffProfileFactory(employee_id="E002", user__email="bob@example.com")
    StaffProfileFactory(employee_id="E009")
    today = timezone.localdate().isoformat()
    leaver = row("E009", leave_date=today, hire_date="2020-01-01")
    path = write_csv(tmp_path, MAY, ANN, BOB, leaver)

    out, _err = run_import(path, "--dry-run")

    assert "line 2: create M01" in out
    assert "line 5: update E009" in out
    assert "2 to create, 2 to update, 0 unchanged, 1 leavers to deactivate" in out
    assert "Nothing was changed." in out
    assert StaffProfile.objects.count() == 2
    assert StaffProfile.objects.get(employee_id="E009").is_active


def test_dry_run_of_a_bad_file_reports_errors_and_fails(tmp_path):
    errors = run_failing(write_csv(tmp_path, row(email="bad")), "--dry-run")

    assert line(2, imports.BAD_EMAIL, value="bad") in errors


@pytest.mark.parametrize("days_ago", [0, 30])
def test_leaver_is_deactivated_but_kept(tmp_path, client, days_ago):
    profile = StaffProfileFactory(employee_id="E001", hire_date=date(2020, 1, 1))
    username = profile.user.username
    assert client.login(username=username, password=PASSWORD)
    client.logout()
    left = timezone.localdate() - timedelta(days=days_ago)

    out, _err = run_import(write_csv(tmp_path, row(leave_date=left.isoformat())))

    assert "1 deactivated" in out
    profile.refresh_from_db()
    profile.user.refresh_from_db()
    assert profile.leave_date == left
    assert not profile.is_active
    assert not profile.user.is_active
    assert not client.login(username=username, password=PASSWORD)


def test_future_leaving_date_keeps_the_account_open(tmp_path):
    StaffProfileFactory(employee_id="E001", hire_date=date(2020, 1, 1))
    later = timezone.localdate() + timedelta(days=1)

    out, _err = run_import(write_csv(tmp_path, row(leave_date=later.isoformat())))

    assert "0 deactivated" in out
    assert StaffProfile.objects.get(employee_id="E001").user.is_active


def test_importing_the_same_file_twice_changes_nothing_the_second_time(tmp_path):
    path = write_csv(tmp_path, ANN, BOB, MAY)
    run_import(path)
    before = list(StaffProfile.objects.values_list("pk", "updated_at"))

    out, _err = run_import(path)

    assert "0 created, 0 updated, 3 unchanged, 0 deactivated" in out
    assert list(StaffProfile.objects.values_list("pk", "updated_at")) == before
    assert get_user_model().objects.count() == 3


def test_file_with_bom_crlf_and_trailing_spaces_is_read(tmp_path):
    header = HEADER.replace(",", " , ") + "  "
    content = "\ufeff" + "\r\n".join([header, MAY, ANN + "  ", ""]) + "\r\n"
    out, _err = run_import(write_bytes(tmp_path, content.encode("utf-8")))

    assert "2 created" in out
    assert StaffProfile.objects.get(employee_id="E001").manager.employee_id == "M01"


def test_quoted_values_with_commas_and_blank_lines(tmp_path):
    quoted = row(department='"Sales, North"')
    out, _err = run_import(write_csv(tmp_path, "", quoted, ",,,,,,,,,"))

    assert "1 created" in out
    profile = StaffProfile.objects.with_related().get(employee_id="E001")
    assert profile.department.name == "Sales, North"


# The same rules for one record (the API's PUT)


def test_parse_staff_row_reports_each_field():
    with pytest.raises(ValidationError) as caught:
        imports.parse_staff_row({"employee_id": "E 1", "email": "x", "hire_date": 5})

    codes = sorted(error.code for error in caught.value.error_list)
    assert codes == ["bad_email", "bad_employee_id", "not_text", "required", "required"]


def test_plan_for_one_record_checks_the_database():
    StaffProfileFactory(employee_id="M01")
    plan = imports.plan_staff_import(
        [{"employee_id": "E001", "first_name": "A", "last_name": "B"}]
    )
    assert plan.is_valid
    assert plan.counts.created == 1

    bad = imports.plan_staff_import(
        [
            {
                "employee_id": "M01",
                "first_name": "A",
                "last_name": "B",
                "manager_employee_id": "X",
            }
        ]
    )
    assert [error.code for error in bad.errors] == ["unknown_manager"]


def test_applying_a_plan_with_errors_is_refused():
    plan = imports.plan_staff_import([{"employee_id": "E001"}])

    with pytest.raises(ValidationError) as caught:
        apply_staff_import(plan)

    assert caught.value.code == "invalid_import"
    assert not StaffProfile.objects.exists()
