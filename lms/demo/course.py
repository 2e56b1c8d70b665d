"""The demo course "Customer service standard", built as an editor would."""

import copy
from io import BytesIO

from django.core.files.images import ImageFile
from PIL import Image as PillowImage
from PIL import ImageDraw
from wagtail.images.models import Image

from courses import services
from courses.models import Clause, CoursePage, LessonPage, ModulePage, TrainingIndexPage
from lms.demo.clauses import CLAUSES
from lms.demo.images import demo_images
from lms.demo.lessons import MODULES
from people.models import JobRole
from quizzes.models import Quiz

COURSE_SLUG = "customer-service-standard"
REQUIRED_ROLES = [
    "Customer care agent",
    "Sales consultant",
    "Online order specialist",
    "Delivery driver",
    "Team leader",
]


def publish_child(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def child(parent, model, slug, **fields):
    """The published child page ``slug`` of ``parent``, created if missing."""
    existing = model.objects.child_of(parent).filter(slug=slug).first()
    return existing or publish_child(parent, model(slug=slug, **fields))


def load_clauses() -> dict[str, Clause]:
    clauses = {}
    for rows in CLAUSES.values():
        for code, title, description in rows:
            clause, _created = Clause.objects.update_or_create(
                code=code, defaults={"title": title, "description": description}
            )
            clauses[code] = clause
    return clauses


def with_clauses(body, clauses):
    """Swap the clause codes in demo blocks for the clause snippets."""
    result = []
    for block_type, value in body:
        if isinstance(value, dict) and "clauses" in value:
            value = {**value, "clauses": [clauses[code] for code in value["clauses"]]}
        result.append((block_type, value))
    return result


def with_images(body, images: dict[str, Image]):
    """Swap the drawing keys in demo image blocks for Wagtail images with alt text."""
    result = []
    for block_type, value in body:
        if block_type == "image":
            # ImageBlock's value is the image itself, carrying this use's alt text.
            image = copy.copy(images[value["image"]])
            image.contextual_alt_text = value["alt_text"]
            image.decorative = False
            value = {"image": image, "caption": value["caption"]}
        result.append((block_type, value))
    return result


def hero_image() -> Image:
    title = "Customer service standard (demo)"
    existing = Image.objects.filter(title=title).first()
    if existing:
        return existing
    canvas = PillowImage.new("RGB", (1280, 560), "#0e6e78")
    draw = ImageDraw.Draw(canvas)
    for step, colour in enumerate(["#12838f", "#179aa8", "#cfe9ec"]):
        radius = 420 - step * 110
        draw.ellipse(
            (980 - radius, 280 - radius, 980 + radius, 280 + radius), fill=colour
        )
    draw.rounded_rectangle((120, 200, 560, 360), radius=40, fill="#ffffff")
    draw.ellipse((170, 245, 240, 315), fill="#0e6e78")
    draw.rounded_rectangle((270, 255, 510, 275), radius=10, fill="#9fb3bd")
    draw.rounded_rectangle((270, 290, 450, 305), radius=8, fill="#cfd9de")
    buffer = BytesIO()
    canvas.save(buffer, "PNG")
    return Image.objects.create(
        title=title, file=ImageFile(buffer, name="service-hero.png")
    )


def load_course(stdout=None) -> CoursePage:
    index = TrainingIndexPage.objects.get()
    clauses = load_clauses()
    images = demo_images()
    course = child(
        index,
        CoursePage,
        COURSE_SLUG,
        title="Customer service standard",
        summary=(
            "How we treat every customer, in the store and on the phone: the six parts "
            "of our service standard, with practice and a certificate at the end."
        ),
        hero_image=hero_image(),
        validity_months=12,
    )
    roles = [JobRole.objects.get_or_create(name=name)[0] for name in REQUIRED_ROLES]
    if set(course.required_for_roles.all()) != set(roles):
        course.required_for_roles.set(roles)
        course.save_revision().publish()
    for module_clauses in CLAUSES.values():
        Clause.objects.filter(code__in=[row[0] for row in module_clauses]).update(
            course=course
        )
    for slug, title, intro, objectives, minutes, lessons in MODULES:
        module = child(
            course,
            ModulePage,
            slug,
            title=title,
            introduction=intro,
            objectives=objectives,
            estimated_minutes=minutes,
        )
        for lesson_slug, lesson_title, summary, body in lessons:
            child(
                module,
                LessonPage,
                lesson_slug,
                title=lesson_title,
                summary=summary,
                body=with_images(with_clauses(body, clauses), images),
            )
    if stdout:
        lesson_count = LessonPage.objects.descendant_of(course).count()
        stdout.write(
            f"Course: {course.title}, {len(MODULES)} modules, {lesson_count} lessons."
        )
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
