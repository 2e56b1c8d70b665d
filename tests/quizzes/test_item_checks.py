"""The item checks, as pure functions over plain values: no database."""

from decimal import Decimal

import pytest

from quizzes import checks
from quizzes.admin_forms import ChoiceValues
from quizzes.analysis import NEGATIVE, TOO_EASY, QuestionStats
from quizzes.checks import Item, Option, check_bank, check_item
from quizzes.models import QuestionKind
from quizzes.scoring import normalise_text
from quizzes.transfer import QuestionRecord

SINGLE = QuestionKind.SINGLE
MULTIPLE = QuestionKind.MULTIPLE
TRUE_FALSE = QuestionKind.TRUE_FALSE
SHORT = QuestionKind.SHORT_TEXT


def single(text, right, *wrong, key=None):
    options = (Option(right, True), *(Option(w) for w in wrong))
    return Item(SINGLE, text, options, key=key)


def multiple(text, right, wrong):
    options = (*(Option(r, True) for r in right), *(Option(w) for w in wrong))
    return Item(MULTIPLE, text, options)


def true_false(text, answer=True):
    return Item(TRUE_FALSE, text, answer_is_true=answer)


def short(text, *answers):
    return Item(SHORT, text, accepted_answers=answers)


def codes(item, **kwargs):
    return [warning.code for warning in check_item(item, **kwargs)]


# The right option is the longest


def test_a_right_option_much_longer_than_the_wrong_ones_is_flagged():
    item = single(
        "Where do you wear your badge?",
        "On the left side of the chest, where customers see it",
        "In a pocket",
        "On a belt",
    )
    assert checks.RIGHT_IS_LONGEST in codes(item)


def test_options_of_about_the_same_length_are_fine():
    item = single("Which ring?", "The third", "The fifth", "The first")
    assert checks.RIGHT_IS_LONGEST not in codes(item)


def test_a_right_option_only_slightly_longer_is_fine():
    # 11 characters against 10: under the 20 % margin.
    item = single("Which?", "abcdefghijk", "abcdefghij", "abcdefghi")
    assert checks.right_is_longest(item) == []


def test_a_right_option_shorter_than_a_wrong_one_is_fine():
    item = single("Which?", "Short one", "A much longer wrong option here", "x")
    assert checks.right_is_longest(item) == []


def test_multiple_choice_flags_right_options_all_longer_than_every_wrong_one():
    item = multiple(
        "What belongs in a greeting?",
        ["Your name and the company's name", "A friendly welcome to the caller"],
        ["Hello", "The time"],
    )
    warnings = checks.right_is_longest(item)
    assert [w.code for w in warnings] == [checks.RIGHT_IS_LONGEST]
    assert warnings[0].message == checks.RIGHT_ARE_LONGEST_MESSAGE


def test_multiple_choice_with_a_short_right_option_is_fine():
    item = multiple(
        "What belongs in a greeting?",
        ["Your name", "A friendly welcome to the caller, in full"],
        ["Hello there", "The time of day"],
    )
    assert checks.right_is_longest(item) == []


def test_length_ignores_runs_of_spaces():
    item = single("Which?", "The   third   ring", "The fifth ring", "The first ring")
    assert checks.right_is_longest(item) == []


# Only the right option repeats the stem's words


def test_only_the_right_option_repeating_the_stem_is_flagged():
    item = single(
        "Which offer fits a studio flat?",
        "A small sofa that fits a studio flat",
        "A corner sofa for eight",
        "Our most popular armchair",
    )
    warnings = checks.stem_words_in_right_only(item)
    assert [w.code for w in warnings] == [checks.STEM_WORDS]
    assert "“studio”" in str(warnings[0]) and "“flat”" in str(warnings[0])


def test_a_wrong_option_repeating_the_stem_too_is_fine():
    item = single(
        "Which offer fits a studio flat?",
        "A small sofa that fits a studio flat",
        "A corner sofa too big for a studio",
        "Our most popular armchair",
    )
    assert checks.stem_words_in_right_only(item) == []


