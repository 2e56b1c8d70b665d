"""The JSON layout of a bank: the same data, nested (see ``quizzes.transfer``)."""

import json
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from quizzes.admin_forms import ChoiceValues
from quizzes.models import QuestionBank
from quizzes.transfer.records import (
    BAD_POINTS,
    EMPTY_FILE,
    FIELDS,
    JSON,
    MAX_CATEGORY_LENGTH,
    REQUIRED,
    TOO_LONG,
    BankImport,
    QuestionRecord,
    bank_records,
    decode_utf8,
    finish,
)

JSON_FORMAT = "quiz-bank"
JSON_VERSION = 1
QUESTION_KEYS = set(FIELDS)
CHOICE_KEYS = {"text", "is_correct", "match", "feedback"}

BAD_JSON = _("The file is not valid JSON: %(error)s (line %(line)d, column %(col)d).")
NOT_A_BANK = _(
    "The JSON file must be an object with a list of “questions”, as exported here."
)
WRONG_FORMAT = _("The file is not a question bank export (format “%(format)s”).")
WRONG_VERSION = _(
    "The file's version %(version)s is not supported (expected %(expected)d)."
)
BAD_CATEGORIES = _("“categories” must be a list of names.")
BAD_BANK = _("“bank” must be an object with a “name” and a “description”.")
NOT_AN_OBJECT = _("The question must be an object with keys such as “kind” and “text”.")
UNKNOWN_KEYS = _("Unknown keys: %(keys)s.")
WRONG_TYPE = _("“%(field)s” must be %(expected)s.")

# What a field must be, for WRONG_TYPE.
EXPECTED = {
    "text": _("text"),
    "boolean": _("true or false"),
    "nullable boolean": _("true, false or null"),
    "list of text": _("a list of text"),
    "list of choices": _("a list of choices"),
}


def _error(message, code: str, **params) -> ValidationError:
    return ValidationError(message, code=code, params=params or None)


def record_as_dict(record: QuestionRecord) -> dict[str, Any]:
    return {
        "category": record.category,
        "kind": record.kind,
        "text": record.text,
        "points": record.points,
        "partial_credit": record.partial_credit,
        "answer_is_true": record.answer_is_true,
        "accepted_answers": record.accepted_answers,
        "explanation": record.explanation,
        "clauses": record.clauses,
        "choices": [
            {
                "text": choice.text,
                "is_correct": choice.is_correct,
                "match": choice.match,
                "feedback": choice.feedback,
            }
            for choice in record.choices
        ],
    }


