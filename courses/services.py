"""Writes to learner progress."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from courses.models import CourseActivity, CoursePage, LessonCompletion, LessonPage
from courses.signals import lesson_completed


def record_lesson_visit(user, *, lesson: LessonPage, course: CoursePage) -> None:
    """Remember the lesson a learner is on, so they can resume there."""
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
    """Mark a lesson done for ``user``; False if it already was (a double click)."""
    completion, created = LessonCompletion.objects.get_or_create(
        user=user, lesson=lesson
    )
    record_lesson_visit(user, lesson=lesson, course=course)
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
    record_lesson_visit(user, lesson=lessons[-1], course=course)
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
