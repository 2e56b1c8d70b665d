"""Item checks: warnings that help an author write items that cannot be guessed.

Pure functions over plain values (``Item``), tested without a database. The
checks warn and never block: an author may have a reason for what they wrote.
Build items with ``item_from_question`` (a model instance with its choices),
``item_from_record`` (a question of a parsed bank file, ``transfer.read_file``)
or ``Item`` directly; ``check_bank`` checks them all and sums them up.

The rules, one per warning code:

- ``right_is_longest``: single choice, the right option is longer than every
  wrong one by at least ``LONGER_BY`` (20 %) of the longest wrong one's
  characters; multiple choice, the shortest right option is so much longer than
  the longest wrong one. Length is counted on the text with its spaces
  collapsed.
- ``stem_words_in_right_only``: a right option repeats a key word of the stem
  and no wrong option repeats any. A key word has at least four letters and is
  not a common word of the language; words are compared by their first six
  letters, so "complaint" and "complaints" are the same word (in Russian and
  Latvian without the vowels that end those six, for their endings).
- ``all_or_none_of_the_above``: an option says "all of the above", "none of
  the above" (or "of these", "of the options", "both/neither of…").
- ``negative_stem``: a single or multiple-choice stem says not, never, except,
  least or cannot, and the word is neither in capitals nor in bold (``**not**``,
  ``<b>``, ``<strong>``).
- ``absolute_words``: a true/false statement says always, never, all, none,
  only, must, every, nobody, nothing, no one, entirely or completely; the
  test-wise learner answers "false" without knowing the standard.
- ``too_few_options``: a single or multiple-choice item with fewer than three
  options (a true/false item is exempt).
- ``duplicate``: the stems, normalised (case, punctuation and spaces ignored),
  are at least 85 % alike (``difflib`` ratio), or at least 70 % alike with the
  same right answer; checked against the other items of the bank and the
  practice questions of the lessons.
- ``short_answer_variants``: a trivial variant of an accepted short answer
  that the scoring (``quizzes.scoring.normalise_text``, which ignores case,
  width, all whitespace and a final full stop) would mark wrong: without a
  leading article, a hyphen written as a space, a number written as digits or
  as a word (0 to 99).

Languages: the checks that read words (negative stems, absolute words, all or
none of the above, the stem's key words, short-answer variants) use the lists
of the question's language, from ``quizzes.check_words`` (English, Russian,
Latvian; its docstring says how each rule reads in each language). An item's
language is the ``language`` given to a check, else the item's own (its
question's locale), else, in ``check_item``, the language the bank's other
items share, else the site's default language (``LANGUAGE_CODE``).

Across a bank: the share of single-choice items whose right option is strictly
the longest, against chance (the mean of 1 / number of options). It is flagged
when there are at least ``SHARE_MIN_ITEMS`` (5) such items and the share is
more than ``SHARE_MARGIN`` (15 percentage points) above chance.
"""

import difflib
import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from quizzes import check_words
from quizzes.check_words import CheckWords, base_language, words_for
from quizzes.models import QuestionKind
from quizzes.scoring import normalise_text

LONGER_BY = 0.2
KEY_WORD_MIN_LETTERS = 4
KEY_WORD_STEM = check_words.KEY_LETTERS
MIN_OPTIONS = 3
DUPLICATE_RATIO = 0.85
DUPLICATE_SAME_ANSWER_RATIO = 0.7
SHARE_MIN_ITEMS = 5
SHARE_MARGIN = 0.15
SHOWN_VARIANTS = 4

CHOICE_KINDS = {QuestionKind.SINGLE, QuestionKind.MULTIPLE}

# Warning codes
RIGHT_IS_LONGEST = "right_is_longest"
STEM_WORDS = "stem_words_in_right_only"
ALL_OR_NONE = "all_or_none_of_the_above"
NEGATIVE_STEM = "negative_stem"
ABSOLUTE_WORDS = "absolute_words"
TOO_FEW_OPTIONS = "too_few_options"
DUPLICATE = "duplicate"
DUPLICATE_PRACTICE = "duplicate_practice"
SHORT_ANSWER_VARIANTS = "short_answer_variants"

