"""The JSON API under /api/v1/ (django-ninja): readiness for people and HR systems.

Browsers use their session; an HR system uses a bearer token that HR creates
in the admin (Wagtail's API tokens: hashed, shown once, revocable).
"""

import logging
from functools import wraps

from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.db.models import Q
from django.http import Http404, HttpResponseNotAllowed, JsonResponse
from django.urls import URLPattern, re_path
from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI, Path, Query, Status
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import SessionAuth
from wagtail.api.v3.auth import BearerTokenAuth
from wagtail.log_actions import LogContext

from certification.dates import day_start
from certification.rows import (
    by_employment,
    due_date,
    visible_rows,
    with_certificates,
)
from courses.models import CoursePage
from people.imports import plan_staff_import, staff_row_values, with_language
from people.languages import PROFILE, original_language, preferred_language
from people.models import Department, StaffProfile
from people.privacy import ExportEncoder, export_person, record_export
from people.roles import sees_all_staff
from people.services import apply_staff_import
from reports.api_schemas import (
    EMPLOYEE_ID,
    MAX_OFFSET,
    ReadinessFilters,
    ReadinessItem,
    ReadinessPage,
    StaffChanges,
    StaffIn,
    StaffOut,
    errors,
)
from reports.views.base import can_view_reports

logger = logging.getLogger(__name__)

NOT_ALLOWED = _("Your role does not allow this.")
NO_SUCH_PERSON = _("No staff member has this employee ID.")
LOGIN_NEEDED = _("Log in or send a bearer token.")
INVALID_STAFF = _("The staff member was not saved: fix the errors listed.")
INVALID_REQUEST = _("The request is not valid.")
UNREADABLE_BODY = _("The request body is not valid JSON.")
CSRF_FAILED = _(
    "The CSRF token is missing or wrong: send the page's CSRF token with a "
    "logged-in session, or use a bearer token."
)
NO_SUCH_PATH = _("There is no such API address. The OpenAPI document lists them.")
WRONG_METHOD = _("This API address does not accept %(method)s.")
CHANGED_MEANWHILE = _(
    "Someone changed this staff member at the same moment; send the request again."
)
SERVER_ERROR = _("Something went wrong on our side; the error has been logged.")


class LoggedInSession(SessionAuth):
    """The browser's session. Someone not logged in hears 401 before any CSRF
    check; a logged-in write still needs the CSRF token."""

    def __call__(self, request):
        if not request.user.is_authenticated:
            return None
        return super().__call__(request)


def json_error(message, status: int, **extra) -> JsonResponse:
    return JsonResponse({"message": str(message), **extra}, status=status)


def unknown_path(request, *args, **kwargs):
    return json_error(NO_SUCH_PATH, 404)


