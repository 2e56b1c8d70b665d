"""Which questions an attempt asks, in which order, with which choices."""

import random

import pytest

from quizzes import drawing
from quizzes.models import QuestionKind
from tests.quizzes.factories import (
    CategoryFactory,
    QuestionBankFactory,
    QuizFactory,
    make_question,
)

POOL = [(1, 10), (2, 10), (3, 10), (4, 20), (5, 20), (6, None)]


def test_all_questions_in_bank_order_by_default():
    assert drawing.draw(POOL, count=None, rng=random.Random(1)) == [1, 2, 3, 4, 5, 6]


def test_count_draws_that_many_distinct_questions_in_bank_order():
    for seed in range(20):
        ids = drawing.draw(POOL, count=3, rng=random.Random(seed))
        assert len(ids) == len(set(ids)) == 3
        assert ids == sorted(ids)


def test_count_draws_differ_between_attempts():
    draws = {
        tuple(drawing.draw(POOL, count=3, rng=random.Random(s))) for s in range(30)
    }
    assert len(draws) > 5


def test_count_larger_than_the_bank_draws_all():
    assert len(drawing.draw(POOL, count=50, rng=random.Random(1))) == 6


def test_same_seed_same_draw():
    first = drawing.draw(POOL, count=4, random_order=True, rng=random.Random(7))
    again = drawing.draw(POOL, count=4, random_order=True, rng=random.Random(7))
    assert first == again


def test_random_order_shuffles_the_questions():
    orders = {
        tuple(drawing.draw(POOL, count=None, random_order=True, rng=random.Random(s)))
        for s in range(30)
    }
    assert len(orders) > 5
    assert all(sorted(order) == [1, 2, 3, 4, 5, 6] for order in orders)


def test_per_category_draws_take_their_count_from_each_category():
    for seed in range(20):
        ids = drawing.draw(
            POOL, count=None, per_category=[(10, 2), (20, 1)], rng=random.Random(seed)
        )
        assert len([i for i in ids if i in (1, 2, 3)]) == 2
        assert len([i for i in ids if i in (4, 5)]) == 1
        assert len(ids) == 3


def test_per_category_draws_are_made_up_to_the_count_from_the_rest():
    ids = drawing.draw(POOL, count=5, per_category=[(20, 2)], rng=random.Random(3))
    assert {4, 5} <= set(ids)
    assert len(ids) == len(set(ids)) == 5


def test_per_category_draw_larger_than_the_category_takes_all_of_it():
    ids = drawing.draw(POOL, count=None, per_category=[(20, 9)], rng=random.Random(3))
    assert ids == [4, 5]


def test_shuffled_unlike_never_returns_the_same_order():
    for seed in range(50):
        items = [1, 2, 3]
        assert drawing.shuffled_unlike(items, random.Random(seed)) != items


def test_shuffled_unlike_leaves_a_single_item():
    assert drawing.shuffled_unlike([1], random.Random(1)) == [1]


# Snapshots ----------------------------------------------------------------------


@pytest.mark.django_db
def test_snapshot_has_the_agreed_fields():
    bank = QuestionBankFactory()
    category = CategoryFactory(bank=bank, name="Phone")
    question = make_question(bank, QuestionKind.SINGLE, category=category)
    snapshot = drawing.snapshot_of(
        question, clause_ids=[5, 2], shuffle_choices=False, rng=random.Random(1)
    )
    assert set(snapshot) == {
        "kind",
        "text",
        "explanation",
        "points",
        "partial_credit",
        "answer_is_true",
        "accepted_answers",
        "clause_ids",
        "category",
        "choices",
    }
    assert snapshot["clause_ids"] == [2, 5]
    assert snapshot["category"] == "Phone"
    assert [c["text"] for c in snapshot["choices"]] == ["Three", "Five"]
    assert set(snapshot["choices"][0]) == {
        "id",
        "text",
        "is_correct",
        "match",
        "feedback",
    }


@pytest.mark.django_db
def test_shuffle_choices_changes_the_order_for_some_attempts():
    bank = QuestionBankFactory()
    question = make_question(
        bank,
        QuestionKind.SINGLE,
        choices=[("A", True), ("B", False), ("C", False), ("D", False)],
    )
    orders = {
        tuple(
            c["text"]
            for c in drawing.snapshot_of(
                question, shuffle_choices=True, rng=random.Random(seed)
            )["choices"]
        )
        for seed in range(20)
    }
    assert len(orders) > 3
    fixed = drawing.snapshot_of(question, shuffle_choices=False, rng=random.Random(1))
    assert [c["text"] for c in fixed["choices"]] == ["A", "B", "C", "D"]


@pytest.mark.django_db
def test_ordering_items_are_shown_out_of_order_and_the_order_is_kept():
    bank = QuestionBankFactory()
    question = make_question(bank, QuestionKind.ORDERING)
    ids = list(question.choices.order_by("sort_order").values_list("pk", flat=True))
    for seed in range(20):
        snapshot = drawing.snapshot_of(question, rng=random.Random(seed))
        assert snapshot["correct_order"] == ids
        assert [c["id"] for c in snapshot["choices"]] != ids
        assert sorted(c["id"] for c in snapshot["choices"]) == sorted(ids)


@pytest.mark.django_db
def test_matching_offers_each_right_hand_text_once_shuffled():
    bank = QuestionBankFactory()
    question = make_question(
        bank,
        QuestionKind.MATCHING,
        choices=[("One", False, "Yes"), ("Two", False, "No"), ("Three", False, "Yes")],
    )
    snapshot = drawing.snapshot_of(question, rng=random.Random(1))
    assert sorted(o["text"] for o in snapshot["right_options"]) == ["No", "Yes"]
    assert [c["text"] for c in snapshot["choices"]] == ["One", "Two", "Three"]


@pytest.mark.django_db
def test_questions_per_attempt():
    bank = QuestionBankFactory()
    for kind in (QuestionKind.SINGLE, QuestionKind.TRUE_FALSE, QuestionKind.ESSAY):
        make_question(bank, kind)
    assert drawing.questions_per_attempt(QuizFactory(bank=bank)) == 3
    assert drawing.questions_per_attempt(QuizFactory(bank=bank, question_count=2)) == 2
