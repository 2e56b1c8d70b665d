"""What the API reads and writes, as the OpenAPI document describes it."""

import re
from datetime import date, datetime
from typing import Annotated, Literal

from ninja import Field, Schema
from pydantic import BeforeValidator

from certification.models import Status as RecordStatus
from people.imports import (
    CONTROL_CHARACTERS,
    EMPLOYEE_ID_PATTERN,
    LANGUAGES,
    MAX_LENGTHS,
)

StatusName = Literal[tuple(RecordStatus.values)]
# A person's language, or "" (in a body also null) for none.
LanguageCode = Literal[(*LANGUAGES, "")]
LANGUAGE_HELP = (
    "The person's language (en, ru or lv): the admin, the learner pages, their "
    "e-mails and certificates speak it. Empty or null: none chosen."
)

# The employee ID in a path: exactly as the HR system stores it. Nothing is
# stripped or folded, so "E1 " never quietly means "E1".
EMPLOYEE_ID = {
    "pattern": f"^{EMPLOYEE_ID_PATTERN.pattern}$",
    "max_length": MAX_LENGTHS["employee_id"],
}
# Filter text never holds control characters (PostgreSQL refuses NUL outright).
PLAIN_TEXT = f"^[^{CONTROL_CHARACTERS.pattern[1:-1]}]*$"
# The deepest offset served; past it, the cursor (keyset pagination) pages on.
MAX_OFFSET = 1_000
# A cursor is signed text (URL-safe base64 and separators).
CURSOR_PATTERN = r"^[A-Za-z0-9_\-:.]*$"
# Days a timestamp can be made of in any time zone.
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(9998, 12, 31)
ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
NOT_A_DAY = "Give a date as YYYY-MM-DD."


def iso_day(value):
    """Only YYYY-MM-DD is a date here: a number is not read as Unix time."""
    if isinstance(value, str) and not ISO_DAY.match(value):
        raise ValueError(NOT_A_DAY)
    return value


Day = Annotated[date, BeforeValidator(iso_day)]


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
    language: LanguageCode = Field(description=LANGUAGE_HELP)


class ReadinessPage(Schema):
    items: list[ReadinessItem]
    count: int | None = Field(
        description="Rows matching the filters; null on a page asked for by "
        "`cursor` (the first page has it)."
    )
    next: str | None = Field(
        description="The address of the next page (same filters, `cursor` set), "
        "or null on the last page."
    )
    next_cursor: str | None = Field(
        description="The `cursor` of the next page, or null on the last page."
    )


class ReadinessFilters(Schema):
    course: str = Field("", max_length=255, pattern=PLAIN_TEXT)
    status: StatusName | Literal[""] = ""
    department: str = Field("", max_length=255, pattern=PLAIN_TEXT)
    expires_before: Day | None = Field(None, ge=FIRST_DAY, le=LAST_DAY)
    employment: Literal["current", "left", "all"] = "current"
    limit: int = Field(100, ge=1, le=1000)
    offset: int = Field(
        0,
        ge=0,
        le=10**9,
        # Deeper offsets are refused with a message (use the cursor): the
        # document states the bound the API serves.
        json_schema_extra={"maximum": MAX_OFFSET},
        description=f"Rows to skip, at most {MAX_OFFSET:,}; to go further, "
        "follow `next` (or send `cursor`), which is as quick at any depth.",
    )
    cursor: str = Field(
        "",
        max_length=400,
        pattern=CURSOR_PATTERN,
        description="Where a page starts: the `next_cursor` of the page before. "
        "Not with `offset`.",
    )


class StaffChanges(Schema):
    """Only the fields to change; null empties a field (names cannot be empty)."""

    first_name: str | None = None
    last_name: str | None = None
    email: str | None = None
    department: str | None = None
    location: str | None = None
    job_role: str | None = None
    manager_employee_id: str | None = None
    hire_date: str | None = Field(None, description="YYYY-MM-DD")
    leave_date: str | None = Field(None, description="YYYY-MM-DD")
    language: LanguageCode | None = Field(None, description=LANGUAGE_HELP)
    assign_course: str | None = Field(
        None,
        max_length=1000,
        description="Courses to require of the person: a course's slug, or "
        "several separated by ';'. Sending the same course again moves its "
        "due date.",
    )
    assign_due: str | int | None = Field(
        None,
        description="When the assigned courses are due: YYYY-MM-DD, or a whole "
        "number of days after the hire date. Needed with assign_course.",
    )


class StaffIn(StaffChanges):
    """A whole staff member: a field left out or null is empty, as an empty
    cell in the staff CSV; the names are required."""

    first_name: str
    last_name: str


class StaffOut(Schema):
    employee_id: str
    created: bool
    active: bool


class Message(Schema):
    message: str
    errors: dict[str, list[str]] | None = None


def errors(*codes: int) -> dict[int, type[Message]]:
    """The error answers an operation declares: each is a ``Message``."""
    return dict.fromkeys(codes, Message)