def test_no_option_repeating_the_stem_is_fine():
    item = single("Which ring?", "The third", "The fifth", "The first")
    assert checks.stem_words_in_right_only(item) == []


def test_short_and_common_words_do_not_count_as_repeated():
    item = single("What do you do with this?", "With this I wait", "Ignore it", "Leave")
    assert checks.stem_words_in_right_only(item) == []


def test_word_forms_count_as_the_same_word():
    assert checks.key_words("Complaints") == checks.key_words("complaint")


# All / none of the above


@pytest.mark.parametrize(
    "option",
    ["All of the above", "None of the above", "all the above", "None of these"],
)
def test_all_or_none_of_the_above_is_flagged(option):
    item = single("Which?", option, "One thing", "Another thing")
    assert checks.ALL_OR_NONE in codes(item)


def test_an_option_that_merely_says_all_is_fine():
    item = single("Which?", "Greet all customers", "Greet some", "Greet none")
    assert checks.all_or_none_of_the_above(item) == []


# Negative stems


@pytest.mark.parametrize(
    "stem",
    [
        "Which of these is not part of the greeting?",
        "Which would you never say?",
        "All of these belong to the greeting except one. Which?",
        "What don't you do on the phone?",
    ],
)
def test_a_negative_stem_without_emphasis_is_flagged(stem):
    item = single(stem, "Right", "Wrong one", "Wrong two")
    assert checks.NEGATIVE_STEM in codes(item)


@pytest.mark.parametrize(
    "stem",
    [
        "Which of these is NOT part of the greeting?",
        "Which of these is **not** part of the greeting?",
        "Which of these is <b>not</b> part of the greeting?",
        "Which of these is <strong>never</strong> said?",
        "Which of these is part of the greeting?",
    ],
)
def test_an_emphasised_or_positive_stem_is_fine(stem):
    item = single(stem, "Right", "Wrong one", "Wrong two")
    assert checks.negative_stem(item) == []


def test_the_negative_check_names_the_word():
    item = single("Which is not right?", "A", "B", "C")
    assert "“not”" in str(checks.negative_stem(item)[0])


# Absolute words in true/false statements


@pytest.mark.parametrize(
    "statement",
    [
        "You must always answer within three rings.",
        "Every customer gets a discount.",
        "No one may leave the counter.",
        "Only a manager may refund.",
    ],
)
def test_a_true_false_statement_with_absolute_words_is_flagged(statement):
    assert checks.ABSOLUTE_WORDS in codes(true_false(statement, False))


def test_a_qualified_true_false_statement_is_fine():
    item = true_false("A complaint gets its first answer within one hour.")
    assert checks.absolute_words(item) == []


def test_absolute_words_in_a_single_choice_stem_are_fine():
    item = single("Do you always greet?", "Yes, first", "No", "Only regulars")
    assert checks.absolute_words(item) == []


# Too few options


def test_two_options_are_too_few():
    item = single("Which ring?", "The third", "The fifth")
    assert checks.TOO_FEW_OPTIONS in codes(item)


def test_three_options_are_enough():
    item = single("Which ring?", "The third", "The fifth", "The first")
    assert checks.too_few_options(item) == []


def test_options_differing_only_in_case_count_once():
    item = single("Which ring?", "The third", "The fifth", "the FIFTH")
    assert checks.too_few_options(item)[0].params == {"count": 2}


def test_true_false_is_exempt_from_the_option_count():
    assert checks.too_few_options(true_false("Greet within ten seconds.")) == []


# Duplicates


def test_nearly_the_same_stem_in_the_bank_is_a_duplicate():
    first = single("By which ring do you pick up the phone?", "Third", "Fifth", "1st")
    second = single("By which ring do you pick up a phone?", "3rd", "5th", "First")
    report = check_bank([first, second])
    assert [checks.DUPLICATE in r.codes for r in report.items] == [True, True]


def test_different_stems_are_not_duplicates():
    first = single("By which ring do you pick up the phone?", "Third", "Fifth", "1")
    second = single("How far from a customer do you stand?", "1 m", "3 m", "5 m")
    assert not checks.is_duplicate(first, second)


