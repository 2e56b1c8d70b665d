import pytest
from django.core.exceptions import ValidationError

from certification.models import CertificationRecord
from courses import services
from courses.models import CourseActivity, LessonCompletion, LessonVisit
from courses.signals import lesson_completed
from tests.factories import UserFactory, lessons_of, make_course, read_lesson

pytestmark = pytest.mark.django_db


@pytest.fixture
def signals():
    sent = []

    def receiver(sender, user, lesson, course, **kwargs):
        sent.append((user.pk, lesson.pk, course.pk))

    lesson_completed.connect(receiver, dispatch_uid="test_services_receiver")
    yield sent
    lesson_completed.disconnect(dispatch_uid="test_services_receiver")


def test_completing_lessons_in_one_go_signals_once_for_the_batch(
    django_capture_on_commit_callbacks, signals
):
    user = UserFactory()
    course = make_course(modules=2, lessons=2)
    lessons = lessons_of(course)

    with django_capture_on_commit_callbacks(execute=True):
        created = services.complete_lessons(user, lessons=lessons[:3], course=course)

    assert created == 3
    assert set(
        LessonCompletion.objects.filter(user=user).values_list("lesson", flat=True)
    ) == {lesson.pk for lesson in lessons[:3]}
    assert signals == [(user.pk, lessons[2].pk, course.pk)]
    assert (
        CourseActivity.objects.get(user=user, course=course).last_lesson == lessons[2]
    )
    record = CertificationRecord.objects.get(user=user, course=course)
    assert record.progress > 0


def test_completing_lessons_again_adds_only_the_new_ones(
    django_capture_on_commit_callbacks, signals
):
    user = UserFactory()
    course = make_course(modules=1, lessons=3)
    first, second, third = lessons_of(course)
    read_lesson(user, first, course)

    with django_capture_on_commit_callbacks(execute=True):
        created = services.complete_lessons(
            user, lessons=[first, second, second, third], course=course
        )
    with django_capture_on_commit_callbacks(execute=True):
        again = services.complete_lessons(user, lessons=[first, third], course=course)

    assert (created, again) == (2, 0)
    assert LessonCompletion.objects.filter(user=user).count() == 3
    assert signals == [(user.pk, third.pk, course.pk)]


def test_a_lesson_is_marked_done_only_once_opened(signals):
    user = UserFactory()
    course = make_course(modules=1, lessons=1)
    lesson = lessons_of(course)[0]

    with pytest.raises(ValidationError) as refused:
        services.complete_lesson(user, lesson=lesson, course=course)
    assert refused.value.code == "not_opened"
    assert not LessonCompletion.objects.exists() and signals == []

    services.record_lesson_visit(user, lesson=lesson, course=course)
    assert services.complete_lesson(user, lesson=lesson, course=course)


def test_opening_a_lesson_again_keeps_the_first_visit():
    user = UserFactory()
    course = make_course(modules=1, lessons=1)
    lesson = lessons_of(course)[0]

    services.record_lesson_visit(user, lesson=lesson, course=course)
    first = LessonVisit.objects.get().first_opened_at
    services.record_lesson_visit(user, lesson=lesson, course=course)

    assert LessonVisit.objects.get(user=user, lesson=lesson).first_opened_at == first


def test_lessons_done_in_one_go_are_recorded_as_opened():
    user = UserFactory()
    course = make_course(modules=1, lessons=3)
    lessons = lessons_of(course)

    services.complete_lessons(user, lessons=lessons[:2], course=course)

    assert set(
        LessonVisit.objects.filter(user=user).values_list("lesson", flat=True)
    ) == {lesson.pk for lesson in lessons[:2]}
