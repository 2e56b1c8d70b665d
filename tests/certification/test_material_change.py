"""A change to the standard: a trainer records that the course changed on some
clauses; everyone certified keeps their certificate and gets a refresher on
just those clauses; passing it renews the record, missing its due date ends it.

The course has one module whose quiz has four questions: two test "Answer
complaints within 12 hours" (C-12H), one "Keep the right distance" (C-DIST)
and one "Smile on the phone" (C-SMILE); lesson 1.1 teaches C-12H. Ann and Ben
are certified, Cleo is still learning.
"""

import copy
import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import TestCase
from django.utils import timezone

from certification.models import (
    Cause,
    CertificationRecord,
    MaterialChange,
    Refresher,
    RefresherStatus,
    Status,
)
from certification.refreshers import record_change
from certification.rows import due_date, readiness_rows
from courses.models import LessonPage, ModulePage
from people.models import StaffProfile
from quizzes import services as quiz_services
from quizzes.models import QuestionKind
from tests.certification.factories import certified
from tests.factories import SAMPLE_BODY, StaffProfileFactory, UserFactory, make_course
from tests.quizzes import responses
from tests.quizzes.factories import (
    ClauseFactory,
    QuestionBankFactory,
    QuizFactory,
    make_question,
)

pytestmark = pytest.mark.django_db

ADD = "/admin/training/material-changes/new/"
INDEX = "/admin/training/material-changes/"


def today():
    return timezone.localdate()


@pytest.fixture
def clauses():
    return {
        "12h": ClauseFactory(code="C-12H", title="Answer complaints within 12 hours"),
        "distance": ClauseFactory(code="C-DIST", title="Keep the right distance"),
        "smile": ClauseFactory(code="C-SMILE", title="Smile on the phone"),
    }


@pytest.fixture
def standard(role, clauses):
    course = make_course("Service standard", modules=1, lessons=2)
    course.required_for_roles.add(role)
    course.save_revision().publish()
    bank = QuestionBankFactory(name="Standard questions")
    tags = [clauses["12h"], clauses["12h"], clauses["distance"], clauses["smile"]]
    for clause in tags:
        make_question(bank, QuestionKind.TRUE_FALSE, clauses=[clause])
    module = ModulePage.objects.child_of(course).get().specific
    module.quiz = QuizFactory(bank=bank, title="Module quiz")
    module.save_revision().publish()
    lesson = LessonPage.objects.get(slug="lesson-1-1")
    body = copy.deepcopy(SAMPLE_BODY)
    body[2][1]["clauses"] = [clauses["12h"]]
    lesson.body = body
    lesson.save_revision().publish()
    return course


@pytest.fixture
def people(role, standard):
    ann, ben, cleo = (
        StaffProfileFactory(employee_id=code, job_role=role)
        for code in ("ANN", "BEN", "CLEO")
    )
    certified(ann.user, standard)
    certified(ben.user, standard)
    return {"ann": ann, "ben": ben, "cleo": cleo}


def change(standard, clauses, *, due_in=14, **values):
    return record_change(
        standard,
        clauses=[clauses["12h"]],
        reason="Complaints are answered within 12 hours, not 24.",
        due_on=today() + timedelta(days=due_in),
        questions=values.pop("questions", 2),
        **values,
    )


def pass_quiz(user, quiz, build=responses.right):
    attempt = quiz_services.start_attempt(user, quiz=quiz)
    wanted = {a.position: (build(a.snapshot), None) for a in attempt.answers.all()}
    quiz_services.save_answers(attempt, responses=wanted)
    # The finished attempt is announced when its transaction commits.
    with TestCase.captureOnCommitCallbacks(execute=True):
        return quiz_services.submit_attempt(attempt)


def record_of(profile, course):
    return CertificationRecord.objects.get(user=profile.user, course=course)


# Recording a change -------------------------------------------------------------


def test_everyone_certified_gets_a_refresher_and_keeps_their_certificate(
    people, standard, clauses
):
    made = change(standard, clauses)

    refreshers = Refresher.objects.filter(change=made)
    assert sorted(r.record.user.staff_profile.employee_id for r in refreshers) == [
        "ANN",
        "BEN",
    ]
    ann = record_of(people["ann"], standard)
    assert ann.status == Status.CERTIFIED
    assert ann.events.filter(cause=Cause.MATERIAL_CHANGE).count() == 1
    assert [lesson.slug for lesson in made.lessons.all()] == ["lesson-1-1"]


