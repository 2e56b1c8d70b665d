"""The CSV layout of a bank: one question per row (see ``quizzes.transfer``).

A cell whose text begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return is written with an apostrophe in front, so that a spreadsheet shows it
instead of running it as a formula (``quizzes.spreadsheets``). For the import
to give back exactly what was exported, text that itself begins with an
apostrophe gets one more in front as well, and the reader takes one leading
apostrophe off every cell: ``'=1+1`` reads as ``=1+1`` and ``''tis`` as
``'tis``. A leading apostrophe is therefore always the mark, never the text,
as when typing into a spreadsheet: a file written by hand whose cell really
begins with an apostrophe writes two.
"""

import csv
import io
from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from quizzes.admin_forms import ChoiceValues
from quizzes.models import QuestionBank
from quizzes.spreadsheets import TEXT_MARK, spreadsheet_safe
from quizzes.transfer.records import (
    BAD_POINTS,
    CSV,
    EMPTY_FILE,
    FIELDS,
    BankImport,
    QuestionRecord,
    bank_records,
    decode_utf8,
    finish,
)

CSV_HEADER = FIELDS
TRUE_WORDS = {"yes", "y", "true", "1", "correct"}
FALSE_WORDS = {"", "no", "n", "false", "0"}

UNREADABLE_CSV = _("This line is not valid CSV: %(error)s.")
MISSING_COLUMNS = _("The header is missing the columns: %(columns)s.")
UNKNOWN_COLUMNS = _("The header has unknown columns: %(columns)s.")
WRONG_HEADER = _("The header must name these columns: %(header)s.")
WRONG_WIDTH = _("The row has %(found)d values; the header has %(expected)d.")
BAD_FLAG = _("“%(field)s” must be yes or no, not “%(value)s”.")
BAD_TRUTH = _("“answer_is_true” must be true, false or empty, not “%(value)s”.")
BAD_CHOICE = _(
    "Choice %(number)d has %(found)d parts; write text::correct::match::feedback."
)


def _error(message, code: str, **params) -> ValidationError:
    return ValidationError(message, code=code, params=params or None)


# Cells with several values


def split_cell(cell: str, *, parts: bool = False) -> list[list[str]]:
    """A cell's ``|``-separated items, each split into ``::`` parts if asked.

    A backslash makes the next character literal. Items that are blank are
    dropped, and every part is stripped.
    """
    items: list[list[str]] = []
    fields_: list[str] = []
    current: list[str] = []
    position = 0
    while position < len(cell):
        char = cell[position]
        if char == "\\" and position + 1 < len(cell):
            current.append(cell[position + 1])
            position += 2
            continue
        if char == "|":
            items.append([*fields_, "".join(current)])
            fields_, current = [], []
        elif parts and cell.startswith("::", position):
            fields_.append("".join(current))
            current = []
            position += 1
        else:
            current.append(char)
        position += 1
    items.append([*fields_, "".join(current)])
    stripped = [[part.strip() for part in item] for item in items]
    return [item for item in stripped if any(item)]


def escape(value: str, *, parts: bool = False) -> str:
    """``value`` written so that ``split_cell`` reads it back unchanged."""
    out = []
    for index, char in enumerate(value):
        if char in "\\|":
            out.append("\\" + char)
        elif (
            parts
            and char == ":"
            and (index + 1 == len(value) or value[index + 1] == ":")
        ):
            out.append("\\:")
        else:
            out.append(char)
    return "".join(out)


def encode_choices(choices: Iterable[ChoiceValues]) -> str:
    items = []
    for choice in choices:
        values = [
            choice.text,
            "yes" if choice.is_correct else "",
            choice.match,
            choice.feedback,
        ]
        while values and not values[-1]:
            values.pop()
        items.append("::".join(escape(value, parts=True) for value in values))
    return "|".join(items)


def mark_cell(value):
    """``value`` as the export writes it: see the module docstring."""
    if isinstance(value, str) and value.startswith(TEXT_MARK):
        return TEXT_MARK + value
    return spreadsheet_safe(value)


def unmark_cell(cell: str) -> str:
    """A cell as the import reads it: stripped, less one leading apostrophe."""
    return cell.strip().removeprefix(TEXT_MARK)


def export_csv(bank: QuestionBank) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_HEADER)
    for record in bank_records(bank):
        truth = {True: "true", False: "false", None: ""}[record.answer_is_true]
        cells = [
            record.category,
            record.kind,
            record.text,
            record.points,
            "yes" if record.partial_credit else "no",
            truth,
            "|".join(escape(answer) for answer in record.accepted_answers),
            record.explanation,
            "|".join(escape(code) for code in record.clauses),
            encode_choices(record.choices),
        ]
        writer.writerow([mark_cell(cell) for cell in cells])
    return buffer.getvalue()