def export_json(bank: QuestionBank) -> str:
    data = {
        "format": JSON_FORMAT,
        "version": JSON_VERSION,
        "bank": {"name": bank.name, "description": bank.description},
        "categories": list(
            bank.categories.order_by("name").values_list("name", flat=True)
        ),
        "questions": [record_as_dict(record) for record in bank_records(bank)],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _json_text(data: Mapping, name: str, errors: list, *, required=False) -> str:
    value = data.get(name, "")
    if value is None:
        value = ""
    if not isinstance(value, str):
        errors.append(
            _error(WRONG_TYPE, "wrong_type", field=name, expected=EXPECTED["text"])
        )
        return ""
    if required and not value.strip():
        errors.append(_error(REQUIRED, "required", field=name))
    return value.strip()


def _json_texts(data: Mapping, name: str, errors: list) -> list[str]:
    value = data.get(name) or []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        errors.append(
            _error(
                WRONG_TYPE, "wrong_type", field=name, expected=EXPECTED["list of text"]
            )
        )
        return []
    return [item.strip() for item in value if item.strip()]


def _json_flag(data: Mapping, name: str, errors: list, *, nullable=False):
    value = data.get(name, None if nullable else False)
    if value is None and nullable:
        return None
    if isinstance(value, bool):
        return value
    expected = EXPECTED["nullable boolean" if nullable else "boolean"]
    errors.append(_error(WRONG_TYPE, "wrong_type", field=name, expected=expected))
    return None if nullable else False


def _json_choices(data: Mapping, errors: list) -> list[ChoiceValues]:
    value = data.get("choices") or []
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        errors.append(
            _error(
                WRONG_TYPE,
                "wrong_type",
                field="choices",
                expected=EXPECTED["list of choices"],
            )
        )
        return []
    choices = []
    for item in value:
        unknown = sorted(set(item) - CHOICE_KEYS)
        if unknown:
            errors.append(_error(UNKNOWN_KEYS, "unknown_keys", keys=", ".join(unknown)))
        choices.append(
            ChoiceValues(
                text=_json_text(item, "text", errors),
                is_correct=_json_flag(item, "is_correct", errors),
                match=_json_text(item, "match", errors),
                feedback=_json_text(item, "feedback", errors),
            )
        )
    return choices


def _record_from_json(data: Any) -> QuestionRecord:
    if not isinstance(data, dict):
        raise _error(NOT_AN_OBJECT, "not_an_object")
    errors: list[ValidationError] = []
    unknown = sorted(set(data) - QUESTION_KEYS)
    if unknown:
        errors.append(_error(UNKNOWN_KEYS, "unknown_keys", keys=", ".join(unknown)))
    points = data.get("points", 1)
    if isinstance(points, bool) or not isinstance(points, int):
        errors.append(_error(BAD_POINTS, "bad_points", value=points))
        points = 1
    elif not 1 <= points <= 100:
        errors.append(_error(BAD_POINTS, "bad_points", value=points))
    record = QuestionRecord(
        kind=_json_text(data, "kind", errors, required=True),
        text=_json_text(data, "text", errors),
        category=_json_text(data, "category", errors),
        points=points,
        partial_credit=_json_flag(data, "partial_credit", errors),
        answer_is_true=_json_flag(data, "answer_is_true", errors, nullable=True),
        accepted_answers=_json_texts(data, "accepted_answers", errors),
        explanation=_json_text(data, "explanation", errors),
        clauses=_json_texts(data, "clauses", errors),
        choices=_json_choices(data, errors),
    )
    if errors:
        raise ValidationError(errors)
    return record


def _read_bank(data: dict, plan: BankImport) -> None:
    """The name and description of the bank the file was exported from."""
    bank = data.get("bank") or {}
    if not isinstance(bank, dict):
        plan.add_error(0, _error(BAD_BANK, "bad_bank"))
        return
    name, description = bank.get("name") or "", bank.get("description") or ""
    if not isinstance(name, str) or not isinstance(description, str):
        plan.add_error(0, _error(BAD_BANK, "bad_bank"))
        return
    plan.bank_name, plan.bank_description = name.strip(), description.strip()


def read_json(content: bytes) -> BankImport:
    """Read and check a JSON file; the result holds every error found."""
    plan = BankImport(format=JSON)
    try:
        text = decode_utf8(content)
    except ValidationError as error:
        plan.add_error(0, error)
        return plan
    if not text.strip():
        plan.add_error(0, _error(EMPTY_FILE, "empty_file"))
        return plan
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        plan.add_error(
            0,
            _error(
                BAD_JSON,
                "bad_json",
                error=error.msg,
                line=error.lineno,
                col=error.colno,
            ),
        )
        return plan
    if not isinstance(data, dict) or not isinstance(data.get("questions"), list):
        plan.add_error(0, _error(NOT_A_BANK, "not_a_bank"))
        return plan
    if data.get("format", JSON_FORMAT) != JSON_FORMAT:
        plan.add_error(0, _error(WRONG_FORMAT, "wrong_format", format=data["format"]))
        return plan
    if data.get("version", JSON_VERSION) != JSON_VERSION:
        plan.add_error(
            0,
            _error(
                WRONG_VERSION,
                "wrong_version",
                version=data["version"],
                expected=JSON_VERSION,
            ),
        )
        return plan
    _read_bank(data, plan)
    categories = data.get("categories") or []
    if not isinstance(categories, list) or not all(
        isinstance(name, str) for name in categories
    ):
        plan.add_error(0, _error(BAD_CATEGORIES, "bad_categories"))
    else:
        plan.categories = [name.strip() for name in categories if name.strip()]
        for name in plan.categories:
            if len(name) > MAX_CATEGORY_LENGTH:
                plan.add_error(
                    0,
                    _error(
                        TOO_LONG, "too_long", field="category", max=MAX_CATEGORY_LENGTH
                    ),
                )
    for number, item in enumerate(data["questions"], start=1):
        try:
            plan.records.append((number, _record_from_json(item)))
        except ValidationError as error:
            plan.add_error(number, error)
    return finish(plan)