def test_the_refresher_quiz_asks_only_about_the_changed_clauses(
    people, standard, clauses
):
    made = change(standard, clauses, questions=5)

    attempt = quiz_services.start_attempt(people["ann"].user, quiz=made.quiz)

    asked = [a.snapshot["clause_ids"] for a in attempt.answers.all()]
    assert asked == [[clauses["12h"].pk]] * 2  # both questions on it, no more


def test_a_change_no_question_tests_is_refused(people, standard):
    other = ClauseFactory(code="C-NONE", title="Untested")
    with pytest.raises(Exception, match="No question"):
        record_change(
            standard, clauses=[other], reason="x", due_on=today() + timedelta(days=3)
        )
    assert not MaterialChange.objects.exists()


# Doing the refresher ------------------------------------------------------------


def test_passing_the_refresher_renews_the_record_with_its_history(
    people, standard, clauses
):
    made = change(standard, clauses)
    before = record_of(people["ann"], standard)

    pass_quiz(people["ann"].user, made.quiz)

    after = record_of(people["ann"], standard)
    refresher = Refresher.objects.get(change=made, record=after)
    assert refresher.status == RefresherStatus.DONE and refresher.done_at
    assert after.cycle == before.cycle + 1
    assert after.expires_at > before.expires_at
    assert after.events.filter(cause=Cause.REFRESHER_DONE).exists()
    assert after.certificates.filter(superseded_by__isnull=True).count() == 1


def test_failing_the_refresher_quiz_leaves_it_to_do(people, standard, clauses):
    made = change(standard, clauses)

    pass_quiz(people["ann"].user, made.quiz, build=responses.wrong)

    assert Refresher.objects.get(
        change=made, record__user=people["ann"].user
    ).status == (RefresherStatus.PENDING)


def test_missing_the_due_date_ends_the_certificate_at_the_sweep(
    people, standard, clauses
):
    made = change(standard, clauses, due_in=1)
    pass_quiz(people["ann"].user, made.quiz)
    MaterialChange.objects.filter(pk=made.pk).update(due_on=today() - timedelta(days=1))

    call_command("certification_sweep", stdout=io.StringIO())

    ben = record_of(people["ben"], standard)
    assert ben.status == Status.EXPIRED
    assert ben.events.filter(cause=Cause.REFRESHER_MISSED).exists()
    assert ben.certificates.get().public_status() == "expired"
    assert record_of(people["ann"], standard).status == Status.CERTIFIED
    rows = readiness_rows(StaffProfile.objects.all()).filter(course_id=standard.pk)
    by_id = {row.employee_id: row for row in rows}
    assert by_id["BEN"].overdue and not by_id["ANN"].overdue

    call_command("certification_sweep", stdout=io.StringIO())
    assert ben.events.filter(cause=Cause.REFRESHER_MISSED).count() == 1


def test_the_refresher_is_the_due_date_of_everyone_who_has_one(
    people, standard, clauses
):
    made = change(standard, clauses, due_in=10)

    rows = readiness_rows(StaffProfile.objects.all()).filter(course_id=standard.pk)
    due = {row.employee_id: due_date(row) for row in rows}
    assert due["ANN"] == made.due_on == due["BEN"]
    assert due["CLEO"] != made.due_on


# What the learner sees -------------------------------------------------------


def test_the_learner_sees_the_refresher_and_takes_its_quiz(
    client, people, standard, clauses
):
    made = change(standard, clauses)
    client.force_login(people["ann"].user)

    page = client.get("/training/me/").content.decode()

    assert "Complaints are answered within 12 hours, not 24." in page
    assert "Lesson 1.1" in page
    assert f"/quizzes/{made.quiz_id}/" in page
    assert client.get(f"/quizzes/{made.quiz_id}/").status_code == 200
    client.force_login(people["cleo"].user)
    assert "not 24" not in client.get("/training/me/").content.decode()


# The admin ---------------------------------------------------------------------


@pytest.fixture
def trainer(client):
    client.force_login(UserFactory(roles=["Trainers"]))
    return client


def form(standard, tags, **values):
    return {
        "course": standard.pk,
        "clauses": [tags["12h"].pk] if tags else [],
        "reason": "Complaints are answered within 12 hours, not 24.",
        "due_on": (today() + timedelta(days=21)).isoformat(),
        "questions": "3",
        **values,
    }