def test_a_reworded_stem_with_the_same_answer_is_a_duplicate():
    first = single("When should a complaint be resolved?", "Within 24 hours", "B", "C")
    second = single("When should complaints get resolved?", "within 24 hours", "X", "Y")
    assert checks.is_duplicate(first, second)


def test_a_reworded_stem_with_another_answer_is_not_a_duplicate():
    first = single("When should a complaint be resolved?", "Within 24 hours", "B", "C")
    second = single("When should complaints get answered?", "Within an hour", "X", "Y")
    assert not checks.is_duplicate(first, second)


def test_an_item_repeating_a_practice_question_is_flagged():
    practice = single("When should you pick up?", "Before the third ring", "Later")
    item = single("When should you pick up?", "By the third ring", "Later", "Never")
    assert checks.DUPLICATE_PRACTICE in codes(item, practice=[practice])
    assert checks.DUPLICATE_PRACTICE not in codes(item)


def test_an_item_is_not_a_duplicate_of_itself_when_edited():
    saved = single("When should you pick up?", "Third", "Fifth", "First", key=7)
    edited = single("When should you pick up?", "Third", "Fifth", "Sixth", key=7)
    assert checks.DUPLICATE not in codes(edited, others=[saved])


def test_punctuation_and_markup_do_not_hide_a_duplicate():
    first = single("Which ring — at the latest?", "Third", "Fifth", "First")
    second = single("<b>Which</b> ring at the latest", "Third", "Fifth", "First")
    assert checks.is_duplicate(first, second)


# Short answers


def test_short_answer_variants_the_scoring_refuses_are_listed():
    warnings = checks.short_answer_variants(short("Which hours?", "24 hours"))
    assert [w.code for w in warnings] == [checks.SHORT_ANSWER_VARIANTS]
    text = str(warnings[0])
    assert "“twenty-four hours”" in text


def test_variants_the_scoring_already_accepts_are_not_listed():
    # Case, spaces and a final full stop: ignored by the scoring itself.
    for variant in ("HOTLINE", "  hotline ", "hot line", "hotline."):
        assert normalise_text(variant) == normalise_text("hotline")
    assert checks.variants_of("hotline") == []


def test_accepted_variants_give_no_warning():
    item = short(
        "Whom do you call?",
        "the duty manager",
        "duty manager",
        "duty manager.",
        "the duty manager.",
    )
    assert checks.short_answer_variants(item) == []


@pytest.mark.parametrize(
    "answer, variant",
    [
        ("the duty manager", "duty manager"),
        ("follow-up call", "follow up call"),
        ("ten seconds", "10 seconds"),
        ("twenty four hours", "24 hours"),
        ("thirty-one", "31"),
        ("3", "three"),
    ],
)
def test_trivial_variants(answer, variant):
    assert variant in checks.variants_of(answer)


def test_an_answer_with_a_full_stop_gets_no_second_one():
    assert "Done.." not in checks.variants_of("Done.")


def test_short_answer_checks_ignore_other_kinds():
    assert checks.short_answer_variants(single("Q?", "24 hours", "B", "C")) == []


# Kinds the choice checks leave alone


def test_ordering_and_matching_items_get_no_choice_warnings():
    item = Item(QuestionKind.ORDERING, "Put in order", (Option("A"), Option("B")))
    assert check_item(item) == []


def test_a_clean_item_has_no_warnings():
    item = single(
        "A caller asks about a delivery another department handles. What do you do?",
        "Take their number and call back",
        "Give them the other number",
        "Tell them to write an e-mail",
    )
    assert check_item(item) == []


# The bank


def long_right(number):
    return single(
        f"Question {number} about topic {'abcdefghij'[number]}?",
        "A much longer right option than the rest",
        "Short",
        "Brief",
    )


def balanced(number):
    return single(
        f"Item {number} on matter {'klmnopqrst'[number]}?",
        "Medium",
        "Longer wrong option",
        "Short",
    )


