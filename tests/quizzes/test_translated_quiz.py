"""A quiz in Russian: the learner sees the questions' translations, and the
attempt counts on the original quiz, once, whatever the language."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.models import Locale

from courses.models import ModulePage
from courses.progress import quiz_results
from people.languages import remember_language
from quizzes.models import Attempt, Question, QuestionBank, QuestionKind
from quizzes.transfer import export_json
from quizzes.translations import translate_bank, translate_quiz
from tests.factories import UserFactory, publish_quiz
from tests.quizzes.factories import QuestionBankFactory, QuizFactory, make_question
from tests.quizzes.test_taking import page_fields

pytestmark = pytest.mark.django_db


def in_russian(bank) -> bytes:
    """The bank's export with every text marked as translated."""
    data = json.loads(export_json(bank))
    data["bank"]["name"] = f"[ru] {data['bank']['name']}"
    for question in data["questions"]:
        question["text"] = f"[ru] {question['text']}"
        for choice in question["choices"]:
            choice["text"] = f"[ru] {choice['text']}"
    return json.dumps(data).encode()


@pytest.fixture
def quiz():
    Locale.objects.get_or_create(language_code="ru")
    bank = QuestionBankFactory(name="Telephone")
    make_question(bank, QuestionKind.SINGLE)
    make_question(bank, QuestionKind.MULTIPLE)
    quiz = QuizFactory(bank=bank, title="Telephone quiz", pass_mark=50)
    publish_quiz(quiz)
    translate_bank(bank, "ru", in_russian(bank))
    translate_quiz(quiz, "ru", title="[ru] Telephone quiz", introduction="[ru] Intro")
    return quiz


@pytest.fixture
def learner(client):
    user = UserFactory()
    remember_language(user, "ru")
    client.force_login(user)
    return user


def test_the_bank_translation_holds_a_translation_of_each_question(quiz):
    russian = QuestionBank.objects.get(locale__language_code="ru")

    assert russian.translation_key == quiz.bank.translation_key
    assert russian.name == "[ru] Telephone"
    for original in quiz.bank.questions.all():
        translation = original.get_translation(russian.locale)
        assert translation.bank == russian
        assert translation.text == f"[ru] {original.text}"
        assert [c.is_correct for c in translation.choices.order_by("sort_order")] == [
            c.is_correct for c in original.choices.order_by("sort_order")
        ]


def test_a_russian_learner_sees_the_russian_quiz_and_questions(client, quiz, learner):
    page = client.get(reverse("quizzes:quiz", args=[quiz.pk])).text
    client.post(reverse("quizzes:start", args=[quiz.pk]))
    attempt = Attempt.objects.get(user=learner)
    taking = client.get(reverse("quizzes:take", args=[attempt.pk])).text

    assert "[ru] Telephone quiz" in page
    assert '<html lang="ru"' in page
    assert attempt.quiz == quiz  # the original
    originals = set(quiz.bank.questions.values_list("pk", flat=True))
    for answer in attempt.answers.all():
        assert answer.question_id in originals  # analysis counts the original
        assert answer.snapshot["text"].startswith("[ru] ")
        assert answer.snapshot["text"] in taking


def test_passing_in_russian_passes_the_modules_quiz_once(client, quiz, learner):
    client.post(reverse("quizzes:start", args=[quiz.pk]))
    attempt = Attempt.objects.get(user=learner)
    client.post(reverse("quizzes:take", args=[attempt.pk]), page_fields(attempt))

    client.post(reverse("quizzes:submit", args=[attempt.pk]))

    attempt.refresh_from_db()
    assert attempt.passed
    russian_quiz = quiz.get_translation(Locale.objects.get(language_code="ru"))
    results = quiz_results(learner, [quiz, russian_quiz])
    assert results[quiz.pk].passed and results[russian_quiz.pk].passed
    assert results[quiz.pk].attempts == results[russian_quiz.pk].attempts == 1
    module = ModulePage.objects.get(quiz=quiz)
    assert module.quiz_id == quiz.pk


def test_an_english_learner_still_sees_the_original(client, quiz):
    client.force_login(UserFactory())

    client.post(reverse("quizzes:start", args=[quiz.pk]))

    answer = Attempt.objects.get().answers.first()
    assert not answer.snapshot["text"].startswith("[ru]")


def test_a_translation_with_a_question_missing_writes_nothing(quiz):
    data = json.loads(in_russian(quiz.bank))
    data["questions"].pop()
    before = Question.objects.count()

    with pytest.raises(ValidationError) as error:
        translate_bank(quiz.bank, "ru", json.dumps(data).encode())

    assert "translation has 1 questions and the bank 2" in str(error.value)
    assert Question.objects.count() == before


def test_a_translation_with_other_choices_writes_nothing(quiz):
    data = json.loads(in_russian(quiz.bank))
    data["questions"][0]["choices"].pop()

    with pytest.raises(ValidationError) as error:
        translate_bank(quiz.bank, "ru", json.dumps(data).encode())

    assert "Question 1: the translation has 1 choices" in str(error.value)
