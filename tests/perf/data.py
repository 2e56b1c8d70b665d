"""Bulk data for the benchmarks: thousands of staff in a few queries each.

Nothing goes through signals or services: the point is to fill a throwaway
database quickly, not to exercise the write paths. On PostgreSQL the big tables
are written with ``COPY`` (100,000 staff × 5 courses in well under a minute);
elsewhere with ``bulk_create``. Rows get their ids here, so that people, their
managers, records and certificates can point at each other without reading
anything back.
"""

import time
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.color import no_style
from django.db import connection
from django.test import Client
from django.utils import timezone

BATCH = 2000
DEPARTMENTS = 12
LOCATIONS = 8
MANAGER_EVERY = 25  # one in 25 people manages the next 24
LEAVER_EVERY = 10  # with leavers=True, one in 10 of the others has left
COURSE_TITLES = [
    "Service standard",
    "Health and safety",
    "Data protection",
    "Complaints handling",
    "Returns and refunds",
]


@dataclass
class World:
    """The courses, role and groupings every benchmark's staff share."""

    course: object  # the first course
    role: object
    departments: list
    locations: list
    staff: int = 0
    courses: list = field(default_factory=list)
    managers: dict = field(default_factory=dict)  # n // MANAGER_EVERY: profile id


def make_world(courses: int = 1) -> World:
    """One job role that requires ``courses`` courses (at most five)."""
    from people.models import Department, JobRole, Location
    from tests.factories import make_course

    role = JobRole.objects.create(name="Sales consultant")
    pages = []
    for title in COURSE_TITLES[:courses]:
        course = make_course(title, modules=1, lessons=1)
        course.required_for_roles.add(role)
        course.save_revision().publish()
        pages.append(course)
    departments = Department.objects.bulk_create(
        Department(name=f"Department {n + 1}") for n in range(DEPARTMENTS)
    )
    locations = Location.objects.bulk_create(
        Location(name=f"Store {n + 1}") for n in range(LOCATIONS)
    )
    return World(pages[0], role, departments, locations, courses=pages)


def next_id(model) -> int:
    last = model.objects.order_by("-pk").values_list("pk", flat=True).first()
    return (last or 0) + 1


