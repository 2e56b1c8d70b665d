"""Reading and checking staff data from the HR system, before anything is written.

The CSV import (``manage.py import_staff``, the admin import view) and the API's
``PUT /api/v1/people/{employee_id}`` share these rules: parse each row with
``parse_staff_row``, then ``plan_staff_import`` checks the rows against each other
and the database and says what applying them would change.

Two optional columns after ``language`` assign courses: ``assign_course`` (a
course's slug, or several separated by ";") and ``assign_due`` (a date, or a
whole number of days after the hire date). ``people`` knows nothing of
courses: the app that does checks the slugs on ``staff_import_checked`` and
makes the assignments on ``people.services.staff_import_applied``.
"""

import csv
import io
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import BinaryIO

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models.functions import Lower
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from people.languages import PROFILE, preferred_language
from people.models import StaffProfile
from people.services import (
    UNKNOWN_MANAGER,
    CourseAssignment,
    StaffData,
    StaffImportCounts,
)

HEADER = (
    "employee_id",
    "first_name",
    "last_name",
    "email",
    "department",
    "location",
    "job_role",
    "manager_employee_id",
    "hire_date",
    "leave_date",
)
# An optional last column: the person's language (an empty cell keeps theirs).
LANGUAGE = "language"
COLUMNS = (*HEADER, LANGUAGE)
# Optional last columns: courses to assign (slugs separated by ";") and when
# they are due (a date, or days after the hire date).
ASSIGN_COURSE = "assign_course"
ASSIGN_DUE = "assign_due"
ASSIGN_COLUMNS = (ASSIGN_COURSE, ASSIGN_DUE)
OPTIONAL_COLUMNS = (LANGUAGE, *ASSIGN_COLUMNS)
COURSE_SEPARATOR = ";"
MAX_DUE_DAYS = 3650
DAYS_PATTERN = re.compile(r"\d+")
LANGUAGES = ("en", "ru", "lv")
REQUIRED_FIELDS = ("employee_id", "first_name", "last_name")
MAX_LENGTHS = {
    "employee_id": 32,
    "first_name": 150,
    "last_name": 150,
    "email": 254,
    "department": 120,
    "location": 120,
    "job_role": 120,
    "manager_employee_id": 32,
}
EMPLOYEE_ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
DATE_PATTERN = re.compile(r"\d{4}-\d{2}-\d{2}")
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")
# Ask the database about this many values at a time (SQLite limits parameters).
BATCH_SIZE = 500

# Sent with ``plan`` once every row is read: receivers add errors for values
# only they can check (``plan.add_error``), such as unknown course slugs.
staff_import_checked = Signal()

NOT_UTF8 = _(
    "The file is not UTF-8 text (the first bad byte is on this line). "
    "Save it as “CSV UTF-8” and try again."
)
EMPTY_FILE = _("The file is empty.")
NO_ROWS = _("The file has a header but no staff rows.")
UNREADABLE_CSV = _("This line is not valid CSV: %(error)s.")
MISSING_COLUMNS = _("The header is missing the columns: %(columns)s.")
UNKNOWN_COLUMNS = _("The header has unknown columns: %(columns)s.")
WRONG_HEADER = _(
    "The header must be exactly: %(header)s (optionally followed by ,%(optional)s)."
)
WRONG_WIDTH = _("The row has %(found)d values; the header has %(expected)d.")
REQUIRED = _("%(field)s is required.")
NOT_TEXT = _("%(field)s must be text.")
CONTROL_CHARACTER = _("%(field)s contains a control character (e.g. a line break).")
TOO_LONG = _("%(field)s is longer than %(max)d characters.")
BAD_EMPLOYEE_ID = _(
    "%(field)s “%(value)s” may only contain letters, digits, “.”, “_” and “-”."
)
BAD_EMAIL = _("“%(value)s” is not a valid e-mail address.")
BAD_DATE = _("%(field)s “%(value)s” is not a date like 2024-01-31.")
LEAVE_BEFORE_HIRE = _("The leaving date %(leave)s is before the hire date %(hire)s.")
DUPLICATE_ID = _(
    "Employee ID %(employee_id)s appears more than once (lines %(lines)s)."
)
DUPLICATE_EMAIL = _("E-mail %(email)s is used more than once (lines %(lines)s).")
EMAIL_TAKEN = _("E-mail %(email)s already belongs to another user (%(owner)s).")
USERNAME_TAKEN = _(
    "Employee ID %(employee_id)s is already the login of another staff member."
)
BAD_LANGUAGE = _("Language “%(value)s” is not one of: %(languages)s.")
OWN_MANAGER = _("%(employee_id)s cannot be their own manager.")
MANAGER_CYCLE = _("The managers form a cycle: %(cycle)s.")
ASSIGN_COLUMNS_ORDER = _(
    "The columns assign_course and assign_due come last, in that order, after "
    "the language column if there is one; assign_due needs assign_course."
)
ASSIGN_DUE_NEEDED = _(
    "assign_due is needed with assign_course: a date like 2024-01-31 or a "
    "number of days after the hire date."
)
ASSIGN_DUE_ALONE = _("assign_due is given but assign_course is empty.")
BAD_ASSIGN_DUE = _(
    "assign_due “%(value)s” is neither a date like 2024-01-31 nor a whole "
    "number of days from 0 to %(max)d."
)
ASSIGN_DUE_NO_HIRE = _(
    "assign_due counts days from the hire date, and this row has no hire date."
)

