"""The demo's quiz files (read, not loaded) and the loader (on small files)."""

import json
import re
from io import StringIO

import pytest
import yaml

from courses.course_files import read_clauses
from lms.demo.course import load_clauses
from lms.demo.quizzes import (
    CONTENT,
    PRACTICE_MODULE,
    PRACTICE_TITLE,
    QUIZ_FIELDS,
    load_quizzes,
    practice_quiz,
    read_quiz_settings,
)
from quizzes import checks, transfer
from quizzes import services as quiz_services
from quizzes.models import (
    Category,
    CategoryDraw,
    Choice,
    Question,
    QuestionBank,
    QuestionKind,
    Quiz,
)

pytestmark = pytest.mark.django_db

MODULE_SLUGS = [
    "why-a-standard",
    "telephone",
    "stages-of-service",
    "service-policy",
    "rules-of-conduct",
    "appearance",
    "conflict-situations",
]


# The real files, read as the loader reads them


@pytest.fixture
def settings_file():
    return read_quiz_settings()


# The folders of the banks and the lessons in each language of the demo.
LANGUAGES = {"en": "", "ru": ".ru", "lv": ".lv"}


def read_banks(language: str = "en") -> dict[str, transfer.BankImport]:
    """Every demo bank file of ``language``, read and checked by the bank import:
    {file name: plan}."""
    load_clauses()
    folder = CONTENT / f"banks{LANGUAGES[language]}"
    return {
        path.name: transfer.read_file(path.read_bytes(), file_name=path.name)
        for path in sorted(folder.glob("*.json"))
    }


@pytest.fixture
def banks():
    """The English banks."""
    return read_banks()


@pytest.fixture(params=LANGUAGES)
def language(request):
    return request.param


@pytest.fixture
def language_banks(language):
    """The banks of each language in turn: the checks that read the items hold
    for the translations too."""
    return read_banks(language)


def records(plan) -> list[transfer.QuestionRecord]:
    return [record for _number, record in plan.records]


def test_every_demo_bank_file_is_valid_and_tagged(language_banks):
    assert len(language_banks) == len(MODULE_SLUGS)
    for name, plan in language_banks.items():
        assert plan.errors == [], name
        assert plan.is_valid and plan.bank_name, name
        for record in records(plan):
            assert record.clauses, (name, record.text)
            assert record.explanation, (name, record.text)


def shape(record: transfer.QuestionRecord) -> tuple:
    """What a translation keeps of a question: all but the words."""
    return (
        record.kind,
        record.points,
        record.partial_credit,
        record.answer_is_true,
        record.clauses,
        bool(record.category),
        [choice.is_correct for choice in record.choices],
    )


@pytest.mark.parametrize("language", ["ru", "lv"])
def test_a_translated_bank_has_the_shape_of_the_english_one(banks, language):
    """The same questions in the same order, with the same number of choices
    right in the same places, as the translation of a bank requires."""
    translated = read_banks(language)

    assert translated.keys() == banks.keys()
    for name, plan in translated.items():
        assert [shape(r) for r in records(plan)] == [
            shape(r) for r in records(banks[name])
        ], name


def test_one_graded_quiz_per_module_each_on_its_own_bank(settings_file, banks):
    entries = settings_file["quizzes"]

    assert [entry["module"] for entry in entries] == MODULE_SLUGS
    assert sorted(entry["bank"] for entry in entries) == sorted(banks)
    for entry in entries:
        bank = records(banks[entry["bank"]])
        assert len(bank) >= 8, entry["title"]
        assert len({record.kind for record in bank}) >= 3, entry["title"]


def test_every_kind_is_used_and_one_essay_in_the_course(settings_file, banks):
    by_bank = {
        entry["bank"]: records(banks[entry["bank"]])
        for entry in settings_file["quizzes"]
    }
    kinds = {record.kind for bank in by_bank.values() for record in bank}
    essays = [
        name
        for name, bank in by_bank.items()
        for record in bank
        if record.kind == QuestionKind.ESSAY
    ]

    assert kinds == set(QuestionKind.values)
    assert essays == ["conflict-situations.json"]


