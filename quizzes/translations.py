"""Translations of question banks and quizzes.

A bank's translation holds one translation of each of its questions (the same
translation key, in the bank's language); a quiz's translation carries its title
and introduction. Records stay on the originals: attempts are made at the
original quiz and draw from its bank, and each learner sees the questions'
translations in their language (``drawing.snapshots_for``). So the settings, the
points, which choices are right and the clause tags are the original's; only the
words are translated.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from quizzes.admin_forms import QuizForm
from quizzes.models import Category, Choice, Question, QuestionBank, Quiz
from quizzes.transfer import read_file

NOT_THE_SAME_QUESTIONS = _(
    "The translation has %(found)s questions and the bank %(expected)s: translate "
    "every question, in the bank's order."
)
NOT_THE_SAME_CHOICES = _(
    "Question %(number)s: the translation has %(found)s choices and the original "
    "%(expected)s."
)
NOT_THE_SAME_KIND = _(
    "Question %(number)s: the translation is a “%(found)s” question, the original "
    "a “%(expected)s” one."
)
UNKNOWN_LANGUAGE = _("The site has no “%(language)s” language.")
BAD_FILE = _("Question %(number)s: %(message)s")


def locale_for(language: str) -> Locale:
    locale = Locale.objects.filter(language_code=language).first()
    if locale is None:
        raise ValidationError(
            UNKNOWN_LANGUAGE, code="unknown_language", params={"language": language}
        )
    return locale


def translate_bank(bank: QuestionBank, language: str, content: bytes, *, name=""):
    """Write the translation of ``bank`` in ``language`` from a bank file.

    The file (JSON or CSV, as the bank import reads) holds the bank's questions
    in the bank's order, translated. Creates or updates the translated bank and
    questions; raises ``ValidationError`` listing every problem, writing nothing.
    """
    locale = locale_for(language)
    plan = read_file(content, file_name=name)
    problems = [
        ValidationError(BAD_FILE, params={"number": e.number, "message": e.message})
        for e in plan.errors
    ]
    originals = list(
        bank.questions.order_by("pk").prefetch_related("choices", "clauses")
    )
    records = [record for _row, record in plan.records]
    problems += _shape_problems(originals, records)
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        translated = _translated_bank(bank, locale, plan)
        categories = {}
        for original, record in zip(originals, records, strict=True):
            category = _category(translated, original, record, categories)
            _write_question(original, record, translated, category)
    return translated


def _shape_problems(originals, records) -> list[ValidationError]:
    if len(originals) != len(records):
        params = {"found": len(records), "expected": len(originals)}
        return [ValidationError(NOT_THE_SAME_QUESTIONS, params=params)]
    problems = []
    for number, (original, record) in enumerate(
        zip(originals, records, strict=True), start=1
    ):
        if record.kind != original.kind:
            params = {"number": number, "found": record.kind, "expected": original.kind}
            problems.append(ValidationError(NOT_THE_SAME_KIND, params=params))
        expected = len(original.choices.all())
        if len(record.choices) != expected:
            params = {
                "number": number,
                "found": len(record.choices),
                "expected": expected,
            }
            problems.append(ValidationError(NOT_THE_SAME_CHOICES, params=params))
    return problems


def _translated_bank(bank, locale, plan) -> QuestionBank:
    translated = bank.get_translation_or_none(locale) or QuestionBank(
        translation_key=bank.translation_key, locale=locale
    )
    translated.name = plan.bank_name or bank.name
    translated.description = plan.bank_description
    translated.save()
    return translated


def _category(translated, original, record, found) -> Category | None:
    if original.category_id is None or not record.category:
        return None
    if original.category_id not in found:
        found[original.category_id], _created = Category.objects.get_or_create(
            bank=translated, name=record.category
        )
    return found[original.category_id]


def _write_question(original, record, bank, category) -> Question:
    question = original.get_translation_or_none(bank.locale) or Question(
        translation_key=original.translation_key, locale=bank.locale
    )
    question.bank = bank
    question.category = category
    question.kind = original.kind
    question.points = original.points
    question.partial_credit = original.partial_credit
    question.answer_is_true = original.answer_is_true
    question.text = record.text
    question.explanation = record.explanation
    question.accepted_answers = "\n".join(record.accepted_answers)
    question.save()
    question.clauses.set(original.clauses.all())
    Choice.objects.filter(question=question).delete()
    Choice.objects.bulk_create(
        Choice(
            question=question,
            sort_order=choice.sort_order,
            text=values.text,
            is_correct=choice.is_correct,
            match=values.match,
            feedback=values.feedback,
        )
        for choice, values in zip(
            sorted(original.choices.all(), key=_choice_order),
            record.choices,
            strict=True,
        )
    )
    return question


def _choice_order(choice) -> tuple:
    return (choice.sort_order if choice.sort_order is not None else 0, choice.pk)


# Everything but the words: a translation keeps the original's settings.
SYNCED_QUIZ_FIELDS = [
    name for name in QuizForm.Meta.fields if name not in ("title", "introduction")
]


def translate_quiz(quiz: Quiz, language: str, *, title: str, introduction: str = ""):
    """The quiz's title and introduction in ``language``; its settings stay the
    original's (attempts are made at the original)."""
    locale = locale_for(language)
    translated = quiz.get_translation_or_none(locale) or Quiz(
        translation_key=quiz.translation_key, locale=locale
    )
    for name in SYNCED_QUIZ_FIELDS:
        setattr(translated, name, getattr(quiz, name))
    translated.title = title
    translated.introduction = introduction
    translated.save()
    return translated