FIELD_LABELS = {
    "employee_id": _("Employee ID"),
    "first_name": _("First name"),
    "last_name": _("Last name"),
    "email": _("E-mail"),
    "department": _("Department"),
    "location": _("Location"),
    "job_role": _("Job role"),
    "manager_employee_id": _("Manager's employee ID"),
    "hire_date": _("Hire date"),
    "leave_date": _("Leaving date"),
    "language": _("Language"),
    "assign_course": _("Courses to assign"),
    "assign_due": _("Due"),
    "is_active": _("Employed"),
}

CREATE = "create"
UPDATE = "update"
UNCHANGED = "unchanged"


@dataclass(frozen=True)
class LineError:
    line: int
    message: str
    code: str


@dataclass
class StaffRow:
    """One row of an import: its values, what it parsed to and what it would do."""

    line: int
    values: dict[str, str]
    data: StaffData | None = None
    action: str = ""
    changes: list[str] = field(default_factory=list)
    deactivates: bool = False
    read_error: ValidationError | None = None
    assignment: CourseAssignment | None = None

    @property
    def employee_id(self) -> str:
        return self.values.get("employee_id", "")

    @property
    def manager_employee_id(self) -> str:
        return self.values.get("manager_employee_id", "")

    @property
    def email_key(self) -> str:
        return self.values.get("email", "").lower()

    @property
    def change_labels(self) -> list[str]:
        return [FIELD_LABELS.get(name, name) for name in self.changes]


@dataclass
class ImportPlan:
    """The checked rows of an import, its errors, and what applying it would do."""

    rows: list[StaffRow] = field(default_factory=list)
    errors: list[LineError] = field(default_factory=list)
    today: date | None = None

    @property
    def is_valid(self) -> bool:
        return not self.errors and bool(self.rows)

    @property
    def bad_lines(self) -> list[int]:
        return sorted({error.line for error in self.errors})

    @property
    def changed_rows(self) -> list[StaffRow]:
        return [row for row in self.rows if row.action != UNCHANGED]

    @property
    def counts(self) -> StaffImportCounts:
        actions = [row.action for row in self.rows]
        return StaffImportCounts(
            created=actions.count(CREATE),
            updated=actions.count(UPDATE),
            unchanged=actions.count(UNCHANGED),
            deactivated=sum(row.deactivates for row in self.rows),
        )

    def rows_to_apply(self) -> list[StaffRow]:
        """The changed rows, each manager before the people who report to them."""
        by_id = {row.employee_id: row for row in self.changed_rows}
        ordered, placed = [], set()
        for row in self.changed_rows:
            chain = []
            while row is not None and row.employee_id not in placed:
                chain.append(row)
                placed.add(row.employee_id)
                row = by_id.get(row.manager_employee_id)
            ordered.extend(reversed(chain))
        return ordered

    def add_error(self, line: int, error: ValidationError) -> None:
        for item in error.error_list:
            message = item.message % item.params if item.params else item.message
            self.errors.append(LineError(line, str(message), item.code or "invalid"))


