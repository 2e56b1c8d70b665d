"""The item checks in the admin: the question editor's panel and a bank's checks."""

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from people import roles
from quizzes import checks
from quizzes.models import Question, QuestionKind
from tests.factories import UserFactory, make_course
from tests.quizzes.factories import QuestionBankFactory, QuestionFactory
from tests.quizzes.test_authoring import choice, question_form

pytestmark = pytest.mark.django_db

LONG_RIGHT = [
    ("On the left side of the chest, where customers can read it", True),
    ("In a pocket",),
    ("On a belt",),
]
BALANCED = [("The third", True), ("The fifth",), ("The first",)]


@pytest.fixture
def trainer(client):
    user = UserFactory(roles=[roles.TRAINERS])
    client.force_login(user)
    return user


@pytest.fixture
def bank():
    return QuestionBankFactory(name="Appearance")


def edit_url(question):
    return reverse("questions:edit", args=[question.pk])


def checks_url(bank):
    return reverse("quiz_authoring:bank_checks", args=[bank.pk])


def fill(bank, size):
    """``size`` distinct, clean questions in ``bank``."""
    topics = "abcdefghijklmnopqrstuvwxyz"
    for number in range(size):
        QuestionFactory(
            bank=bank,
            text=f"{topics[number]} {topics[number] * 3} topic {number}?",
            choices=BALANCED,
        )


# The question editor


def test_trainer_sees_the_warnings_when_editing_a_question(client, trainer, bank):
    question = QuestionFactory(
        bank=bank, text="Where do you wear your badge?", choices=LONG_RIGHT
    )

    html = client.get(edit_url(question)).text

    assert "data-item-check" in html
    assert str(checks.RIGHT_IS_LONGEST_MESSAGE) in html


def test_a_clean_question_says_so(client, trainer, bank):
    question = QuestionFactory(bank=bank, text="By which ring?", choices=BALANCED)

    html = client.get(edit_url(question)).text

    assert "No warnings from the item checks." in html


def test_a_new_question_says_when_the_checks_run(client, trainer, bank):
    html = client.get(reverse("questions:add") + f"?bank={bank.pk}").text

    assert "The checks run when you save the question." in html


def test_a_question_with_warnings_still_saves(client, trainer, bank):
    data = question_form(
        bank,
        QuestionKind.SINGLE,
        text="Which of these is not part of the greeting?",
        choices=[choice("All of the above", True), choice("Your name")],
    )

    response = client.post(reverse("questions:add"), data)

    assert response.status_code == 302
    question = Question.objects.get(bank=bank)
    assert question.choices.count() == 2
    warnings = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("has 4 warnings from the item checks" in m for m in warnings)


def test_an_edit_with_one_warning_names_it_in_the_message(client, trainer, bank):
    question = QuestionFactory(bank=bank, text="By which ring?", choices=BALANCED)
    data = question_form(
        bank,
        QuestionKind.SINGLE,
        text="By which ring?",
        choices=[choice("The third", True), choice("The fifth")],
    )

    response = client.post(edit_url(question), data)

    assert response.status_code == 302
    [warning] = [
        str(m) for m in get_messages(response.wsgi_request) if m.level_tag == "warning"
    ]
    assert "Only 2 options" in warning


def test_an_invalid_form_shows_the_warnings_with_its_errors(client, trainer, bank):
    data = question_form(
        bank,
        QuestionKind.TRUE_FALSE,
        text="You must always greet first.",
        answer_is_true="",
    )

    response = client.post(reverse("questions:add"), data)

    assert response.status_code == 200
    assert "absolute words" in response.text


def test_the_editor_warns_about_a_duplicate_in_the_bank(client, trainer, bank):
    QuestionFactory(bank=bank, text="By which ring do you pick up?", choices=BALANCED)
    question = QuestionFactory(
        bank=bank, text="By which ring do you pick up??", choices=BALANCED
    )

    html = client.get(edit_url(question)).text

    assert "Nearly the same as another question of the bank" in html


def test_the_editor_warns_about_a_repeated_practice_question(client, trainer, bank):
    make_course(modules=1, lessons=1)  # its lesson asks "When should you pick up?"
    question = QuestionFactory(
        bank=bank, text="When should you pick up?", choices=BALANCED
    )

    html = client.get(edit_url(question)).text

    assert "Nearly the same as a practice question of a lesson" in html


@pytest.mark.parametrize("size", [3, 15])
def test_the_editor_uses_a_fixed_number_of_queries(client, trainer, bank, size):
    fill(bank, 3)
    question = Question.objects.filter(bank=bank).first()
    client.get(edit_url(question))  # warm up the session and caches
    with CaptureQueriesContext(connection) as small:
        client.get(edit_url(question))

    QuestionFactory.create_batch(size, bank=bank, choices=BALANCED)
    with CaptureQueriesContext(connection) as large:
        client.get(edit_url(question))

    assert len(large) == len(small)


# The bank's checks


def test_trainer_sees_the_flagged_questions_of_a_bank(client, trainer, bank):
    flagged = QuestionFactory(
        bank=bank, text="Where do you wear your badge?", choices=LONG_RIGHT
    )
    QuestionFactory(bank=bank, text="By which ring?", choices=BALANCED)

    response = client.get(checks_url(bank))

    assert response.status_code == 200
    html = response.text
    assert edit_url(flagged) in html
    assert str(checks.RIGHT_IS_LONGEST_MESSAGE) in html
    assert "By which ring?" not in html
    assert [item.key for item, _w in response.context["flagged"]] == [flagged.pk]


def test_the_bank_summary_flags_the_longest_option_share(client, trainer, bank):
    for number in range(6):
        QuestionFactory(
            bank=bank,
            text=f"Badge question {'abcdef'[number] * 4}?",
            choices=LONG_RIGHT,
        )

    response = client.get(checks_url(bank))

    assert response.context["share_warning"] is not None
    assert "In 6 of 6 single-choice questions" in response.text
    assert "(100 %; by chance 33 %)" in response.text
    counts = dict(response.context["counts"])
    assert counts["The right option is the longest"] == 6


def test_a_clean_bank_says_so(client, trainer, bank):
    fill(bank, 3)

    html = client.get(checks_url(bank)).text

    assert "No question of this bank has a warning." in html


def test_the_bank_listing_and_edit_view_link_to_the_checks(client, trainer, bank):
    listing = client.get(reverse("question_banks:index")).text
    edit = client.get(reverse("question_banks:edit", args=[bank.pk])).text

    assert checks_url(bank) in listing
    assert checks_url(bank) in edit


def test_a_learner_cannot_see_the_checks(client, bank):
    client.force_login(UserFactory())

    response = client.get(checks_url(bank))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))


@pytest.mark.parametrize("size", [3, 15])
def test_the_bank_checks_use_a_fixed_number_of_queries(client, trainer, bank, size):
    fill(bank, 3)
    client.get(checks_url(bank))  # warm up the session and caches
    with CaptureQueriesContext(connection) as small:
        client.get(checks_url(bank))

    QuestionFactory.create_batch(size, bank=bank, choices=LONG_RIGHT)
    with CaptureQueriesContext(connection) as large:
        response = client.get(checks_url(bank))

    assert len(large) == len(small)
    assert len(response.context["report"].items) == 3 + size
