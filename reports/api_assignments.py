"""Assignments in the API: the HR system requires a course of a person, a
department, a location or a job role, with a due date (HR only)."""

from datetime import datetime
from typing import Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from ninja import Field, Query, Schema, Status

from certification import assignments
from certification.admin_assignments import assignable_courses
from certification.models import Assignment, DueFrom, Target
from people.models import Department, JobRole, Location, StaffProfile
from reports.api import NOT_ALLOWED, api
from reports.api_schemas import PLAIN_TEXT, Day, errors

INVALID_ASSIGNMENT = _("The assignment was not made: fix the errors listed.")
NO_SUCH_ASSIGNMENT = _("There is no assignment with this id.")
UNKNOWN_COURSE = _("No live course has this slug.")
UNKNOWN_TARGET = _("Nobody of this kind has this name (or employee ID).")
DUE_ON_NEEDED = _("Give due_on (YYYY-MM-DD) when due_from is 'date'.")
DUE_DAYS_NEEDED = _("Give due_days when due_from is 'hire' or 'assigned'.")
TARGET_MODELS = {
    Target.PERSON: (StaffProfile, "employee_id"),
    Target.DEPARTMENT: (Department, "name"),
    Target.LOCATION: (Location, "name"),
    Target.JOB_ROLE: (JobRole, "name"),
}


class AssignmentIn(Schema):
    course: str = Field(..., max_length=255, description="The course's slug.")
    target: Literal[tuple(Target.values)]
    name: str = Field(
        ...,
        max_length=120,
        description="The employee ID (person), or the department's, location's "
        "or job role's name.",
    )
    due_from: Literal[tuple(DueFrom.values)] = "date"
    due_on: Day | None = Field(None, description="YYYY-MM-DD, for due_from=date")
    due_days: int | None = Field(
        None, ge=0, le=3650, description="Days after hire or after the assignment."
    )
    note: str = Field("", max_length=200)


class AssignmentOut(Schema):
    id: int
    course: str
    target: str
    name: str
    due_from: str
    due_on: str | None
    due_days: int | None
    note: str
    created_at: datetime
    created_by: str | None


class AssignmentFilters(Schema):
    course: str = Field(
        "", max_length=255, pattern=PLAIN_TEXT, description="A course's slug."
    )
    limit: int = Field(100, ge=1, le=500)
    offset: int = Field(0, ge=0, le=100_000)


class AssignmentPage(Schema):
    items: list[AssignmentOut]
    count: int


def _check_may_assign(request, action: str) -> None:
    if not request.user.has_perm(f"certification.{action}_assignment"):
        raise PermissionDenied(NOT_ALLOWED)


def _out(assignment: Assignment) -> dict:
    return {
        "id": assignment.pk,
        "course": assignment.course.slug,
        "target": assignment.target,
        "name": _target_key(assignment),
        "due_from": assignment.due_from,
        "due_on": assignment.due_on.isoformat() if assignment.due_on else None,
        "due_days": assignment.due_days,
        "note": assignment.note,
        "created_at": assignment.created_at,
        "created_by": assignment.created_by.get_username()
        if assignment.created_by
        else None,
    }


def _target_key(assignment: Assignment) -> str:
    found = assignment.target_object
    return found.employee_id if assignment.target == Target.PERSON else found.name


@api.get(
    "/assignments",
    response={200: AssignmentPage, **errors(401, 403, 422)},
    tags=["assignments"],
)
def list_assignments(request, filters: Query[AssignmentFilters]):
    """Every assignment, newest first (HR only); ``course`` narrows to one."""
    _check_may_assign(request, "view")
    found = Assignment.objects.select_related(
        "course", "person", "department", "location", "job_role", "created_by"
    )
    if filters.course:
        found = found.filter(course__slug=filters.course)
    page = found[filters.offset : filters.offset + filters.limit]
    return {"items": [_out(item) for item in page], "count": found.count()}


@api.post(
    "/assignments",
    response={201: AssignmentOut, **errors(400, 401, 403, 422)},
    tags=["assignments"],
)
def create_assignment(request, body: AssignmentIn):
    """Require a course of a person, department, location or job role, due
    on a date or a number of days after hire or after today (HR only). The
    people it reaches get the course at once (with a task queue, a group within
    minutes); an earlier due date wins."""
    _check_may_assign(request, "add")
    problems = {}
    course = assignable_courses().filter(slug=body.course).first()
    if course is None:
        problems["course"] = [str(UNKNOWN_COURSE)]
    model, key = TARGET_MODELS[body.target]
    target = model.objects.filter(**{key: body.name}).first()
    if target is None:
        problems["name"] = [str(UNKNOWN_TARGET)]
    problems.update(_due_problems(body))
    if problems:
        return Status(422, {"message": str(INVALID_ASSIGNMENT), "errors": problems})
    try:
        made = assignments.assign(
            course,
            target=body.target,
            actor=request.user,
            **{body.target: target},
            due_from=body.due_from,
            due_on=body.due_on if body.due_from == DueFrom.DATE else None,
            due_days=body.due_days if body.due_from != DueFrom.DATE else None,
            note=body.note,
        )
    except ValidationError as error:
        messages = {name: list(map(str, found)) for name, found in error}
        return Status(422, {"message": str(INVALID_ASSIGNMENT), "errors": messages})
    return Status(201, _out(made))


def _due_problems(body: AssignmentIn) -> dict:
    if body.due_from == DueFrom.DATE and body.due_on is None:
        return {"due_on": [str(DUE_ON_NEEDED)]}
    if body.due_from != DueFrom.DATE and body.due_days is None:
        return {"due_days": [str(DUE_DAYS_NEEDED)]}
    return {}


@api.delete(
    "/assignments/{assignment_id}",
    response={204: None, **errors(401, 403, 404, 422)},
    tags=["assignments"],
)
def delete_assignment(request, assignment_id: int):
    """Remove an assignment (HR only): the course is no longer required by
    it; records, progress and certificates stay."""
    _check_may_assign(request, "delete")
    found = Assignment.objects.filter(pk=assignment_id).first()
    if found is None:
        raise Http404(NO_SUCH_ASSIGNMENT)
    assignments.unassign(found, actor=request.user)
    return Status(204, None)