def clean_values(mapping: Mapping) -> tuple[dict[str, str], list[ValidationError]]:
    """The known fields of ``mapping`` as stripped strings (missing or not text: "")."""
    values, errors = {}, []
    for name in COLUMNS:
        value = mapping.get(name)
        if value is None:
            value = ""
        if not isinstance(value, str):
            value = ""
            errors.append(_error(NOT_TEXT, "not_text", field=FIELD_LABELS[name]))
        values[name] = value.strip()
    return values, errors


def _error(message, code: str, **params) -> ValidationError:
    return ValidationError(message, code=code, params=params)


def _check_text(values: dict[str, str]) -> list[ValidationError]:
    errors = []
    for name in REQUIRED_FIELDS:
        if not values[name]:
            errors.append(_error(REQUIRED, "required", field=FIELD_LABELS[name]))
    for name, value in values.items():
        if CONTROL_CHARACTERS.search(value):
            label = FIELD_LABELS[name]
            errors.append(_error(CONTROL_CHARACTER, "control_character", field=label))
    for name, limit in MAX_LENGTHS.items():
        if len(values[name]) > limit:
            errors.append(
                _error(TOO_LONG, "too_long", field=FIELD_LABELS[name], max=limit)
            )
    for name in ("employee_id", "manager_employee_id"):
        value = values[name]
        if value and not EMPLOYEE_ID_PATTERN.fullmatch(value):
            errors.append(
                _error(
                    BAD_EMPLOYEE_ID,
                    "bad_employee_id",
                    field=FIELD_LABELS[name],
                    value=value,
                )
            )
    if values["email"]:
        try:
            validate_email(values["email"])
        except ValidationError:
            errors.append(_error(BAD_EMAIL, "bad_email", value=values["email"]))
    return errors


def _parse_date(values: dict[str, str], name: str) -> date | None:
    value = values[name]
    if not value:
        return None
    try:
        if DATE_PATTERN.fullmatch(value):
            return date.fromisoformat(value)
    except ValueError:
        pass
    raise _error(BAD_DATE, "bad_date", field=FIELD_LABELS[name], value=value)


def _parse_dates(values: dict[str, str]) -> tuple[dict, list[ValidationError]]:
    dates, errors = {}, []
    for name in ("hire_date", "leave_date"):
        try:
            dates[name] = _parse_date(values, name)
        except ValidationError as error:
            errors.append(error)
    hire, leave = dates.get("hire_date"), dates.get("leave_date")
    if hire and leave and leave < hire:
        errors.append(
            _error(
                LEAVE_BEFORE_HIRE,
                "leave_before_hire",
                leave=leave.isoformat(),
                hire=hire.isoformat(),
            )
        )
    return dates, errors


def _parse_language(value: str, blank: str | None) -> str | None:
    if not value:
        return blank
    code = value.lower()
    if code not in LANGUAGES:
        raise _error(
            BAD_LANGUAGE, "bad_language", value=value, languages=", ".join(LANGUAGES)
        )
    return code


def parse_staff_row(
    mapping: Mapping, *, blank_language: str | None = None
) -> StaffData:
    """One staff member from a CSV row or API body; ValidationError lists every fault.

    An empty or missing language gives ``blank_language``: None (the CSV's empty
    cell: keep the person's) or "" (the API's PUT: none).

    Only the row itself is checked here; ``plan_staff_import`` checks the rest
    (duplicates, e-mail owners, managers).
    """
    values, errors = clean_values(mapping)
    errors += _check_text(values)
    dates, date_errors = _parse_dates(values)
    errors += date_errors
    language = blank_language
    try:
        language = _parse_language(values[LANGUAGE], blank_language)
    except ValidationError as error:
        errors.append(error)
    if values["employee_id"] and values["employee_id"] == values["manager_employee_id"]:
        errors.append(
            _error(OWN_MANAGER, "own_manager", employee_id=values["employee_id"])
        )
    if errors:
        raise ValidationError(errors)
    return StaffData(
        employee_id=values["employee_id"],
        first_name=values["first_name"],
        last_name=values["last_name"],
        email=values["email"],
        department=values["department"],
        location=values["location"],
        job_role=values["job_role"],
        manager_employee_id=values["manager_employee_id"],
        hire_date=dates["hire_date"],
        leave_date=dates["leave_date"],
        language=language,
    )


