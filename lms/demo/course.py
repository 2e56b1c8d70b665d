"""The demo course "Customer service standard", imported from its files as a trainer
would (``content/course``: course.yaml, clauses.yaml and one Markdown file a lesson).
"""

from pathlib import Path

from courses import services
from courses.course_files import CLAUSES_FILE, read_clauses
from courses.course_import import import_course, save_clauses
from courses.models import Clause, CoursePage, LessonPage, ModulePage
from people.languages import original_language
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


# The clauses each item of the default checklist observes, by the item's text.
CHECKLIST_CLAUSES = {
    "Smiles and makes eye contact when greeting": ["STG-1"],
    "Faces the customer, arms uncrossed; walks them to a shelf instead of pointing": [
        "CON-4",
        "STG-2",
    ],
    "Uses the set greeting, apology and farewell phrases": ["CON-1", "STG-4"],
    "Says none of the banned phrases ('I don't know', 'not my department', "
    "'calm down')": ["CON-1"],
    "On the phone, greets with the company's name, the branch and own name": ["TEL-2"],
    "Serves at 0.7 to 1.2 m; steps back without comment if the customer comes closer": [
        "CON-2"
    ],
    "Uniform clean; name badge worn on the left and readable": ["APP-1"],
    "At most one ring per hand and small earrings; no scent noticeable at "
    "serving distance": ["APP-2"],
    "Greets every customer within ten seconds of them arriving, even when busy": [
        "STG-1"
    ],
    "Answers the phone within three rings": ["TEL-1"],
    "Asks before putting a caller on hold and is back within 30 seconds": ["TEL-5"],
    "Answers a question or walks the customer to a colleague and introduces "
    "them; never sends them to ask elsewhere": ["CON-5"],
    "Gives each promise (call-back, delivery, reply) a time, notes it in the "
    "order, and keeps it": ["POL-3"],
    "Keeps the counter or an arm's length and a clear way out; calls the duty "
    "manager at the first threat": ["CNF-4"],
}


def _tag_checklist() -> None:
    from certification.models import ChecklistItem

    originals = Clause.objects.filter(original_language())
    clauses = {clause.code: clause for clause in originals}
    for item in ChecklistItem.objects.filter(
        checklist__title__startswith="Service standard"
    ):
        codes = CHECKLIST_CLAUSES.get(item.text, [])
        item.clauses.set([clauses[code] for code in codes if code in clauses])
