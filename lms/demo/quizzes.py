"""The demo quizzes, read from ``content/``: a question bank per module in
``banks/`` and the quizzes' settings in ``quizzes.yaml``.

The banks go through the bank import (``quizzes.transfer``), the same code a
trainer uses in the admin, so a file it refuses stops the demo. Loading twice
duplicates nothing: the import updates the questions whose text the bank holds.
"""

from pathlib import Path

import yaml
from django.db import transaction

from lms.demo.course import load_clauses
from quizzes import transfer
from quizzes.models import Category, CategoryDraw, Question, QuestionBank, Quiz

CONTENT = Path(__file__).parent / "content"
QUIZ_FIELDS = {field.name for field in Quiz._meta.concrete_fields}


def read_quiz_settings(content: Path = CONTENT) -> dict:
    """``quizzes.yaml``: its ``defaults``, graded ``quizzes`` and ``practice``."""
    return yaml.safe_load((content / "quizzes.yaml").read_text(encoding="utf-8"))


_PRACTICE = read_quiz_settings()["practice"]
PRACTICE_TITLE = _PRACTICE["title"]
# The module whose bank the practice quiz draws from; its page links to it.
PRACTICE_MODULE = _PRACTICE["module"]


def load_quizzes(stdout=None, *, content: Path = CONTENT) -> dict[str, Quiz]:
    """The demo banks and quizzes, made or brought up to date: {module slug: quiz}."""
    load_clauses()
    settings = read_quiz_settings(content)
    defaults = settings.get("defaults") or {}
    entries = settings["quizzes"]
    practice = settings.get("practice")
    with transaction.atomic():
        banks = {}
        for entry in [*entries, *([practice] if practice else [])]:
            if entry["bank"] not in banks:
                banks[entry["bank"]] = import_bank(content / "banks" / entry["bank"])
        quizzes = {
            entry["module"]: sync_quiz(banks[entry["bank"]], entry, defaults)
            for entry in entries
        }
        if practice:
            sync_quiz(banks[practice["bank"]], practice, defaults)
    if stdout:
        questions = Question.objects.filter(bank__quizzes__in=quizzes.values()).count()
        stdout.write(
            f"Quizzes: {len(quizzes)} graded with {questions} questions"
            + (", and a practice quiz." if practice else ".")
        )
    return quizzes


def practice_quiz() -> Quiz:
    """The demo's practice (self-assessment) quiz; ``load_quizzes`` makes it."""
    return Quiz.objects.get(title=PRACTICE_TITLE)


def import_bank(path: Path) -> QuestionBank:
    """The bank in the file at ``path``, made or brought up to date by the import."""
    plan = transfer.read_file(path.read_bytes(), file_name=path.name)
    if not plan.is_valid:
        faults = "; ".join(f"{error.place}: {error.message}" for error in plan.errors)
        raise ValueError(f"{path.name}: {faults}")
    bank, _created = QuestionBank.objects.get_or_create(
        name=plan.bank_name or path.stem,
        defaults={"description": plan.bank_description},
    )
    if bank.description != plan.bank_description:
        bank.description = plan.bank_description
        bank.save()
    transfer.import_questions(plan, bank=bank, update_existing=True)
    # The demo owns its banks: a question taken out of the file goes. Attempts
    # keep what they showed (each answer holds a snapshot of its question).
    in_file = {record.text for _row, record in plan.records}
    bank.questions.exclude(text__in=in_file).delete()
    return bank


def sync_quiz(bank: QuestionBank, entry: dict, defaults: dict) -> Quiz:
    """The quiz an entry of ``quizzes.yaml`` describes, made or brought up to date."""
    values = {
        "introduction": entry.get("introduction", ""),
        **defaults,
        **(entry.get("settings") or {}),
    }
    unknown = sorted(set(values) - QUIZ_FIELDS)
    if unknown:
        raise ValueError(f"Quiz {entry['title']!r}: unknown settings {unknown}")
    quiz = Quiz.objects.filter(bank=bank, title=entry["title"]).first() or Quiz(
        bank=bank, title=entry["title"]
    )
    if quiz.pk is None or any(getattr(quiz, k) != v for k, v in values.items()):
        for name, value in values.items():
            setattr(quiz, name, value)
        quiz.save()
    sync_draws(quiz, entry.get("draws") or {})
    return quiz


def sync_draws(quiz: Quiz, draws: dict[str, int]) -> None:
    """Draw ``count`` questions from each category named in ``draws``."""
    wanted = [
        (Category.objects.get(bank=quiz.bank, name=name), count)
        for name, count in draws.items()
    ]
    current = [(draw.category, draw.count) for draw in quiz.category_draws.all()]
    if current != wanted:
        quiz.category_draws.all().delete()
        CategoryDraw.objects.bulk_create(
            CategoryDraw(quiz=quiz, category=category, count=count, sort_order=n)
            for n, (category, count) in enumerate(wanted)
        )
