"""Readiness of many people: one row per person and required course.

People who never started a required course have no record yet; they appear
as ``not_started``. Shared by the API (and, later, HR reports).
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone

from certification.models import Certificate, CertificationRecord, Status
from courses.models import CoursePage


@dataclass(frozen=True)
class RosterRow:
    employee_id: str
    name: str
    department: str
    course: str
    status: str
    progress: int
    certified_at: datetime | None
    expires_at: datetime | None
    verification_code: str | None


def _status(record, now) -> str:
    if record is None:
        return Status.NOT_STARTED
    if (
        record.status == Status.CERTIFIED
        and record.expires_at
        and record.expires_at <= now
    ):
        return Status.EXPIRED  # the daily sweep has not run yet
    return record.status


def roster(
    staff,
    *,
    course: str = "",
    status: str = "",
    department: str = "",
    expires_before: date | None = None,
) -> list[RosterRow]:
    """Rows for ``staff`` (a StaffProfile queryset already scoped to the viewer)."""
    now = timezone.now()
    courses = CoursePage.objects.live().prefetch_related("required_for_roles")
    if course:
        courses = courses.filter(slug=course)
    courses = list(courses)
    people = staff.select_related("user", "department")
    if department:
        people = people.filter(department__name=department)
    people = list(people.order_by("employee_id"))
    records = {
        (r.user_id, r.course_id): r
        for r in CertificationRecord.objects.filter(
            user__in=[p.user_id for p in people], course__in=courses
        )
    }
    codes = dict(
        Certificate.objects.filter(
            record__in=list(records.values()), superseded_by__isnull=True
        )
        .order_by("cycle")
        .values_list("record_id", "code")
    )
    rows = []
    for person in people:
        for item in courses:
            record = records.get((person.user_id, item.pk))
            required = any(
                role.pk == person.job_role_id for role in item.required_for_roles.all()
            )
            if record is None and not required:
                continue
            rows.append(_row(person, item, record, codes, now))
    return [row for row in rows if _matches(row, status, expires_before)]


def _row(person, course, record, codes, now) -> RosterRow:
    status = _status(record, now)
    return RosterRow(
        employee_id=person.employee_id,
        name=person.full_name,
        department=person.department.name if person.department else "",
        course=course.slug,
        status=status,
        progress=record.progress if record else 0,
        certified_at=record.certified_at if record else None,
        expires_at=record.expires_at if record else None,
        verification_code=codes.get(record.pk) if record else None,
    )


def _matches(row: RosterRow, status: str, expires_before: date | None) -> bool:
    if status and row.status != status:
        return False
    if expires_before is None:
        return True
    return row.expires_at is not None and row.expires_at.date() < expires_before
