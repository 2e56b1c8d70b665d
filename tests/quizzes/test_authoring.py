import re

import pytest
from django.contrib.auth.models import Group
from django.urls import NoReverseMatch, reverse

from people import roles
from quizzes import admin_forms as rules
from quizzes.models import (
    Attempt,
    Category,
    CategoryDraw,
    Question,
    QuestionBank,
    QuestionKind,
    Quiz,
)
from quizzes.viewsets import BANK_HAS_QUIZZES, QUIZ_HAS_ATTEMPTS
from tests.factories import UserFactory
from tests.quizzes.factories import (
    AttemptFactory,
    CategoryFactory,
    ClauseFactory,
    QuestionBankFactory,
    QuizFactory,
    make_bank_with_every_kind,
    make_question,
)

pytestmark = pytest.mark.django_db

BANKS_URL = reverse("question_banks:index")
QUESTIONS_URL = reverse("questions:index")
QUIZZES_URL = reverse("quiz_admin:index")
# Session, user, permissions, profile, Wagtail's menu (locales, page and collection
# permissions), the count and the page of rows with their counts; for questions
# also the filters' banks, categories and clauses, and the rows' clauses.
# Each listing also reads the site's languages for its locale filter.
BANK_LISTING_QUERIES = 13
QUESTION_LISTING_QUERIES = 17
QUIZ_LISTING_QUERIES = 14


@pytest.fixture
def trainer(client):
    user = UserFactory(roles=[roles.TRAINERS])
    client.force_login(user)
    return user


def formset(prefix, rows, *, initial=0, order=False):
    """The POST data of an inline formset with ``rows`` (dicts of field values)."""
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        values = {"DELETE": "", **row}
        if order:
            values.setdefault("ORDER", str(index + 1))
        for name, value in values.items():
            if value is not None:
                data[f"{prefix}-{index}-{name}"] = value
    return data


def choice(text, correct=False, match="", feedback=""):
    return {
        "text": text,
        "is_correct": "on" if correct else None,
        "match": match,
        "feedback": feedback,
    }


def question_form(bank, kind, *, choices=(), **fields):
    data = {
        "bank": bank.pk,
        "category": "",
        "kind": kind,
        "text": f"A {kind} question?",
        "points": "1",
        "answer_is_true": "",
        "accepted_answers": "",
        "explanation": "Why.",
        **fields,
    }
    return {**data, **formset("choices", list(choices), order=True)}


def quiz_form(bank, *, draws=(), **fields):
    data = {
        "title": "Telephone check",
        "introduction": "",
        "bank": bank.pk,
        "mode": Quiz.Mode.GRADED,
        "question_count": "",
        "pass_mark": "80",
        "attempt_limit": "3",
        "cooldown_minutes": "10",
        "time_limit_minutes": "",
        "feedback": Quiz.Feedback.END,
        "grading": Quiz.Grading.HIGHEST,
        **fields,
    }
    return {**data, **formset("category_draws", list(draws), order=True)}


def errors_of(response) -> list[str]:
    form = response.context["form"]
    return [str(message) for messages in form.errors.values() for message in messages]


VALID_CHOICES = {
    QuestionKind.SINGLE: [choice("Three", True), choice("Five")],
    QuestionKind.MULTIPLE: [choice("Name", True), choice("Branch", True), choice("X")],
    QuestionKind.ORDERING: [choice("Greet"), choice("Ask"), choice("Offer")],
    QuestionKind.MATCHING: [
        choice("Waited", match="Thank you for waiting"),
        choice("Unsure", match="Let me find out"),
    ],
}
VALID_FIELDS = {
    QuestionKind.TRUE_FALSE: {"answer_is_true": "True"},
    QuestionKind.SHORT_TEXT: {"accepted_answers": "24\n24 hours"},
}


# Creating content


def test_trainer_creates_a_bank_with_its_categories(client, trainer):
    data = {
        "name": "Telephone",
        "description": "Calls",
        **formset("categories", [{"name": "Greeting"}, {"name": "Holding"}]),
    }

    response = client.post(reverse("question_banks:add"), data)

    assert response.status_code == 302
    bank = QuestionBank.objects.get(name="Telephone")
    assert sorted(bank.categories.values_list("name", flat=True)) == [
        "Greeting",
        "Holding",
    ]