# Reading a CSV file


def _decode(content: bytes) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = content.count(b"\n", 0, error.start) + 1
        raise _error(NOT_UTF8, "not_utf8", line=line) from None


def _is_known_header(names: tuple[str, ...]) -> bool:
    """``HEADER``, then any of the optional columns in their order."""
    extra = names[len(HEADER) :]
    in_order = [name for name in OPTIONAL_COLUMNS if name in extra]
    due_alone = ASSIGN_DUE in extra and ASSIGN_COURSE not in extra
    return names[: len(HEADER)] == HEADER and list(extra) == in_order and not due_alone


def _check_header(header: list[str]) -> tuple[str, ...]:
    """The file's columns: ``HEADER``, then optionally the language column and
    the two columns that assign courses."""
    names = tuple(name.strip() for name in header)
    if _is_known_header(names):
        return names
    missing = [name for name in HEADER if name not in names]
    unknown = [name for name in names if name not in (*HEADER, *OPTIONAL_COLUMNS)]
    errors = []
    if missing:
        columns = ", ".join(missing)
        errors.append(_error(MISSING_COLUMNS, "missing_columns", columns=columns))
    if unknown:
        columns = ", ".join(name or '""' for name in unknown)
        errors.append(_error(UNKNOWN_COLUMNS, "unknown_columns", columns=columns))
    errors.append(
        _error(WRONG_HEADER, "wrong_header", header=",".join(HEADER), optional=LANGUAGE)
    )
    if set(ASSIGN_COLUMNS) & set(names):
        errors.append(_error(ASSIGN_COLUMNS_ORDER, "assign_columns_order"))
    raise ValidationError(errors)


def read_staff_csv(file: BinaryIO) -> list[StaffRow]:
    """The data rows of a staff CSV, numbered by the line they start on.

    Raises ValidationError (with a ``line`` param) when the file as a whole cannot
    be used: not UTF-8, empty, a wrong header, broken CSV quoting.
    """
    text = _decode(file.read())
    if not text.strip():
        raise _error(EMPTY_FILE, "empty_file", line=1)
    reader = csv.reader(io.StringIO(text, newline=""))
    rows, line = [], 1
    try:
        columns = _check_header(next(reader))
        line = reader.line_num + 1
        for cells in reader:
            if any(cell.strip() for cell in cells):
                rows.append(_csv_row(line, cells, columns))
            line = reader.line_num + 1
    except csv.Error as error:
        raise _error(UNREADABLE_CSV, "bad_csv", line=line, error=error) from None
    except ValidationError as error:
        for item in error.error_list:
            item.params = {**(item.params or {}), "line": line}
        raise
    if not rows:
        raise _error(NO_ROWS, "no_rows", line=2)
    return rows


def _csv_row(line: int, cells: list[str], columns: tuple[str, ...]) -> StaffRow:
    values = dict(zip(columns, cells, strict=False))
    row = StaffRow(line=line, values=values)
    if len(cells) != len(columns):
        # Values in the wrong columns would give misleading errors; stop here.
        row.values = {}
        row.read_error = _error(
            WRONG_WIDTH, "wrong_width", found=len(cells), expected=len(columns)
        )
    return row


# Planning an import


def plan_staff_csv(file: BinaryIO, *, today: date | None = None) -> ImportPlan:
    """Read and check a staff CSV file; the plan holds every error found."""
    try:
        rows = read_staff_csv(file)
    except ValidationError as error:
        plan = ImportPlan(today=today)
        for item in error.error_list:
            plan.add_error(item.params["line"], item)
        return plan
    return _plan_rows(rows, today=today)


