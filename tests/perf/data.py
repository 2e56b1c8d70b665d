"""Bulk data for the benchmarks: thousands of staff in a few queries each.

Everything goes through ``bulk_create`` (no signals, no services): the point is
to fill a throwaway database quickly, not to exercise the write paths.
"""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone

BATCH = 2000
DEPARTMENTS = 12
LOCATIONS = 8
MANAGER_EVERY = 25  # one in 25 people manages the next 24


@dataclass
class World:
    """The course, role and groupings every benchmark's staff share."""

    course: object
    role: object
    departments: list
    locations: list
    staff: int = 0


def make_world() -> World:
    from people.models import Department, JobRole, Location
    from tests.factories import make_course

    role = JobRole.objects.create(name="Sales consultant")
    course = make_course("Service standard", modules=1, lessons=1)
    course.required_for_roles.add(role)
    course.save_revision().publish()
    departments = Department.objects.bulk_create(
        Department(name=f"Department {n + 1}") for n in range(DEPARTMENTS)
    )
    locations = Location.objects.bulk_create(
        Location(name=f"Store {n + 1}") for n in range(LOCATIONS)
    )
    return World(course, role, departments, locations)


def add_staff(world: World, count: int) -> None:
    """``count`` more staff in the required role, with records of every kind:
    40% certified (some expiring soon, some expired), 30% in progress, 5%
    awaiting assessment, the rest not started (no record)."""
    from certification.models import CertificationRecord, Status
    from people.models import StaffProfile

    User = get_user_model()
    now = timezone.now()
    first = world.staff
    numbers = range(first, first + count)
    users = User.objects.bulk_create(
        (
            User(
                username=f"staff{n:06d}",
                first_name=f"First{n % 97}",
                last_name=f"Last{n:06d}",
                email=f"staff{n:06d}@example.com",
                password="!",  # unusable
            )
            for n in numbers
        ),
        batch_size=BATCH,
    )
    managers = {}
    profiles = []
    for n, user in zip(numbers, users, strict=True):
        profile = StaffProfile(
            user=user,
            employee_id=f"P{n:06d}",
            department=world.departments[n % len(world.departments)],
            location=world.locations[n % len(world.locations)],
            job_role=world.role,
            hire_date=(now - timedelta(days=30 + n % 700)).date(),
        )
        profiles.append(profile)
    StaffProfile.objects.bulk_create(profiles, batch_size=BATCH)
    for n, profile in zip(numbers, profiles, strict=True):
        if n % MANAGER_EVERY == 0:
            managers[n // MANAGER_EVERY] = profile
        else:
            profile.manager = managers.get(n // MANAGER_EVERY)
    StaffProfile.objects.bulk_update(profiles, ["manager"], batch_size=BATCH)
    records = []
    for n, user in zip(numbers, users, strict=True):
        kind = n % 20
        if kind < 8:
            expires = now + timedelta(days=(n % 400) - 30)  # some expired, some soon
            records.append(
                CertificationRecord(
                    user=user,
                    course=world.course,
                    status=Status.CERTIFIED,
                    progress=100,
                    certified_at=expires - timedelta(days=365),
                    expires_at=expires,
                    last_activity_at=expires - timedelta(days=365),
                )
            )
        elif kind < 14:
            records.append(
                CertificationRecord(
                    user=user,
                    course=world.course,
                    status=Status.IN_PROGRESS,
                    progress=10 * (n % 10),
                    last_activity_at=now - timedelta(days=n % 40),
                )
            )
        elif kind < 15:
            records.append(
                CertificationRecord(
                    user=user,
                    course=world.course,
                    status=Status.AWAITING_ASSESSMENT,
                    progress=90,
                    last_activity_at=now - timedelta(days=n % 20),
                )
            )
    CertificationRecord.objects.bulk_create(records, batch_size=BATCH)
    world.staff += count


# What an answer's snapshot carries besides its points and clauses (about 1 kB),
# so the benchmark reads rows the size real ones are.
SNAPSHOT = {
    "kind": "single",
    "text": "A customer calls five minutes before closing with a complaint about "
    "a late delivery. What do you do first?",
    "explanation": "Listen first: the customer needs to feel heard before any "
    "solution. Then apologise for the delay and agree the next step and its time.",
    "partial_credit": False,
    "answer_is_true": None,
    "accepted_answers": [],
    "category": "Complaints",
    "choices": [
        {
            "id": n,
            "text": f"Choice {n}: a plausible thing to say or do at this moment",
            "is_correct": n == 1,
            "match": "",
            "feedback": "Why this is or is not what the standard asks for here.",
        }
        for n in range(1, 5)
    ],
}


def add_quiz_answers(world: World, *, clauses: int = 12, per_person: int = 6) -> int:
    """One graded attempt per staff member, ``per_person`` answers tagged with
    clauses of the course; returns how many answers were written."""
    from courses.models import Clause
    from quizzes.models import Answer, Attempt, QuestionBank, Quiz

    now = timezone.now()
    tags = Clause.objects.bulk_create(
        Clause(
            code=f"STD-{n + 1:02d}",
            title=f"Clause {n + 1}",
            course=world.course,
            locale_id=world.course.locale_id,
        )
        for n in range(clauses)
    )
    bank = QuestionBank.objects.create(name="Benchmark bank")
    quiz = Quiz.objects.create(title="Benchmark quiz", bank=bank)
    users = get_user_model().objects.filter(staff_profile__isnull=False)
    attempts = Attempt.objects.bulk_create(
        (
            Attempt(
                quiz=quiz,
                user_id=user_id,
                number=1,
                status=Attempt.Status.GRADED,
                submitted_at=now - timedelta(days=user_id % 300),
                graded_at=now - timedelta(days=user_id % 300),
            )
            for user_id in users.values_list("pk", flat=True).iterator()
        ),
        batch_size=BATCH,
    )
    answers = (
        Answer(
            attempt=attempt,
            position=position,
            snapshot={
                **SNAPSHOT,
                "points": 1 + position % 2,
                "clause_ids": sorted(
                    {
                        tags[(attempt.pk + position) % clauses].pk,
                        tags[position % clauses].pk,
                    }
                ),
            },
            points_awarded=Decimal((attempt.pk + position) % (2 + position % 2)),
        )
        for attempt in attempts
        for position in range(per_person)
    )
    Answer.objects.bulk_create(answers, batch_size=BATCH)
    return len(attempts) * per_person


def hr_client() -> Client:
    """A test client logged in as someone in the HR group."""
    from people import roles

    user = get_user_model().objects.create_user("bench-hr", password=None)
    user.groups.add(*Group.objects.filter(name__in=[roles.LEARNERS, roles.HR]))
    client = Client()
    client.force_login(user)
    return client


def analyze() -> None:
    """Refresh PostgreSQL's planner statistics after a bulk load, as autovacuum
    would within a minute or so; without them it plans for empty tables."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