def test_trainer_renames_and_removes_categories_of_a_bank(client, trainer):
    bank = QuestionBankFactory(name="Telephone")
    keep = CategoryFactory(bank=bank, name="Greting")
    drop = CategoryFactory(bank=bank, name="Old")
    data = {
        "name": "Telephone",
        "description": "",
        **formset(
            "categories",
            [
                {"id": keep.pk, "bank": bank.pk, "name": "Greeting"},
                {"id": drop.pk, "bank": bank.pk, "name": "Old", "DELETE": "on"},
            ],
            initial=2,
        ),
    }

    response = client.post(reverse("question_banks:edit", args=[bank.pk]), data)

    assert response.status_code == 302
    assert list(bank.categories.values_list("name", flat=True)) == ["Greeting"]


def test_a_category_a_quiz_draws_from_cannot_be_removed(client, trainer):
    bank = QuestionBankFactory(name="Telephone")
    category = CategoryFactory(bank=bank, name="Greeting")
    quiz = QuizFactory(bank=bank, title="Phone quiz")
    CategoryDraw.objects.create(quiz=quiz, category=category, count=1)
    data = {
        "name": "Telephone",
        "description": "",
        **formset(
            "categories",
            [{"id": category.pk, "bank": bank.pk, "name": "Greeting", "DELETE": "on"}],
            initial=1,
        ),
    }

    response = client.post(reverse("question_banks:edit", args=[bank.pk]), data)

    assert response.status_code == 200
    assert errors_of(response) == [
        rules.CATEGORY_IN_USE % {"category": "Greeting", "quiz": "Phone quiz"}
    ]
    assert Category.objects.filter(pk=category.pk).exists()
    # The row shows again instead of staying hidden as deleted.
    row = response.context["form"].formsets["categories"].forms[0]
    assert not row["DELETE"].value()


@pytest.mark.parametrize("kind", QuestionKind.values)
def test_trainer_creates_a_question_of_every_kind(client, trainer, kind):
    bank = QuestionBankFactory()
    category = CategoryFactory(bank=bank)
    clauses = [ClauseFactory(code="TEL-1"), ClauseFactory(code="TEL-2")]
    data = question_form(
        bank,
        kind,
        choices=VALID_CHOICES.get(kind, []),
        category=category.pk,
        clauses=[clause.pk for clause in clauses],
        **VALID_FIELDS.get(kind, {}),
    )

    response = client.post(reverse("questions:add"), data)

    assert response.status_code == 302, errors_of(response)
    question = Question.objects.get()
    assert (question.kind, question.bank, question.category) == (kind, bank, category)
    assert set(question.clauses.all()) == set(clauses)
    expected = [row["text"] for row in VALID_CHOICES.get(kind, [])]
    assert [c.text for c in question.choices.order_by("sort_order")] == expected


def test_choices_keep_the_order_the_author_gave(client, trainer):
    bank = QuestionBankFactory()
    rows = [
        {**choice("Offer"), "ORDER": "3"},
        {**choice("Greet"), "ORDER": "1"},
        {**choice("Ask"), "ORDER": "2"},
    ]

    client.post(reverse("questions:add"), question_form(bank, "ordering", choices=rows))

    question = Question.objects.get()
    assert [c.text for c in question.choices.order_by("sort_order")] == [
        "Greet",
        "Ask",
        "Offer",
    ]


def test_true_false_answer_shows_as_chosen_when_editing(client, trainer):
    question = make_question(QuestionBankFactory(), "true_false", answer_is_true=False)

    response = client.get(reverse("questions:edit", args=[question.pk]))

    assert re.search(r'name="answer_is_true" value="False"[^>]*checked', response.text)


def test_add_question_from_a_bank_starts_in_that_bank(client, trainer):
    bank = QuestionBankFactory()

    response = client.get(reverse("questions:add"), {"bank": bank.pk})

    assert response.context["form"].initial["bank"] == bank.pk


def test_trainer_creates_a_quiz_with_category_draws(client, trainer):
    bank = QuestionBankFactory()
    greeting = CategoryFactory(bank=bank, name="Greeting")
    holding = CategoryFactory(bank=bank, name="Holding")
    for category in (greeting, greeting, holding):
        make_question(bank, "single", category=category)
    draws = [
        {"category": greeting.pk, "count": "2"},
        {"category": holding.pk, "count": "1"},
    ]

    response = client.post(
        reverse("quiz_admin:add"),
        quiz_form(bank, question_count="3", time_limit_minutes="15", draws=draws),
    )

    assert response.status_code == 302, errors_of(response)
    quiz = Quiz.objects.get()
    assert (quiz.question_count, quiz.time_limit_minutes, quiz.pass_mark) == (3, 15, 80)
    assert sorted(quiz.category_draws.values_list("category__name", "count")) == [
        ("Greeting", 2),
        ("Holding", 1),
    ]


