"""Who must take which course, and by when.

A course is required of a person by their job role (the course's "required
for job roles", due the course's deadline after their hire date) or by an
assignment HR makes to them, their department, location or job role (due on
the assignment's date). An assignment's due date takes the place of the job
role's deadline; of several assignments, the earliest due date applies.

``RequiredCourse`` keeps the answer, one row per person and course, so the
readiness rows, reports and API read one indexed table. ``sync`` brings it in
step for some people; the signals call it (for one person) or the
``sync_required_courses`` task (for everyone a change ``reached``) whenever
something it reads changes. Removing a requirement never touches records or
progress.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from functools import reduce
from operator import or_

from django.db import transaction
from django.db.models import Q, QuerySet
from wagtail.log_actions import log

from certification.models import Assignment, CourseRequirements, RequiredCourse
from courses.models import CoursePage
from people.models import StaffProfile

DEFAULT_DEADLINE_DAYS = 60
BATCH = 2000
# What a person's required courses are worked out from.
PERSON_FIELDS = ("pk", "job_role_id", "department_id", "location_id", "hire_date")
ASSIGN_ACTION = "certification.assign"
UNASSIGN_ACTION = "certification.unassign"


@dataclass(frozen=True)
class Due:
    due_on: date | None
    by_role: bool
    assignment_id: int | None


def sync(staff_ids=None) -> int:
    """Bring the required courses of ``staff_ids`` (ids or a query of staff;
    everyone when None) in step; returns how many rows were added, changed or
    removed."""
    if staff_ids is None:
        staff_ids = StaffProfile.objects.all()
    if isinstance(staff_ids, QuerySet):
        staff_ids = staff_ids.values_list("pk", flat=True)
    ids = sorted(set(staff_ids))
    changed = 0
    for start in range(0, len(ids), BATCH):
        changed += _sync_batch(ids[start : start + BATCH])
    return changed


def reached(
    *,
    course_ids=(),
    job_role_ids=(),
    department_ids=(),
    location_ids=(),
    staff_ids=(),
) -> QuerySet:
    """The staff whose required courses a change to these may change: everyone
    in the job roles, departments and locations, the people themselves, and
    for the courses everyone ``staff_for_courses`` finds."""
    where = [
        Q(**{lookup: list(ids)})
        for lookup, ids in [
            ("job_role__in", job_role_ids),
            ("department__in", department_ids),
            ("location__in", location_ids),
            ("pk__in", staff_ids),
        ]
        if ids
    ]
    if course_ids:
        where.append(staff_for_courses(list(course_ids)))
    if not where:
        return StaffProfile.objects.none()
    return StaffProfile.objects.filter(reduce(or_, where))


def affected(assignment: Assignment):
    """The staff an assignment reaches (everyone in its target, leavers too)."""
    field = {
        "person": "pk",
        "department": "department_id",
        "location": "location_id",
        "job_role": "job_role_id",
    }[assignment.target]
    value = getattr(assignment, f"{assignment.target}_id")
    return StaffProfile.objects.filter(**{field: value})


@transaction.atomic
def assign(course, *, target, actor=None, **values) -> Assignment:
    """Make and record an assignment, and require the course of the people it
    reaches at once."""
    assignment = Assignment(course=course, target=target, created_by=actor, **values)
    assignment.full_clean()
    assignment.save()  # the signal brings the required courses in step
    log(assignment, ASSIGN_ACTION, user=actor, data=_log_data(assignment))
    return assignment


@transaction.atomic
def unassign(assignment: Assignment, *, actor=None) -> None:
    """Remove an assignment: the requirement goes, progress and records stay."""
    log(assignment, UNASSIGN_ACTION, user=actor, data=_log_data(assignment))
    assignment.delete()  # the signal brings the required courses in step


def _log_data(assignment: Assignment) -> dict:
    due = assignment.due_on.isoformat() if assignment.due_on else None
    return {
        "course": assignment.course.title,
        "course_id": assignment.course_id,
        "person_id": assignment.person_id,
        "target": assignment.target,
        "target_name": assignment.target_name,
        "due_from": assignment.due_from,
        "due_on": due,
        "due_days": assignment.due_days,
        "people": affected(assignment).count(),
    }


class _Plan:
    """What the requirements depend on, read once per batch of people: each job
    role's courses, each course's deadline and every assignment by target."""

    def __init__(self, role_courses, deadlines, assignments):
        self.role_courses = role_courses
        self.deadlines = deadlines
        self.by_target = {}
        for assignment in assignments:
            key = (assignment.target, getattr(assignment, f"{assignment.target}_id"))
            self.by_target.setdefault(key, []).append(assignment)

    @classmethod
    def read(cls) -> "_Plan":
        role_courses = {}
        through = CoursePage.required_for_roles.through.objects.filter(
            coursepage__live=True
        )
        for course_id, role_id in through.values_list("coursepage_id", "jobrole_id"):
            role_courses.setdefault(role_id, []).append(course_id)
        deadlines = dict(
            CourseRequirements.objects.values_list("course_id", "deadline_days")
        )
        assignments = Assignment.objects.filter(course__live=True).order_by("pk")
        return cls(role_courses, deadlines, list(assignments))

    def wanted(self, pk, role_id, department_id, location_id, hire_date) -> dict:
        """The person's required courses: course id → Due."""
        found = {}
        for course_id in self.role_courses.get(role_id, ()):
            days = self.deadlines.get(course_id, DEFAULT_DEADLINE_DAYS)
            due = hire_date + timedelta(days=days) if hire_date else None
            found[course_id] = Due(due, True, None)
        targets = [
            ("person", pk),
            ("department", department_id),
            ("location", location_id),
            ("job_role", role_id),
        ]
        for target in targets:
            for assignment in self.by_target.get(target, ()):
                found[assignment.course_id] = _earlier(
                    found.get(assignment.course_id), assignment, hire_date
                )
        return found