def test_a_trainer_previews_then_records_a_change(trainer, people, standard, clauses):
    data = form(standard, clauses)

    preview = trainer.post(ADD, data)

    text = preview.content.decode()
    assert "2 people certified on “Service standard” will get a refresher." in text
    assert "Lesson 1.1" in text
    assert not MaterialChange.objects.exists()

    done = trainer.post(ADD, {**data, "confirmed": preview.context["fingerprint"]})

    assert done.status_code == 302
    made = MaterialChange.objects.get()
    assert made.refreshers.count() == 2
    inspect = trainer.get(f"{INDEX}inspect/{made.pk}/").content.decode()
    assert "ANN" in inspect and "BEN" in inspect and "CLEO" not in inspect


@pytest.mark.parametrize(
    "values, field",
    [
        ({"clauses": []}, "clauses"),
        ({"due_on": "2000-01-01"}, "due_on"),
        ({"reason": ""}, "reason"),
        ({"questions": "0"}, "questions"),
    ],
    ids=["no-clauses", "past", "no-reason", "no-questions"],
)
def test_bad_input_is_a_form_error(trainer, people, standard, clauses, values, field):
    response = trainer.post(ADD, form(standard, clauses, **values))

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not MaterialChange.objects.exists()


def test_clauses_no_question_tests_are_a_form_error(trainer, people, standard):
    untested = ClauseFactory(code="C-NONE", title="Untested")
    response = trainer.post(ADD, form(standard, {}, clauses=[untested.pk]))

    assert "clauses" in response.context["form"].errors


def test_hr_sees_who_did_the_refresher_and_who_is_overdue(
    client, people, standard, clauses
):
    made = change(standard, clauses)
    pass_quiz(people["ann"].user, made.quiz)
    MaterialChange.objects.filter(pk=made.pk).update(due_on=today() - timedelta(days=1))
    client.force_login(UserFactory(roles=["HR"]))

    listing = client.get(INDEX)
    inspect = client.get(f"{INDEX}inspect/{made.pk}/").content.decode()

    assert listing.status_code == 200
    assert "1 done, 0 to do, 1 overdue or missed, of 2." in inspect
    assert "Overdue" in inspect
    assert client.post(ADD, form(standard, clauses)).status_code in (302, 403)


@pytest.mark.parametrize("size", [2, 12])
def test_the_listing_and_the_change_page_are_a_fixed_number_of_queries(
    trainer, role, standard, clauses, size, django_assert_max_num_queries
):
    for _ in range(size):
        certified(StaffProfileFactory(job_role=role).user, standard)
    made = change(standard, clauses)

    with django_assert_max_num_queries(20):
        assert trainer.get(INDEX).status_code == 200
    with django_assert_max_num_queries(20):
        page = trainer.get(f"{INDEX}inspect/{made.pk}/")
    assert page.content.decode().count("<tr>") >= size


def test_republishing_a_lesson_offers_to_record_a_material_change(
    rf, trainer, people, standard
):
    from django.contrib.messages.storage.fallback import FallbackStorage

    from certification.admin_refreshers import after_publish_page

    request = rf.get("/admin/")
    request.user = UserFactory(roles=["Trainers"])
    request.session = {}
    request._messages = FallbackStorage(request)
    lesson = LessonPage.objects.get(slug="lesson-1-1")

    after_publish_page(request, lesson)

    [offer] = list(request._messages)
    assert f"?course={standard.pk}" in str(offer.extra_tags) + str(offer.message)
    form_page = trainer.get(f"{ADD}?course={standard.pk}")
    assert form_page.context["form"].initial["course"] == standard


def test_no_offer_for_a_course_nobody_is_certified_on(rf, standard):
    from django.contrib.messages.storage.fallback import FallbackStorage

    from certification.admin_refreshers import after_publish_page

    request = rf.get("/admin/")
    request.user = UserFactory(roles=["Trainers"])
    request.session = {}
    request._messages = FallbackStorage(request)

    after_publish_page(request, standard)

    assert list(request._messages) == []


def test_each_person_with_a_refresher_is_told_by_email_in_their_language(
    people, standard, clauses, mailoutbox
):
    from people.languages import remember_language

    people["ann"].user.email = "ann@example.com"
    people["ann"].user.save()
    people["ben"].user.email = "ben@example.com"
    people["ben"].user.save()
    remember_language(people["ben"].user, "ru")

    with TestCase.captureOnCommitCallbacks(execute=True):
        change(standard, clauses)

    by_person = {message.to[0]: message for message in mailoutbox}
    assert set(by_person) == {"ann@example.com", "ben@example.com"}
    assert "not 24" in by_person["ann@example.com"].body
    assert "Service standard" in by_person["ann@example.com"].subject
    assert "Здравствуйте" in by_person["ben@example.com"].body