def insert(model, columns: list[str], rows) -> None:
    """Write ``rows`` (tuples in the order of ``columns``, attribute names such
    as ``user_id``) into ``model``'s table: ``COPY`` on PostgreSQL."""
    if connection.vendor != "postgresql":
        model.objects.bulk_create(
            (model(**dict(zip(columns, row, strict=True))) for row in rows),
            batch_size=BATCH,
        )
        return
    names = {f.attname: f.column for f in model._meta.concrete_fields}
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    listed = ", ".join(quote(names[column]) for column in columns)
    with connection.cursor() as cursor:
        with cursor.copy(f"COPY {table} ({listed}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        for sql in connection.ops.sequence_reset_sql(no_style(), [model]):
            cursor.execute(sql)


@dataclass
class Rows:
    """The rows of one load, per table."""

    users: list = field(default_factory=list)
    profiles: list = field(default_factory=list)
    records: list = field(default_factory=list)
    certificates: list = field(default_factory=list)
    activity: list = field(default_factory=list)
    required: list = field(default_factory=list)


USER_COLUMNS = [
    "id",
    "password",
    "is_superuser",
    "username",
    "first_name",
    "last_name",
    "email",
    "is_staff",
    "is_active",
    "date_joined",
]
PROFILE_COLUMNS = [
    "id",
    "user_id",
    "employee_id",
    "department_id",
    "location_id",
    "job_role_id",
    "manager_id",
    "hire_date",
    "leave_date",
    "is_active",
    "created_at",
    "updated_at",
]
RECORD_COLUMNS = [
    "id",
    "user_id",
    "course_id",
    "status",
    "progress",
    "cycle",
    "certified_at",
    "first_certified_at",
    "expires_at",
    "last_activity_at",
    "revoked_reason",
    "updated_at",
]
CERTIFICATE_COLUMNS = [
    "record_id",
    "cycle",
    "code",
    "holder_name",
    "course_title",
    "issuer",
    "issued_at",
    "expires_at",
]
ACTIVITY_COLUMNS = ["user_id", "course_id", "started_at", "last_seen_at"]
# What ``certification.assignments.sync`` would write for the role's courses.
REQUIRED_COLUMNS = ["staff_id", "course_id", "due_on", "by_role"]
DEADLINE_DAYS = 60


def add_staff(world: World, count: int, *, leavers: bool = False) -> float:
    """``count`` more staff in the required role, with records of every kind on
    each course: 40% certified (some expiring soon, some expired; each with
    its certificate), 30% in progress, 5% awaiting assessment, the rest not
    started (no record). With ``leavers``, one in ten who manage nobody has
    left. Returns the seconds the load took."""
    from certification.models import (
        Certificate,
        CertificationRecord,
        RequiredCourse,
    )
    from courses.models import CourseActivity
    from people.models import StaffProfile

    started = time.perf_counter()
    rows = staff_rows(world, count, leavers=leavers)
    insert(get_user_model(), USER_COLUMNS, rows.users)
    insert(StaffProfile, PROFILE_COLUMNS, rows.profiles)
    insert(RequiredCourse, REQUIRED_COLUMNS, rows.required)
    insert(CertificationRecord, RECORD_COLUMNS, rows.records)
    insert(Certificate, CERTIFICATE_COLUMNS, rows.certificates)
    insert(CourseActivity, ACTIVITY_COLUMNS, rows.activity)
    world.staff += count
    return time.perf_counter() - started


def staff_rows(world: World, count: int, *, leavers: bool) -> Rows:
    from certification.models import CertificationRecord
    from people.models import StaffProfile

    now = timezone.now()
    today = timezone.localdate(now)
    first = world.staff
    user_base = next_id(get_user_model()) - first
    profile_base = next_id(StaffProfile) - first
    rows = Rows()
    record_ids = iter(range(next_id(CertificationRecord), 1 << 62))
    for n in range(first, first + count):
        age = 30 + n % 700  # days since hired
        hire_date = today - timedelta(days=age)
        user_id, profile_id = user_base + n, profile_base + n
        first_name, last_name = f"First{n % 97}", f"Last{n:06d}"
        rows.users.append(
            (
                user_id,
                "!",  # unusable
                False,
                f"staff{n:06d}",
                first_name,
                last_name,
                f"staff{n:06d}@example.com",
                False,
                True,
                now,
            )
        )
        manager_id = None
        if n % MANAGER_EVERY == 0:
            world.managers[n // MANAGER_EVERY] = profile_id
        else:
            manager_id = world.managers.get(n // MANAGER_EVERY)
        left = leavers and manager_id is not None and n % LEAVER_EVERY == 3
        leave_date = hire_date + timedelta(days=min(10 + n % 300, age - 1))
        rows.profiles.append(
            (
                profile_id,
                user_id,
                f"P{n:06d}",
                world.departments[n % len(world.departments)].pk,
                world.locations[n % len(world.locations)].pk,
                world.role.pk,
                manager_id,
                hire_date,
                leave_date if left else None,
                not left,
                now,
                now,
            )
        )
        person = (n, user_id, age, f"{first_name} {last_name}")
        for index, course in enumerate(world.courses):
            due = hire_date + timedelta(days=DEADLINE_DAYS)
            rows.required.append((profile_id, course.pk, due, True))
            add_record(rows, person, index, course, next(record_ids), now)
    return rows


def add_record(rows: Rows, person, index: int, course, record_id: int, now) -> None:
    """Person ``n``'s record on the course (or none: not started)."""
    from certification.models import Status

    n, user_id, age, name = person
    kind = (n + 3 * index) % 20
    if kind < 8:
        took = min(5 + (7 * n + 13 * index) % 120, age - 1)  # days from hire
        certified = now - timedelta(days=age - took)
        expires = certified + timedelta(days=365)  # some expired, some soon
        rows.records.append(
            (record_id, user_id, course.pk, Status.CERTIFIED, 100, 1)
            + (certified, certified, expires, certified, "", now)
        )
        rows.certificates.append(
            (record_id, 1, f"BENCH-{n:07d}-{index}", name, course.title)
            + ("Benchmark", certified, expires)
        )
    elif kind < 14:
        seen = now - timedelta(days=(n + index) % 40)
        rows.records.append(
            (record_id, user_id, course.pk, Status.IN_PROGRESS, 10 * (n % 10), 1)
            + (None, None, None, seen, "", now)
        )
        rows.activity.append((user_id, course.pk, seen, seen))
    elif kind < 15:
        rows.records.append(
            (record_id, user_id, course.pk, Status.AWAITING_ASSESSMENT, 90, 1)
            + (None, None, None, now - timedelta(days=n % 20), "", now)
        )


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
    """Vacuum and refresh PostgreSQL's planner statistics after a bulk load, as
    autovacuum would within a minute or so; without statistics it plans for
    empty tables, and without the visibility map no scan is index-only."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
