"""The data the journeys start from: the demo course, and people to play the roles.

The course comes from the demo loaders (lessons, quizzes, role-plays and the
certification rules, as ``load_demo`` builds them), without the demo's fifty
staff and their year of history, which take too long to build for every test.
"""

from django.test.utils import override_settings

from courses.models import CoursePage, LessonPage, ModulePage
from people.models import StaffProfile
from quizzes import services as quiz_services
from quizzes.scoring import full_marks_response
from roleplays import services as roleplay_services
from roleplays.models import RolePlayPage
from tests.factories import (
    DepartmentFactory,
    JobRoleFactory,
    LocationFactory,
    StaffProfileFactory,
    UserFactory,
    read_lesson,
)


def load_demo_course() -> CoursePage:
    """The demo "Customer service standard" with its quizzes, role-plays and rules."""
    from lms.demo.course import attach_quizzes, set_requirements
    from lms.demo.quizzes import load_quizzes
    from lms.demo.roleplays import load_course_and_roleplays

    with override_settings(
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"
    ):
        course, roleplays = load_course_and_roleplays()
        attach_quizzes(course, load_quizzes())
        set_requirements(course, roleplays.values())
    return course


def person(
    username: str,
    first_name: str,
    last_name: str,
    *,
    roles=(),
    department="Customer care",
    location="Riga Central",
    job_role="Customer care agent",
    manager: StaffProfile | None = None,
    **fields,
) -> StaffProfile:
    """A member of staff who can log in (with ``tests.factories.PASSWORD``)."""
    user = UserFactory(
        username=username, first_name=first_name, last_name=last_name, roles=roles
    )
    return StaffProfileFactory(
        user=user,
        department=DepartmentFactory(name=department),
        location=LocationFactory(name=location),
        job_role=JobRoleFactory(name=job_role),
        manager=manager,
        **fields,
    )


def passing_replies(roleplay: RolePlayPage) -> dict[str, str]:
    """For each step of a role-play, the key of its best reply that is not critical."""
    best = {}
    for block in roleplay.steps:
        if block.block_type != "customer_step":
            continue
        replies = [reply for reply in block.value["replies"] if not reply["critical"]]
        best[block.value["key"]] = max(replies, key=lambda r: r["score"])["key"]
    return best


def pass_everything_but_the_observation(user, course: CoursePage, *, marker) -> None:
    """Play every role-play and pass every module quiz well, then read every lesson.

    The lessons come last because finishing a role-play does not refresh the
    learner's certification record (no ``roleplay_finished`` is sent), while
    completing a lesson does.
    """
    for page in RolePlayPage.objects.live().descendant_of(course).order_by("path"):
        run = roleplay_services.start_run(user, page=page)
        best = passing_replies(page)
        while not run.is_finished:
            run = roleplay_services.answer_run(
                user,
                run_id=run.pk,
                step_key=run.current_step,
                reply_key=best[run.current_step],
            )
    modules = ModulePage.objects.live().child_of(course).order_by("path")
    for module in modules.filter(quiz__isnull=False).select_related("quiz"):
        attempt = quiz_services.start_attempt(user, quiz=module.quiz)
        quiz_services.save_answers(
            attempt,
            responses={
                answer.position: (full_marks_response(answer.snapshot), None)
                for answer in attempt.answers.all()
            },
        )
        attempt = quiz_services.submit_attempt(attempt)
        for essay in attempt.answers.filter(needs_marking=True):
            quiz_services.mark_answer(
                essay,
                marker=marker,
                points=str(essay.snapshot["points"]),
                comment="Clear and practical.",
            )
    for lesson in LessonPage.objects.live().descendant_of(course).order_by("path"):
        read_lesson(user, lesson, course)