# Validation rules, each with its message


def message(template, **params):
    return str(template % params) if params else str(template)


QUESTION_CASES = {
    "single with two correct": (
        "single",
        [choice("A", True), choice("B", True)],
        {},
        [message(rules.SINGLE_ONE_CORRECT, found=2)],
    ),
    "single with no correct": (
        "single",
        [choice("A"), choice("B")],
        {},
        [message(rules.SINGLE_ONE_CORRECT, found=0)],
    ),
    "single with one choice": (
        "single",
        [choice("A", True)],
        {},
        [message(rules.TOO_FEW_CHOICES)],
    ),
    "multiple with no correct": (
        "multiple",
        [choice("A"), choice("B")],
        {},
        [message(rules.MULTIPLE_NEEDS_CORRECT)],
    ),
    "true or false unanswered": (
        "true_false",
        [],
        {},
        [message(rules.TRUE_FALSE_NEEDS_ANSWER)],
    ),
    "true or false with choices": (
        "true_false",
        [choice("True")],
        {"answer_is_true": "True"},
        [message(rules.NO_CHOICES, kind=QuestionKind.TRUE_FALSE.label)],
    ),
    "ordering with two items": (
        "ordering",
        [choice("A"), choice("B")],
        {},
        [message(rules.ORDERING_TOO_FEW)],
    ),
    "matching with one pair": (
        "matching",
        [choice("A", match="1")],
        {},
        [message(rules.MATCHING_TOO_FEW)],
    ),
    "matching without a match": (
        "matching",
        [choice("A", match="1"), choice("B")],
        {},
        [message(rules.MATCHING_NEEDS_MATCH, items="“B”")],
    ),
    "short text without answers": (
        "short_text",
        [],
        {"accepted_answers": "  \n "},
        [message(rules.SHORT_TEXT_NEEDS_ANSWER)],
    ),
    "essay with choices": (
        "essay",
        [choice("A")],
        {},
        [message(rules.NO_CHOICES, kind=QuestionKind.ESSAY.label)],
    ),
    "duplicate choices": (
        "multiple",
        [choice("Smile", True), choice(" smile ")],
        {},
        [message(rules.DUPLICATE_CHOICES, items="“smile”")],
    ),
}


@pytest.mark.parametrize("case", QUESTION_CASES)
def test_question_rules_give_their_messages(client, trainer, case):
    kind, choices, fields, expected = QUESTION_CASES[case]
    bank = QuestionBankFactory()

    response = client.post(
        reverse("questions:add"), question_form(bank, kind, choices=choices, **fields)
    )

    assert response.status_code == 200
    assert errors_of(response) == expected
    assert not Question.objects.exists()


def test_a_deleted_choice_does_not_count(client, trainer):
    bank = QuestionBankFactory()
    rows = [choice("A", True), {**choice("B", True), "DELETE": "on"}, choice("C")]

    response = client.post(
        reverse("questions:add"), question_form(bank, "single", choices=rows)
    )

    assert response.status_code == 302
    assert list(Question.objects.get().choices.values_list("text", flat=True)) == [
        "A",
        "C",
    ]


def test_question_category_must_be_of_its_bank(client, trainer):
    bank = QuestionBankFactory()
    elsewhere = CategoryFactory(name="Elsewhere", bank__name="Other bank")
    data = question_form(
        bank, "true_false", answer_is_true="True", category=elsewhere.pk
    )

    response = client.post(reverse("questions:add"), data)

    assert errors_of(response) == [
        message(rules.CATEGORY_OF_OTHER_BANK, category="Elsewhere", bank="Other bank")
    ]


@pytest.fixture
def bank_of_three():
    bank = QuestionBankFactory(name="Phone")
    greeting = CategoryFactory(bank=bank, name="Greeting")
    for category in (greeting, greeting, None):
        make_question(bank, "single", category=category)
    return bank


def quiz_errors(client, bank, **fields):
    response = client.post(reverse("quiz_admin:add"), quiz_form(bank, **fields))
    assert response.status_code == 200
    assert not Quiz.objects.exists()
    return errors_of(response)


@pytest.mark.parametrize("pass_mark", ["101", "-1"])
def test_pass_mark_is_0_to_100(client, trainer, bank_of_three, pass_mark):
    errors = quiz_errors(client, bank_of_three, pass_mark=pass_mark)

    assert errors == [message(rules.PASS_MARK_RANGE)]


def test_question_count_cannot_exceed_the_bank(client, trainer, bank_of_three):
    errors = quiz_errors(client, bank_of_three, question_count="4")

    assert errors == [
        message(rules.QUESTION_COUNT_TOO_MANY, bank="Phone", available=3, count=4)
    ]