RIGHT_IS_LONGEST_MESSAGE = _(
    "The right option is clearly the longest, so a learner can pick it without "
    "knowing the answer. Shorten it or lengthen the wrong options."
)
RIGHT_ARE_LONGEST_MESSAGE = _(
    "The right options are all longer than every wrong one, so a learner can pick "
    "them without knowing the answer. Balance the lengths of the options."
)
STEM_WORDS_MESSAGE = _(
    "Only the right option repeats words of the question (%(words)s). Reword it, "
    "or let a wrong option use those words too."
)
ALL_OR_NONE_MESSAGE = _(
    "The option “%(option)s” lets a learner answer by elimination. Replace it "
    "with a real alternative."
)
NEGATIVE_STEM_MESSAGE = _(
    "The question asks in the negative (“%(word)s”) without emphasis. Write the "
    "word in capitals or bold (**%(word)s**), or ask in the positive."
)
ABSOLUTE_WORDS_MESSAGE = _(
    "The statement says “%(words)s”: absolute words give away that a statement "
    "is false. Qualify the statement or test the point another way."
)
TOO_FEW_OPTIONS_MESSAGE = _(
    "Only %(count)d options: a guess is right too often. Add wrong options drawn "
    "from real mistakes, to at least three."
)
DUPLICATE_MESSAGE = _(
    "Nearly the same as another question of the bank: “%(other)s”. Remove one, "
    "or make them test different points."
)
DUPLICATE_PRACTICE_MESSAGE = _(
    "Nearly the same as a practice question of a lesson: “%(other)s”. Ask it in "
    "other words or about another case, so the quiz tests more than memory."
)
SHORT_ANSWER_VARIANTS_MESSAGE = _(
    "These answers would be marked wrong: %(variants)s. Add the ones you accept "
    "to the accepted answers, one per line."
)
LONGEST_SHARE_MESSAGE = _(
    "In %(longest)d of %(items)d single-choice questions the right option is the "
    "longest (%(share)d %%; by chance %(chance)d %%). Balance the lengths of the "
    "options."
)

# The English lists, under their old names; every language's are in
# ``quizzes.check_words``.
STOP_WORDS = check_words.EN_STOP_WORDS
NEGATIVE_WORDS = check_words.EN_NEGATIVE_WORDS
ABSOLUTE = check_words.EN_ABSOLUTE
ALL_OR_NONE_PATTERN = check_words.EN_ALL_OR_NONE
EMPHASIS_PATTERN = re.compile(
    r"\*\*(.+?)\*\*|<(b|strong)>(.+?)</\2>", re.IGNORECASE | re.DOTALL
)
WORD_PATTERN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
ARTICLE_PATTERN = re.compile(r"^(the|a|an)\s+(?=\S)", re.IGNORECASE)

UNITS = check_words.EN_UNITS
TENS = check_words.EN_TENS
# A hyphen between two letters (Russian and Latvian variants).
LETTER_HYPHEN = re.compile(r"(?<=[^\W\d_])-(?=[^\W\d_])")


@dataclass(frozen=True)
class Option:
    text: str
    is_correct: bool = False


@dataclass(frozen=True)
class Item:
    """A question as the checks see it; ``key`` tells items apart (e.g. the id)."""

    kind: str
    text: str
    options: tuple[Option, ...] = ()
    answer_is_true: bool | None = None
    accepted_answers: tuple[str, ...] = ()
    key: Any = None
    # "en", "ru", "lv"…; None: the language of the check (see the docstring).
    language: str | None = None


@dataclass(frozen=True)
class ItemWarning:
    code: str
    message: Any
    params: dict = field(default_factory=dict, compare=False)

    def __str__(self) -> str:
        return str(self.message % self.params) if self.params else str(self.message)


@dataclass(frozen=True)
class ItemReport:
    item: Item
    warnings: tuple[ItemWarning, ...]

    @property
    def codes(self) -> list[str]:
        return [warning.code for warning in self.warnings]


@dataclass(frozen=True)
class BankReport:
    """Every item's warnings and the bank's longest-option share."""

    items: tuple[ItemReport, ...]
    single_items: int
    longest_right: int
    chance: float

    @property
    def flagged_items(self) -> list[ItemReport]:
        return [report for report in self.items if report.warnings]

    @property
    def counts(self) -> dict[str, int]:
        """How many items carry each warning code."""
        counts = Counter(code for report in self.items for code in set(report.codes))
        return dict(sorted(counts.items()))

    @property
    def longest_share(self) -> float | None:
        if not self.single_items:
            return None
        return self.longest_right / self.single_items

    @property
    def longest_share_flagged(self) -> bool:
        share = self.longest_share
        return (
            share is not None
            and self.single_items >= SHARE_MIN_ITEMS
            and share > self.chance + SHARE_MARGIN
        )

    @property
    def longest_share_warning(self) -> ItemWarning | None:
        if not self.longest_share_flagged:
            return None
        return ItemWarning(
            "longest_share",
            LONGEST_SHARE_MESSAGE,
            {
                "longest": self.longest_right,
                "items": self.single_items,
                "share": round(100 * (self.longest_share or 0)),
                "chance": round(100 * self.chance),
            },
        )

    @property
    def is_clean(self) -> bool:
        return not self.flagged_items and not self.longest_share_flagged