def plan_staff_import(
    rows: Iterable[Mapping],
    *,
    today: date | None = None,
    first_line: int = 2,
    blank_language: str | None = None,
) -> ImportPlan:
    """Check staff rows (e.g. API bodies) against each other and the database.

    A row without a language keeps the person's, unless ``blank_language`` is ""
    (the API's PUT, which replaces the whole record: no language).
    """
    staff_rows = [
        StaffRow(line=line, values=dict(mapping))
        for line, mapping in enumerate(rows, start=first_line)
    ]
    return _plan_rows(staff_rows, today=today, blank_language=blank_language)


def _plan_rows(
    rows: list[StaffRow], *, today: date | None, blank_language: str | None = None
) -> ImportPlan:
    plan = ImportPlan(rows=rows, today=today or timezone.localdate())
    for row in rows:
        _parse_row(plan, row, blank_language)
    _check_duplicate_ids(plan)
    _check_emails(plan)
    _check_usernames(plan)
    _check_managers(plan)
    staff_import_checked.send(sender=ImportPlan, plan=plan)
    plan.errors.sort(key=lambda error: error.line)
    if plan.errors:
        return plan
    _compare_with_database(plan)
    return plan


def _parse_row(plan: ImportPlan, row: StaffRow, blank_language: str | None) -> None:
    if row.read_error is not None:
        plan.add_error(row.line, row.read_error)
        return
    raw = row.values
    row.values, _reported_below = clean_values(raw)
    try:
        row.data = parse_staff_row(raw, blank_language=blank_language)
    except ValidationError as error:
        plan.add_error(row.line, error)
    try:
        row.assignment = parse_assignment(raw, hire_date=_hire_date(row))
    except ValidationError as error:
        plan.add_error(row.line, error)


def _hire_date(row: StaffRow) -> date | None:
    if row.data is not None:
        return row.data.hire_date
    try:
        return _parse_date(row.values, "hire_date")
    except ValidationError:
        return None  # reported with the row's other values


# The optional columns that assign courses


def _cell(mapping: Mapping, name: str) -> str:
    """An assignment cell as stripped text; a number of days may come as one."""
    value = mapping.get(name)
    if value is None:
        return ""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        raise _error(NOT_TEXT, "not_text", field=FIELD_LABELS[name])
    if CONTROL_CHARACTERS.search(value):
        raise _error(CONTROL_CHARACTER, "control_character", field=FIELD_LABELS[name])
    return value.strip()


def _course_slugs(text: str) -> tuple[str, ...]:
    """The slugs of a cell, in order, each once."""
    slugs = (part.strip() for part in text.split(COURSE_SEPARATOR))
    return tuple(dict.fromkeys(slug for slug in slugs if slug))


def _parse_due(text: str, hire_date: date | None) -> tuple[date | None, int | None]:
    if DAYS_PATTERN.fullmatch(text) and int(text) <= MAX_DUE_DAYS:
        if hire_date is None:
            raise _error(ASSIGN_DUE_NO_HIRE, "assign_due_no_hire")
        return None, int(text)
    try:
        if DATE_PATTERN.fullmatch(text):
            return date.fromisoformat(text), None
    except ValueError:
        pass
    raise _error(BAD_ASSIGN_DUE, "bad_assign_due", value=text, max=MAX_DUE_DAYS)


def parse_assignment(
    mapping: Mapping, *, hire_date: date | None
) -> CourseAssignment | None:
    """The courses a row assigns and when they are due, or None if it assigns
    none. Whether the slugs name courses is checked on ``staff_import_checked``."""
    courses = _course_slugs(_cell(mapping, ASSIGN_COURSE))
    due = _cell(mapping, ASSIGN_DUE)
    if not courses:
        if due:
            raise _error(ASSIGN_DUE_ALONE, "assign_due_alone")
        return None
    if not due:
        raise _error(ASSIGN_DUE_NEEDED, "assign_due_needed")
    due_on, due_days = _parse_due(due, hire_date)
    return CourseAssignment(courses=courses, due_on=due_on, due_days=due_days)


