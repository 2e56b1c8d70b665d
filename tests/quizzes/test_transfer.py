import csv
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from people import roles
from quizzes import admin_forms as rules
from quizzes import transfer
from quizzes.models import Category, Choice, Question, QuestionBank, QuestionKind
from tests.factories import UserFactory
from tests.quizzes.factories import (
    CategoryFactory,
    ClauseFactory,
    QuestionBankFactory,
    make_bank_with_every_kind,
    make_question,
)

pytestmark = pytest.mark.django_db

HEADER = ",".join(transfer.CSV_HEADER)
GOOD_ROW = "Phone,single,How many rings?,1,no,,,Fast.,TEL-1,Three::yes|Five"


@pytest.fixture
def clauses():
    return [ClauseFactory(code="TEL-1"), ClauseFactory(code="TEL-2")]


@pytest.fixture
def awkward_bank(clauses):
    """Every kind of question, with text that tests the CSV encoding's escapes."""
    bank = make_bank_with_every_kind(name="Source", clauses=clauses)
    CategoryFactory(bank=bank, name="Unused | but kept")
    make_question(
        bank,
        "single",
        text='Say "hello",\nthen wait: what next?',
        explanation="Line one\nline two",
        points=3,
        choices=[
            ("a|b", True, "", "pipe | and colon:"),
            ("c::d", False, "", "ends with a colon:"),
            ("back\\slash", False, "", ":starts with one"),
        ],
        clauses=clauses[:1],
    )
    make_question(
        bank,
        "matching",
        text="Match: these",
        partial_credit=True,
        choices=[
            ("Left: one", False, "Right:: one", ""),
            ("Left two", True, "Right | two", "Feedback\\"),
        ],
    )
    make_question(
        bank,
        "short_text",
        text="Escapes?",
        accepted_answers="24\n24 | hours\ntwenty\\four",
    )
    return bank


def import_into_new_bank(plan, name="Copy"):
    assert plan.errors == []
    bank = QuestionBankFactory(name=name)
    transfer.import_questions(plan, bank=bank)
    return bank


def csv_file(*rows, header=HEADER) -> bytes:
    return "\n".join([header, *rows]).encode("utf-8")


def places(plan):
    return [(error.number, error.code) for error in plan.errors]


# Round trips


def test_csv_round_trip_gives_identical_questions(awkward_bank):
    exported = transfer.export_csv(awkward_bank)

    copy = import_into_new_bank(transfer.read_csv(exported.encode("utf-8")))

    assert transfer.bank_records(copy) == transfer.bank_records(awkward_bank)
    assert transfer.export_csv(copy) == exported


def test_json_round_trip_gives_identical_questions_and_categories(awkward_bank):
    exported = transfer.export_json(awkward_bank)

    copy = import_into_new_bank(transfer.read_json(exported.encode("utf-8")))

    assert transfer.bank_records(copy) == transfer.bank_records(awkward_bank)
    assert sorted(copy.categories.values_list("name", flat=True)) == [
        "Telephone",
        "Unused | but kept",
    ]
    data = json.loads(transfer.export_json(copy))
    assert data["questions"] == json.loads(exported)["questions"]


def test_round_trip_keeps_every_kind_and_its_details(awkward_bank, clauses):
    copy = import_into_new_bank(
        transfer.read_csv(transfer.export_csv(awkward_bank).encode())
    )

    assert set(copy.questions.values_list("kind", flat=True)) == set(
        QuestionKind.values
    )
    ordering = copy.questions.get(kind="ordering")
    assert [c.text for c in ordering.choices.all()] == [
        "Greeting",
        "Need",
        "Offer",
        "Closing",
    ]
    assert ordering.partial_credit is True and ordering.points == 2
    assert set(ordering.clauses.all()) == set(clauses)
    short = copy.questions.get(text="Within how many hours is a complaint resolved?")
    assert short.accepted_answer_list == ["24", "24 hours", "twenty-four"]
    assert copy.questions.get(kind="true_false").answer_is_true is True


# Text a spreadsheet would run as a formula, and text that starts with an
# apostrophe (the mark the export puts in front of such text).
FORMULA_LIKE = ["=", "+", "-", "@", "'", "''", "'="]


