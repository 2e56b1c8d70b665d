"""Keep records current when evidence arrives: each receiver calls the service."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from certification import assignments, person_assignments, services
from certification.models import (
    Assignment,
    Cause,
    CourseRequirements,
    MaterialChange,
    Target,
)
from certification.tasks import sync_later
from courses.models import CoursePage, ModulePage
from courses.progress import course_of
from courses.signals import lesson_completed
from people.imports import staff_import_checked
from people.languages import original_language
from people.models import StaffProfile
from people.services import import_under_way, staff_import_applied
from quizzes.signals import attempt_finished
from roleplays.signals import roleplay_finished

# The profile fields a person's required courses depend on.
REQUIREMENT_FIELDS = {"job_role", "department", "location", "hire_date"}


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
    """A course's requirements, and the clauses and lessons a change to the
    standard names, are kept with the learner pages' content."""
    from courses.caching import content_changed

    for signal in (post_save, post_delete):
        signal.connect(
            content_changed,
            sender=CourseRequirements,
            dispatch_uid=f"certification_requirements_cache_{signal}",
        )
    for through in (
        CourseRequirements.roleplays.through,
        MaterialChange.clauses.through,
        MaterialChange.lessons.through,
    ):
        m2m_changed.connect(
            content_changed,
            sender=through,
            dispatch_uid=f"certification_cache_{through._meta.label_lower}",
        )


_connect_content_cache()


# ---------------------------------------------------------------------------
# Required courses: kept in step with what they are read from. A change to one
# person is synced in the request (a few queries, and they see it at once); a
# change that may reach many goes to ``sync_later``: one task per transaction
# with a task queue, the request only enqueues it.


@receiver(post_save, sender=StaffProfile, dispatch_uid="certification_staff_required")
def on_staff_saved(sender, instance, update_fields=None, raw=False, **kwargs):
    if raw:
        return  # loading fixtures: the rows come with them
    if import_under_way():
        return  # the import brings everyone it saved in step at once, at its end
    if update_fields is not None and not set(update_fields) & REQUIREMENT_FIELDS:
        return  # an invitation stamp or a language: nothing required changed
    assignments.sync([instance.pk])


@receiver(staff_import_checked, dispatch_uid="certification_staff_import_checked")
def on_staff_import_checked(sender, plan, **kwargs):
    person_assignments.check_course_slugs(plan)


@receiver(staff_import_applied, dispatch_uid="certification_staff_import_applied")
def on_staff_import_applied(sender, saved, course_assignments, **kwargs):
    person_assignments.assign_imported(course_assignments)
    # In the import's transaction, like the rows it saved: a few queries per
    # person, against the import's own work on each.
    assignments.sync([profile.pk for profile in saved])


@receiver(post_save, sender=CourseRequirements, dispatch_uid="certification_deadline")
def on_requirements_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        sync_later(course_ids=[instance.course_id])


@receiver(post_save, sender=Assignment, dispatch_uid="certification_assignment_saved")
@receiver(
    post_delete, sender=Assignment, dispatch_uid="certification_assignment_deleted"
)
def on_assignment_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    if instance.target == Target.PERSON:
        assignments.sync([instance.person_id])
    else:
        field = f"{instance.target}_id"
        sync_later(**{f"{field}s": [getattr(instance, field)]})


@receiver(page_published, dispatch_uid="certification_course_published")
@receiver(page_unpublished, dispatch_uid="certification_course_unpublished")
def on_course_published(sender, instance, **kwargs):
    """A course's job roles change when it is published; unpublished, it is
    required of nobody."""
    if isinstance(instance.specific_deferred, CoursePage):
        sync_later(course_ids=[instance.pk])


@receiver(
    m2m_changed,
    sender=CoursePage.required_for_roles.through,
    dispatch_uid="certification_course_roles",
)
def on_course_roles_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """A course's job roles changed (saved with the page, or from a role)."""
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if reverse:
        sync_later(job_role_ids=[instance.pk])
    else:
        sync_later(course_ids=[instance.pk])
