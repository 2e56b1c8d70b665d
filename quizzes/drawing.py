"""What an attempt shows: which questions, in which order, with which choices.

Every random decision uses one ``random.Random`` seeded for the attempt, and
the result is written into the attempt's snapshots, so a reload shows exactly
the same questions and choices in the same order.
"""

import random
from collections.abc import Iterable, Sequence
from typing import Any

from django.db.models import Exists, Q

from people.languages import original_language_code
from quizzes.models import CategoryDraw, Question, QuestionKind, Quiz

# Kinds whose choices the learner picks from; only these follow "shuffle choices".
PICK_KINDS = {QuestionKind.SINGLE, QuestionKind.MULTIPLE}


def new_seed() -> int:
    return random.SystemRandom().randrange(2**31)


def draw(
    pool: Sequence[tuple[int, int | None]],
    *,
    count: int | None,
    per_category: Sequence[tuple[int, int]] = (),
    random_order: bool = False,
    rng: random.Random,
) -> list[int]:
    """Pick the ids of the questions one attempt asks, in the order it asks them.

    ``pool`` is every question of the bank as ``(id, category id)`` in the
    bank's order. With category draws, each draws its count from its category
    (all of them when it holds fewer); a ``count`` larger than their total is
    made up from the other questions. Without them, ``count`` questions are
    drawn from the whole bank, or all when ``count`` is None. A fixed order
    keeps the bank's order.
    """
    ids = [question_id for question_id, _category in pool]
    if per_category:
        chosen: list[int] = []
        for category_id, wanted in per_category:
            available = [
                q for q, category in pool if category == category_id and q not in chosen
            ]
            chosen += rng.sample(available, min(wanted, len(available)))
        if count is not None and count > len(chosen):
            rest = [q for q in ids if q not in chosen]
            chosen += rng.sample(rest, min(count - len(chosen), len(rest)))
    elif count is not None and count < len(ids):
        chosen = rng.sample(ids, count)
    else:
        chosen = list(ids)
    if random_order:
        rng.shuffle(chosen)
    else:
        place = {question_id: index for index, question_id in enumerate(ids)}
        chosen.sort(key=place.__getitem__)
    return chosen


def shuffled_unlike(items: list, rng: random.Random) -> list:
    """A shuffled copy that differs from ``items`` whenever that is possible."""
    result = list(items)
    if len(set(map(repr, items))) < 2:
        return result
    while result == items:
        rng.shuffle(result)
    return result


def snapshot_of(
    question: Question,
    *,
    clause_ids: Iterable[int] = (),
    shuffle_choices: bool = False,
    rng: random.Random,
) -> dict[str, Any]:
    """The question frozen as the attempt shows it (the agreed snapshot format).

    ``question.choices`` should be prefetched; ``question.category`` selected.
    Ordering items are always shown shuffled, and matching's right-hand
    options too: in the authored order they would give the answer away.
    """
    choices = [
        {
            "id": choice.pk,
            "text": choice.text,
            "is_correct": choice.is_correct,
            "match": choice.match,
            "feedback": choice.feedback,
        }
        for choice in sorted(question.choices.all(), key=_sort_key)
    ]
    kind = question.kind
    snapshot: dict[str, Any] = {
        "kind": kind,
        "text": question.text,
        "explanation": question.explanation,
        "points": question.points,
        "partial_credit": question.partial_credit,
        "answer_is_true": question.answer_is_true,
        "accepted_answers": question.accepted_answer_list,
        "clause_ids": sorted(clause_ids),
        "category": question.category.name if question.category_id else "",
        "choices": choices,
    }
    if kind in PICK_KINDS and shuffle_choices:
        rng.shuffle(choices)
    elif kind == QuestionKind.ORDERING:
        snapshot["correct_order"] = [choice["id"] for choice in choices]
        snapshot["choices"] = shuffled_unlike(choices, rng)
    elif kind == QuestionKind.MATCHING:
        if shuffle_choices:
            rng.shuffle(choices)
        snapshot["right_options"] = shuffled_unlike(_right_options(choices), rng)
    elif kind in (QuestionKind.TRUE_FALSE, QuestionKind.SHORT_TEXT, QuestionKind.ESSAY):
        snapshot["choices"] = []
    return snapshot