def test_question_count_is_at_least_one(client, trainer, bank_of_three):
    errors = quiz_errors(client, bank_of_three, question_count="0")

    assert errors == [message(rules.QUESTION_COUNT_TOO_FEW)]


def test_attempt_and_time_limits_are_at_least_one(client, trainer, bank_of_three):
    errors = quiz_errors(
        client, bank_of_three, attempt_limit="0", time_limit_minutes="0"
    )

    assert errors == [
        message(rules.ATTEMPT_LIMIT_TOO_FEW),
        message(rules.TIME_LIMIT_TOO_SHORT),
    ]


def test_a_quiz_needs_a_bank_with_questions(client, trainer):
    errors = quiz_errors(client, QuestionBankFactory(name="Empty"))

    assert errors == [message(rules.EMPTY_BANK, bank="Empty")]


def test_category_draws_are_checked(client, trainer, bank_of_three):
    greeting = bank_of_three.categories.get()
    other = CategoryFactory(name="Foreign", bank__name="Other")
    make_question(other.bank, "single", category=other)
    draws = [
        {"category": greeting.pk, "count": "3"},
        {"category": greeting.pk, "count": "1"},
        {"category": other.pk, "count": "1"},
    ]

    errors = quiz_errors(client, bank_of_three, draws=draws)

    assert errors == [
        message(rules.DRAW_TOO_MANY, category="Greeting", available=2, count=3),
        message(rules.DRAW_DUPLICATE, category="Greeting"),
        message(rules.DRAW_OTHER_BANK, category="Foreign", bank="Phone"),
    ]


def test_category_draws_cannot_exceed_questions_per_attempt(
    client, trainer, bank_of_three
):
    greeting = bank_of_three.categories.get()
    draws = [{"category": greeting.pk, "count": "2"}]

    errors = quiz_errors(client, bank_of_three, question_count="1", draws=draws)

    assert errors == [message(rules.DRAWS_EXCEED_COUNT, total=2, count=1)]


# Who may do what


def test_trainers_have_the_quiz_permissions():
    trainers = Group.objects.get(name=roles.TRAINERS)
    codenames = set(
        trainers.permissions.filter(content_type__app_label="quizzes").values_list(
            "codename", flat=True
        )
    )

    for model in ["questionbank", "category", "question", "choice", "quiz"]:
        for action in ["add", "change", "delete", "view"]:
            assert f"{action}_{model}" in codenames
    assert {"view_attempt", "change_attempt", "view_answer", "change_answer"} <= (
        codenames
    )
    assert "delete_attempt" not in codenames


@pytest.mark.parametrize(
    "url",
    [
        QUIZZES_URL,
        BANKS_URL,
        QUESTIONS_URL,
        reverse("quiz_admin:add"),
    ],
)
def test_a_learner_is_refused(client, url):
    client.force_login(UserFactory())

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))


def test_a_manager_cannot_edit_quizzes_or_banks(client):
    manager = UserFactory(roles=[roles.MANAGERS])
    bank = make_bank_with_every_kind()
    quiz = QuizFactory(bank=bank, title="Before")
    client.force_login(manager)

    listing = client.get(QUIZZES_URL)
    edit = client.post(reverse("quiz_admin:edit", args=[quiz.pk]), quiz_form(bank))
    bank_edit = client.get(reverse("question_banks:edit", args=[bank.pk]))
    import_view = client.get(reverse("quiz_authoring:import_bank", args=[bank.pk]))
    analysis = client.get(reverse("quiz_authoring:analysis", args=[quiz.pk]))

    assert listing.status_code == 302
    assert edit.status_code == 302
    assert edit["Location"] == reverse("wagtailadmin_home")
    assert bank_edit.status_code == 302
    assert import_view.status_code == 403
    assert analysis.status_code == 403
    quiz.refresh_from_db()
    assert quiz.title == "Before"


def test_the_quizzes_menu_is_shown_to_trainers_only(client, trainer):
    response = client.get(reverse("wagtailadmin_home"))

    assert QUIZZES_URL in response.text
    client.force_login(UserFactory(roles=[roles.MANAGERS]))
    assert QUIZZES_URL not in client.get(reverse("wagtailadmin_home")).text


# Deleting


