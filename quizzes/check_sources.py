"""The items the checks read from the database: a bank's questions and the
practice questions of the lessons, each in a fixed number of queries."""

from wagtail import hooks

from quizzes.checks import Item, item_from_question, practice_item
from quizzes.models import Question

# Apps with practice questions of their own (courses: the lessons') register a
# function returning them as (key, value) pairs, value as a practice question
# block stores it: a graded item should not repeat one.
PRACTICE_QUESTIONS_HOOK = "quizzes_practice_questions"


def bank_items(bank_id: int) -> list[Item]:
    """The questions of a bank as items, each in its locale's language, in two
    queries."""
    questions = (
        Question.objects.filter(bank_id=bank_id)
        .order_by("category__name", "pk")
        .select_related("locale")  # the item's language
        .prefetch_related("choices")
    )
    return [item_from_question(question) for question in questions]


def practice_items() -> list[Item]:
    """The practice questions the registered apps hold (one query each)."""
    return [
        practice_item(value, key=key)
        for hook in hooks.get_hooks(PRACTICE_QUESTIONS_HOOK)
        for key, value in hook()
    ]
