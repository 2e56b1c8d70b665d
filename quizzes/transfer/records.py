"""What a bank file holds, the checks both formats share, and the import itself."""

from dataclasses import dataclass, field, replace

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from quizzes.admin_forms import ChoiceValues, question_errors
from quizzes.models import Category, Choice, Question, QuestionBank, QuestionKind

# The fields of a question, in the order of the CSV columns.
FIELDS = (
    "category",
    "kind",
    "text",
    "points",
    "partial_credit",
    "answer_is_true",
    "accepted_answers",
    "explanation",
    "clauses",
    "choices",
)
MAX_QUESTIONS = 2000
MAX_CATEGORY_LENGTH = Category._meta.get_field("name").max_length
MAX_CHOICE_LENGTH = Choice._meta.get_field("text").max_length

CSV = "csv"
JSON = "json"

NOT_UTF8 = _(
    "The file is not UTF-8 text (the first bad byte is on line %(line)d). "
    "Save it as UTF-8 and try again."
)
EMPTY_FILE = _("The file is empty.")
NO_QUESTIONS = _("The file holds no questions.")
TOO_MANY_QUESTIONS = _("The file holds more than %(max)d questions; split it.")
REQUIRED = _("“%(field)s” is required.")
UNKNOWN_KIND = _("Unknown kind “%(kind)s”; use one of: %(kinds)s.")
BAD_POINTS = _("Points must be a whole number from 1 to 100, not “%(value)s”.")
TOO_LONG = _("“%(field)s” is longer than %(max)d characters.")
CHOICE_WITHOUT_TEXT = _("Choice %(number)d has no text.")
UNKNOWN_CLAUSES = _("Unknown clause codes: %(codes)s.")


@dataclass
class QuestionRecord:
    """One question as a file carries it."""

    kind: str
    text: str
    category: str = ""
    points: int = 1
    partial_credit: bool = False
    answer_is_true: bool | None = None
    accepted_answers: list[str] = field(default_factory=list)
    explanation: str = ""
    clauses: list[str] = field(default_factory=list)
    choices: list[ChoiceValues] = field(default_factory=list)


@dataclass(frozen=True)
class RowError:
    """A fault in a file: ``number`` is the CSV line or the JSON question's number."""

    number: int
    place: str
    message: str
    code: str


@dataclass
class BankImport:
    """A checked file: its questions and every error found. Nothing is written."""

    format: str
    records: list[tuple[int, QuestionRecord]] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    # The bank a JSON export came from (a CSV file does not say).
    bank_name: str = ""
    bank_description: str = ""

    @property
    def is_valid(self) -> bool:
        return not self.errors and bool(self.records)

    @property
    def bad_rows(self) -> list[int]:
        return sorted({error.number for error in self.errors})

    def category_names(self) -> list[str]:
        names = list(self.categories)
        names += [record.category for _n, record in self.records if record.category]
        return list(dict.fromkeys(names))

    def add_error(self, number: int, error: ValidationError) -> None:
        unit = _("line") if self.format == CSV else _("question")
        place = f"{unit} {number}" if number else str(_("file"))
        for item in error.error_list:
            message = item.message % item.params if item.params else item.message
            self.errors.append(
                RowError(number, place, str(message), item.code or "invalid")
            )


@dataclass(frozen=True)
class ImportResult:
    questions: int
    categories: int
    updated: int = 0


def _error(message, code: str, **params) -> ValidationError:
    return ValidationError(message, code=code, params=params or None)


def clause_model():
    return Question.clauses.field.related_model


def bank_records(bank: QuestionBank) -> list[QuestionRecord]:
    """Every question of ``bank`` as records, uncategorised first, in a fixed order."""
    questions = (
        bank.questions.select_related("category")
        .prefetch_related("choices", "clauses")
        .order_by(F("category__name").asc(nulls_first=True), "pk")
    )
    return [question_record(question) for question in questions]


def question_record(question: Question) -> QuestionRecord:
    """A saved question as a file carries it (prefetch its choices and clauses)."""
    return QuestionRecord(
        kind=question.kind,
        text=question.text,
        category=question.category.name if question.category_id else "",
        points=question.points,
        partial_credit=question.partial_credit,
        answer_is_true=question.answer_is_true,
        accepted_answers=question.accepted_answer_list,
        explanation=question.explanation,
        clauses=sorted(clause.code for clause in question.clauses.all()),
        choices=[
            ChoiceValues(
                text=choice.text,
                is_correct=choice.is_correct,
                match=choice.match,
                feedback=choice.feedback,
            )
            for choice in question.choices.all()
        ],
    )


def decode_utf8(content: bytes) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = content.count(b"\n", 0, error.start) + 1
        raise _error(NOT_UTF8, "not_utf8", line=line) from None


def finish(plan: BankImport) -> BankImport:
    """Check the parsed records by the authoring rules and against the clauses."""
    if not plan.records and not plan.errors:
        plan.add_error(0 if plan.format == JSON else 2, _error(NO_QUESTIONS, "empty"))
    if len(plan.records) > MAX_QUESTIONS:
        plan.errors.clear()
        plan.records.clear()
        plan.add_error(
            0, _error(TOO_MANY_QUESTIONS, "too_many_questions", max=MAX_QUESTIONS)
        )
        return plan
    codes = {code for _n, record in plan.records for code in record.clauses}
    known = set(
        clause_model().objects.filter(code__in=codes).values_list("code", flat=True)
    )
    for number, record in plan.records:
        for error in record_errors(record, known_clauses=known):
            plan.add_error(number, error)
    plan.errors.sort(key=lambda error: error.number)
    return plan


