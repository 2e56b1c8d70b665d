import pytest
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory, lessons_of, make_course

pytestmark = pytest.mark.django_db

SECRETS = ["Yes.", "No.", "Callers hang up after about four rings.", "is_correct"]


@pytest.fixture
def lesson(client):
    user = UserFactory()
    client.login(username=user.username, password=PASSWORD)
    return lessons_of(make_course(modules=1, lessons=1))[0]


def block_id(lesson):
    return next(iter(lesson.practice_questions))


def check(client, lesson, choice, json=True):
    url = reverse("courses:check_practice", args=[lesson.pk, block_id(lesson)])
    headers = {"Accept": "application/json"} if json else {}
    return client.post(url, {"choice": choice}, headers=headers)


def test_the_lesson_page_does_not_reveal_the_answer(client, lesson):
    html = client.get(lesson.url).content.decode()

    assert "When should you pick up?" in html
    assert "Before the third ring" in html
    for secret in SECRETS:
        assert secret not in html


def test_a_right_answer_gets_its_feedback_and_the_explanation(client, lesson):
    result = check(client, lesson, 0).json()

    assert result == {
        "correct": True,
        "feedback": "Yes.",
        "correct_choices": [0],
        "explanation": "Callers hang up after about four rings.",
    }


def test_a_wrong_answer_shows_which_was_right(client, lesson):
    result = check(client, lesson, 1).json()

    assert result["correct"] is False
    assert result["feedback"] == "No."
    assert result["correct_choices"] == [0]


def test_without_javascript_the_result_is_a_page(client, lesson):
    response = check(client, lesson, 1, json=False)

    assert response.status_code == 200
    assert "Callers hang up after about four rings." in response.content.decode()


@pytest.mark.parametrize("choice", ["", "x", "-1", "7"])
def test_a_missing_or_unknown_choice_is_a_clear_400(client, lesson, choice):
    response = check(client, lesson, choice)

    assert response.status_code == 400
    assert "Pick an answer" in response.json()["error"]


def test_an_unknown_question_is_a_404(client, lesson):
    url = reverse("courses:check_practice", args=[lesson.pk, "not-a-block"])
    assert client.post(url, {"choice": 0}).status_code == 404


def test_checking_needs_a_logged_in_user(client, lesson):
    client.logout()
    response = check(client, lesson, 0)
    assert response.status_code == 302