def with_json_405(view):
    """Ninja answers a method an address lacks in plain text; say it in JSON."""

    @wraps(view)
    def answer(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if isinstance(response, HttpResponseNotAllowed):
            message = WRONG_METHOD % {"method": request.method}
            allowed = json_error(message, 405)
            allowed["Allow"] = response["Allow"]
            return allowed
        return response

    return answer


def documents_need_credentials(view):
    """The OpenAPI document and its Swagger UI: for people logged in or
    holding a token, like the rest of the API."""

    @wraps(view)
    def guarded(request, *args, **kwargs):
        if not request.user.is_authenticated and BearerTokenAuth()(request) is None:
            return json_error(LOGIN_NEEDED, 401)
        return view(request, *args, **kwargs)

    return guarded


class TrainingAPI(NinjaAPI):
    """Every answer is JSON with a ``message`` when it is an error, including
    a wrong method or an address the API does not have."""

    def _get_urls(self):
        return [
            *map(self._json_answers, super()._get_urls()),
            re_path(r"", unknown_path),
        ]

    @staticmethod
    def _json_answers(url):
        if not isinstance(url, URLPattern):
            return url
        # The API's root address has no operation of its own.
        view = unknown_path if url.name == "api-root" else with_json_405(url.callback)
        return URLPattern(url.pattern, view, url.default_args, url.name)


api = TrainingAPI(
    title="Service Standard Academy API",
    version="1.0.0",
    description=(
        "Readiness for learners, managers and HR, and staff records for the HR "
        "system. Authenticate with a bearer token (Settings → API tokens in the "
        "admin) or a logged-in session with its CSRF token. Every error is JSON "
        "with a `message`; a 422 or 400 lists field errors under `errors`."
    ),
    urls_namespace="api_v1",
    auth=[BearerTokenAuth(), LoggedInSession()],
    docs_url="/docs",
    docs_decorator=documents_need_credentials,
)


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


@api.exception_handler(HttpError)
def http_error(request, exc):
    message = str(exc)
    if exc.status_code == 400 and message.startswith("Cannot parse"):
        message = UNREADABLE_BODY
    elif exc.status_code == 403 and "CSRF" in message:
        message = CSRF_FAILED
    return api.create_response(
        request, {"message": str(message)}, status=exc.status_code
    )


@api.exception_handler(ValidationError)
def invalid(request, exc):
    return api.create_response(
        request,
        {"message": str(INVALID_REQUEST), "errors": field_errors(exc.errors)},
        status=422,
    )


@api.exception_handler(Exception)
def server_error(request, exc):
    logger.exception("API error on %s %s", request.method, request.path)
    return api.create_response(request, {"message": str(SERVER_ERROR)}, status=500)


def field_errors(details) -> dict[str, list[str]]:
    """Pydantic's error list as messages by field (``body`` for the whole body).

    A body field is named alone (``language``, not ``body.language``: the
    middle part is only the view's parameter)."""
    by_field = {}
    for error in details:
        loc = [str(part) for part in error.get("loc", [])]
        field = ".".join(loc[2:] if loc[:1] == ["body"] else loc[1:]) or "body"
        by_field.setdefault(field, []).append(error.get("msg", "invalid"))
    return by_field


UNKNOWN_COURSE = _("No live course has this slug.")
OFFSET_TOO_DEEP = _(
    "Offsets past %(max)s are not served: follow the page's next link (or send "
    "its next_cursor as cursor), which is as quick at any depth."
)
BAD_CURSOR = _(
    "This cursor is not one the API gave out: send the next_cursor of the "
    "previous page as it is."
)
CURSOR_AND_OFFSET = _("Send either a cursor or an offset, not both.")
CURSOR_SALT = "reports.api.readiness-cursor"
UNKNOWN_DEPARTMENT = _("No department has this name.")
PersonId = Path(..., **EMPLOYEE_ID, description="The employee ID from the HR system.")


def _rows(request):
    rows = visible_rows(request.user).select_related(f"user__{PROFILE}")
    return with_certificates(rows)


def _ordered(rows):
    # The course's id last: two live courses may share a slug.
    return rows.order_by("employee_id", "course_slug", "course_id")


@api.get(
    "/me/readiness",
    response={200: list[ReadinessItem], **errors(401)},
    tags=["readiness"],
)
def my_readiness(request):
    """The caller's own rows: one per course their job role requires."""
    rows = _rows(request).filter(user=request.user)
    return [_item(row) for row in _ordered(rows)]


@api.get(
    "/readiness",
    response={200: ReadinessPage, **errors(401, 403, 422)},
    tags=["readiness"],
)
def readiness(request, filters: Query[ReadinessFilters]):
    """Rows the caller may see: HR everyone, a manager their reporting line
    (and themselves). People still employed unless ``employment`` says so.
    A course or department that does not exist is a 422, not an empty list.

    Ordered by employee ID and course. A page is ``limit`` rows from
    ``offset`` (up to 1,000) or from ``cursor``; ``next`` is the address of
    the next page, as quick to fetch at any depth (keyset pagination). A page
    asked for by offset carries the ``count`` of every matching row; a page
    asked for by cursor does not (null), to stay quick."""
    if not can_view_reports(request.user):
        raise PermissionDenied(NOT_ALLOWED)
    unknown = _unknown_filter(filters)
    if unknown:
        return Status(422, {"message": str(INVALID_REQUEST), "errors": unknown})
    if paging := _bad_paging(filters):
        field, message = paging
        return Status(422, {"message": message, "errors": {field: [message]}})
    rows = _filtered(_rows(request), filters)
    page = _ordered(rows)
    if filters.cursor:
        page = _after(page, _read_cursor(filters.cursor))
        items = list(page[: filters.limit + 1])
    else:
        items = list(page[filters.offset : filters.offset + filters.limit + 1])
    more, items = len(items) > filters.limit, items[: filters.limit]
    next_cursor = _cursor(items[-1]) if more else None
    return {
        "items": [_item(row) for row in items],
        # Counting every row costs as much as a page; a walk by cursor has
        # had the count on its first page.
        "count": None if filters.cursor else rows.count(),
        "next_cursor": next_cursor,
        "next": _next_url(request, next_cursor),
    }


def _bad_paging(filters: ReadinessFilters) -> tuple[str, str] | None:
    """The paging parameter at fault and why, if one is."""
    if filters.cursor and filters.offset:
        return "cursor", str(CURSOR_AND_OFFSET)
    if filters.offset > MAX_OFFSET:
        return "offset", OFFSET_TOO_DEEP % {"max": f"{MAX_OFFSET:,}"}
    if filters.cursor and _read_cursor(filters.cursor) is None:
        return "cursor", str(BAD_CURSOR)
    return None


def _cursor(row) -> str:
    """Where the page after ``row`` starts: its sort key, signed."""
    key = [row.employee_id, row.course_slug, row.course_id]
    return signing.dumps(key, salt=CURSOR_SALT)


def _read_cursor(cursor: str) -> tuple[str, str, int] | None:
    """The sort key a cursor carries, or None if the API did not write it."""
    try:
        employee_id, slug, course_id = signing.loads(cursor, salt=CURSOR_SALT)
    except (signing.BadSignature, TypeError, ValueError):
        return None
    if not (isinstance(employee_id, str) and isinstance(slug, str)):
        return None
    if not isinstance(course_id, int):
        return None
    return employee_id, slug, course_id


def _after(rows, key: tuple[str, str, int]):
    """The rows after ``key`` in the list's order (keyset pagination): an index
    range on the employee ID, however deep the page."""
    employee_id, slug, course_id = key
    later = (
        Q(employee_id__gt=employee_id)
        | Q(course_slug__gt=slug)
        | Q(course_slug=slug, course_id__gt=course_id)
    )
    return rows.filter(employee_id__gte=employee_id).filter(later)


def _next_url(request, cursor: str | None) -> str | None:
    if cursor is None:
        return None
    query = request.GET.copy()
    query.pop("offset", None)
    query["cursor"] = cursor
    return f"{request.path}?{query.urlencode()}"


def _unknown_filter(filters: ReadinessFilters) -> dict[str, list[str]]:
    unknown = {}
    courses = CoursePage.objects.live().filter(original_language())
    if filters.course and not courses.filter(slug=filters.course).exists():
        unknown["course"] = [str(UNKNOWN_COURSE)]
    departments = Department.objects.filter(name=filters.department)
    if filters.department and not departments.exists():
        unknown["department"] = [str(UNKNOWN_DEPARTMENT)]
    return unknown


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
        language=preferred_language(row.user),
    )