def test_settings_name_quiz_fields_and_vary_as_the_course_needs(settings_file):
    defaults = settings_file["defaults"]
    entries = settings_file["quizzes"]
    settings = [{**defaults, **entry.get("settings", {})} for entry in entries]

    for values in [defaults, *settings, settings_file["practice"]["settings"]]:
        assert set(values) <= QUIZ_FIELDS
    assert all(values["mode"] == Quiz.Mode.GRADED for values in settings)
    assert all(values["pass_mark"] == 80 for values in settings)
    assert all(values["attempt_limit"] == 3 for values in settings)
    assert [v["time_limit_minutes"] for v in settings if v["time_limit_minutes"]] == [
        15
    ]
    assert sum(values["cooldown_minutes"] == 10 for values in settings) >= 4


def test_draws_take_fewer_questions_than_the_quiz_shows(settings_file, banks):
    drawn = [entry for entry in settings_file["quizzes"] if entry.get("draws")]

    assert [entry["module"] for entry in drawn] == ["rules-of-conduct"]
    entry = drawn[0]
    plan = banks[entry["bank"]]
    count = entry["settings"]["question_count"]
    assert set(entry["draws"]) <= set(plan.category_names())
    assert sum(entry["draws"].values()) <= count == 8
    assert len(plan.records) == 10


def test_the_practice_quiz_draws_from_its_modules_bank(settings_file, banks):
    practice = settings_file["practice"]
    graded = {entry["module"]: entry for entry in settings_file["quizzes"]}

    assert (practice["module"], practice["title"]) == (PRACTICE_MODULE, PRACTICE_TITLE)
    assert practice["bank"] == graded[PRACTICE_MODULE]["bank"]
    assert practice["settings"]["mode"] == Quiz.Mode.PRACTICE
    assert practice["settings"]["attempt_limit"] is None
    assert practice["settings"]["question_count"] < len(banks[practice["bank"]].records)


def test_short_text_accepts_the_usual_ways_of_writing_a_number(banks):
    (question,) = [
        record
        for record in records(banks["service-policy.json"])
        if record.kind == QuestionKind.SHORT_TEXT
    ]

    assert {"4", "4 hours", "four", "four hours", "4."} <= set(
        question.accepted_answers
    )


# The items themselves: they test the standard, not test-wiseness

PRACTICE_BLOCK = re.compile(r"```practice_question\n(.*?)```", re.DOTALL)

# Warnings of the item checks that a demo bank keeps on purpose:
# {(bank file, warning code, start of the question): why}. None today.
EXPLAINED_WARNINGS: dict[tuple[str, str, str], str] = {}


def practice_questions(language: str = "en") -> list[checks.Item]:
    """The practice questions of the demo lessons in ``language``, as the item
    checks see them."""
    folder = CONTENT / f"course{LANGUAGES[language]}"
    return [
        checks.practice_item(yaml.safe_load(block), key=path.name, language=language)
        for path in sorted(folder.glob("**/*.md"))
        for block in PRACTICE_BLOCK.findall(path.read_text(encoding="utf-8"))
    ]


def test_the_demo_banks_pass_the_item_checks(language, language_banks):
    practice = practice_questions(language)
    warnings = {}
    for name, plan in language_banks.items():
        items = checks.items_from_plan(plan, language=language)
        report = checks.check_bank(items, practice, language=language)
        assert not report.longest_share_flagged, (name, report.longest_share_warning)
        for item in report.flagged_items:
            for warning in item.warnings:
                warnings[(name, warning.code, item.item.text[:40])] = str(warning)

    assert len(practice) >= 15
    assert set(warnings) == set(EXPLAINED_WARNINGS), warnings


def test_the_practice_questions_pass_the_item_checks(language):
    """A lesson's practice question gives away no more than a quiz item."""
    warnings = [
        (item.key, item.text[:40], str(warning))
        for item in practice_questions(language)
        for warning in checks.check_item(item, language=language)
    ]

    assert warnings == []


def option_rank_shares(banks) -> tuple[float, float, float, int]:
    """Over every single-choice item: how often the right option is strictly the
    longest, strictly the shortest, and what chance (mean 1 / options) gives."""
    singles = [
        record
        for plan in banks.values()
        for record in records(plan)
        if record.kind == QuestionKind.SINGLE
    ]
    longest = shortest = 0
    for record in singles:
        right = [len(" ".join(c.text.split())) for c in record.choices if c.is_correct]
        wrong = [
            len(" ".join(c.text.split())) for c in record.choices if not c.is_correct
        ]
        longest += right[0] > max(wrong)
        shortest += right[0] < min(wrong)
    chance = sum(1 / len(record.choices) for record in singles) / len(singles)
    return longest / len(singles), shortest / len(singles), chance, len(singles)