def _sort_key(choice) -> tuple:
    return (choice.sort_order if choice.sort_order is not None else 0, choice.pk or 0)


def _right_options(choices: list[dict]) -> list[dict]:
    """One option per distinct right-hand text, named by the first pair using it."""
    options: dict[str, dict] = {}
    for choice in choices:
        if choice["match"] and choice["match"] not in options:
            options[choice["match"]] = {"id": choice["id"], "text": choice["match"]}
    return list(options.values())


def snapshots_for(
    quiz, *, rng: random.Random, language: str = ""
) -> list[tuple[int, dict[str, Any]]]:
    """Draw the questions of one attempt at ``quiz``: ``(question id, snapshot)``.

    The ids are the bank's own questions (item analysis and the clause heat map
    count them, whatever the language); each snapshot holds what the learner
    sees, the question's translation in ``language`` where there is one. Reads
    only, in a fixed number of queries whatever the size of the bank.
    """
    pool, per_category = _pool(quiz)
    ids = draw(
        pool,
        count=quiz.question_count,
        per_category=per_category,
        random_order=quiz.random_order,
        rng=rng,
    )
    if not ids:
        return []
    questions = Question.objects.select_related("category").prefetch_related("choices")
    by_id = questions.in_bulk(ids)
    shown = _translations(questions, by_id, language)
    clauses = _clause_ids(ids)
    return [
        (
            question_id,
            snapshot_of(
                shown.get(question_id, by_id[question_id]),
                clause_ids=clauses.get(question_id, ()),
                shuffle_choices=quiz.shuffle_choices,
                rng=rng,
            ),
        )
        for question_id in ids
    ]


def _translations(questions, by_id: dict, language: str) -> dict:
    """``{question id: its translation in language}`` for the questions that
    have one: one query, none in the original language (attempts draw from the
    original bank)."""
    if not language or not by_id or language == original_language_code():
        return {}
    keys = {question.translation_key: pk for pk, question in by_id.items()}
    found = questions.filter(translation_key__in=keys, locale__language_code=language)
    return {keys[question.translation_key]: question for question in found}


def questions_per_attempt(quiz) -> int:
    """How many questions each attempt at ``quiz`` asks."""
    pool, per_category = _pool(quiz)
    ids = draw(
        pool,
        count=quiz.question_count,
        per_category=per_category,
        rng=random.Random(0),
    )
    return len(ids)


def _pool(quiz) -> tuple[list[tuple[int, int | None]], list[tuple[int, int]]]:
    """The questions drawn from as ``(id, category id)`` (the quiz's chosen
    pool, else its bank) and the quiz's category draws."""
    chosen = Quiz.pool.through.objects.filter(quiz_id=quiz.pk)
    questions = Question.objects.filter(
        Q(pk__in=chosen.values("question"))
        | Q(Q(bank_id=quiz.bank_id) & ~Exists(chosen))
    )
    pool = questions.values_list("pk", "category_id")
    per_category = CategoryDraw.objects.filter(quiz_id=quiz.pk).values_list(
        "category_id", "count"
    )
    return list(pool), list(per_category)


def _clause_ids(question_ids: list[int]) -> dict[int, list[int]]:
    """The clauses each question is tagged with, in one query on the link table."""
    field = Question._meta.get_field("clauses")
    source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
    rows = field.remote_field.through.objects.filter(
        **{f"{source}_id__in": question_ids}
    ).values_list(f"{source}_id", f"{target}_id")
    clauses: dict[int, list[int]] = {}
    for question_id, clause_id in rows:
        clauses.setdefault(question_id, []).append(clause_id)
    return clauses