@api.get(
    "/people/{employee_id}/readiness",
    response={200: list[ReadinessItem], **errors(401, 403, 404, 422)},
    tags=["people"],
)
def person_readiness(request, employee_id: str = PersonId):
    """One person's rows, for HR, their managers and themselves. Someone
    outside the caller's reporting line is a 404, as if they did not exist."""
    visible = StaffProfile.objects.for_viewer(request.user)
    if not visible.filter(employee_id=employee_id).exists():
        raise Http404(NO_SUCH_PERSON)
    rows = _rows(request).filter(employee_id=employee_id)
    return [_item(row) for row in _ordered(rows)]


@api.get(
    "/people/{employee_id}/export",
    response={200: dict, **errors(401, 403, 404, 422)},
    tags=["people"],
)
def person_export(request, employee_id: str = PersonId):
    """Everything held about one person, as JSON (HR only): the same document
    as the admin's download and ``manage.py export_person``. The person's
    staff log records who took it."""
    if not sees_all_staff(request.user):
        raise PermissionDenied(NOT_ALLOWED)
    profile = StaffProfile.objects.filter(employee_id=employee_id).first()
    if profile is None:
        raise Http404(NO_SUCH_PERSON)
    document = export_person(profile)
    record_export(profile, actor=request.user)
    return JsonResponse(document, encoder=ExportEncoder)


PERSON_WRITE = {200: StaffOut, 201: StaffOut, **errors(400, 401, 403, 404, 409, 422)}


@api.put("/people/{employee_id}", response=PERSON_WRITE, tags=["people"])
def upsert_person(request, body: StaffIn, employee_id: str = PersonId):
    """Create or replace one staff member (HR only), with the rules of the
    staff CSV import.

    PUT replaces the whole record: a field that is missing or null is saved
    empty, as an empty cell in the CSV would be (no department, no manager,
    no e-mail, no hire date), and a missing or null ``language`` means none.
    Send only what changes with PATCH instead.
    A past ``leave_date`` deactivates the login; removing it reactivates it.
    """
    _check_may_edit_people(request)
    return _save_person(request, {"employee_id": employee_id, **body.dict()})


@api.patch("/people/{employee_id}", response=PERSON_WRITE, tags=["people"])
def change_person(request, body: StaffChanges, employee_id: str = PersonId):
    """Change only the fields sent (HR only); null empties a field. The
    person must exist (404 otherwise): create people with PUT."""
    _check_may_edit_people(request)
    profile = with_language(StaffProfile.objects.filter(employee_id=employee_id))
    profile = profile.first()
    if profile is None:
        raise Http404(NO_SUCH_PERSON)
    values = staff_row_values(profile)
    values.update(body.dict(exclude_unset=True))
    return _save_person(request, values)


def _check_may_edit_people(request) -> None:
    if not request.user.has_perm("people.change_staffprofile"):
        raise PermissionDenied(NOT_ALLOWED)


def _save_person(request, values: dict):
    # No language means none: PUT replaces it, PATCH starts from the saved one.
    plan = plan_staff_import([values], blank_language="")
    if not plan.is_valid:
        messages = [error.message for error in plan.errors]
        return Status(
            400, {"message": str(INVALID_STAFF), "errors": {"body": messages}}
        )
    created = plan.counts.created == 1
    try:
        # The staff log and any assignments name the caller (the token's
        # owner), not "System".
        with LogContext(user=request.user):
            apply_staff_import(plan)
    except IntegrityError:
        return Status(409, {"message": str(CHANGED_MEANWHILE)})
    profile = StaffProfile.objects.get(employee_id=values["employee_id"])
    result = {
        "employee_id": profile.employee_id,
        "created": created,
        "active": profile.is_active,
    }
    return Status(201 if created else 200, result)


# The other operations, on this same API object.
from reports import api_assignments  # noqa: E402, F401
