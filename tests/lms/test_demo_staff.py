"""The demo staff: a file in the import_staff format, loaded through that import."""

import io
from datetime import date
from io import StringIO

import pytest
from django.contrib.auth import get_user_model

from lms.demo.staff import (
    DEMO_LOGINS,
    DEMO_PASSWORD,
    EXPORTED_ON,
    STAFF_FILE,
    DemoLogin,
    load_staff,
    shift_dates,
)
from people import roles
from people.imports import HEADER, plan_staff_csv
from people.models import StaffProfile

pytestmark = pytest.mark.django_db

TODAY = date(2027, 3, 1)  # 90 days after the small file's export
SMALL_FILE = "\n".join(
    [
        ",".join(HEADER),
        "E1000,Dace,Vanaga,director@example.com,Management,Riga,Director,,2022-10-23,",
        "E0004,Maija,Mežule,manager@demo.example.com,Care,Riga,Team leader,E1000,"
        "2024-09-22,",
        "E0005,Nils,Jaunzems,newhire@demo.example.com,Care,Riga,Agent,E0004,"
        "2026-11-22,",
        "E1002,Olga,Liepa,e1002@example.com,Care,Riga,Agent,E0004,2026-05-09,"
        "2026-11-17",
    ]
)
LOGINS = [
    DemoLogin("manager", "E0004", role=roles.MANAGERS),
    DemoLogin("newhire", "E0005"),
]


@pytest.fixture
def small_file(tmp_path):
    path = tmp_path / "staff.csv"
    path.write_text(SMALL_FILE + "\n", encoding="utf-8")
    return path


def load(path, **kwargs):
    return load_staff(today=TODAY, path=path, logins=LOGINS, **kwargs)


def test_shift_dates_moves_every_date_and_nothing_else():
    content = SMALL_FILE.encode()

    shifted = shift_dates(content, days=10).decode().splitlines()

    assert shifted[1].endswith(",,2022-11-02,")
    assert shifted[4].endswith(",E0004,2026-05-19,2026-11-27")
    assert shift_dates(content, days=0).decode() == SMALL_FILE + "\n"


def test_the_demo_staff_file_passes_the_import_checks():
    content = shift_dates(STAFF_FILE.read_bytes(), days=0)

    plan = plan_staff_csv(io.BytesIO(content), today=EXPORTED_ON)

    assert plan.errors == []
    assert len(plan.rows) >= 50
    ids = {row.employee_id for row in plan.rows}
    assert {login.employee_id for login in DEMO_LOGINS} <= ids
    assert sum(row.data.leave_date is not None for row in plan.rows) >= 3


def test_the_loader_imports_the_file_and_opens_the_demo_logins(small_file, client):
    out = StringIO()

    profiles = load(small_file, stdout=out)

    assert set(profiles) == {"manager", "newhire"}
    newhire = profiles["newhire"]
    assert newhire.user.username == "newhire"
    assert (newhire.user.first_name, newhire.job_role.name) == ("Nils", "Agent")
    assert newhire.manager == profiles["manager"]
    assert client.login(username="manager", password=DEMO_PASSWORD)
    manager_groups = set(profiles["manager"].user.groups.values_list("name", flat=True))
    assert manager_groups == {roles.LEARNERS, roles.MANAGERS}
    director = StaffProfile.objects.get(employee_id="E1000")
    assert director.user.username == "E1000"
    assert not director.user.has_usable_password()  # imported staff choose one
    assert "Staff: 4 people" in out.getvalue()


def test_dates_move_with_the_day_the_demo_is_loaded(small_file):
    load(small_file)

    newhire = StaffProfile.objects.get(employee_id="E0005")
    leaver = StaffProfile.objects.get(employee_id="E1002")
    assert (TODAY - newhire.hire_date).days == (EXPORTED_ON - date(2026, 11, 22)).days
    assert leaver.leave_date == date(2027, 2, 15)
    assert not leaver.is_active and not leaver.user.is_active


def test_loading_again_changes_nothing_and_repairs_what_was_edited(small_file):
    load(small_file)
    newhire = StaffProfile.objects.get(employee_id="E0005")
    newhire.user.set_password("changed")
    newhire.user.last_name = "Edited"
    newhire.user.save()
    users = get_user_model().objects.count()

    load(small_file)

    newhire.user.refresh_from_db()
    assert get_user_model().objects.count() == users == 4
    assert newhire.user.last_name == "Jaunzems"
    assert newhire.user.check_password(DEMO_PASSWORD)


def test_a_file_the_import_refuses_stops_the_loader(small_file):
    small_file.write_text(SMALL_FILE.replace("E1000,Dace", "E1000,"), encoding="utf-8")

    with pytest.raises(ValueError, match=r"staff\.csv: line 2: First name"):
        load(small_file)

    assert StaffProfile.objects.count() == 0


def test_a_file_without_a_demo_users_row_stops_the_loader(small_file):
    with pytest.raises(ValueError, match=r"no row for the demo user hr \(E0002\)"):
        load_staff(
            today=TODAY, path=small_file, logins=[DemoLogin("hr", "E0002", roles.HR)]
        )