def test_a_quiz_with_attempts_cannot_be_deleted(client, trainer):
    quiz = QuizFactory(title="Phone quiz")
    AttemptFactory(quiz=quiz)
    AttemptFactory(quiz=quiz, status=Attempt.Status.IN_PROGRESS)
    url = reverse("quiz_admin:delete", args=[quiz.pk])
    refusal = message(QUIZ_HAS_ATTEMPTS, quiz="Phone quiz", count=2)

    page = client.get(url)
    response = client.post(url, follow=True)

    assert page.status_code == 200
    assert refusal in page.text
    assert "Yes, delete" not in page.text
    assert response.redirect_chain[0] == (
        reverse("quiz_admin:edit", args=[quiz.pk]),
        302,
    )
    assert [str(m).strip() for m in response.context["messages"]] == [refusal]
    assert Quiz.objects.filter(pk=quiz.pk).exists()


def test_a_quiz_without_attempts_can_be_deleted(client, trainer):
    quiz = QuizFactory()

    response = client.post(reverse("quiz_admin:delete", args=[quiz.pk]))

    assert response.status_code == 302
    assert not Quiz.objects.filter(pk=quiz.pk).exists()


def test_a_bank_that_quizzes_use_cannot_be_deleted(client, trainer):
    bank = QuestionBankFactory(name="Phone")
    QuizFactory(bank=bank, title="Phone quiz")

    response = client.post(reverse("question_banks:delete", args=[bank.pk]))

    assert response.status_code == 302
    assert QuestionBank.objects.filter(pk=bank.pk).exists()
    page = client.get(reverse("question_banks:delete", args=[bank.pk]))
    expected = message(BANK_HAS_QUIZZES, bank="Phone", quizzes="“Phone quiz”")
    assert expected in page.text


# Listings


def test_questions_filter_by_bank_category_kind_and_clause(client, trainer):
    tel = ClauseFactory(code="TEL-1")
    bank = QuestionBankFactory()
    category = CategoryFactory(bank=bank)
    wanted = make_question(bank, "single", category=category, clauses=[tel])
    make_question(bank, "single", category=category)
    make_question(bank, "essay", category=category, clauses=[tel])
    make_question(QuestionBankFactory(), "single", clauses=[tel])

    response = client.get(
        QUESTIONS_URL,
        {"bank": bank.pk, "category": category.pk, "kind": "single", "clauses": tel.pk},
    )

    assert list(response.context["object_list"]) == [wanted]


def test_questions_search_finds_text(client, trainer):
    bank = QuestionBankFactory()
    wanted = make_question(bank, "single", text="How do you greet a caller?")
    make_question(bank, "single", text="Where does the badge go?")

    response = client.get(QUESTIONS_URL, {"q": "greet"})

    assert list(response.context["object_list"]) == [wanted]


def test_quiz_edit_page_links_to_analysis_and_preview(client, trainer):
    quiz = QuizFactory(bank=make_bank_with_every_kind())

    response = client.get(reverse("quiz_admin:edit", args=[quiz.pk]))

    assert reverse("quiz_authoring:analysis", args=[quiz.pk]) in response.text
    try:
        preview = reverse("quizzes:preview", args=[quiz.pk])
    except NoReverseMatch:
        return
    assert preview in response.text


def test_bank_edit_page_links_to_import_and_export(client, trainer):
    bank = QuestionBankFactory()

    response = client.get(reverse("question_banks:edit", args=[bank.pk]))

    for url in [
        reverse("quiz_authoring:import_bank", args=[bank.pk]),
        reverse("quiz_authoring:export_bank", args=[bank.pk, "csv"]),
        reverse("quiz_authoring:export_bank", args=[bank.pk, "json"]),
        reverse("questions:add") + f"?bank={bank.pk}",
    ]:
        assert url in response.text


def grow_content(size):
    """``size`` banks with every kind of question, and a quiz on each with attempts."""
    clause = ClauseFactory(code="TEL-1")
    for _n in range(size):
        bank = make_bank_with_every_kind(name=f"Bank {_n}", clauses=[clause])
        quiz = QuizFactory(bank=bank)
        AttemptFactory(quiz=quiz)


@pytest.mark.parametrize("size", [2, 8])
@pytest.mark.parametrize(
    "url, limit",
    [
        (BANKS_URL, BANK_LISTING_QUERIES),
        (QUESTIONS_URL, QUESTION_LISTING_QUERIES),
        (QUIZZES_URL, QUIZ_LISTING_QUERIES),
    ],
)
def test_listings_use_a_fixed_number_of_queries(
    client, trainer, django_assert_max_num_queries, size, url, limit
):
    grow_content(size)

    with django_assert_max_num_queries(limit):
        response = client.get(url)

    assert response.status_code == 200
    assert len(response.context["object_list"]) >= size