# Building items


def item_from_question(question, language: str | None = None) -> Item:
    """An item from a ``Question`` (prefetch its choices to save a query each, and
    select its locale), in its locale's language unless ``language`` is given."""
    if language is None and getattr(question, "locale_id", None):
        language = question.locale.language_code
    return Item(
        kind=question.kind,
        text=question.text,
        options=tuple(
            Option(choice.text, choice.is_correct) for choice in question.choices.all()
        ),
        answer_is_true=question.answer_is_true,
        accepted_answers=tuple(question.accepted_answer_list),
        key=question.pk,
        language=base_language(language),
    )


def item_from_record(record, key: Any = None, language: str | None = None) -> Item:
    """An item from a question of a parsed bank file (``QuestionRecord``); a file
    does not say its language, so give it (else the check's language is used)."""
    return Item(
        kind=record.kind,
        text=record.text,
        options=tuple(Option(c.text, c.is_correct) for c in record.choices),
        answer_is_true=record.answer_is_true,
        accepted_answers=tuple(a for a in record.accepted_answers if a.strip()),
        key=key,
        language=base_language(language),
    )


def items_from_plan(plan, language: str | None = None) -> list[Item]:
    """The items of a parsed bank file (``transfer.read_file``), keyed by number."""
    return [
        item_from_record(record, key=number, language=language)
        for number, record in plan.records
    ]


def practice_item(value: dict, key: Any = None, language: str | None = None) -> Item:
    """An item from a lesson's practice question block value (or its raw JSON)."""
    return Item(
        kind=QuestionKind.SINGLE,
        text=value.get("question") or "",
        options=tuple(
            Option(choice.get("text") or "", bool(choice.get("is_correct")))
            for choice in _list_values(value.get("choices"))
        ),
        key=key,
        language=base_language(language),
    )


def _list_values(items) -> list[dict]:
    """ListBlock items, whether plain dicts or ``{"type": "item", "value": …}``."""
    values = []
    for item in items or []:
        if isinstance(item, dict) and "value" in item and "type" in item:
            item = item["value"]
        if hasattr(item, "get"):
            values.append(item)
    return values


# Languages


def default_language() -> str:
    """The site's default content language ("en" without settings)."""
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured

    try:
        code = settings.LANGUAGE_CODE
    except ImproperlyConfigured:
        return check_words.DEFAULT
    try:
        from wagtail.coreutils import get_supported_content_language_variant

        code = get_supported_content_language_variant(code)
    except (LookupError, ImproperlyConfigured):
        pass
    return base_language(code) or check_words.DEFAULT


def language_of(item: Item, language: str | None = None) -> str:
    """The language the checks read ``item`` in: given, the item's, the site's."""
    return base_language(language) or item.language or default_language()


def _words(item: Item, language: str | None) -> CheckWords:
    return words_for(language_of(item, language))


def _shared_language(items: Iterable[Item]) -> str | None:
    """The one language the items are in, if they have one."""
    languages = {item.language for item in items}
    if len(languages) == 1:
        return next(iter(languages))
    return None


# Text helpers


def squash(text: str) -> str:
    """Text with its runs of whitespace made one space, stripped."""
    return " ".join(text.split())


@functools.lru_cache(maxsize=4096)
def normalise(text: str) -> str:
    """Text as stems are compared: case, punctuation, markup and spaces ignored."""
    text = re.sub(r"<[^>]+>", " ", unicodedata.normalize("NFKC", text)).casefold()
    text = text.replace("ё", "е")  # Russian writers mix them; no other language has ё
    return " ".join(WORD_PATTERN.findall(text) + re.findall(r"\d+", text))


def key_words(text: str, language: str | None = None) -> set[str]:
    """The stem's key words by their first letters (see the module docstring)."""
    lists = words_for(base_language(language) or default_language())
    return _key_words(text, lists)


