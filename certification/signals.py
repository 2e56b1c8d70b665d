"""Keep records current when evidence arrives: each receiver calls the service."""

from django.dispatch import receiver

from certification import services
from certification.models import Cause
from courses.models import CoursePage, ModulePage
from courses.progress import course_of
from courses.signals import lesson_completed
from people.languages import original_language
from quizzes.signals import attempt_finished
from roleplays.signals import roleplay_finished


@receiver(lesson_completed, dispatch_uid="certification_lesson_completed")
def on_lesson_completed(sender, user, lesson, course, completed_at=None, **kwargs):
    services.refresh_record(
        user, course, cause=Cause.LESSON_COMPLETED, activity_at=completed_at
    )


@receiver(roleplay_finished, dispatch_uid="certification_roleplay_finished")
def on_roleplay_finished(sender, run, **kwargs):
    course = CoursePage.objects.ancestor_of(run.page).first()
    if course is None:
        return  # a role-play outside any course counts toward nothing
    services.refresh_record(
        run.user, course, cause=Cause.ROLEPLAY_FINISHED, activity_at=run.finished_at
    )


@receiver(attempt_finished, dispatch_uid="certification_attempt_finished")
def on_attempt_finished(sender, attempt, **kwargs):
    if attempt.practice:
        return
    modules = ModulePage.objects.filter(quiz_id=attempt.quiz_id)
    # A quiz offered in several translations of a course counts once, on the
    # original course.
    courses = CoursePage.objects.filter(
        original_language(),
        translation_key__in={course_of(module).translation_key for module in modules},
    )
    for course in courses:
        services.refresh_record(attempt.user, course, cause=Cause.QUIZ_FINISHED)


def _connect_content_cache() -> None:
    """A course's requirements are kept with the learner pages' content."""
    from django.db.models.signals import m2m_changed, post_delete, post_save

    from certification.models import CourseRequirements
    from courses.caching import content_changed

    for signal in (post_save, post_delete):
        signal.connect(
            content_changed,
            sender=CourseRequirements,
            dispatch_uid=f"certification_requirements_cache_{signal}",
        )
    m2m_changed.connect(
        content_changed,
        sender=CourseRequirements.roleplays.through,
        dispatch_uid="certification_requirements_roleplays_cache",
    )


_connect_content_cache()
