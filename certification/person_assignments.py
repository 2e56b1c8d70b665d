"""Courses assigned to people one by one: from the staff import's
``assign_course`` and ``assign_due`` columns (the CSV command, the admin import
and PUT/PATCH /api/v1/people) and from the staff listing's bulk action.

A person holds one assignment per course this way: assigning the course again
with another due date replaces theirs (removed and made again, so the history
shows both), and the same due date changes nothing.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import get_active_log_context

from certification import assignments
from certification.admin_assignments import assignable_courses
from certification.models import Assignment, DueFrom, Target

UNKNOWN_COURSE = _("Courses to assign: no live course has the slug “%(slug)s”.")


def check_course_slugs(plan) -> None:
    """Add a line error to a staff import ``plan`` for each unknown slug."""
    rows = [row for row in plan.rows if row.assignment is not None]
    known = set(_courses_by_slug(row.assignment for row in rows))
    for row in rows:
        for slug in row.assignment.courses:
            if slug not in known:
                error = ValidationError(
                    UNKNOWN_COURSE, code="unknown_course", params={"slug": slug}
                )
                plan.add_error(row.line, error)


def assign_imported(pairs) -> int:
    """Make the assignments of an applied staff import: ``pairs`` of a profile
    and its row's ``CourseAssignment``. The import's caller (the admin user or
    the API token's owner, from the log context) is the one who assigns."""
    courses = _courses_by_slug(wanted for _profile, wanted in pairs)
    actor = get_active_log_context().user
    made = 0
    for profile, wanted in pairs:
        due_from = DueFrom.DATE if wanted.due_on else DueFrom.HIRE
        for slug in wanted.courses:
            assigned = assign_to_person(
                profile,
                courses[slug],
                actor=actor,
                due_from=due_from,
                due_on=wanted.due_on,
                due_days=wanted.due_days,
            )
            made += assigned is not None
    return made


def _courses_by_slug(wanted) -> dict:
    """Slug → live course (the original language's; the first of a shared
    slug) for the ``CourseAssignment``s ``wanted``, in one query."""
    slugs = {slug for each in wanted for slug in each.courses}
    if not slugs:
        return {}
    found = {}
    for course in assignable_courses().filter(slug__in=slugs).order_by("pk"):
        found.setdefault(course.slug, course)
    return found


def assign_to_person(
    person, course, *, actor=None, due_from, due_on=None, due_days=None, note=""
) -> Assignment | None:
    """Require ``course`` of ``person`` with this due rule; None when their
    assignment of it says so already."""
    due = {"due_from": due_from, "due_on": due_on, "due_days": due_days}
    current = (
        Assignment.objects.filter(target=Target.PERSON, person=person, course=course)
        .order_by("-created_at", "-pk")
        .first()
    )
    if current is not None:
        if _same_due(current, **due):
            return None
        note = note or current.note
        assignments.unassign(current, actor=actor)
    return assignments.assign(
        course, target=Target.PERSON, person=person, actor=actor, note=note, **due
    )


def _same_due(assignment: Assignment, *, due_from, due_on, due_days) -> bool:
    return (assignment.due_from, assignment.due_on, assignment.due_days) == (
        due_from,
        due_on,
        due_days,
    )