def _is_employee_id(value: str) -> bool:
    limit = MAX_LENGTHS["employee_id"]
    return bool(EMPLOYEE_ID_PATTERN.fullmatch(value)) and len(value) <= limit


def _is_email(value: str) -> bool:
    try:
        validate_email(value)
    except ValidationError:
        return False
    return len(value) <= MAX_LENGTHS["email"]


def _first_lines(plan: ImportPlan, employee_ids: list[str]) -> list[int]:
    """The line of each employee ID's first row (the one the checks use)."""
    lines = {}
    for row in plan.rows:
        lines.setdefault(row.employee_id, row.line)
    return sorted(lines[each] for each in employee_ids if each in lines)


def _lines_by(rows: list[StaffRow], key) -> dict[str, list[int]]:
    lines = defaultdict(list)
    for row in rows:
        if value := key(row):
            lines[value].append(row.line)
    return lines


def _join_lines(lines: list[int]) -> str:
    return ", ".join(str(line) for line in lines)


def _check_duplicate_ids(plan: ImportPlan) -> None:
    for employee_id, lines in _lines_by(plan.rows, lambda r: r.employee_id).items():
        if len(lines) > 1:
            error = _error(
                DUPLICATE_ID,
                "duplicate_employee_id",
                employee_id=employee_id,
                lines=_join_lines(lines),
            )
            for line in lines:
                plan.add_error(line, error)


def _in_batches(values: Iterable[str]) -> Iterable[list[str]]:
    values = sorted(set(values))
    for start in range(0, len(values), BATCH_SIZE):
        yield values[start : start + BATCH_SIZE]


def _check_emails(plan: ImportPlan) -> None:
    rows = [row for row in plan.rows if _is_email(row.email_key)]
    lines = _lines_by(rows, lambda r: r.email_key)
    for email, email_lines in lines.items():
        if len(email_lines) > 1:
            error = _error(
                DUPLICATE_EMAIL,
                "duplicate_email",
                email=email,
                lines=_join_lines(email_lines),
            )
            for line in email_lines:
                plan.add_error(line, error)
    owners = _email_owners(lines)
    in_file = {row.employee_id for row in plan.rows}
    for row in rows:
        for username, employee_id in owners.get(row.email_key, []):
            # Someone else in the file gets a new e-mail; the file wins.
            if employee_id in in_file and employee_id != row.employee_id:
                continue
            if employee_id == row.employee_id:
                continue
            if employee_id is None and username == row.employee_id:
                continue  # the login upsert_staff will take over
            owner = employee_id or username
            error = _error(EMAIL_TAKEN, "email_taken", email=row.email_key, owner=owner)
            plan.add_error(row.line, error)


def _email_owners(emails: Iterable[str]) -> dict[str, list[tuple[str, str | None]]]:
    owners = defaultdict(list)
    users = get_user_model().objects.annotate(email_key=Lower("email"))
    for batch in _in_batches(emails):
        found = users.filter(email_key__in=batch).values_list(
            "email_key", "username", "staff_profile__employee_id"
        )
        for email, username, employee_id in found:
            owners[email].append((username, employee_id))
    return owners


def _check_usernames(plan: ImportPlan) -> None:
    """A new person logs in with their employee ID; it must not be taken."""
    ids = {row.employee_id for row in plan.rows if _is_employee_id(row.employee_id)}
    existing = set()
    taken = set()
    users = get_user_model().objects.filter(staff_profile__isnull=False)
    for batch in _in_batches(ids):
        existing.update(
            StaffProfile.objects.filter(employee_id__in=batch).values_list(
                "employee_id", flat=True
            )
        )
        taken.update(
            users.filter(username__in=batch).values_list("username", flat=True)
        )
    for row in plan.rows:
        if row.employee_id in taken - existing:
            error = _error(
                USERNAME_TAKEN, "username_taken", employee_id=row.employee_id
            )
            plan.add_error(row.line, error)