def test_the_longest_option_is_right_about_as_often_as_chance(language_banks):
    longest, shortest, chance, count = option_rank_shares(language_banks)

    assert count >= 20
    assert abs(longest - chance) <= 0.1, (longest, chance)
    # Nor is the shortest option the safe guess instead.
    assert shortest <= chance + 0.1, (shortest, chance)


def test_choice_items_offer_at_least_three_options(language_banks):
    for name, plan in language_banks.items():
        for record in records(plan):
            if record.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
                assert len(record.choices) >= 3, (name, record.text)


def test_true_false_items_are_balanced(language_banks):
    answers = [
        record.answer_is_true
        for plan in language_banks.values()
        for record in records(plan)
        if record.kind == QuestionKind.TRUE_FALSE
    ]

    assert len(answers) >= 10
    assert 0.25 <= sum(answers) / len(answers) <= 0.75


def test_every_clause_of_the_standard_is_tested_by_a_graded_item(settings_file, banks):
    graded = {entry["bank"] for entry in settings_file["quizzes"]}
    tested = {
        code
        for name in graded
        for record in records(banks[name])
        for code in record.clauses
    }
    clauses = {
        clause["code"] for clause in read_clauses(CONTENT / "course" / "clauses.yaml")
    }

    assert clauses - tested == set()


def test_the_policy_quiz_marks_the_companys_authority_rule_right(banks):
    """Up to €50 on the spot; more, or a large replacement, with the duty manager
    called while the customer waits. Buying from a competitor is another
    company's example, and telling the manager afterwards is not our rule."""
    policy = records(banks["service-policy.json"])
    authority = [record for record in policy if "POL-4" in record.clauses]
    right = [c.text for r in authority for c in r.choices if c.is_correct]
    wrong = [c.text for r in authority for c in r.choices if not c.is_correct]

    assert len(authority) >= 3
    assert any("€30" in text for text in right)
    assert any("duty manager" in text for text in right)
    assert not any("competitor" in text or "afterwards" in text for text in right)
    assert any("competitor" in text for text in wrong)
    assert [r.answer_is_true for r in authority if r.kind == "true_false"] == [False]


def test_the_loaded_demo_banks_export_as_their_files():
    """The files are what the bank export writes: the import loses nothing."""
    quizzes = load_quizzes()

    assert list(quizzes) == MODULE_SLUGS
    for entry in read_quiz_settings()["quizzes"]:
        bank = quizzes[entry["module"]].bank
        path = CONTENT / "banks" / entry["bank"]
        assert transfer.export_json(bank) == path.read_text(encoding="utf-8")
    assert practice_quiz().bank == quizzes[PRACTICE_MODULE].bank


# The loader, on small files

SMALL_BANK = {
    "format": "quiz-bank",
    "version": 1,
    "bank": {"name": "Phone basics", "description": "Two questions."},
    "categories": ["Rings"],
    "questions": [
        {
            "category": "Rings",
            "kind": "single",
            "text": "By which ring do you answer?",
            "explanation": "Three rings at most.",
            "clauses": ["TEL-1"],
            "choices": [
                {"text": "The third", "is_correct": True},
                {"text": "The fifth", "feedback": "Too late."},
            ],
        },
        {
            "kind": "true_false",
            "text": "Callers hear a smile.",
            "answer_is_true": True,
            "explanation": "A smile changes your voice.",
            "clauses": ["TEL-3"],
        },
    ],
}
SMALL_SETTINGS = {
    "defaults": {"mode": "graded", "pass_mark": 80, "attempt_limit": 3},
    "quizzes": [
        {
            "module": "telephone",
            "bank": "phone.json",
            "title": "Phone quiz",
            "introduction": "Two questions.",
            "settings": {"pass_mark": 50},
            "draws": {"Rings": 1},
        }
    ],
    "practice": {
        "module": "telephone",
        "bank": "phone.json",
        "title": "Phone self-check",
        "settings": {"mode": "practice", "attempt_limit": None},
    },
}


def write_content(folder, *, bank=SMALL_BANK, settings=SMALL_SETTINGS):
    (folder / "banks").mkdir(exist_ok=True)
    (folder / "banks" / "phone.json").write_text(json.dumps(bank), encoding="utf-8")
    (folder / "quizzes.yaml").write_text(yaml.safe_dump(settings), encoding="utf-8")
    return folder


@pytest.fixture
def content(tmp_path):
    return write_content(tmp_path)


