"""The demo course "Customer service standard", imported from its files as a trainer
would (``content/course``: course.yaml, clauses.yaml and one Markdown file a lesson).
"""

from pathlib import Path

from courses import services
from courses.course_files import CLAUSES_FILE, read_clauses
from courses.course_import import import_course, save_clauses
from courses.models import Clause, CoursePage, LessonPage, ModulePage
from quizzes.models import Quiz

COURSE_FOLDER = Path(__file__).parent / "content" / "course"


def load_clauses() -> dict[str, Clause]:
    """The demo standard's clauses by code, created or updated from clauses.yaml."""
    return save_clauses(read_clauses(COURSE_FOLDER / CLAUSES_FILE))


def load_course(stdout=None, *, practice=None) -> CoursePage:
    """Import the demo course, updating what an earlier load created.

    ``practice(course)`` loads the pages its lessons embed (the role-plays, which
    live in its modules); a lesson imported before they existed is imported again.
    """
    result = import_course(COURSE_FOLDER, wait_for_pages=practice is not None)
    course = result.course
    if practice is not None:
        practice(course)
    if result.waiting:
        import_course(COURSE_FOLDER)
    if stdout:
        modules = ModulePage.objects.child_of(course).count()
        lessons = LessonPage.objects.descendant_of(course).count()
        stdout.write(f"Course: {course.title}, {modules} modules, {lessons} lessons.")
    return course


def load_newhire_progress(user, course: CoursePage, lessons_done: int = 2) -> None:
    """The demo new hire has read the first lessons and opened the next one."""
    lessons = list(LessonPage.objects.live().descendant_of(course).order_by("path"))
    for lesson in lessons[:lessons_done]:
        services.record_lesson_visit(user, lesson=lesson, course=course)
        services.complete_lesson(user, lesson=lesson, course=course)
    if len(lessons) > lessons_done:
        services.record_lesson_visit(user, lesson=lessons[lessons_done], course=course)


def attach_quizzes(course: CoursePage, quizzes: dict) -> None:
    """Choose each module's quiz (by module slug) and the module that offers the
    practice quiz, publishing only what changes."""
    from lms.demo.quizzes import PRACTICE_MODULE, PRACTICE_TITLE

    practice = Quiz.objects.filter(title=PRACTICE_TITLE, mode=Quiz.Mode.PRACTICE)
    practice_id = practice.values_list("pk", flat=True).first()
    for module in ModulePage.objects.child_of(course):
        quiz = quizzes.get(module.slug)
        offers_practice = practice_id and module.slug == PRACTICE_MODULE
        changed = False
        if quiz is not None and module.quiz_id != quiz.pk:
            module.quiz, changed = quiz, True
        if offers_practice and module.practice_quiz_id != practice_id:
            module.practice_quiz_id, changed = practice_id, True
        if changed:
            module.save_revision().publish()


def set_requirements(course: CoursePage, roleplays) -> None:
    """Certification needs every module quiz, every role-play and an observation."""
    from certification.services import requirements_for

    requirements = requirements_for(course)
    requirements.module_quizzes = True
    requirements.observation_required = True
    requirements.save()
    requirements.roleplays.set(list(roleplays))
    _tag_checklist()


CHECKLIST_CLAUSES = {
    "Facial expression and gestures": ["STG-1", "TEL-3"],
    "Vocabulary and speech formulas": ["CON-1", "TEL-2"],
    "Proxemics: distance": ["CON-2"],
    "Appearance": ["APP-1", "APP-2"],
    "Speed and duration of service": ["STG-1", "POL-1"],
    "Safety of the interaction": ["CNF-4"],
}


def _tag_checklist() -> None:
    from certification.models import ChecklistItem

    clauses = {clause.code: clause for clause in Clause.objects.all()}
    for item in ChecklistItem.objects.filter(
        checklist__title__startswith="Service standard"
    ):
        codes = CHECKLIST_CLAUSES.get(item.group, [])
        item.clauses.set([clauses[code] for code in codes if code in clauses])
