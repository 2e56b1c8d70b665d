"""Who must take which course, and by when.

A course is required of a person by their job role (the course's "required
for job roles", due the course's deadline after their hire date) or by an
assignment HR makes to them, their department, location or job role (due on
the assignment's date). An assignment's due date takes the place of the job
role's deadline; of several assignments, the earliest due date applies.

``RequiredCourse`` keeps the answer, one row per person and course, so the
readiness rows, reports and API read one indexed table. ``sync`` brings it in
step for some people; the signals below call it whenever something it reads
changes. Removing a requirement never touches records or progress.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from itertools import islice

from django.db import transaction
from django.db.models import Q
from wagtail.log_actions import log

from certification.models import Assignment, CourseRequirements, RequiredCourse
from courses.models import CoursePage
from people.models import StaffProfile

DEFAULT_DEADLINE_DAYS = 60
BATCH = 2000
ASSIGN_ACTION = "certification.assign"
UNASSIGN_ACTION = "certification.unassign"


@dataclass(frozen=True)
class Due:
    due_on: date | None
    by_role: bool
    assignment_id: int | None


def sync(staff_ids=None) -> int:
    """Bring the required courses of ``staff_ids`` (everyone when None) in
    step; returns how many rows were added, changed or removed."""
    plan = _Plan.read()
    people = StaffProfile.objects.order_by("pk")
    if staff_ids is not None:
        people = people.filter(pk__in=list(staff_ids))
    fields = ("pk", "job_role_id", "department_id", "location_id", "hire_date")
    changed = 0
    rows = people.values_list(*fields).iterator(chunk_size=BATCH)
    while batch := list(islice(rows, BATCH)):
        changed += _sync_batch(plan, batch)
    return changed


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
    """What the requirements depend on, read once per sync: each job role's
    courses, each course's deadline and every assignment by target."""

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


def _sync_batch(plan: _Plan, batch: list[tuple]) -> int:
    wanted = {}
    for person in batch:
        for course_id, due in plan.wanted(*person).items():
            wanted[(person[0], course_id)] = due
    existing = {
        (row.staff_id, row.course_id): row
        for row in RequiredCourse.objects.filter(staff_id__in=[p[0] for p in batch])
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
    with transaction.atomic():
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
    return Q(job_role__required_courses__in=course_ids) | Q(
        required_courses__course__in=course_ids
    )