def _key_words(text: str, lists: CheckWords) -> set[str]:
    words = [lists.fold(word) for word in WORD_PATTERN.findall(_nfc(text))]
    return {
        lists.key(word)
        for word in words
        if len(word) >= KEY_WORD_MIN_LETTERS and word not in lists.stop_words
    }


def _nfc(text: str) -> str:
    """Letters composed (a Latvian ā or Russian й typed as two code points)."""
    return unicodedata.normalize("NFC", text)


def _right(item: Item) -> list[Option]:
    return [option for option in item.options if option.is_correct]


def _wrong(item: Item) -> list[Option]:
    return [option for option in item.options if not option.is_correct]


def _length(option: Option) -> int:
    return len(squash(option.text))


def _short(text: str, limit: int = 80) -> str:
    text = squash(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


# Checks of one item


def right_is_longest(item: Item, language: str | None = None) -> list[ItemWarning]:
    """The right option(s) clearly longer than every wrong one."""
    right, wrong = _right(item), _wrong(item)
    if item.kind not in CHOICE_KINDS or not right or not wrong:
        return []
    shortest_right = min(_length(option) for option in right)
    longest_wrong = max(_length(option) for option in wrong)
    if shortest_right <= longest_wrong * (1 + LONGER_BY):
        return []
    message = (
        RIGHT_IS_LONGEST_MESSAGE
        if item.kind == QuestionKind.SINGLE
        else RIGHT_ARE_LONGEST_MESSAGE
    )
    return [ItemWarning(RIGHT_IS_LONGEST, message)]


def is_strictly_longest(item: Item) -> bool:
    """A single-choice item whose right option is longer than each wrong one."""
    right, wrong = _right(item), _wrong(item)
    if len(right) != 1 or not wrong:
        return False
    return _length(right[0]) > max(_length(option) for option in wrong)


def stem_words_in_right_only(
    item: Item, language: str | None = None
) -> list[ItemWarning]:
    """Only the right option(s) echo the stem's key words."""
    right, wrong = _right(item), _wrong(item)
    if item.kind not in CHOICE_KINDS or not right or not wrong:
        return []
    lists = _words(item, language)
    stem = _key_words(item.text, lists)
    echoed = set().union(*(stem & _key_words(option.text, lists) for option in right))
    if not echoed or any(stem & _key_words(option.text, lists) for option in wrong):
        return []
    words = dict.fromkeys(
        word
        for word in WORD_PATTERN.findall(_nfc(item.text).casefold())
        if lists.key(lists.fold(word)) in echoed
        and lists.fold(word) not in lists.stop_words
    )
    quoted = ", ".join(f"“{word}”" for word in words)
    return [ItemWarning(STEM_WORDS, STEM_WORDS_MESSAGE, {"words": quoted})]


def all_or_none_of_the_above(
    item: Item, language: str | None = None
) -> list[ItemWarning]:
    if item.kind not in CHOICE_KINDS:
        return []
    lists = _words(item, language)
    return [
        ItemWarning(ALL_OR_NONE, ALL_OR_NONE_MESSAGE, {"option": squash(option.text)})
        for option in item.options
        if _says_all_or_none(_nfc(option.text), lists)
    ]


def _says_all_or_none(text: str, lists: CheckWords) -> bool:
    if lists.all_or_none.search(text):
        return True
    whole = lists.whole_option_all_or_none
    return bool(whole and whole.search(text))


def negative_stem(item: Item, language: str | None = None) -> list[ItemWarning]:
    """A negative word in the stem, neither in capitals nor in bold."""
    if item.kind not in CHOICE_KINDS:
        return []
    lists = _words(item, language)
    plain = EMPHASIS_PATTERN.sub(" ", lists.question_part(_nfc(item.text)))
    if lists.not_negative is not None:
        plain = lists.not_negative.sub(" ", plain)
    for word in WORD_PATTERN.findall(plain):
        if lists.is_negative(word) and not word.isupper():
            return [ItemWarning(NEGATIVE_STEM, NEGATIVE_STEM_MESSAGE, {"word": word})]
    return []


def absolute_words(item: Item, language: str | None = None) -> list[ItemWarning]:
    """Absolute words in a true/false statement."""
    if item.kind != QuestionKind.TRUE_FALSE:
        return []
    lists = _words(item, language)
    text = " ".join(lists.fold(w) for w in WORD_PATTERN.findall(_nfc(item.text)))
    if lists.not_absolute is not None:
        text = lists.not_absolute.sub(" ", text)
    found = [word for word in lists.absolute if re.search(rf"\b{word}\b", text)]
    if not found:
        return []
    words = ", ".join(found)
    return [ItemWarning(ABSOLUTE_WORDS, ABSOLUTE_WORDS_MESSAGE, {"words": words})]


def too_few_options(item: Item, language: str | None = None) -> list[ItemWarning]:
    if item.kind not in CHOICE_KINDS:
        return []
    count = len({normalise(option.text) for option in item.options if option.text})
    if count >= MIN_OPTIONS:
        return []
    return [ItemWarning(TOO_FEW_OPTIONS, TOO_FEW_OPTIONS_MESSAGE, {"count": count})]


def short_answer_variants(item: Item, language: str | None = None) -> list[ItemWarning]:
    """Trivial variants of the accepted answers that the scoring would refuse."""
    if item.kind != QuestionKind.SHORT_TEXT or not item.accepted_answers:
        return []
    language = language_of(item, language)
    accepted = {normalise_text(answer) for answer in item.accepted_answers}
    missed = []
    for answer in item.accepted_answers:
        for variant in variants_of(answer, language):
            key = normalise_text(variant)
            if key and key not in accepted:
                accepted.add(key)
                missed.append(variant)
    if not missed:
        return []
    shown = ", ".join(f"“{variant}”" for variant in missed[:SHOWN_VARIANTS])
    if len(missed) > SHOWN_VARIANTS:
        shown += ", …"
    return [
        ItemWarning(
            SHORT_ANSWER_VARIANTS, SHORT_ANSWER_VARIANTS_MESSAGE, {"variants": shown}
        )
    ]


def variants_of(answer: str, language: str | None = None) -> list[str]:
    """Trivial variants a learner may write for ``answer`` (see the docstring)."""
    answer = squash(answer)
    if not answer:
        return []
    lists = words_for(base_language(language) or default_language())
    if lists.language != "en":
        return _other_variants(_nfc(answer), lists)
    variants = []
    without_article = ARTICLE_PATTERN.sub("", answer)
    if without_article != answer:
        variants.append(without_article)
    if "-" in answer:
        variants.append(answer.replace("-", " "))
    variants += _number_variants(answer)
    return variants


def number_word(number: int) -> str:
    """0 to 99 in English words, with a hyphen: 24 → twenty-four."""
    if number < 20:
        return UNITS[number]
    tens, unit = divmod(number, 10)
    return TENS[tens - 2] + (f"-{UNITS[unit]}" if unit else "")


WORD_NUMBERS = {number_word(n): n for n in range(100)}
NUMBER_WORD_PATTERN = re.compile(
    r"\b(" + "|".join(sorted(WORD_NUMBERS, key=len, reverse=True)) + r")\b",
    re.IGNORECASE,
)
TENS_SPACE_UNIT = re.compile(
    r"\b(" + "|".join(TENS) + r")\s+(" + "|".join(UNITS[1:10]) + r")\b", re.IGNORECASE
)


def _number_variants(answer: str) -> list[str]:
    """The answer with its numbers as words, or its number words as digits."""
    variants = []
    as_words = re.sub(r"\b\d{1,2}\b", lambda m: number_word(int(m.group())), answer)
    if as_words != answer:
        variants.append(as_words)
    hyphenated = TENS_SPACE_UNIT.sub(r"\1-\2", answer)
    as_digits = NUMBER_WORD_PATTERN.sub(
        lambda m: str(WORD_NUMBERS[m.group().casefold()]), hyphenated
    )
    if as_digits != hyphenated:
        variants.append(as_digits)
    return variants


def _other_variants(answer: str, lists: CheckWords) -> list[str]:
    """Russian and Latvian variants (see ``quizzes.check_words``): no articles; a
    hyphen only between letters; number words as digits, a bare number as a word;
    Russian ё as е."""
    variants = []
    if lists.language == "ru" and re.search("[ёЁ]", answer):
        variants.append(answer.replace("ё", "е").replace("Ё", "Е"))
    unhyphenated = LETTER_HYPHEN.sub(" ", answer)
    if unhyphenated != answer:
        variants.append(unhyphenated)
    bare = answer.rstrip(".")
    if bare.isdecimal() and len(bare) <= 2 and lists.number_names:
        variants.append(lists.number_names[int(bare)])
    if lists.number_words:
        as_digits = _number_word_pattern(lists.language).sub(
            lambda m: str(lists.number_words[lists.fold(squash(m.group()))]), answer
        )
        if as_digits != answer:
            variants.append(as_digits)
    return variants


@functools.cache
def _number_word_pattern(language: str) -> re.Pattern:
    forms = sorted(words_for(language).number_words, key=len, reverse=True)
    alternatives = "|".join(
        r"\s+".join(re.escape(part) for part in form.split()) for form in forms
    )
    return re.compile(rf"(?<![^\W\d_])({alternatives})(?![^\W\d_])", re.IGNORECASE)


ITEM_CHECKS = (
    right_is_longest,
    stem_words_in_right_only,
    all_or_none_of_the_above,
    negative_stem,
    absolute_words,
    too_few_options,
    short_answer_variants,
)


# Duplicates


def is_duplicate(item: Item, other: Item) -> bool:
    """The stems are nearly the same (see the module docstring)."""
    first, second = normalise(item.text), normalise(other.text)
    if not first or not second:
        return False
    matcher = difflib.SequenceMatcher(None, first, second, autojunk=False)
    lowest = min(DUPLICATE_RATIO, DUPLICATE_SAME_ANSWER_RATIO)
    if matcher.real_quick_ratio() < lowest or matcher.quick_ratio() < lowest:
        return False
    ratio = matcher.ratio()
    if ratio >= DUPLICATE_RATIO:
        return True
    return ratio >= DUPLICATE_SAME_ANSWER_RATIO and _same_answer(item, other)


def _same_answer(item: Item, other: Item) -> bool:
    answer = _answer_key(item)
    return bool(answer) and answer == _answer_key(other)


def _answer_key(item: Item) -> frozenset[str]:
    if item.kind == QuestionKind.TRUE_FALSE and item.answer_is_true is not None:
        return frozenset({str(item.answer_is_true)})
    if item.kind == QuestionKind.SHORT_TEXT:
        return frozenset(normalise_text(a) for a in item.accepted_answers)
    return frozenset(normalise(option.text) for option in _right(item))


def duplicates(
    item: Item, others: Iterable[Item], practice: Iterable[Item] = ()
) -> list[ItemWarning]:
    """Warnings for each other item or practice question that ``item`` repeats."""
    warnings = [
        ItemWarning(DUPLICATE, DUPLICATE_MESSAGE, {"other": _short(other.text)})
        for other in others
        if other is not item and is_duplicate(item, other)
    ]
    warnings += [
        ItemWarning(
            DUPLICATE_PRACTICE, DUPLICATE_PRACTICE_MESSAGE, {"other": _short(p.text)}
        )
        for p in practice
        if is_duplicate(item, p)
    ]
    return warnings


# Whole items and banks


def check_item(
    item: Item,
    others: Sequence[Item] = (),
    practice: Sequence[Item] = (),
    language: str | None = None,
) -> list[ItemWarning]:
    """Every warning for ``item``, compared with the bank's other items and practice.

    Its language: ``language``, else the item's, else the one the bank's other
    items share (a question being edited is in its bank's language), else the
    site's."""
    language = (
        base_language(language)
        or item.language
        or _shared_language(others)
        or default_language()
    )
    warnings = [warning for check in ITEM_CHECKS for warning in check(item, language)]
    others = [other for other in others if other.key is None or other.key != item.key]
    return warnings + duplicates(item, others, practice)


def check_bank(
    questions: Iterable[Item],
    practice: Sequence[Item] = (),
    language: str | None = None,
) -> BankReport:
    """Check every item of a bank, and the bank's longest-option share; each item
    in ``language``, else its own, else the site's."""
    items = list(questions)
    reports = tuple(
        ItemReport(
            item,
            tuple(
                [w for check in ITEM_CHECKS for w in check(item, language)]
                + duplicates(item, items, practice)
            ),
        )
        for item in items
    )
    singles = [
        item
        for item in items
        if item.kind == QuestionKind.SINGLE and _right(item) and _wrong(item)
    ]
    chance = (
        sum(1 / len(item.options) for item in singles) / len(singles)
        if singles
        else 0.0
    )
    return BankReport(
        items=reports,
        single_items=len(singles),
        longest_right=sum(is_strictly_longest(item) for item in singles),
        chance=chance,
    )