def record_errors(
    record: QuestionRecord, *, known_clauses: set[str]
) -> list[ValidationError]:
    """What is wrong with one record, by the rules of the question form."""
    errors = []
    if record.kind not in QuestionKind.values:
        kinds = ", ".join(QuestionKind.values)
        return [_error(UNKNOWN_KIND, "unknown_kind", kind=record.kind, kinds=kinds)]
    if not record.text:
        errors.append(_error(REQUIRED, "required", field="text"))
    if len(record.category) > MAX_CATEGORY_LENGTH:
        errors.append(
            _error(TOO_LONG, "too_long", field="category", max=MAX_CATEGORY_LENGTH)
        )
    for number, choice in enumerate(record.choices, start=1):
        if not choice.text:
            errors.append(
                _error(CHOICE_WITHOUT_TEXT, "choice_without_text", number=number)
            )
        for name in ("text", "match", "feedback"):
            if len(getattr(choice, name)) > MAX_CHOICE_LENGTH:
                errors.append(
                    _error(TOO_LONG, "too_long", field=name, max=MAX_CHOICE_LENGTH)
                )
    unknown = [code for code in record.clauses if code not in known_clauses]
    if unknown:
        errors.append(
            _error(UNKNOWN_CLAUSES, "unknown_clauses", codes=", ".join(unknown))
        )
    errors += [
        error
        for _field, error in question_errors(
            kind=record.kind,
            answer_is_true=record.answer_is_true,
            accepted_answers=record.accepted_answers,
            choices=record.choices,
        )
    ]
    return errors


# Writing


@transaction.atomic
def import_questions(
    plan: BankImport, *, bank: QuestionBank, update_existing: bool = False
) -> ImportResult:
    """Add the questions of a valid import to ``bank``, with their categories.

    With ``update_existing``, a question whose text the bank already holds is
    brought up to date instead of added again, so importing the same file twice
    changes nothing; the bank's other questions stay as they are.
    """
    if not plan.is_valid:
        raise ValueError("Only a valid import can be applied.")
    categories, new_categories = _categories(plan, bank)
    records = [record for _n, record in plan.records]
    existing = _questions_by_text(bank) if update_existing else {}
    matched = [(existing.pop(r.text, None), r) for r in records]
    changed = [
        (question, record)
        for question, record in matched
        if question is not None and not _same(question, record)
    ]
    created = _create_questions(
        bank, [record for question, record in matched if question is None], categories
    )
    _update_questions(changed, categories)
    _write_choices_and_clauses(created + changed)
    if created or changed or new_categories:
        bank.save(update_fields=["updated_at"])
    return ImportResult(
        questions=len(created), categories=len(new_categories), updated=len(changed)
    )


def _categories(plan: BankImport, bank: QuestionBank):
    """The bank's categories by name, the missing ones created; and the new ones."""
    existing = {category.name: category for category in bank.categories.all()}
    new = Category.objects.bulk_create(
        [
            Category(bank=bank, name=name)
            for name in plan.category_names()
            if name not in existing
        ]
    )
    return {**existing, **{category.name: category for category in new}}, new


def _questions_by_text(bank: QuestionBank) -> dict[str, Question]:
    """The bank's questions by text; of two with the same text, the older."""
    questions = (
        bank.questions.select_related("category")
        .prefetch_related("choices", "clauses")
        .order_by("-pk")
    )
    return {question.text: question for question in questions}


def _same(question: Question, record: QuestionRecord) -> bool:
    wanted = replace(record, clauses=sorted(set(record.clauses)))
    return question_record(question) == wanted


def _question_values(record: QuestionRecord, categories: dict) -> dict:
    return {
        "category": categories.get(record.category),
        "kind": record.kind,
        "text": record.text,
        "explanation": record.explanation,
        "points": record.points,
        "partial_credit": record.partial_credit,
        "answer_is_true": record.answer_is_true,
        "accepted_answers": "\n".join(record.accepted_answers),
    }


def _create_questions(
    bank, records, categories
) -> list[tuple[Question, QuestionRecord]]:
    questions = Question.objects.bulk_create(
        [
            Question(
                bank=bank,
                locale_id=bank.locale_id,
                **_question_values(record, categories),
            )
            for record in records
        ]
    )
    return list(zip(questions, records, strict=True))


def _update_questions(pairs, categories) -> None:
    """Save the new values of changed questions and clear their choices and clauses."""
    for question, record in pairs:
        for name, value in _question_values(record, categories).items():
            setattr(question, name, value)
        question.save()
    questions = [question for question, _record in pairs]
    Choice.objects.filter(question__in=questions).delete()
    Question.clauses.through.objects.filter(question__in=questions).delete()


def _write_choices_and_clauses(pairs) -> None:
    Choice.objects.bulk_create(
        [
            Choice(
                question=question,
                sort_order=position,
                text=choice.text,
                is_correct=choice.is_correct,
                match=choice.match,
                feedback=choice.feedback,
            )
            for question, record in pairs
            for position, choice in enumerate(record.choices)
        ]
    )
    codes = {code for _question, record in pairs for code in record.clauses}
    clause_ids = dict(
        clause_model().objects.filter(code__in=codes).values_list("code", "pk")
    )
    Through = Question.clauses.through
    Through.objects.bulk_create(
        [
            Through(question_id=question.pk, **{_clause_column(): clause_ids[code]})
            for question, record in pairs
            for code in dict.fromkeys(record.clauses)
        ]
    )


def _clause_column() -> str:
    """The through table's column for the clause (named after the clause model)."""
    field_ = Question._meta.get_field("clauses")
    return field_.m2m_reverse_field_name() + "_id"
