"""The demo's histories happen in the past without patching the clock."""

import random
from datetime import timedelta

import pytest
from django.utils import timezone

from courses import services as course_services
from courses.models import CourseActivity, LessonCompletion, LessonPage, LessonVisit
from lms.demo.histories import back_dated, take_quiz
from quizzes.models import QuestionKind
from tests.factories import UserFactory, make_course, publish_quiz
from tests.quizzes.factories import QuestionBankFactory, QuizFactory, make_question

pytestmark = pytest.mark.django_db


def near(moment, expected):
    return abs(moment - expected) < timedelta(minutes=1)


def test_back_dated_moves_what_the_services_stamped_in_the_block():
    course = make_course("Phone", modules=1, lessons=2)
    first, second = LessonPage.objects.descendant_of(course).order_by("path")
    user = UserFactory()
    course_services.complete_lessons(user, lessons=[first], course=course)
    moment = timezone.now() - timedelta(days=100)

    with back_dated(user, moment):
        course_services.complete_lessons(user, lessons=[second], course=course)

    today = timezone.now()
    completions = LessonCompletion.objects.filter(user=user)
    assert near(completions.get(lesson=first).completed_at, today)
    assert near(completions.get(lesson=second).completed_at, moment)
    visits = LessonVisit.objects.filter(user=user)
    assert near(visits.get(lesson=first).first_opened_at, today)
    assert near(visits.get(lesson=second).first_opened_at, moment)
    activity = CourseActivity.objects.get(user=user, course=course)
    assert near(activity.started_at, today)
    assert near(activity.last_seen_at, moment)


def test_a_quiz_taken_in_the_past_is_stamped_then_throughout():
    bank = QuestionBankFactory()
    make_question(bank, QuestionKind.TRUE_FALSE)
    quiz = QuizFactory(bank=bank, time_limit_minutes=15)
    publish_quiz(quiz)
    user, trainer = UserFactory(), UserFactory(roles=["Trainers"])
    moment = timezone.now() - timedelta(days=200)

    with back_dated(user, moment):
        attempt = take_quiz(
            user, quiz, trainer=trainer, rng=random.Random(1), skill=1, at=moment
        )

    attempt.refresh_from_db()
    assert attempt.percent == 100
    assert near(attempt.started_at, moment)
    assert attempt.submitted_at == attempt.graded_at == moment
    assert attempt.deadline == moment + timedelta(minutes=15)
    assert [a.answered_at for a in attempt.answers.all()] == [moment]
