"""A module can offer a practice (self-assessment) quiz; the module page and
"My training" link to it, and the link starts an ungraded attempt."""

import pytest
from django.urls import reverse

from courses.models import CoursePage, ModulePage
from lms.demo.course import attach_quizzes
from lms.demo.quizzes import PRACTICE_MODULE, load_quizzes, practice_quiz
from quizzes.models import Attempt, QuestionKind, Quiz
from tests.factories import PASSWORD, UserFactory, make_course, publish
from tests.quizzes.factories import QuestionBankFactory, QuizFactory, make_question

pytestmark = pytest.mark.django_db

EXPLANATION = "over- or under-confident"


@pytest.fixture
def learner(client):
    user = UserFactory()
    client.login(username=user.username, password=PASSWORD)
    return user


@pytest.fixture
def module():
    course = make_course("Telephone standard", modules=1, lessons=1)
    return ModulePage.objects.child_of(course).get()


def self_check(title="Self-check: the telephone"):
    bank = QuestionBankFactory()
    make_question(bank, QuestionKind.SINGLE)
    return QuizFactory(title=title, bank=bank, mode=Quiz.Mode.PRACTICE)


def offer(module, quiz):
    module.practice_quiz = quiz
    module.save_revision().publish()
    return quiz


def test_the_module_page_links_to_its_practice_quiz(client, learner, module):
    quiz = offer(module, self_check())

    html = client.get(module.url).text

    assert f'href="{reverse("quizzes:quiz", args=[quiz.pk])}"' in html
    assert "Self-check: the telephone" in html
    assert "not graded" in html and EXPLANATION in html


def test_the_link_leads_to_a_page_that_starts_the_practice_quiz(
    client, learner, module
):
    quiz = offer(module, self_check())
    start_url = reverse("quizzes:start", args=[quiz.pk])

    landing = client.get(reverse("quizzes:quiz", args=[quiz.pk]))
    started = client.post(start_url)

    assert landing.status_code == 200
    assert f'action="{start_url}"' in landing.text
    attempt = Attempt.objects.get(user=learner, quiz=quiz)
    assert attempt.practice
    assert started["Location"] == reverse("quizzes:take", args=[attempt.pk])


def test_a_module_without_a_practice_quiz_shows_no_link(client, learner, module):
    module.quiz = QuizFactory(title="Telephone quiz")
    module.save_revision().publish()

    html = client.get(module.url).text

    assert "Telephone quiz" in html
    assert "Check yourself" not in html and EXPLANATION not in html


def test_my_training_links_to_each_modules_practice_quiz(client, learner, module):
    quiz = offer(module, self_check())

    html = client.get("/training/me/").text

    assert f'href="{reverse("quizzes:quiz", args=[quiz.pk])}"' in html
    assert "Practice quiz: Module 1" in html
    assert EXPLANATION in html


def test_my_training_shows_no_practice_link_when_none_is_set(client, learner, module):
    html = client.get("/training/me/").text

    assert "Telephone standard" in html
    assert "Practice quiz:" not in html and EXPLANATION not in html


def test_trainers_choose_only_among_practice_quizzes(module):
    practice = self_check()
    graded = QuizFactory(title="Graded")
    form_class = ModulePage.get_edit_handler().get_form_class()

    form = form_class(instance=module, for_user=UserFactory(is_superuser=True))
    choices = form.fields["practice_quiz"].queryset

    assert list(choices) == [practice]
    assert graded not in choices


def test_the_demo_offers_its_practice_quiz_on_the_stages_of_service_module():
    course = make_course("Demo", modules=0)
    module = publish(
        course, ModulePage(title="Stages of service", slug=PRACTICE_MODULE)
    )
    publish(course, ModulePage(title="Telephone", slug="telephone"))

    attach_quizzes(CoursePage.objects.get(pk=course.pk), load_quizzes())

    module.refresh_from_db()
    assert module.practice_quiz == practice_quiz()
    others = ModulePage.objects.child_of(course).exclude(pk=module.pk)
    assert not others.filter(practice_quiz__isnull=False).exists()
