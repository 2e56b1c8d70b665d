"""Demo users and a staff of about fifty in several departments and locations."""

import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from people import roles
from people.models import StaffProfile
from people.services import StaffData, upsert_staff

DEMO_PASSWORD = "service-demo"

FIRST_NAMES = [
    "Anna",
    "Jānis",
    "Olga",
    "Pēteris",
    "Marta",
    "Dmitrijs",
    "Laura",
    "Andris",
    "Irina",
    "Kārlis",
    "Elīna",
    "Sergejs",
    "Ieva",
    "Mārtiņš",
    "Natālija",
    "Roberts",
    "Kristīne",
    "Aleksandrs",
    "Liene",
    "Edgars",
    "Svetlana",
    "Toms",
    "Agnese",
    "Viktors",
]
LAST_NAMES = [
    "Bērziņa",
    "Kalniņš",
    "Ivanova",
    "Ozols",
    "Liepa",
    "Petrovs",
    "Krūmiņa",
    "Vītols",
    "Smirnova",
    "Jansons",
    "Zariņa",
    "Kuzņecovs",
    "Eglīte",
    "Balodis",
    "Volkova",
    "Grīnbergs",
]
LOCATIONS = ["Riga Central", "Riga Alfa", "Daugavpils", "Liepāja"]
SALES = "Sales floor"
CARE = "Customer care"
ONLINE = "Online orders"
DELIVERY = "Delivery and installation"
MANAGEMENT = "Store management"
TRAINING = "Training"
PEOPLE = "People and culture"


@dataclass(frozen=True)
class DemoUser:
    username: str
    employee_id: str
    first_name: str
    last_name: str
    department: str
    location: str
    job_role: str
    manager_employee_id: str
    hire_days_ago: int
    role: str = ""
    superuser: bool = False


DIRECTOR = "E1000"
DEMO_USERS = [
    DemoUser(
        "admin",
        "E0001",
        "Ada",
        "Admin",
        MANAGEMENT,
        "Riga Central",
        "System administrator",
        "",
        900,
        superuser=True,
    ),
    DemoUser(
        "hr",
        "E0002",
        "Helēna",
        "Rozīte",
        PEOPLE,
        "Riga Central",
        "HR partner",
        DIRECTOR,
        700,
        role=roles.HR,
    ),
    DemoUser(
        "trainer",
        "E0003",
        "Tomass",
        "Treimanis",
        TRAINING,
        "Riga Central",
        "Service trainer",
        DIRECTOR,
        600,
        role=roles.TRAINERS,
    ),
    DemoUser(
        "manager",
        "E0004",
        "Maija",
        "Mežule",
        CARE,
        "Riga Central",
        "Team leader",
        DIRECTOR,
        800,
        role=roles.MANAGERS,
    ),
    DemoUser(
        "newhire",
        "E0005",
        "Nils",
        "Jaunzems",
        CARE,
        "Riga Central",
        "Customer care agent",
        "E0004",
        9,
    ),
]

MANAGER_ID = "E0004"  # the demo user `manager` leads the first team
# (department, job role of the team, location, team size)
TEAMS = [
    (CARE, "Customer care agent", "Riga Central", 10),
    (SALES, "Sales consultant", "Riga Central", 8),
    (SALES, "Sales consultant", "Riga Alfa", 8),
    (SALES, "Sales consultant", "Daugavpils", 6),
    (ONLINE, "Online order specialist", "Riga Alfa", 6),
    (DELIVERY, "Delivery driver", "Liepāja", 5),
]


def director(today: date) -> StaffData:
    return StaffData(
        employee_id=DIRECTOR,
        first_name="Dace",
        last_name="Vanaga",
        email="director@staff.example.com",
        department=MANAGEMENT,
        location="Riga Central",
        job_role="Operations director",
        hire_date=today - timedelta(days=1500),
    )


def build_staff(today: date) -> list[StaffData]:
    """The generated staff; each team lead comes before their team."""
    rng = random.Random(20261122)
    people: list[StaffData] = []
    names = _name_pool(rng)

    def add(
        employee_id, department, location, job_role, manager, hire_days, leave_days=None
    ):
        first, last = next(names)
        people.append(
            StaffData(
                employee_id=employee_id,
                first_name=first,
                last_name=last,
                email=f"{employee_id.lower()}@staff.example.com",
                department=department,
                location=location,
                job_role=job_role,
                manager_employee_id=manager,
                hire_date=today - timedelta(days=hire_days),
                leave_date=None
                if leave_days is None
                else today - timedelta(days=leave_days),
            )
        )

    number = 1001
    for index, (department, job_role, location, size) in enumerate(TEAMS):
        lead_id = MANAGER_ID
        if index:
            lead_id = f"E{number}"
            number += 1
            lead_role = "Store manager" if department == SALES else "Department head"
            add(
                lead_id,
                department,
                location,
                lead_role,
                DIRECTOR,
                rng.randint(500, 1200),
            )
        for member in range(size):
            hired = rng.randint(20, 400)
            if member % 4 == 3:
                # A quarter joined earlier, so some certificates are up for
                # renewal or already expired.
                hired += 400
            # About one in eight left again within a few months (the turnover view).
            left = (
                hired - rng.randint(30, 150)
                if rng.random() < 0.13 and hired > 160
                else None
            )
            add(f"E{number}", department, location, job_role, lead_id, hired, left)
            number += 1
    return people


def _name_pool(rng: random.Random):
    pairs = [(first, last) for first in FIRST_NAMES for last in LAST_NAMES]
    rng.shuffle(pairs)
    yield from pairs


def load_staff(*, today: date, stdout=None) -> dict[str, StaffProfile]:
    """Create or update the demo users and staff; return profiles by username."""
    upsert_staff(director(today), today=today)
    demo_profiles = {user.username: _load_demo_user(user, today) for user in DEMO_USERS}
    created = 0
    for data in build_staff(today):
        _profile, was_created = upsert_staff(data, today=today)
        created += was_created
    _give_leads_the_manager_role()
    if stdout:
        total = StaffProfile.objects.count()
        stdout.write(f"Staff: {total} people ({created} new); demo users ready.")
    return demo_profiles


def _load_demo_user(demo: DemoUser, today: date) -> StaffProfile:
    data = StaffData(
        employee_id=demo.employee_id,
        first_name=demo.first_name,
        last_name=demo.last_name,
        email=f"{demo.username}@demo.example.com",
        department=demo.department,
        location=demo.location,
        job_role=demo.job_role,
        manager_employee_id=demo.manager_employee_id,
        hire_date=today - timedelta(days=demo.hire_days_ago),
    )
    profile, _created = upsert_staff(data, username=demo.username, today=today)
    user = profile.user
    user.set_password(DEMO_PASSWORD)
    user.is_superuser = user.is_staff = demo.superuser
    user.save()
    if demo.role:
        user.groups.add(Group.objects.get(name=demo.role))
    return profile


def _give_leads_the_manager_role():
    managers = Group.objects.get(name=roles.MANAGERS)
    leads = get_user_model().objects.filter(staff_profile__direct_reports__isnull=False)
    managers.user_set.add(*leads.distinct())