@pytest.fixture
def formula_bank():
    bank = QuestionBankFactory(name="Formulas")
    for start in FORMULA_LIKE:
        clause = ClauseFactory(code=f"{start}TEL")
        make_question(
            bank,
            "single",
            text=f"{start}SUM(A1) rings?",
            explanation=f"{start}because",
            category=CategoryFactory(bank=bank, name=f"{start}Phone"),
            choices=[(f"{start}Three", True, "", f"{start}Right."), ("Five", False)],
            clauses=[clause],
        )
        make_question(
            bank,
            "short_text",
            text=f"{start}hours?",
            accepted_answers=f"{start}24\n24 hours",
            clauses=[clause],
        )
    return bank


def test_csv_round_trip_keeps_text_that_starts_like_a_formula(formula_bank):
    exported = transfer.export_csv(formula_bank)

    copy = import_into_new_bank(transfer.read_csv(exported.encode("utf-8")))

    assert transfer.bank_records(copy) == transfer.bank_records(formula_bank)
    assert transfer.export_csv(copy) == exported


@pytest.mark.parametrize(
    "text, cell",
    [
        ("=1+1", "'=1+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("'quoted", "''quoted"),
        ("plain", "plain"),
        ("a = b - c", "a = b - c"),
    ],
)
def test_csv_export_marks_text_that_starts_like_a_formula(text, cell):
    bank = QuestionBankFactory(name="Marks")
    make_question(bank, "essay", text=text)

    header, row = csv.reader(io.StringIO(transfer.export_csv(bank), newline=""))

    assert row[header.index("text")] == cell
    assert row[header.index("points")] == "4"


def test_import_adds_to_a_bank_and_reuses_its_categories(awkward_bank):
    target = QuestionBankFactory(name="Target")
    existing = CategoryFactory(bank=target, name="Telephone")
    make_question(target, "essay")

    result = transfer.import_questions(
        transfer.read_json(transfer.export_json(awkward_bank).encode()), bank=target
    )

    assert result == transfer.ImportResult(questions=10, categories=1)
    assert target.questions.count() == 11
    assert target.questions.filter(category=existing).count() == 7


def json_plan(bank):
    return transfer.read_json(transfer.export_json(bank).encode())


def test_importing_twice_with_update_existing_changes_nothing(awkward_bank):
    target = QuestionBankFactory(name="Target")
    first = transfer.import_questions(
        json_plan(awkward_bank), bank=target, update_existing=True
    )
    ids = set(target.questions.values_list("pk", flat=True))
    choices = set(Choice.objects.values_list("pk", flat=True))

    again = transfer.import_questions(
        json_plan(awkward_bank), bank=target, update_existing=True
    )

    assert first == transfer.ImportResult(questions=10, categories=2)
    assert again == transfer.ImportResult(questions=0, categories=0, updated=0)
    assert set(target.questions.values_list("pk", flat=True)) == ids
    assert set(Choice.objects.values_list("pk", flat=True)) == choices
    assert transfer.bank_records(target) == transfer.bank_records(awkward_bank)


def test_update_existing_repairs_questions_with_the_same_text(awkward_bank, clauses):
    target = QuestionBankFactory(name="Target")
    plan = json_plan(awkward_bank)
    transfer.import_questions(plan, bank=target)
    true_false = target.questions.get(kind="true_false")
    true_false.answer_is_true = not true_false.answer_is_true
    true_false.points = 9
    true_false.category = None
    true_false.save()
    ordering = target.questions.get(kind="ordering")
    ordering.choices.all().delete()
    ordering.clauses.set(clauses[1:])
    own = make_question(target, "essay", text="Only in this bank")

    result = transfer.import_questions(plan, bank=target, update_existing=True)

    assert result == transfer.ImportResult(questions=0, categories=0, updated=2)
    assert target.questions.filter(pk__in=[true_false.pk, ordering.pk]).count() == 2
    assert target.questions.filter(pk=own.pk).exists()
    mine = [r for r in transfer.bank_records(target) if r.text != own.text]
    assert mine == transfer.bank_records(awkward_bank)


def test_without_update_existing_the_same_text_is_added_again(awkward_bank):
    target = QuestionBankFactory(name="Target")
    transfer.import_questions(json_plan(awkward_bank), bank=target)

    result = transfer.import_questions(json_plan(awkward_bank), bank=target)

    assert result == transfer.ImportResult(questions=10, categories=0)
    assert target.questions.count() == 20


def test_update_existing_matches_each_question_once(clauses):
    target = QuestionBankFactory(name="Target")
    existing = make_question(target, "essay", text="Twice?", points=1)
    twice = [{"kind": "essay", "text": "Twice?", "points": 3}] * 2
    content = json.dumps({"questions": twice}).encode()

    result = transfer.import_questions(
        transfer.read_json(content), bank=target, update_existing=True
    )

    assert (result.questions, result.updated) == (1, 1)
    questions = target.questions.order_by("pk")
    assert questions.first().pk == existing.pk
    assert list(questions.values_list("points", flat=True)) == [3, 3]


def test_json_import_reads_the_bank_it_came_from(awkward_bank):
    awkward_bank.description = "  Every kind, awkwardly.  "
    awkward_bank.save()

    plan = json_plan(awkward_bank)

    assert (plan.bank_name, plan.bank_description) == (
        "Source",
        "Every kind, awkwardly.",
    )
    assert transfer.read_csv(transfer.export_csv(awkward_bank).encode()).bank_name == ""


def test_export_reads_the_bank_in_a_fixed_number_of_queries(
    clauses, django_assert_num_queries
):
    small = make_bank_with_every_kind(name="Small", clauses=clauses)
    large = make_bank_with_every_kind(name="Large", clauses=clauses)
    for _n in range(5):
        for kind in QuestionKind.values:
            make_question(large, kind, clauses=clauses)

    for bank in (small, large):
        # Questions with categories, their choices, their clauses.
        with django_assert_num_queries(3):
            transfer.export_csv(bank)


# The CSV encoding


@pytest.mark.parametrize(
    "value",
    ["plain", "a|b", "a::b", "ends:", ":starts", "a:::b", "back\\slash\\", "x: y"],
)
def test_escaped_values_read_back_unchanged(value):
    encoded = transfer.escape(value, parts=True)

    assert transfer.split_cell(f"{encoded}::{encoded}", parts=True) == [[value, value]]


def test_choices_cell_reads_every_part():
    cell = "Left::::Right::Well done|Right one::yes|  |Plain"

    assert transfer.split_cell(cell, parts=True) == [
        ["Left", "", "Right", "Well done"],
        ["Right one", "yes"],
        ["Plain"],
    ]


# Bad files: every fault reported, nothing imported


def test_every_bad_row_is_reported_and_nothing_imported(clauses):
    content = csv_file(
        GOOD_ROW,
        "Phone,riddle,Unknown kind?,1,no,,,,,",
        GOOD_ROW,
        "Phone,single,Two right?,1,no,,,,TEL-9,A::yes|B::yes",
        "Phone,true_false,Bad points,abc,maybe,,,,,",
    )

    plan = transfer.read_csv(content)

    assert places(plan) == [
        (3, "unknown_kind"),
        (5, "unknown_clauses"),
        (5, "single_one_correct"),
        (6, "bad_points"),
        (6, "bad_flag"),
    ]
    assert plan.bad_rows == [3, 5, 6]
    assert not plan.is_valid
    with pytest.raises(ValueError):
        transfer.import_questions(plan, bank=QuestionBankFactory())
    assert not Question.objects.exists()


def test_lines_are_counted_across_quoted_line_breaks(clauses):
    content = csv_file(
        'Phone,single,"Two\nlines\nhere",1,no,,,,,A::yes|B',
        "Phone,single,Bad,1,no,,,,,A|B",
    )

    plan = transfer.read_csv(content)

    assert places(plan) == [(5, "single_one_correct")]


def test_not_utf8_names_the_line():
    # "Café" in Latin-1 on the third line.
    content = csv_file(GOOD_ROW, "Phone,essay,Caf") + b"\xe9?,1,no,,,,,"

    plan = transfer.read_csv(content)

    assert places(plan) == [(3, "not_utf8")]


@pytest.mark.parametrize(
    "content, expected",
    [
        (b"", [(1, "empty_file")]),
        (HEADER.encode(), [(2, "empty")]),
        (
            csv_file(GOOD_ROW, header="category,kind,text,points"),
            [(1, "missing_columns"), (1, "wrong_header")],
        ),
        (
            csv_file(GOOD_ROW, header=HEADER + ",colour"),
            [(1, "unknown_columns"), (1, "wrong_header")],
        ),
        (csv_file("Phone,single,Short row"), [(2, "wrong_width")]),
    ],
    ids=["empty", "no rows", "missing columns", "unknown column", "short row"],
)
def test_file_level_faults(content, expected):
    assert places(transfer.read_csv(content)) == expected


def test_columns_may_come_in_any_order(clauses):
    header = "kind,text,category,points,partial_credit,answer_is_true,"
    header += "accepted_answers,explanation,clauses,choices"
    row = "true_false,Smile on the phone?,Phone,1,no,true,,,TEL-3,"
    ClauseFactory(code="TEL-3")

    plan = transfer.read_csv(csv_file(row, header=header))

    assert plan.errors == []
    assert plan.records[0][1].answer_is_true is True


ROW_CASES = {
    "points too high": ("Phone,essay,Q,101,no,,,,,", ["bad_points"]),
    "points zero": ("Phone,essay,Q,0,no,,,,,", ["bad_points"]),
    "bad truth": ("Phone,true_false,Q,1,no,perhaps,,,,", ["bad_truth"]),
    "no text": ("Phone,essay,,1,no,,,,,", ["required"]),
    "choice in five parts": (
        "Phone,single,Q,1,no,,,,,A::yes::::x::y|B",
        ["bad_choice"],
    ),
    "choice flag": ("Phone,single,Q,1,no,,,,,A::sure|B::yes", ["bad_flag"]),
    "choice without text": (
        "Phone,matching,Q,1,no,,,,,::::x|B::::y|C::::z",
        ["choice_without_text"],
    ),
    "category too long": (
        "X" * 121 + ",true_false,Q,1,no,true,,,,",
        ["too_long"],
    ),
    "true false without answer": ("Phone,true_false,Q,1,no,,,,,", ["true_false"]),
    "ordering of two": ("Phone,ordering,Q,1,no,,,,,A|B", ["ordering_too_few"]),
    "matching without match": (
        "Phone,matching,Q,1,no,,,,,A::::x|B",
        ["matching_no_match"],
    ),
    "short text without answers": (
        "Phone,short_text,Q,1,no,,,,,",
        ["no_accepted_answer"],
    ),
    "essay with choices": ("Phone,essay,Q,1,no,,,,,A", ["no_choices"]),
    "multiple without correct": (
        "Phone,multiple,Q,1,no,,,,,A|B",
        ["multiple_correct"],
    ),
}


@pytest.mark.parametrize("case", ROW_CASES)
def test_bad_rows_get_their_messages(case):
    row, codes = ROW_CASES[case]

    plan = transfer.read_csv(csv_file(row))

    assert places(plan) == [(2, code) for code in codes]


def test_row_errors_use_the_admin_forms_messages():
    plan = transfer.read_csv(csv_file("Phone,single,Q,1,no,,,,,A::yes|B::yes"))

    assert [error.message for error in plan.errors] == [
        str(rules.SINGLE_ONE_CORRECT % {"found": 2})
    ]


JSON_CASES = {
    "not json": (b'{"questions": [', [(0, "bad_json")]),
    "not a bank": (b"[1, 2]", [(0, "not_a_bank")]),
    "other format": (
        b'{"format": "moodle", "questions": []}',
        [(0, "wrong_format")],
    ),
    "other version": (b'{"version": 2, "questions": []}', [(0, "wrong_version")]),
    "no questions": (b'{"questions": []}', [(0, "empty")]),
    "question not an object": (b'{"questions": ["Q?"]}', [(1, "not_an_object")]),
    "unknown key and wrong types": (
        json.dumps(
            {
                "questions": [
                    {
                        "kind": "single",
                        "text": "Q",
                        "colour": "red",
                        "points": "2",
                        "partial_credit": "yes",
                        "clauses": "TEL-1",
                        "choices": [{"text": "A", "is_correct": True}],
                    },
                    {"kind": "essay", "text": "Fine"},
                    {"text": "No kind"},
                ]
            }
        ).encode(),
        [
            (1, "unknown_keys"),
            (1, "bad_points"),
            (1, "wrong_type"),
            (1, "wrong_type"),
            (3, "required"),
        ],
    ),
    "bank not an object": (
        b'{"bank": "Phone", "questions": [{"kind": "essay", "text": "Q"}]}',
        [(0, "bad_bank")],
    ),
    "bank name not text": (
        b'{"bank": {"name": 7}, "questions": [{"kind": "essay", "text": "Q"}]}',
        [(0, "bad_bank")],
    ),
    "bad categories": (
        b'{"categories": "Phone", "questions": [{"kind": "essay", "text": "Q"}]}',
        [(0, "bad_categories")],
    ),
}


@pytest.mark.parametrize("case", JSON_CASES)
def test_bad_json_files(case, clauses):
    content, expected = JSON_CASES[case]

    assert places(transfer.read_json(content)) == expected


def test_json_rule_errors_name_the_question(clauses):
    content = json.dumps(
        {
            "questions": [
                {"kind": "essay", "text": "Fine"},
                {"kind": "ordering", "text": "Q", "choices": [{"text": "A"}]},
                {"kind": "short_text", "text": "Q", "clauses": ["NOPE-1"]},
            ]
        }
    ).encode()

    plan = transfer.read_json(content)

    assert places(plan) == [
        (2, "ordering_too_few"),
        (3, "unknown_clauses"),
        (3, "no_accepted_answer"),
    ]
    assert plan.errors[0].place == "question 2"


def test_read_file_tells_the_formats_apart(awkward_bank):
    as_json = transfer.export_json(awkward_bank).encode()
    as_csv = transfer.export_csv(awkward_bank).encode()

    assert transfer.read_file(as_json, file_name="bank.JSON").format == "json"
    assert transfer.read_file(as_csv, file_name="bank.csv").format == "csv"
    assert transfer.read_file(as_json).format == "json"
    assert transfer.read_file(as_csv).errors == []


# Through the admin


@pytest.fixture
def trainer(client):
    user = UserFactory(roles=[roles.TRAINERS])
    client.force_login(user)
    return user


def upload(client, bank, content: bytes, name="bank.csv"):
    return client.post(
        reverse("quiz_authoring:import_bank", args=[bank.pk]),
        {"file": SimpleUploadedFile(name, content)},
    )


def test_upload_previews_then_imports(client, trainer, awkward_bank):
    target = QuestionBankFactory(name="Target")
    content = transfer.export_csv(awkward_bank).encode()

    preview = upload(client, target, content)

    assert preview.status_code == 200
    assert not target.questions.exists()
    assert "Say &quot;hello&quot;" in preview.text
    token = preview.context["confirm_form"].initial["token"]

    applied = client.post(
        reverse("quiz_authoring:import_bank", args=[target.pk]), {"token": token}
    )

    assert applied.status_code == 302
    assert applied["Location"] == reverse("questions:index") + f"?bank={target.pk}"
    assert transfer.bank_records(target) == transfer.bank_records(awkward_bank)


def test_upload_of_a_bad_file_lists_every_error_and_imports_nothing(client, trainer):
    target = QuestionBankFactory(name="Target")
    content = csv_file(
        "Phone,riddle,Q,1,no,,,,,",
        "Phone,single,Q,1,no,,,,,A::yes|B::yes",
    )

    response = upload(client, target, content)

    assert response.status_code == 200
    assert "confirm_form" not in response.context
    assert [error.number for error in response.context["plan"].errors] == [2, 3]
    assert "Unknown kind “riddle”" in response.text
    assert "Line 3" in response.text
    assert not Question.objects.exists()
    assert not Category.objects.exists()


def test_a_stale_or_forged_token_imports_nothing(client, trainer, awkward_bank):
    target = QuestionBankFactory(name="Target")
    upload(client, target, transfer.export_csv(awkward_bank).encode())

    response = client.post(
        reverse("quiz_authoring:import_bank", args=[target.pk]),
        {"token": "forged"},
        follow=True,
    )

    assert "The preview has expired" in response.text
    assert not target.questions.exists()


def test_a_preview_cannot_be_applied_to_another_bank(client, trainer, awkward_bank):
    first, second = QuestionBankFactory(name="First"), QuestionBankFactory()
    preview = upload(client, first, transfer.export_csv(awkward_bank).encode())
    token = preview.context["confirm_form"].initial["token"]

    client.post(
        reverse("quiz_authoring:import_bank", args=[second.pk]), {"token": token}
    )

    assert not second.questions.exists() and not first.questions.exists()


@pytest.mark.parametrize("file_format", ["csv", "json"])
def test_download_export(client, trainer, awkward_bank, file_format):
    url = reverse("quiz_authoring:export_bank", args=[awkward_bank.pk, file_format])

    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="source.{file_format}"'
    )
    plan = transfer.read_file(response.content, file_name=f"x.{file_format}")
    assert plan.errors == [] and len(plan.records) == 10


def test_unknown_export_format_is_not_found(client, trainer, awkward_bank):
    url = reverse("quiz_authoring:export_bank", args=[awkward_bank.pk, "xml"])

    assert client.get(url).status_code == 404


def test_a_manager_can_neither_import_nor_export(client, awkward_bank):
    client.force_login(UserFactory(roles=[roles.MANAGERS]))
    content = transfer.export_csv(awkward_bank).encode()

    imported = upload(client, awkward_bank, content)
    exported = client.get(
        reverse("quiz_authoring:export_bank", args=[awkward_bank.pk, "csv"])
    )

    assert imported.status_code == 403
    assert exported.status_code == 403
    assert QuestionBank.objects.get(pk=awkward_bank.pk).questions.count() == 10