def _flag(name: str, value: str) -> bool:
    word = value.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise _error(BAD_FLAG, "bad_flag", field=name, value=value)


def _csv_truth(value: str) -> bool | None:
    word = value.strip().lower()
    if not word:
        return None
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise _error(BAD_TRUTH, "bad_truth", value=value)


def _csv_points(value: str) -> int:
    text = value.strip()
    if not text:
        return 1
    if not text.isdigit() or not 1 <= int(text) <= 100:
        raise _error(BAD_POINTS, "bad_points", value=value)
    return int(text)


def _csv_choices(cell: str) -> list[ChoiceValues]:
    choices, errors = [], []
    for number, parts in enumerate(split_cell(cell, parts=True), start=1):
        if len(parts) > 4:
            errors.append(
                _error(BAD_CHOICE, "bad_choice", number=number, found=len(parts))
            )
            continue
        text, correct, match, feedback = [*parts, "", "", ""][:4]
        try:
            is_correct = _flag(_("correct"), correct)
        except ValidationError as error:
            errors.append(error)
            continue
        choices.append(ChoiceValues(text, is_correct, match, feedback))
    if errors:
        raise ValidationError(errors)
    return choices


def _record_from_csv(values: Mapping[str, str]) -> QuestionRecord:
    """A record from a CSV row's cells; ValidationError lists every fault."""
    errors = []
    record = QuestionRecord(
        kind=values["kind"].strip().lower(),
        text=values["text"].strip(),
        category=values["category"].strip(),
        explanation=values["explanation"].strip(),
        accepted_answers=[item[0] for item in split_cell(values["accepted_answers"])],
        clauses=[item[0] for item in split_cell(values["clauses"])],
    )
    converters = {
        "points": _csv_points,
        "partial_credit": lambda value: _flag("partial_credit", value),
        "answer_is_true": _csv_truth,
        "choices": _csv_choices,
    }
    for name, convert in converters.items():
        try:
            setattr(record, name, convert(values[name]))
        except ValidationError as error:
            errors.extend(error.error_list)
    if errors:
        raise ValidationError(errors)
    return record


def _check_header(header: list[str]) -> dict[str, int]:
    names = [name.strip().lower() for name in header]
    missing = [name for name in CSV_HEADER if name not in names]
    unknown = [name for name in names if name not in CSV_HEADER]
    repeated = len(set(names)) != len(names)
    if not missing and not unknown and not repeated:
        return {name: names.index(name) for name in CSV_HEADER}
    errors = []
    if missing:
        errors.append(
            _error(MISSING_COLUMNS, "missing_columns", columns=", ".join(missing))
        )
    if unknown:
        columns = ", ".join(name or '""' for name in unknown)
        errors.append(_error(UNKNOWN_COLUMNS, "unknown_columns", columns=columns))
    errors.append(_error(WRONG_HEADER, "wrong_header", header=",".join(CSV_HEADER)))
    raise ValidationError(errors)


def read_csv(content: bytes) -> BankImport:
    """Read and check a CSV file; the result holds every error found."""
    plan = BankImport(format=CSV)
    try:
        text = decode_utf8(content)
    except ValidationError as error:
        plan.add_error(error.params["line"], error)
        return plan
    if not text.strip():
        plan.add_error(1, _error(EMPTY_FILE, "empty_file"))
        return plan
    reader = csv.reader(io.StringIO(text, newline=""))
    line = 1
    try:
        columns = _check_header(next(reader))
        line = reader.line_num + 1
        for cells in reader:
            if any(cell.strip() for cell in cells):
                _read_csv_row(plan, line, cells, columns)
            line = reader.line_num + 1
    except csv.Error as error:
        plan.add_error(line, _error(UNREADABLE_CSV, "bad_csv", error=error))
        return plan
    except ValidationError as error:
        plan.add_error(line, error)
        return plan
    return finish(plan)


def _read_csv_row(plan: BankImport, line: int, cells: list[str], columns) -> None:
    if len(cells) != len(CSV_HEADER):
        plan.add_error(
            line,
            _error(
                WRONG_WIDTH, "wrong_width", found=len(cells), expected=len(CSV_HEADER)
            ),
        )
        return
    values = {name: unmark_cell(cells[index]) for name, index in columns.items()}
    try:
        plan.records.append((line, _record_from_csv(values)))
    except ValidationError as error:
        plan.add_error(line, error)