def test_editing_a_clause_offers_to_record_a_change_on_it(trainer, people, clauses):
    clause = clauses["12h"]
    response = trainer.post(
        f"/admin/snippets/courses/clause/edit/{clause.pk}/",
        {"code": clause.code, "title": "Answer complaints within 8 hours"},
        follow=True,
    )

    assert f"?clause={clause.pk}" in response.content.decode()
    form_page = trainer.get(f"{ADD}?clause={clause.pk}")
    assert form_page.context["form"].initial["clauses"] == [clause]


def test_editing_a_question_offers_a_change_on_its_clauses_and_course(
    trainer, people, standard, clauses
):
    from django.urls import reverse

    from quizzes.models import Question

    question = Question.objects.filter(clauses=clauses["12h"]).first()
    data = {
        "bank": question.bank_id,
        "category": "",
        "kind": question.kind,
        "text": "Complaints are answered within 12 hours.",
        "points": "1",
        "answer_is_true": "True",
        "accepted_answers": "",
        "explanation": "The new target.",
        "clauses": [clauses["12h"].pk],
        "choices-TOTAL_FORMS": "0",
        "choices-INITIAL_FORMS": "0",
        "choices-MIN_NUM_FORMS": "0",
        "choices-MAX_NUM_FORMS": "1000",
    }

    response = trainer.post(
        reverse("questions:edit", args=[question.pk]), data, follow=True
    )

    assert response.redirect_chain, response.context["form"].errors
    text = response.content.decode()
    assert f"course={standard.pk}&amp;clause={clauses['12h'].pk}" in text


RUSSIAN_COURSE = "Стандарт обслуживания"
RUSSIAN_CLAUSE = "Отвечать на жалобы в течение 12 часов"


def russian():
    from wagtail.models import Locale

    return Locale.objects.get_or_create(language_code="ru")[0]


def translate_course(standard):
    """The course's Russian translation, published."""
    course_ru = standard.copy_for_translation(russian(), copy_parents=True)
    course_ru.title = RUSSIAN_COURSE
    course_ru.save_revision().publish()
    return course_ru


def translate_clause(clause):
    clause_ru = clause.copy_for_translation(russian())
    clause_ru.title = RUSSIAN_CLAUSE
    clause_ru.save()
    return clause_ru


