"""Writes to learner progress."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses.models import (
    CourseActivity,
    CoursePage,
    LessonCompletion,
    LessonPage,
    LessonVisit,
)
from courses.signals import lesson_completed
from people.languages import original

NOT_OPENED = _("Open the lesson and read it before you mark it as done.")


# How stale "last seen" may get while a learner stays on one lesson: a page view
# writes nothing (and takes no write lock) unless the place changed or this passed.
PLACE_REFRESH = timedelta(minutes=15)


def record_lesson_visit(user, *, lesson: LessonPage, course: CoursePage) -> bool:
    """Note that a learner opened a lesson, and remember it as their place.

    One read when nothing changed (the same lesson again, seen lately); the
    writes only when the place moved or the last visit is older than
    ``PLACE_REFRESH``. True if it wrote."""
    place = (
        CourseActivity.objects.filter(user=user, course=original(course))
        .values("last_lesson_id", "last_seen_at")
        .first()
    )
    if (
        place is not None
        and place["last_lesson_id"] == lesson.pk
        and place["last_seen_at"] > timezone.now() - PLACE_REFRESH
    ):
        return False
    _note_visits(user, [lesson])
    _note_place(user, lesson=lesson, course=course)
    return True


def _note_visits(user, lessons: list[LessonPage]) -> None:
    # One INSERT whether or not the lesson was opened before.
    LessonVisit.objects.bulk_create(
        [LessonVisit(user=user, lesson=lesson) for lesson in lessons],
        ignore_conflicts=True,
    )


def _note_place(user, *, lesson: LessonPage, course: CoursePage) -> None:
    """Remember the lesson a learner is on, so they can resume there (on the
    original of the course, whichever translation they read)."""
    course = original(course)
    updated = CourseActivity.objects.filter(user=user, course=course).update(
        last_lesson=lesson, last_seen_at=timezone.now()
    )
    if not updated:
        try:
            with transaction.atomic():
                CourseActivity.objects.create(
                    user=user, course=course, last_lesson=lesson
                )
        except IntegrityError:
            # Another tab created it first; that row is just as good.
            pass


@transaction.atomic
def complete_lesson(user, *, lesson: LessonPage, course: CoursePage) -> bool:
    """Mark an opened lesson done; False if it already was (a double click)."""
    if not LessonVisit.objects.filter(user=user, lesson=lesson).exists():
        raise ValidationError(NOT_OPENED, code="not_opened")
    completion, created = LessonCompletion.objects.get_or_create(
        user=user, lesson=lesson
    )
    _note_place(user, lesson=lesson, course=course)
    if created:
        transaction.on_commit(
            lambda: lesson_completed.send(
                sender=LessonCompletion,
                user=user,
                lesson=lesson,
                course=course,
                completed_at=completion.completed_at,
            )
        )
    return created


@transaction.atomic
def complete_lessons(user, *, lessons: list[LessonPage], course: CoursePage) -> int:
    """Mark several lessons done at once (the demo's histories); how many were new.

    The lessons are recorded as opened too, as a learner who read them would be.
    One ``lesson_completed`` signal for the batch, not one per lesson: each signal
    re-evaluates the learner's record, and the last one sees every completion.
    """
    lessons = list({lesson.pk: lesson for lesson in lessons}.values())
    if not lessons:
        return 0
    done = set(
        LessonCompletion.objects.filter(user=user, lesson__in=lessons).values_list(
            "lesson_id", flat=True
        )
    )
    new = [lesson for lesson in lessons if lesson.pk not in done]
    LessonCompletion.objects.bulk_create(
        [LessonCompletion(user=user, lesson=lesson) for lesson in new],
        ignore_conflicts=True,
    )
    _note_visits(user, lessons)
    _note_place(user, lesson=lessons[-1], course=course)
    if new:
        last, completed_at = new[-1], timezone.now()
        transaction.on_commit(
            lambda: lesson_completed.send(
                sender=LessonCompletion,
                user=user,
                lesson=last,
                course=course,
                completed_at=completed_at,
            )
        )
    return len(new)
