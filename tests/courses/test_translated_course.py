"""One course in several languages: a learner reads it in theirs, and their work
counts once, on the course, whichever translation they used."""

import re

import pytest
from wagtail.models import Locale

from certification.models import CertificationRecord
from certification.rows import readiness_rows
from courses.models import CoursePage, LessonCompletion, LessonPage
from people.languages import remember_language
from people.models import StaffProfile
from tests.factories import (
    JobRoleFactory,
    StaffProfileFactory,
    lessons_of,
    make_course,
)

pytestmark = pytest.mark.django_db


def translate(course, code):
    """The course and its pages copied into ``code``'s locale, titled in it, live."""
    locale, _created = Locale.objects.get_or_create(language_code=code)
    pages = [course, *course.get_descendants().order_by("path").specific()]
    for page in pages:
        copy = page.specific.copy_for_translation(locale, copy_parents=True)
        copy.title = f"[{code}] {page.title}"
        copy.save_revision().publish()
    return CoursePage.objects.get(translation_key=course.translation_key, locale=locale)


@pytest.fixture
def course():
    role = JobRoleFactory(name="Cashier")
    course = make_course("Service basics", modules=1, lessons=2)
    course.required_for_roles.add(role)
    course.save_revision().publish()
    return course


@pytest.fixture
def learner(course):
    profile = StaffProfileFactory(job_role=course.required_for_roles.get())
    return profile.user


def test_a_translation_lives_under_its_languages_prefix(client, course, learner):
    russian = translate(course, "ru")
    client.force_login(learner)

    response = client.get(russian.url)

    assert russian.url.startswith("/ru/training/")
    assert response.status_code == 200
    assert "[ru] Service basics" in response.text
    assert '<html lang="ru"' in response.text


def test_a_learner_who_reads_russian_is_sent_to_the_russian_lesson(
    client, course, learner
):
    translate(course, "ru")
    remember_language(learner, "ru")
    client.force_login(learner)
    english = lessons_of(course)[0]

    response = client.get(english.url)

    russian = LessonPage.objects.get(
        translation_key=english.translation_key, locale__language_code="ru"
    )
    assert response.status_code == 302
    assert response["Location"] == russian.url


def test_without_a_translation_the_learner_stays_on_the_original(
    client, course, learner
):
    remember_language(learner, "lv")
    client.force_login(learner)

    response = client.get(lessons_of(course)[0].url)

    assert response.status_code == 200


def test_a_lesson_done_in_russian_counts_once_for_the_course(
    client, course, learner, django_capture_on_commit_callbacks
):
    russian_course = translate(course, "ru")
    client.force_login(learner)
    russian_lesson = lessons_of(russian_course)[0]
    client.get(russian_lesson.url)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/progress/lessons/{russian_lesson.pk}/complete/")

    assert response.status_code in (200, 302)
    assert LessonCompletion.objects.filter(user=learner).count() == 1
    record = CertificationRecord.objects.get(user=learner)
    assert record.course_id == course.pk  # the original, not the translation
    assert record.progress > 0
    rows = readiness_rows(StaffProfile.objects.filter(user=learner))
    assert [(row.course_id, row.progress) for row in rows] == [
        (course.pk, record.progress)
    ]


def progress_shown(html) -> list[str]:
    return re.findall(r'role="progressbar"[^>]*aria-valuenow="(\d+)"', html)


def test_the_russian_catalogue_shows_the_progress_made_in_english(
    client, course, learner, django_capture_on_commit_callbacks
):
    russian_course = translate(course, "ru")
    client.force_login(learner)
    english_lesson = lessons_of(course)[0]
    client.get(english_lesson.url)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/progress/lessons/{english_lesson.pk}/complete/")

    english = client.get(course.get_parent().url).text
    russian = client.get(russian_course.get_parent().url).text

    assert "[ru] Service basics" in russian
    assert progress_shown(russian) == progress_shown(english)
    assert int(progress_shown(russian)[0]) > 0


def test_readiness_counts_a_translated_course_once(course, learner):
    translate(course, "ru")
    translate(course, "lv")

    rows = readiness_rows(StaffProfile.objects.filter(user=learner))

    assert [row.course_id for row in rows] == [course.pk]


def test_clauses_are_shown_in_the_readers_language():
    from courses.models import Clause, show_clauses_in_language

    locale = Locale.objects.get_or_create(language_code="lv")[0]
    original = Clause.objects.create(code="TEL-1", title="Answer within three rings")
    Clause.objects.create(
        code="TEL-1",
        title="Atbildiet līdz trešajam signālam",
        locale=locale,
        translation_key=original.translation_key,
    )
    untranslated = Clause.objects.create(code="TEL-2", title="Greet with our name")

    shown = show_clauses_in_language([original, untranslated], "lv")

    assert [clause.title for clause in shown] == [
        "Atbildiet līdz trešajam signālam",
        "Greet with our name",
    ]
    assert [clause.pk for clause in shown] == [original.pk, untranslated.pk]
    original.refresh_from_db()
    assert original.title == "Answer within three rings"  # nothing saved
