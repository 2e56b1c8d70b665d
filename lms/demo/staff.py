"""The demo users and a staff of about fifty in several departments and locations.

The staff come from ``content/staff.csv``, a file in the format HR imports
(``manage.py import_staff``), read and applied by the same code
(``people.imports``). The file is an export made on ``EXPORTED_ON``: the loader
moves its dates on by the days since, so whatever day the demo is loaded, each
person has been employed (or gone) just as long.

What the file cannot say stays here: which staff members log in with a demo
user name and password, and their roles.
"""

import csv
import io
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from lms.demo.leavers import without_erased_leaver
from people import roles
from people.imports import ImportPlan, plan_staff_csv
from people.models import StaffProfile
from people.services import StaffData, apply_staff_import, upsert_staff

DEMO_PASSWORD = "service-demo"
STAFF_FILE = Path(__file__).parent / "content" / "staff.csv"
EXPORTED_ON = date(2026, 12, 1)
DATE_COLUMNS = ("hire_date", "leave_date")


@dataclass(frozen=True)
class DemoLogin:
    """A staff member who logs in as ``username`` with the demo password."""

    username: str
    employee_id: str
    role: str = ""
    superuser: bool = False


DEMO_LOGINS = [
    DemoLogin("admin", "E0001", superuser=True),
    DemoLogin("hr", "E0002", role=roles.HR),
    DemoLogin("trainer", "E0003", role=roles.TRAINERS),
    DemoLogin("manager", "E0004", role=roles.MANAGERS),
    DemoLogin("newhire", "E0005"),
]


def load_staff(
    *, today: date, stdout=None, path: Path = STAFF_FILE, logins=DEMO_LOGINS
) -> dict[str, StaffProfile]:
    """Create or update the demo users and staff; return the users' profiles."""
    content = shift_dates(path.read_bytes(), days=(today - EXPORTED_ON).days)
    content = without_erased_leaver(content)
    check_staff_file(plan_staff_csv(io.BytesIO(content), today=today), logins, path)
    for login in logins:
        open_login(login, today=today)
    # Planned again: the demo users now exist, and the file updates them too.
    counts = apply_staff_import(plan_staff_csv(io.BytesIO(content), today=today))
    _give_leads_the_manager_role()
    if stdout:
        total = StaffProfile.objects.count()
        stdout.write(f"Staff: {total} people ({counts.created} new); demo users ready.")
    profiles = StaffProfile.objects.select_related("user")
    return {
        login.username: profiles.get(employee_id=login.employee_id) for login in logins
    }


def check_staff_file(plan: ImportPlan, logins, path: Path) -> None:
    """Refuse a file the import refuses, or one without a row for each demo user."""
    in_file = {row.employee_id for row in plan.rows}
    faults = [f"line {error.line}: {error.message}" for error in plan.errors]
    faults += [
        f"no row for the demo user {login.username} ({login.employee_id})"
        for login in logins
        if login.employee_id not in in_file
    ]
    if faults:
        raise ValueError(f"{path.name}: {'; '.join(faults)}")


def shift_dates(content: bytes, *, days: int) -> bytes:
    """The staff CSV with every date ``days`` later; anything else unchanged (what
    the import would refuse, it still refuses)."""
    try:
        rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))
    except (UnicodeDecodeError, csv.Error):
        return content
    header = [name.strip() for name in rows[0]] if rows else []
    columns = [i for i, name in enumerate(header) if name in DATE_COLUMNS]
    for row in rows[1:]:
        for i in columns:
            if i < len(row):
                row[i] = _later(row[i], days)
    output = io.StringIO(newline="")
    csv.writer(output, lineterminator="\n").writerows(rows)
    return output.getvalue().encode("utf-8")


def _later(value: str, days: int) -> str:
    try:
        return (date.fromisoformat(value) + timedelta(days=days)).isoformat()
    except ValueError:
        return value  # empty, or not a date: the import says so


def open_login(login: DemoLogin, *, today: date) -> None:
    """Staff member ``login.employee_id`` logs in as ``login.username`` with the
    demo password and role; the staff file fills in the rest."""
    if not StaffProfile.objects.filter(employee_id=login.employee_id).exists():
        placeholder = StaffData(
            login.employee_id, first_name=login.username, last_name=""
        )
        upsert_staff(placeholder, username=login.username, today=today)
    user = StaffProfile.objects.get(employee_id=login.employee_id).user
    user.set_password(DEMO_PASSWORD)
    user.is_superuser = user.is_staff = login.superuser
    user.save()
    if login.role:
        user.groups.add(Group.objects.get(name=login.role))


def _give_leads_the_manager_role():
    managers = Group.objects.get(name=roles.MANAGERS)
    leads = get_user_model().objects.filter(staff_profile__direct_reports__isnull=False)
    managers.user_set.add(*leads.distinct())