def test_bank_share_well_above_chance_is_flagged():
    report = check_bank([long_right(n) for n in range(5)] + [balanced(5)])
    assert report.single_items == 6
    assert report.longest_right == 5
    assert report.chance == pytest.approx(1 / 3)
    assert report.longest_share_flagged
    assert "5 of 6" in str(report.longest_share_warning)
    assert not report.is_clean


def test_bank_share_near_chance_is_fine():
    report = check_bank(
        [long_right(n) for n in range(2)] + [balanced(n) for n in range(2, 8)]
    )
    assert report.longest_share == pytest.approx(2 / 8)
    assert not report.longest_share_flagged
    assert report.longest_share_warning is None


def test_a_small_bank_share_is_not_flagged():
    report = check_bank([long_right(n) for n in range(4)])
    assert report.longest_share == 1
    assert not report.longest_share_flagged


def test_a_tie_does_not_count_as_longest():
    item = single("Which?", "abc", "abd", "x")
    assert not checks.is_strictly_longest(item)


def test_bank_counts_each_warning_once_per_item():
    report = check_bank(
        [
            single("Which ring?", "All of the above", "None of the above"),
            true_false("You must always greet.", False),
        ]
    )
    assert report.counts == {
        checks.ALL_OR_NONE: 1,
        checks.ABSOLUTE_WORDS: 1,
        checks.TOO_FEW_OPTIONS: 1,
    }
    assert len(report.flagged_items) == 2


def test_an_empty_bank_is_clean():
    report = check_bank([])
    assert report.is_clean
    assert report.longest_share is None


def test_chance_averages_one_over_the_number_of_options():
    report = check_bank([single("A?", "x", "y"), single("B?", "x", "y", "z", "w")])
    assert report.chance == pytest.approx((1 / 2 + 1 / 4) / 2)


# Building items


def test_items_from_a_parsed_bank_file():
    record = QuestionRecord(
        kind=SINGLE,
        text="Which ring?",
        choices=[ChoiceValues("The third", True), ChoiceValues("The fifth")],
    )

    class Plan:
        records = [(3, record)]

    [item] = checks.items_from_plan(Plan())
    assert item == Item(
        SINGLE, "Which ring?", (Option("The third", True), Option("The fifth")), key=3
    )


def test_items_from_a_practice_block_in_raw_or_list_form():
    raw = {
        "question": "When?",
        "choices": [
            {"type": "item", "value": {"text": "Now", "is_correct": True}, "id": "a"},
            {"text": "Later", "is_correct": False},
        ],
    }
    item = checks.practice_item(raw, key="p")
    assert item.options == (Option("Now", True), Option("Later"))


def test_messages_name_what_to_change():
    for message in (
        checks.RIGHT_IS_LONGEST_MESSAGE,
        checks.STEM_WORDS_MESSAGE,
        checks.NEGATIVE_STEM_MESSAGE,
        checks.TOO_FEW_OPTIONS_MESSAGE,
        checks.SHORT_ANSWER_VARIANTS_MESSAGE,
    ):
        assert any(
            verb in str(message) for verb in ("Add", "Shorten", "Reword", "Write")
        )


# Item analysis flags


def stats(percent, shown=20, discrimination=Decimal(20)):
    return QuestionStats(
        key="q1",
        question_id=1,
        text="Q",
        kind=SINGLE,
        shown=shown,
        answered=shown,
        percent_correct=Decimal(percent),
        top_percent=None,
        bottom_percent=None,
        discrimination=discrimination,
    )


def test_an_item_nearly_everyone_gets_right_is_flagged():
    assert stats(96).flags == [TOO_EASY]


def test_an_ordinary_item_is_not_flagged():
    assert stats(80).flags == []


def test_too_easy_needs_enough_attempts():
    assert stats(100, shown=9).flags == []


def test_negative_discrimination_is_flagged():
    assert stats(60, discrimination=Decimal(-10)).flags == [NEGATIVE]
    assert stats(60, discrimination=Decimal(-10)).flag_messages
