"""Keep records current when evidence arrives: each receiver calls the service."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from certification import assignments, person_assignments, services
from certification.models import Assignment, Cause, CourseRequirements
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
    """A course's requirements are kept with the learner pages' content."""
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


# ---------------------------------------------------------------------------
# Required courses: kept in step with what they are read from


def _sync(staff_ids) -> None:
    ids = list(staff_ids)
    if ids:
        assignments.sync(ids)


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
    _sync(profile.pk for profile in saved)


@receiver(post_save, sender=CourseRequirements, dispatch_uid="certification_deadline")
def on_requirements_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        _sync(_staff_for([instance.course_id]))


@receiver(post_save, sender=Assignment, dispatch_uid="certification_assignment_saved")
@receiver(
    post_delete, sender=Assignment, dispatch_uid="certification_assignment_deleted"
)
def on_assignment_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        _sync(assignments.affected(instance).values_list("pk", flat=True))


@receiver(page_published, dispatch_uid="certification_course_published")
@receiver(page_unpublished, dispatch_uid="certification_course_unpublished")
def on_course_published(sender, instance, **kwargs):
    """A course's job roles change when it is published; unpublished, it is
    required of nobody."""
    if isinstance(instance.specific_deferred, CoursePage):
        _sync(_staff_for([instance.pk]))


@receiver(
    m2m_changed,
    sender=CoursePage.required_for_roles.through,
    dispatch_uid="certification_course_roles",
)
def on_course_roles_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """A course's job roles changed (saved with the page, or from a role)."""
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    course_ids = list(pk_set or ()) if reverse else [instance.pk]
    if reverse and action == "post_clear":
        in_role = StaffProfile.objects.filter(job_role=instance)
        _sync(in_role.values_list("pk", flat=True))
    elif course_ids:
        _sync(_staff_for(course_ids))


def _staff_for(course_ids):
    people = StaffProfile.objects.filter(assignments.staff_for_courses(course_ids))
    return people.values_list("pk", flat=True).distinct()