def counts():
    return tuple(
        model.objects.count()
        for model in (QuestionBank, Category, Question, Choice, Quiz, CategoryDraw)
    ) + (Question.clauses.through.objects.count(),)


def test_the_loader_makes_the_banks_and_quizzes_the_files_describe(content):
    quizzes = load_quizzes(content=content)

    quiz = quizzes["telephone"]
    assert list(quizzes) == ["telephone"]
    assert (quiz.bank.name, quiz.bank.description) == ("Phone basics", "Two questions.")
    assert (quiz.title, quiz.introduction) == ("Phone quiz", "Two questions.")
    assert (quiz.mode, quiz.pass_mark, quiz.attempt_limit) == ("graded", 50, 3)
    assert [(d.category.name, d.count) for d in quiz.category_draws.all()] == [
        ("Rings", 1)
    ]
    in_file = records(transfer.read_json(json.dumps(SMALL_BANK).encode()))
    by_text = sorted(transfer.bank_records(quiz.bank), key=lambda r: r.text)
    assert by_text == sorted(in_file, key=lambda r: r.text)
    practice = Quiz.objects.get(title="Phone self-check")
    assert practice.bank == quiz.bank
    assert (practice.mode, practice.attempt_limit) == ("practice", None)


def test_loading_twice_duplicates_nothing(content):
    quizzes = load_quizzes(content=content)
    first = counts()
    out = StringIO()

    again = load_quizzes(stdout=out, content=content)

    assert counts() == first == (1, 1, 2, 2, 2, 1, 2)
    assert again["telephone"].pk == quizzes["telephone"].pk
    assert out.getvalue() == "Quizzes: 1 graded with 2 questions, and a practice quiz."


def test_loading_again_repairs_an_edited_question(content):
    quiz = load_quizzes(content=content)["telephone"]
    question = quiz.bank.questions.get(kind="single")
    question.choices.all().delete()
    question.clauses.clear()
    question.points = 5
    question.save()

    load_quizzes(content=content)

    question.refresh_from_db()
    assert question.points == 1
    assert [c.text for c in question.choices.all()] == ["The third", "The fifth"]
    assert [c.code for c in question.clauses.all()] == ["TEL-1"]


def test_loading_again_takes_what_changed_in_the_files(content):
    quiz = load_quizzes(content=content)["telephone"]
    question = quiz.bank.questions.get(kind="true_false")
    bank = json.loads(json.dumps(SMALL_BANK))
    bank["questions"][1]["explanation"] = "Smile before you pick up."
    settings = json.loads(json.dumps(SMALL_SETTINGS))
    settings["quizzes"][0]["settings"]["pass_mark"] = 70
    write_content(content, bank=bank, settings=settings)

    load_quizzes(content=content)

    question.refresh_from_db()
    quiz.refresh_from_db()
    assert question.explanation == "Smile before you pick up."
    assert quiz.pass_mark == 70
    assert Question.objects.count() == 2


def test_a_question_taken_out_of_the_file_leaves_the_bank(content):
    from tests.factories import UserFactory

    quiz = load_quizzes(content=content)["telephone"]
    practice = Quiz.objects.get(title="Phone self-check")  # shows every question
    attempt = quiz_services.start_attempt(UserFactory(), quiz=practice)
    bank = json.loads(json.dumps(SMALL_BANK))
    bank["questions"][1]["text"] = "A smile can be heard on the phone."
    write_content(content, bank=bank)

    load_quizzes(content=content)

    texts = set(quiz.bank.questions.values_list("text", flat=True))
    assert texts == {
        "By which ring do you answer?",
        "A smile can be heard on the phone.",
    }
    # The attempt keeps what it showed.
    shown = {answer.snapshot["text"] for answer in attempt.answers.all()}
    assert "Callers hear a smile." in shown


def test_a_bank_file_the_import_refuses_stops_the_loader(content):
    bank = json.loads(json.dumps(SMALL_BANK))
    bank["questions"][0]["clauses"] = ["NOPE-1"]
    write_content(content, bank=bank)

    with pytest.raises(ValueError, match=r"phone\.json: question 1: Unknown clause"):
        load_quizzes(content=content)

    assert Question.objects.count() == 0


def test_an_unknown_quiz_setting_stops_the_loader(content):
    settings = json.loads(json.dumps(SMALL_SETTINGS))
    settings["quizzes"][0]["settings"]["pass_mrak"] = 50
    write_content(content, settings=settings)

    with pytest.raises(ValueError, match="pass_mrak"):
        load_quizzes(content=content)