def _earlier(current: Due | None, assignment: Assignment, hire_date) -> Due:
    """The requirement with ``assignment`` added: assignments' due dates take
    the place of the job role's; the earliest assignment wins (an assignment
    without a due date, for want of a hire date, counts last)."""
    due = Due(assignment.due_for(hire_date), False, assignment.pk)
    if current is None:
        return due
    by_role = current.by_role
    if current.assignment_id is not None and not _sooner(due.due_on, current.due_on):
        return current
    return Due(due.due_on, by_role, assignment.pk)


def _sooner(day: date | None, than: date | None) -> bool:
    if day is None:
        return False
    return than is None or day < than


def _sync_batch(ids: list[int]) -> int:
    with transaction.atomic():
        # Another sync of these people (a task worker, a request saving one of
        # them) waits here until this one is written, then reads the plan
        # afresh: the last to write read the newest plan, and two never add
        # the same row.
        people = StaffProfile.objects.filter(pk__in=ids).order_by("pk")
        batch = list(people.select_for_update(no_key=True).values_list(*PERSON_FIELDS))
        plan = _Plan.read()
        wanted = {}
        for person in batch:
            for course_id, due in plan.wanted(*person).items():
                wanted[(person[0], course_id)] = due
        existing = {
            (row.staff_id, row.course_id): row
            for row in RequiredCourse.objects.filter(staff_id__in=ids)
        }
        stale = [row.pk for key, row in existing.items() if key not in wanted]
        added, changed = [], []
        for (staff_id, course_id), due in wanted.items():
            row = existing.get((staff_id, course_id))
            if row is None:
                added.append(_new_row(staff_id, course_id, due))
            elif _differs(row, due):
                row.due_on, row.by_role = due.due_on, due.by_role
                row.assignment_id = due.assignment_id
                changed.append(row)
        if stale:
            RequiredCourse.objects.filter(pk__in=stale).delete()
        RequiredCourse.objects.bulk_create(added, batch_size=BATCH)
        fields = ["due_on", "by_role", "assignment"]
        RequiredCourse.objects.bulk_update(changed, fields, batch_size=BATCH)
    return len(stale) + len(added) + len(changed)


def _new_row(staff_id, course_id, due: Due) -> RequiredCourse:
    return RequiredCourse(
        staff_id=staff_id,
        course_id=course_id,
        due_on=due.due_on,
        by_role=due.by_role,
        assignment_id=due.assignment_id,
    )


def _differs(row: RequiredCourse, due: Due) -> bool:
    return (row.due_on, row.by_role, row.assignment_id) != (
        due.due_on,
        due.by_role,
        due.assignment_id,
    )


def staff_for_courses(course_ids) -> Q:
    """People whose requirements may involve these courses: their job role
    requires one, or they hold a requirement row for one already."""
    roles = CoursePage.required_for_roles.through.objects.filter(
        coursepage__in=course_ids
    )
    held = RequiredCourse.objects.filter(course__in=course_ids)
    return Q(job_role__in=roles.values("jobrole")) | Q(pk__in=held.values("staff"))