def test_a_russian_learner_sees_the_refresher_in_russian(
    client, people, standard, clauses
):
    from courses.models import Clause as ClauseModel
    from people.languages import remember_language

    translate_course(standard)
    translate_clause(clauses["12h"])
    assert ClauseModel.objects.filter(locale=russian()).exists()
    change(standard, clauses)
    remember_language(people["ann"].user, "ru")
    client.force_login(people["ann"].user)

    page = client.get("/training/me/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()

    assert "Стандарт обслуживания" in page
    assert "Отвечать на жалобы в течение 12 часов" in page


@pytest.mark.parametrize("lessons_taught", [1, 2])
def test_my_training_with_a_refresher_is_a_fixed_number_of_queries(
    client, people, standard, clauses, lessons_taught, django_assert_max_num_queries
):
    if lessons_taught == 2:
        lesson = LessonPage.objects.get(slug="lesson-1-2")
        body = copy.deepcopy(SAMPLE_BODY)
        body[2][1]["clauses"] = [clauses["12h"]]
        lesson.body = body
        lesson.save_revision().publish()
    made = change(standard, clauses)
    assert made.lessons.count() == lessons_taught
    client.force_login(people["ann"].user)
    # The first view makes the course's requirements (with the defaults), a
    # change of content; the second fills the content cache again.
    client.get("/training/me/")
    client.get("/training/me/")

    # The page's ten, the refreshers' among them (what they show is kept with
    # the content), however many lessons they name.
    with django_assert_max_num_queries(10):
        page = client.get("/training/me/")

    assert page.content.decode().count("refresher__links") == 2


def test_the_listing_shows_each_change_due_day(trainer, people, standard, clauses):
    from certification.dates import show_day

    made = change(standard, clauses, due_in=30)

    listing = trainer.get(INDEX).content.decode()

    assert show_day(made.due_on) in listing


# What changed, in each language ---------------------------------------------------

RUSSIAN_REASON = "На жалобы теперь отвечаем в течение 12 часов, а не 24."
LATVIAN_REASON = "Uz sūdzībām tagad atbildam 12 stundu laikā, nevis 24."


def test_a_trainer_writes_what_changed_in_each_language(
    trainer, people, standard, clauses
):
    data = form(
        standard, clauses, reason_ru=f"  {RUSSIAN_REASON} ", reason_lv=LATVIAN_REASON
    )
    preview = trainer.post(ADD, data)
    assert "reason_ru" in preview.context["form"].fields

    trainer.post(ADD, {**data, "confirmed": preview.context["fingerprint"]})

    made = MaterialChange.objects.get()
    assert made.reason_translations == {"ru": RUSSIAN_REASON, "lv": LATVIAN_REASON}
    inspect = trainer.get(f"{INDEX}inspect/{made.pk}/").content.decode()
    assert RUSSIAN_REASON in inspect and LATVIAN_REASON in inspect


def test_a_translation_changed_after_the_preview_is_previewed_again(
    trainer, people, standard, clauses
):
    data = form(standard, clauses, reason_ru=RUSSIAN_REASON)
    preview = trainer.post(ADD, data)

    again = trainer.post(
        ADD,
        {**data, "reason_ru": "Другое", "confirmed": preview.context["fingerprint"]},
    )

    assert again.status_code == 200 and again.context["preview"]
    assert not MaterialChange.objects.exists()


def test_a_translation_longer_than_the_sentence_allows_is_a_form_error(
    trainer, people, standard, clauses
):
    response = trainer.post(ADD, form(standard, clauses, reason_lv="ā" * 301))

    assert "reason_lv" in response.context["form"].errors
    assert not MaterialChange.objects.exists()


def test_each_learner_reads_what_changed_in_their_language(
    client, people, standard, clauses, mailoutbox
):
    from people.languages import remember_language

    for name, language in (("ann", "ru"), ("ben", "en")):
        user = people[name].user
        user.email = f"{name}@example.com"
        user.save()
        remember_language(user, language)

    with TestCase.captureOnCommitCallbacks(execute=True):
        change(standard, clauses, reason_translations={"ru": RUSSIAN_REASON})

    by_person = {message.to[0]: message.body for message in mailoutbox}
    assert RUSSIAN_REASON in by_person["ann@example.com"]
    assert "not 24" not in by_person["ann@example.com"]
    assert "not 24" in by_person["ben@example.com"]
    client.force_login(people["ann"].user)
    assert RUSSIAN_REASON in client.get("/training/me/").content.decode()
    client.force_login(people["ben"].user)
    page = client.get("/training/me/").content.decode()
    assert "not 24" in page and RUSSIAN_REASON not in page


def test_without_a_translation_the_learner_reads_the_sentence_as_written(
    client, people, standard, clauses
):
    from people.languages import remember_language

    change(standard, clauses, reason_translations={"ru": RUSSIAN_REASON})
    remember_language(people["ann"].user, "lv")
    client.force_login(people["ann"].user)

    assert "not 24" in client.get("/training/me/").content.decode()


def test_the_refresher_quiz_is_titled_in_the_learners_language(
    client, people, standard, clauses
):
    from people.languages import remember_language

    translate_course(standard)
    made = change(standard, clauses)
    remember_language(people["ann"].user, "ru")
    client.force_login(people["ann"].user)

    landing = client.get(f"/quizzes/{made.quiz_id}/", HTTP_ACCEPT_LANGUAGE="ru")

    assert made.quiz.title == "Refresher: Service standard"
    assert landing.context["quiz"].title == "Повторение: Стандарт обслуживания"
    client.post(f"/quizzes/{made.quiz_id}/start/")
    assert made.quiz.attempts.filter(user=people["ann"].user).count() == 1


def test_the_form_names_the_clauses_in_the_trainers_language(
    client, people, standard, clauses
):
    from people.languages import remember_language

    clause_ru = translate_clause(clauses["12h"])
    trainer = UserFactory(roles=["Trainers"])
    remember_language(trainer, "ru")
    client.force_login(trainer)

    page = client.get(ADD).content.decode()

    assert f"{clauses['12h'].code} Отвечать на жалобы в течение 12 часов" in page
    # The original is what the form offers and records.
    field = client.get(ADD).context["form"].fields["clauses"]
    assert clause_ru.pk not in {clause.pk for clause in field.queryset}