def _manager_links(plan: ImportPlan) -> dict[str, str]:
    """Employee ID → manager's employee ID: the database's, overridden by the file."""
    links = dict(
        StaffProfile.objects.values_list("employee_id", "manager__employee_id")
    )
    for row in plan.rows:
        if row.employee_id:
            links.setdefault(row.employee_id, None)
    for row in reversed(plan.rows):  # the first of duplicate rows wins
        if row.employee_id and row.values:
            links[row.employee_id] = row.manager_employee_id or None
    return links


def _check_managers(plan: ImportPlan) -> None:
    links = _manager_links(plan)
    for row in plan.rows:
        manager = row.manager_employee_id
        if _is_employee_id(manager) and manager not in links:
            error = _error(UNKNOWN_MANAGER, "unknown_manager", manager=manager)
            plan.add_error(row.line, error)
    for cycle in _find_cycles(links, [row.employee_id for row in plan.rows]):
        text = " → ".join([*cycle, cycle[0]])
        error = _error(MANAGER_CYCLE, "manager_cycle", cycle=text)
        for line in _first_lines(plan, cycle):
            plan.add_error(line, error)


def _find_cycles(links: dict[str, str], starts: list[str]) -> list[list[str]]:
    """Cycles (longer than one person) reached by walking up from ``starts``."""
    done, cycles = set(), []
    for start in starts:
        path, position = [], {}
        node = start
        while node and node not in done and node not in position:
            position[node] = len(path)
            path.append(node)
            node = links.get(node)
        if node in position:
            cycle = path[position[node] :]
            if len(cycle) > 1:
                cycles.append(cycle)
        done.update(path)
    return cycles


def _compare_with_database(plan: ImportPlan) -> None:
    existing = {}
    for batch in _in_batches(row.employee_id for row in plan.rows):
        profiles = with_language(StaffProfile.objects.filter(employee_id__in=batch))
        existing.update((profile.employee_id, profile) for profile in profiles)
    for row in plan.rows:
        profile = existing.get(row.employee_id)
        employed = row.data.is_employed_on(plan.today)
        if profile is None:
            row.action = CREATE
            continue
        row.changes = changed_fields(profile, row.data, employed=employed)
        row.action = UPDATE if row.changes else UNCHANGED
        row.deactivates = profile.is_active and not employed


def with_language(profiles):
    """``profiles`` with their users, names and languages, in one query."""
    return profiles.with_related().select_related(f"user__{PROFILE}")


def current_staff_data(profile: StaffProfile) -> StaffData:
    """A saved profile in the shape the HR system sends.

    Its language is read from the user's profile: load ``profile`` with
    ``with_language()`` to read it in the same query.
    """

    def name(obj):
        return obj.name if obj else ""

    return StaffData(
        employee_id=profile.employee_id,
        first_name=profile.user.first_name,
        last_name=profile.user.last_name,
        email=profile.user.email,
        department=name(profile.department),
        location=name(profile.location),
        job_role=name(profile.job_role),
        manager_employee_id=profile.manager.employee_id if profile.manager else "",
        hire_date=profile.hire_date,
        leave_date=profile.leave_date,
        language=preferred_language(profile.user),
    )


def staff_row_values(profile: StaffProfile) -> dict[str, str]:
    """A saved profile as the row the HR system would send for it."""
    data = current_staff_data(profile)
    values = {name: getattr(data, name) for name in COLUMNS}
    for name in ("hire_date", "leave_date"):
        values[name] = values[name].isoformat() if values[name] else ""
    return values


def changed_fields(
    profile: StaffProfile, data: StaffData, *, employed: bool
) -> list[str]:
    """The fields an upsert of ``data`` would change on ``profile``."""
    current = current_staff_data(profile)
    changes = [name for name in HEADER if getattr(current, name) != getattr(data, name)]
    if data.language is not None and data.language != current.language:
        changes.append(LANGUAGE)
    if profile.is_active != employed or profile.user.is_active != employed:
        changes.append("is_active")
    return changes
