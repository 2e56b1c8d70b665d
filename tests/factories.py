import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from people import roles
from people.models import Department, JobRole, Location, StaffProfile

PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        """``UserFactory(roles=["HR"])`` puts the user in those role groups."""
        if not create:
            return
        names = [roles.LEARNERS, *(extracted or [])]
        self.groups.add(*Group.objects.filter(name__in=names))
        self.save()


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Department {n}")


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Location {n}")


class JobRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JobRole
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Job role {n}")


class StaffProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffProfile

    user = factory.SubFactory(UserFactory)
    employee_id = factory.Sequence(lambda n: f"E{n:05d}")
    department = factory.SubFactory(DepartmentFactory)
    location = factory.SubFactory(LocationFactory)
    job_role = factory.SubFactory(JobRoleFactory)
    hire_date = factory.Faker("date_between", start_date="-2y", end_date="-30d")


# Course pages -----------------------------------------------------------------

SAMPLE_BODY = [
    ("heading", {"text": "Answering the phone"}),
    ("text", "<p>Pick up before the third ring.</p>"),
    (
        "practice_question",
        {
            "question": "When should you pick up?",
            "choices": [
                {
                    "text": "Before the third ring",
                    "is_correct": True,
                    "feedback": "Yes.",
                },
                {"text": "When you are free", "is_correct": False, "feedback": "No."},
            ],
            "explanation": "Callers hang up after about four rings.",
            "clauses": [],
        },
    ),
]


def publish(parent, page):
    """Add ``page`` under ``parent`` and publish it, as an editor would."""
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def training_index():
    from courses.models import TrainingIndexPage

    return TrainingIndexPage.objects.get()


def make_course(title="Customer service standard", modules=2, lessons=3, **fields):
    """A published course with ``modules`` modules of ``lessons`` lessons each."""
    from django.utils.text import slugify

    from courses.models import CoursePage, LessonPage, ModulePage

    course = publish(
        training_index(), CoursePage(title=title, slug=slugify(title), **fields)
    )
    for m in range(1, modules + 1):
        module = publish(
            course,
            ModulePage(
                title=f"Module {m}", slug=f"module-{m}", objectives="Greet\nListen"
            ),
        )
        for n in range(1, lessons + 1):
            publish(
                module,
                LessonPage(
                    title=f"Lesson {m}.{n}", slug=f"lesson-{m}-{n}", body=SAMPLE_BODY
                ),
            )
    return course


def publish_quiz(quiz, *, practice=False, publish=True):
    """Make ``quiz`` the quiz (or practice quiz) of a module of a new course, and
    publish the module, so that learners may open it."""
    from courses.models import ModulePage

    course = make_course(f"Course of {quiz.title}", modules=1, lessons=1)
    module = ModulePage.objects.child_of(course).get().specific
    setattr(module, "practice_quiz" if practice else "quiz", quiz)
    revision = module.save_revision()
    if publish:
        revision.publish()
    return module


def lessons_of(course):
    from courses.models import LessonPage

    return list(LessonPage.objects.descendant_of(course).order_by("path"))


def read_lesson(user, lesson, course=None):
    """The learner opens ``lesson`` and marks it done, as they do on its page."""
    from courses import services
    from courses.progress import course_of

    course = course or course_of(lesson)
    services.record_lesson_visit(user, lesson=lesson, course=course)
    return services.complete_lesson(user, lesson=lesson, course=course)
