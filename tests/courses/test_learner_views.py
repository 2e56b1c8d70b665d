import pytest
from django.urls import reverse

from certification.models import CertificationRecord
from courses.models import CourseActivity, LessonCompletion, LessonVisit
from courses.services import NOT_OPENED
from tests.factories import (
    PASSWORD,
    JobRoleFactory,
    StaffProfileFactory,
    UserFactory,
    lessons_of,
    make_course,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def learner(client):
    user = UserFactory()
    client.login(username=user.username, password=PASSWORD)
    return user


def complete(client, lesson):
    client.get(lesson.url)  # the button is on the lesson's page
    return client.post(reverse("courses:complete_lesson", args=[lesson.pk]))


@pytest.fixture
def refreshed(django_capture_on_commit_callbacks):
    """Mark a lesson done with what follows the commit (the record's refresh)."""

    def post(client, lesson):
        with django_capture_on_commit_callbacks(execute=True):
            return complete(client, lesson)

    return post


def test_anonymous_visitors_are_sent_to_log_in(client):
    course = make_course(modules=1, lessons=1)
    lesson = lessons_of(course)[0]

    for url in ["/training/", course.url, lesson.url, "/training/me/"]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/?next=")


def test_catalogue_shows_each_course_with_progress(client, learner, refreshed):
    course = make_course(modules=2, lessons=2)
    refreshed(client, lessons_of(course)[0])

    response = client.get("/training/")

    assert response.status_code == 200
    entry = response.context["entries"][0]
    assert entry.course.pk == course.pk
    assert entry.progress.steps.done == 1 and entry.progress.steps.total == 4
    record = CertificationRecord.objects.get(user=learner, course=course)
    assert entry.progress.percent == record.progress > 0
    assert course.title in response.content.decode()


def test_catalogue_lists_courses_required_for_the_learners_role_first(client, learner):
    role = JobRoleFactory(name="Cashier")
    StaffProfileFactory(user=learner, job_role=role)
    make_course(title="Optional course")
    required = make_course(title="Required course")
    required.required_for_roles.add(role)
    required.save_revision().publish()

    entries = client.get("/training/").context["entries"]

    assert [entry.course.title for entry in entries] == [
        "Required course",
        "Optional course",
    ]
    assert entries[0].required and not entries[1].required


def test_marking_a_lesson_done_moves_on_to_the_next_lesson(client, learner):
    course = make_course(modules=2, lessons=2)
    first, second, *_ = lessons_of(course)

    response = complete(client, first)

    assert response.status_code == 302
    assert response["Location"] == second.url
    assert LessonCompletion.objects.filter(user=learner, lesson=first).exists()


def test_a_lesson_never_opened_cannot_be_marked_done(client, learner):
    course = make_course(modules=1, lessons=2)
    lesson = lessons_of(course)[0]
    url = reverse("courses:complete_lesson", args=[lesson.pk])

    refused = client.post(url, follow=True)

    assert refused.redirect_chain == [(lesson.url, 302)]
    assert [str(m) for m in refused.context["messages"]] == [str(NOT_OPENED)]
    assert not LessonCompletion.objects.filter(user=learner).exists()
    # The refusal led back to the lesson, which is now open: the second try counts.
    done = client.post(url)
    assert done["Location"] == lessons_of(course)[1].url
    assert LessonCompletion.objects.filter(user=learner, lesson=lesson).exists()


def test_opening_one_lesson_does_not_let_another_be_marked_done(client, learner):
    course = make_course(modules=1, lessons=2)
    first, second = lessons_of(course)
    client.get(first.url)

    client.post(reverse("courses:complete_lesson", args=[second.pk]))

    assert not LessonCompletion.objects.filter(user=learner).exists()
    assert LessonVisit.objects.filter(user=learner).get().lesson_id == first.pk


def test_the_last_lesson_of_a_module_leads_to_the_next_module(client, learner):
    course = make_course(modules=2, lessons=2)
    lessons = lessons_of(course)
    for lesson in lessons[:1]:
        complete(client, lesson)

    response = complete(client, lessons[1])

    assert response["Location"] == lessons[2].url


def test_finishing_the_course_returns_to_the_course_page(client, learner, refreshed):
    course = make_course(modules=1, lessons=2)
    for lesson in lessons_of(course):
        response = refreshed(client, lesson)

    assert response["Location"] == course.url
    outline = client.get(course.url).context["outline"]
    assert outline.progress.steps.is_complete
    assert outline.next_step is None
    # Not certified yet (the practical observation is still to come).
    record = CertificationRecord.objects.get(user=learner, course=course)
    assert outline.progress.percent == record.progress < 100
    assert not outline.progress.is_complete


def test_marking_done_twice_keeps_one_completion(client, learner):
    course = make_course(modules=1, lessons=2)
    lesson = lessons_of(course)[0]

    complete(client, lesson)
    complete(client, lesson)

    assert LessonCompletion.objects.filter(user=learner, lesson=lesson).count() == 1


def test_marking_done_needs_post(client, learner):
    course = make_course(modules=1, lessons=1)
    lesson = lessons_of(course)[0]

    response = client.get(reverse("courses:complete_lesson", args=[lesson.pk]))

    assert response.status_code == 405
    assert not LessonCompletion.objects.exists()


def test_marking_an_unknown_lesson_done_is_a_404(client, learner):
    assert (
        client.post(reverse("courses:complete_lesson", args=[999999])).status_code
        == 404
    )


def test_module_and_course_progress_follow_lesson_completions(
    client, learner, refreshed
):
    course = make_course(modules=2, lessons=2)
    lessons = lessons_of(course)
    refreshed(client, lessons[0])
    refreshed(client, lessons[1])
    refreshed(client, lessons[2])

    outline = client.get(course.url).context["outline"]

    assert [m.progress.percent for m in outline.modules] == [100, 50]
    # 3 of 4 lessons, and the practical observation still to come: 3 of 5.
    assert outline.progress.percent == 60


def test_continue_leads_to_the_first_unfinished_lesson_not_the_last_read(
    client, learner
):
    course = make_course(modules=2, lessons=2)
    lessons = lessons_of(course)
    complete(client, lessons[0])
    client.get(lessons[2].url)  # skips ahead to read, without finishing

    entry = client.get("/training/").context["entries"][0]

    assert entry.resume_lesson.pk == lessons[1].pk
    assert entry.next_step.url == lessons[1].url
    assert CourseActivity.objects.get(user=learner).last_lesson_id == lessons[2].pk


def test_progress_is_personal(client, learner):
    course = make_course(modules=1, lessons=2)
    other = UserFactory()
    LessonCompletion.objects.create(user=other, lesson=lessons_of(course)[0])

    outline = client.get(course.url).context["outline"]

    assert outline.progress.steps.done == 0 and outline.progress.percent == 0


def test_my_training_shows_courses_and_the_next_step(client, learner):
    course = make_course(modules=1, lessons=3)
    lessons = lessons_of(course)
    complete(client, lessons[0])

    response = client.get("/training/me/")

    assert response.status_code == 200
    assert response.context["page"].next_up.outline.resume_lesson.pk == lessons[1].pk
    assert lessons[1].title in response.content.decode()


def test_lesson_page_shows_module_outline_and_neighbours(client, learner):
    course = make_course(modules=1, lessons=3)
    first, second, third = lessons_of(course)

    response = client.get(second.url)

    outline = response.context["outline"]
    assert outline["previous"].pk == first.pk
    assert outline["next"].pk == third.pk
    assert [entry.page.pk for entry in outline["module"].lessons] == [
        first.pk,
        second.pk,
        third.pk,
    ]
    assert 'name="csrfmiddlewaretoken"' in response.content.decode()


def test_draft_lessons_are_not_shown_to_learners(client, learner):
    course = make_course(modules=1, lessons=2)
    draft = lessons_of(course)[1]
    draft.unpublish()

    outline = client.get(course.url).context["outline"]

    assert [entry.page.pk for entry in outline.lessons] == [lessons_of(course)[0].pk]
    assert client.get(draft.url).status_code == 404


def test_course_page_says_when_the_course_is_required_for_the_learner(client, learner):
    role = JobRoleFactory(name="Sales consultant")
    StaffProfileFactory(user=learner, job_role=role)
    course = make_course(modules=1, lessons=1)
    other = make_course(title="Optional extra", modules=1, lessons=1)
    course.required_for_roles.add(role)
    course.save_revision().publish()

    assert client.get(course.url).context["outline"].required
    assert not client.get(other.url).context["outline"].required


def test_the_last_lesson_of_a_module_with_a_quiz_leads_to_the_quiz(client, learner):
    from courses.models import ModulePage
    from tests.quizzes.factories import QuizFactory

    course = make_course(modules=2, lessons=1)
    module = ModulePage.objects.child_of(course).first()
    module.quiz = QuizFactory(title="Module one quiz")
    module.save_revision().publish()
    first_lesson = lessons_of(course)[0]

    response = complete(client, first_lesson)

    assert response["Location"] == f"/quizzes/{module.quiz_id}/"
    page = client.get(module.url)
    assert page.context["outline"]["module"].quiz_result.state == "not_started"
    assert f"/quizzes/{module.quiz_id}/" in page.content.decode()
    assert page.context["outline"]["module"].progress.total == 2


def test_a_passed_module_quiz_counts_toward_progress(client, learner):
    from decimal import Decimal

    from courses.models import ModulePage
    from tests.quizzes.factories import AttemptFactory, QuizFactory

    course = make_course(modules=1, lessons=1)
    module = ModulePage.objects.child_of(course).get()
    module.quiz = QuizFactory()
    module.save_revision().publish()
    complete(client, lessons_of(course)[0])
    AttemptFactory(user=learner, quiz=module.quiz, percent=Decimal("95"), passed=True)

    outline = client.get(course.url).context["outline"]

    assert outline.progress.steps.done == 2 and outline.progress.steps.is_complete
    assert outline.next_step is None
