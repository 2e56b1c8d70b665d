"""The JSON API under /api/v1/ (django-ninja): readiness for people and HR systems.

Browsers use their session; an HR system uses a bearer token that HR creates
in the admin (Wagtail's API tokens: hashed, shown once, revocable).
"""

from datetime import date, datetime
from typing import Literal

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Query, Schema, Status
from ninja.errors import AuthenticationError, ValidationError
from ninja.security import django_auth
from wagtail.api.v3.auth import BearerTokenAuth

from certification.dates import day_start
from certification.models import Status as RecordStatus
from certification.reports.base import can_view_reports
from certification.reports.rows import (
    by_employment,
    due_date,
    visible_rows,
    with_certificates,
)
from courses.models import CoursePage
from people.imports import plan_staff_import
from people.models import StaffProfile
from people.services import apply_staff_import

NOT_ALLOWED = _("Your role does not allow this.")
NO_SUCH_PERSON = _("No staff member has this employee ID.")
LOGIN_NEEDED = _("Log in or send a bearer token.")
INVALID_STAFF = _("The staff member was not saved: fix the errors listed.")

api = NinjaAPI(
    title="Service Standard Academy API",
    version="1.0.0",
    urls_namespace="api_v1",
    auth=[BearerTokenAuth(), django_auth],
    docs_url="/docs",
)


StatusName = Literal[tuple(RecordStatus.values)]


class ReadinessItem(Schema):
    employee_id: str
    name: str
    department: str
    course: str
    status: StatusName
    progress: int
    certified_at: datetime | None
    expires_at: datetime | None
    verification_code: str | None
    due_date: date | None
    overdue: bool
    active: bool
    leave_date: date | None


class ReadinessPage(Schema):
    items: list[ReadinessItem]
    count: int


class ReadinessFilters(Schema):
    course: str = ""
    status: StatusName | Literal[""] = ""
    department: str = ""
    expires_before: date | None = None
    employment: Literal["current", "left", "all"] = "current"
    limit: int = 100
    offset: int = 0


class StaffIn(Schema):
    first_name: str
    last_name: str
    email: str = ""
    department: str = ""
    location: str = ""
    job_role: str = ""
    manager_employee_id: str = ""
    hire_date: str = ""
    leave_date: str = ""


class StaffOut(Schema):
    employee_id: str
    created: bool
    active: bool


class Message(Schema):
    message: str
    errors: dict[str, list[str]] | None = None


@api.exception_handler(PermissionDenied)
def forbidden(request, exc):
    return api.create_response(
        request, {"message": str(exc) or NOT_ALLOWED}, status=403
    )


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(
        request, {"message": str(exc) or NO_SUCH_PERSON}, status=404
    )


@api.exception_handler(AuthenticationError)
def unauthenticated(request, exc):
    return api.create_response(request, {"message": str(LOGIN_NEEDED)}, status=401)


@api.exception_handler(ValidationError)
def invalid(request, exc):
    errors = {}
    for error in exc.errors:
        field = ".".join(str(part) for part in error.get("loc", [])[1:]) or "body"
        errors.setdefault(field, []).append(error.get("msg", "invalid"))
    message = _("The request is not valid.")
    return api.create_response(
        request, {"message": message, "errors": errors}, status=422
    )


UNKNOWN_COURSE = _("No live course has this slug.")


def _rows(request):
    return with_certificates(visible_rows(request.user))


def _ordered(rows):
    return rows.order_by("employee_id", "course_slug")


@api.get("/me/readiness", response=list[ReadinessItem], tags=["readiness"])
def my_readiness(request):
    """The caller's own rows: one per course their job role requires."""
    rows = _rows(request).filter(user=request.user)
    return [_item(row) for row in _ordered(rows)]


@api.get(
    "/readiness",
    response={200: ReadinessPage, 403: Message, 422: Message},
    tags=["readiness"],
)
def readiness(request, filters: Query[ReadinessFilters]):
    """Rows the caller may see: HR everyone, a manager their reporting line
    (and themselves). People still employed unless ``employment`` says so."""
    if not can_view_reports(request.user):
        raise PermissionDenied(NOT_ALLOWED)
    if (
        filters.course
        and not CoursePage.objects.live().filter(slug=filters.course).exists()
    ):
        return Status(422, {"message": str(UNKNOWN_COURSE)})
    rows = _filtered(_rows(request), filters)
    limit = max(1, min(filters.limit, 1000))
    offset = max(0, filters.offset)
    page = _ordered(rows)[offset : offset + limit]
    return {"items": [_item(row) for row in page], "count": rows.count()}


def _filtered(rows, filters: ReadinessFilters):
    """The list's filters, applied in the database (the same rows as the
    admin's readiness report)."""
    rows = by_employment(rows, filters.employment)
    if filters.course:
        rows = rows.filter(course_slug=filters.course)
    if filters.status:
        rows = rows.filter(status=filters.status)
    if filters.department:
        rows = rows.filter(department__name=filters.department)
    if filters.expires_before:
        rows = rows.filter(expires_at__lt=day_start(filters.expires_before))
    return rows


def _item(row) -> ReadinessItem:
    return ReadinessItem(
        employee_id=row.employee_id,
        name=row.full_name,
        department=row.department.name if row.department else "",
        course=row.course_slug,
        status=row.status,
        progress=row.progress,
        certified_at=row.certified_at,
        expires_at=row.expires_at,
        verification_code=row.verification_code,
        due_date=due_date(row),
        overdue=row.overdue,
        active=row.is_active,
        leave_date=row.leave_date,
    )


@api.get(
    "/people/{employee_id}/readiness",
    response={200: list[ReadinessItem], 404: Message},
    tags=["people"],
)
def person_readiness(request, employee_id: str):
    """One person's rows, for HR, their managers and themselves."""
    visible = StaffProfile.objects.for_viewer(request.user)
    if not visible.filter(employee_id=employee_id).exists():
        raise Http404(NO_SUCH_PERSON)
    rows = _rows(request).filter(employee_id=employee_id)
    return [_item(row) for row in _ordered(rows)]


@api.put(
    "/people/{employee_id}",
    response={200: StaffOut, 201: StaffOut, 400: Message, 403: Message},
    tags=["people"],
)
def upsert_person(request, employee_id: str, body: StaffIn):
    """Create or update one staff member (HR only), with the rules of import_staff."""
    if not request.user.has_perm("people.change_staffprofile"):
        raise PermissionDenied(NOT_ALLOWED)
    plan = plan_staff_import([{"employee_id": employee_id, **body.dict()}])
    if not plan.is_valid:
        errors = {}
        for error in plan.errors:
            errors.setdefault("body", []).append(error.message)
        return Status(400, {"message": str(INVALID_STAFF), "errors": errors})
    created = plan.counts.created == 1
    apply_staff_import(plan)
    profile = StaffProfile.objects.get(employee_id=employee_id)
    result = {
        "employee_id": employee_id,
        "created": created,
        "active": profile.is_active,
    }
    return Status(201 if created else 200, result)
