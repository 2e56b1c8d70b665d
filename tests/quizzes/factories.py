"""Factories for question banks, questions of every kind, quizzes and attempts."""

from decimal import Decimal

import factory

from quizzes.models import (
    Answer,
    Attempt,
    Category,
    Choice,
    Question,
    QuestionBank,
    QuestionKind,
    Quiz,
)
from tests.factories import UserFactory


class ClauseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question.clauses.field.related_model
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"CL-{n}")
    title = factory.LazyAttribute(lambda clause: f"Clause {clause.code}")


class QuestionBankFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QuestionBank
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Bank {n}")


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    bank = factory.SubFactory(QuestionBankFactory)
    name = factory.Sequence(lambda n: f"Category {n}")


class QuestionFactory(factory.django.DjangoModelFactory):
    """A question; ``choices`` takes (text, is_correct, match, feedback) tuples."""

    class Meta:
        model = Question
        skip_postgeneration_save = True

    bank = factory.SubFactory(QuestionBankFactory)
    kind = QuestionKind.SINGLE
    text = factory.Sequence(lambda n: f"Question {n}?")
    explanation = "Because the standard says so."
    points = 1

    @factory.post_generation
    def choices(self, create, extracted, **kwargs):
        if not create or not extracted:
            return
        for position, values in enumerate(extracted):
            text, is_correct, match, feedback = (*values, False, "", "")[:4]
            Choice.objects.create(
                question=self,
                sort_order=position,
                text=text,
                is_correct=is_correct,
                match=match,
                feedback=feedback,
            )

    @factory.post_generation
    def clauses(self, create, extracted, **kwargs):
        if create and extracted:
            self.clauses.set(extracted)


# One valid question of each kind, by the authoring rules.
EXAMPLES = {
    QuestionKind.SINGLE: {
        "text": "How many rings before you answer?",
        "choices": [("Three", True, "", "Right."), ("Five", False, "", "Too slow.")],
    },
    QuestionKind.MULTIPLE: {
        "text": "What goes into the greeting?",
        "partial_credit": True,
        "choices": [
            ("The company's name", True),
            ("Your name", True),
            ("Your shift times", False),
        ],
    },
    QuestionKind.TRUE_FALSE: {
        "text": "A caller can hear a smile.",
        "answer_is_true": True,
    },
    QuestionKind.ORDERING: {
        "text": "Put the stages in order.",
        "points": 2,
        "partial_credit": True,
        "choices": [("Greeting",), ("Need",), ("Offer",), ("Closing",)],
    },
    QuestionKind.MATCHING: {
        "text": "Match the situation to the phrase.",
        "points": 2,
        "choices": [
            ("Customer waited", False, "Thank you for waiting"),
            ("You do not know", False, "Let me find out for you"),
        ],
    },
    QuestionKind.SHORT_TEXT: {
        "text": "Within how many hours is a complaint resolved?",
        "accepted_answers": "24\n24 hours\ntwenty-four",
    },
    QuestionKind.ESSAY: {
        "text": "Describe how you would calm an upset customer.",
        "points": 4,
    },
}


def make_question(bank, kind, **fields) -> Question:
    """A valid question of ``kind`` in ``bank`` (``fields`` override the example)."""
    values = {**EXAMPLES[QuestionKind(kind)], **fields}
    return QuestionFactory(bank=bank, kind=kind, **values)


def make_bank_with_every_kind(name="Every kind", clauses=()) -> QuestionBank:
    bank = QuestionBankFactory(name=name)
    category = CategoryFactory(bank=bank, name="Telephone")
    for kind in QuestionKind.values:
        make_question(bank, kind, category=category, clauses=list(clauses))
    return bank


class QuizFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Quiz

    title = factory.Sequence(lambda n: f"Quiz {n}")
    bank = factory.SubFactory(QuestionBankFactory)


class AttemptFactory(factory.django.DjangoModelFactory):
    """A finished, graded attempt by default."""

    class Meta:
        model = Attempt

    quiz = factory.SubFactory(QuizFactory)
    user = factory.SubFactory(UserFactory)
    number = factory.Sequence(lambda n: n + 1)
    status = Attempt.Status.GRADED
    percent = Decimal("0")
    max_score = Decimal("1")
    score = Decimal("0")


def answer(attempt, question, *, position, awarded, answered=True, clause_ids=None):
    """An answer row with a snapshot of ``question`` and ``awarded`` points."""
    clause_ids = (
        clause_ids
        if clause_ids is not None
        else sorted(question.clauses.values_list("pk", flat=True))
    )
    return Answer.objects.create(
        attempt=attempt,
        position=position,
        question=question,
        snapshot={
            "kind": question.kind,
            "text": question.text,
            "explanation": question.explanation,
            "points": question.points,
            "partial_credit": question.partial_credit,
            "answer_is_true": question.answer_is_true,
            "accepted_answers": question.accepted_answer_list,
            "clause_ids": clause_ids,
            "category": "",
            "choices": [],
        },
        response={"text": "an answer"} if answered else None,
        points_awarded=Decimal(str(awarded)),
        is_correct=Decimal(str(awarded)) == question.points,
    )
