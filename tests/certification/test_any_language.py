"""One course, three languages: a learner who works in Russian or Latvian ends with
one record for the course, everywhere readiness is shown, and a certificate in
their own letters."""

import csv
import io
import json

import pypdf
import pytest
from django.urls import reverse
from wagtail.models import Locale

from certification.models import Certificate, CertificationRecord, Status
from certification.services import requirements_for
from quizzes.models import Attempt, QuestionKind
from quizzes.transfer import export_json
from quizzes.translations import translate_bank, translate_quiz
from tests.courses.test_translated_course import translate
from tests.factories import (
    JobRoleFactory,
    StaffProfileFactory,
    UserFactory,
    lessons_of,
    publish_quiz,
)
from tests.quizzes.factories import QuestionBankFactory, QuizFactory, make_question
from tests.quizzes.test_taking import page_fields

pytestmark = pytest.mark.django_db

PEOPLE = {
    "ru": ("Анна", "Кузнецова", "Телефонный этикет"),
    "lv": ("Jānis", "Bērziņš", "Telefona etiķete"),
}


def translated_bank(bank, language) -> bytes:
    data = json.loads(export_json(bank))
    for question in data["questions"]:
        question["text"] = f"[{language}] {question['text']}"
    return json.dumps(data).encode()


def course_in(language):
    """A course of one lesson and one quiz, required for a role, translated."""
    bank = QuestionBankFactory(name="Calls")
    make_question(bank, QuestionKind.SINGLE)
    quiz = QuizFactory(bank=bank, title="Calls quiz", pass_mark=50)
    module = publish_quiz(quiz)
    course = module.get_parent().specific
    course.title = "Phone manners"
    course.required_for_roles.add(JobRoleFactory(name="Cashier"))
    course.save_revision().publish()
    requirements = requirements_for(course)
    requirements.module_quizzes = True
    requirements.observation_required = False
    requirements.save()
    translated = translate(course, language)
    translated.title = PEOPLE[language][2]
    translated.save_revision().publish()
    translate_bank(bank, language, translated_bank(bank, language))
    translate_quiz(quiz, language, title=f"[{language}] Calls quiz")
    return course, translated, quiz


def learn_and_pass(client, course, quiz, language, capture):
    client.post("/i18n/setlang/", {"language": language, "next": "/training/"})
    lesson = client.get(lessons_of(course)[0].url, follow=True)
    translated_lesson = lesson.redirect_chain[-1][0]
    assert translated_lesson.startswith(f"/{language}/")
    page = lessons_of(course)[0].get_translation(
        Locale.objects.get(language_code=language)
    )
    with capture(execute=True):
        client.post(reverse("courses:complete_lesson", args=[page.pk]))
    client.post(reverse("quizzes:start", args=[quiz.pk]))
    attempt = Attempt.objects.latest("pk")
    assert attempt.answers.first().snapshot["text"].startswith(f"[{language}] ")
    client.post(reverse("quizzes:take", args=[attempt.pk]), page_fields(attempt))
    with capture(execute=True):
        client.post(reverse("quizzes:submit", args=[attempt.pk]))


def certified_in(client, language, capture):
    """A learner with a name in the language's letters, who took the course in it."""
    course, _translated, quiz = course_in(language)
    first, last, _title = PEOPLE[language]
    profile = StaffProfileFactory(
        job_role=course.required_for_roles.get(),
        user__first_name=first,
        user__last_name=last,
    )
    client.force_login(profile.user)
    learn_and_pass(client, course, quiz, language, capture)
    return course, profile


@pytest.mark.parametrize("language", ["ru", "lv"])
def test_work_done_in_another_language_is_one_record_everywhere(
    client, language, django_capture_on_commit_callbacks
):
    course, profile = certified_in(client, language, django_capture_on_commit_callbacks)
    title = PEOPLE[language][2]

    record = CertificationRecord.objects.get(user=profile.user)
    assert record.course_id == course.pk
    assert record.status == Status.CERTIFIED
    mine = client.get("/training/me/").text
    assert mine.count('class="my-course__title"') == 1
    assert title in mine
    hr = UserFactory(roles=["HR"])
    client.force_login(hr)
    api = client.get("/api/v1/readiness").json()
    rows = [item for item in api["items"] if item["employee_id"] == profile.employee_id]
    assert [(row["course"], row["status"]) for row in rows] == [
        (course.slug, "certified")
    ]
    report = client.get(
        "/admin/training/reports/readiness/", {"export": "csv"}
    ).streaming_content
    lines = list(csv.reader(io.StringIO(b"".join(report).decode())))
    assert sum(profile.employee_id in line for line in lines) == 1


@pytest.mark.parametrize("language", ["ru", "lv"])
def test_the_certificate_is_in_the_holders_language_and_letters(
    client, language, django_capture_on_commit_callbacks
):
    _course, profile = certified_in(
        client, language, django_capture_on_commit_callbacks
    )
    first, last, title = PEOPLE[language]
    certificate = Certificate.objects.get(record__user=profile.user)

    response = client.get(reverse("certification:download", args=[certificate.code]))

    text = pypdf.PdfReader(io.BytesIO(b"".join([response.content]))).pages[0]
    text = " ".join(text.extract_text().split())
    assert f"{first} {last}" in text
    assert title in text
    assert certificate.course_title == title
    heading = {"ru": "Сертификат", "lv": "Sertifikāts"}[language]
    assert heading.lower() in text.lower()


def test_a_quiz_translations_own_address_opens_and_starts_the_original(client):
    """The landing page links to the reader's translation; learners may open a
    translation because they may open its original (modules name the original)."""
    course, _translated, quiz = course_in("ru")
    learner = StaffProfileFactory(job_role=course.required_for_roles.get()).user
    client.force_login(learner)
    russian = quiz.get_translation(Locale.objects.get(language_code="ru"))

    page = client.get(reverse("quizzes:quiz", args=[russian.pk]))
    client.post(reverse("quizzes:start", args=[russian.pk]))

    assert page.status_code == 200
    assert Attempt.objects.get(user=learner).quiz == quiz


def test_the_person_page_names_courses_and_quizzes_in_the_readers_language(
    client, django_capture_on_commit_callbacks
):
    course, profile = certified_in(client, "ru", django_capture_on_commit_callbacks)
    hr = UserFactory(roles=["HR"])
    client.force_login(hr)
    client.post("/i18n/setlang/", {"language": "ru", "next": "/admin/"})

    page = client.get(
        reverse("staff:inspect", args=[profile.pk]), HTTP_ACCEPT_LANGUAGE="ru"
    ).content.decode()

    assert PEOPLE["ru"][2] in page  # the course's Russian title
    assert "[ru] Calls quiz (#1)" in page
    assert page.count("Calls quiz (#") == page.count("[ru] Calls quiz (#")
