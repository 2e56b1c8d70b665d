"""Privacy: HR exports everything held about one person as JSON (admin, API,
command) and erases a person (admin, command, retention of leavers).

One person, Zelphira Quonsetby (ZQ-4711), is built with a trace in every app:
a lesson read, a graded quiz attempt with a short-text and an essay answer, a
role-play run, an observation, a certificate with its history, a reminder, log
entries, an API token, a failed login, a report export and a session. Her
names, e-mail, login and employee ID are distinctive, so a scan of every table
after erasure finds them only if something was left behind.
"""

import json
import uuid
from collections import Counter
from datetime import date, timedelta
from decimal import Decimal
from io import StringIO

import pytest
from axes.models import AccessAttempt
from django.contrib.sessions.models import Session
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import APIToken, ModelLogEntry

from certification.models import (
    Assignment,
    Certificate,
    CertificationEvent,
    ChecklistItem,
    Observation,
    ObservationChecklist,
    ObservationRating,
    ReminderSent,
    Status,
)
from courses.models import ModulePage
from people import roles
from people.conf import check_settings
from people.languages import remember_language
from people.models import StaffLogEntry, StaffProfile
from people.privacy import ERASE_ACTION, EXPORT_ACTION, erase_person
from people.services import INVITE_ACTION
from quizzes.models import Answer, AttemptAllowance, QuestionKind
from quizzes.privacy import answer_in_words
from reports.models import Export
from roleplays.services import answer_run, start_run
from tests.certification.factories import certified
from tests.factories import (
    DepartmentFactory,
    StaffProfileFactory,
    UserFactory,
    lessons_of,
    make_course,
    read_lesson,
)
from tests.quizzes.factories import (
    AttemptFactory,
    ClauseFactory,
    QuizFactory,
    answer,
    make_question,
)
from tests.reports.test_report_clauses import record_marks
from tests.roleplays.scripts import make_roleplay

pytestmark = pytest.mark.django_db

FIRST, LAST = "Zelphira", "Quonsetby"
EMAIL = "zelphira.quonsetby@example.org"
LOGIN = "zquonsetby"
EMPLOYEE_ID = "ZQ-4711"
IDENTIFIERS = [FIRST, LAST, EMAIL, LOGIN, EMPLOYEE_ID]
SECTIONS = {"people", "courses", "quizzes", "roleplays", "certification", "reports"}
CLAUSES = "/admin/training/reports/clauses/"


def export_url(profile):
    return reverse("people:export_personal_data", args=[profile.pk])


def erase_url(profile):
    return reverse("people:erase_personal_data", args=[profile.pk])


def api_export(employee_id):
    return f"/api/v1/people/{employee_id}/export"


# The people and their traces --------------------------------------------------


@pytest.fixture
def hr_user():
    return UserFactory(username="hr-lead", roles=[roles.HR])


@pytest.fixture
def manager():
    return StaffProfileFactory(
        employee_id="MGR-1",
        user=UserFactory(
            username="mara", first_name="Mara", last_name="Lead", roles=["Managers"]
        ),
    )


@pytest.fixture
def content(course):
    """The course's module quiz (a choice, a short text and an essay, tagged
    with a clause), a role-play, and a checklist."""
    clause = ClauseFactory(code="TEL-9", title="Smile on the phone", course=course)
    quiz = QuizFactory(title="Telephone")
    questions = [
        make_question(quiz.bank, kind, clauses=[clause])
        for kind in (QuestionKind.SINGLE, QuestionKind.SHORT_TEXT, QuestionKind.ESSAY)
    ]
    module = ModulePage.objects.child_of(course).get().specific
    module.quiz = quiz
    module.save_revision().publish()
    checklist = ObservationChecklist.objects.create(title="Shop floor")
    item = ChecklistItem.objects.create(checklist=checklist, group="Greet", text="Eyes")
    return {
        "quiz": quiz,
        "questions": questions,
        "roleplay": make_roleplay(module=module, title="Late sofa"),
        "checklist": checklist,
        "item": item,
    }


def graded_attempt(user, content, points, *, texts=("24", "I listen.")):
    """A graded attempt with (choice, short text, essay) ``points``."""
    total = sum(points)
    attempt = AttemptFactory(
        quiz=content["quiz"],
        user=user,
        score=Decimal(total),
        max_score=Decimal(6),
        percent=Decimal(total * 100 / 6).quantize(Decimal("0.01")),
        passed=total >= 4,
        submitted_at=timezone.now() - timedelta(days=3),
        graded_at=timezone.now() - timedelta(days=2),
    )
    for position, (question, awarded) in enumerate(
        zip(content["questions"], points, strict=True)
    ):
        row = answer(attempt, question, position=position, awarded=awarded)
        row.response = {"text": texts[position - 1]} if position else {"choice": 1}
        row.save(update_fields=["response"])
    return attempt


def colleague(content, role, department, employee_id, points):
    """Someone else with an attempt: the figures have more than one person."""
    profile = StaffProfileFactory(
        employee_id=employee_id, job_role=role, department=department
    )
    graded_attempt(profile.user, content, points)
    return profile


@pytest.fixture
def person(content, course, role, hr_user, manager, client, settings):
    """Zelphira, with a trace in every app, among two colleagues."""
    # Failed logins counted in the database, as a site without Redis does.
    settings.AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
    department = DepartmentFactory(name="Sales floor")
    user = UserFactory(username=LOGIN, first_name=FIRST, last_name=LAST, email=EMAIL)
    profile = StaffProfileFactory(
        user=user,
        employee_id=EMPLOYEE_ID,
        job_role=role,
        department=department,
        manager=manager,
        hire_date=date(2024, 1, 8),
    )
    read_lesson(user, lessons_of(course)[0], course)
    attempt = graded_attempt(
        user,
        content,
        (1, 1, 3),
        texts=("24 hours", f"I am {FIRST} {LAST}; I listen and write to {EMAIL}."),
    )
    essay = attempt.answers.get(position=2)
    essay.marker_comment = f"Good, {FIRST}."
    essay.marked_by = hr_user
    essay.save()
    AttemptAllowance.objects.create(
        quiz=content["quiz"],
        user=user,
        extra=1,
        granted_by=hr_user,
        reason=f"{FIRST} was ill",
    )
    run = start_run(user, page=content["roleplay"])
    answer_run(user, run_id=run.pk, step_key="greeting", reply_key="apologise")
    observation = Observation.objects.create(
        learner=user,
        course=course,
        checklist=content["checklist"],
        observer=manager.user,
        passed=True,
        comments=f"{FIRST} {LAST} greeted every customer.",
        submission_key=uuid.uuid4(),
    )
    ObservationRating.objects.create(
        observation=observation,
        item=content["item"],
        group="Greet",
        text="Eyes",
        rating=2,
        comment=f"{LAST} smiled",
    )
    certificate = certified(user, course)
    CertificationEvent.objects.create(
        record=certificate.record,
        from_status=Status.AWAITING_ASSESSMENT,
        to_status=Status.CERTIFIED,
        actor=hr_user,
        reason=f"Checked the file of {FIRST} {LAST} ({EMPLOYEE_ID}).",
    )
    ReminderSent.objects.create(record=certificate.record, cycle=1, days_before=30)
    Assignment.objects.create(
        course=course,
        target="person",
        person=profile,
        due_on=date(2030, 1, 31),
        note=f"{FIRST} transfers to Riga",
        created_by=hr_user,
    )
    log(profile, INVITE_ACTION, user=hr_user)
    log(user, "wagtail.edit", user=hr_user)
    log(content["quiz"], "wagtail.edit", user=hr_user, data={"note": f"for {EMAIL}"})
    APIToken.create_token(user=user, name=f"{FIRST}'s script")
    remember_language(user, "lv")
    export = Export.objects.create(
        user=user, report="readiness", title="Readiness", export_format="csv"
    )
    export.file.save("readiness.csv", ContentFile(f"{FIRST},{LAST}\n"))
    client.force_login(user)  # a session of hers
    # After logging in, which clears earlier failures.
    AccessAttempt.objects.create(
        username=LOGIN,
        ip_address="10.0.0.7",
        user_agent="Firefox",
        http_accept="*/*",
        path_info="/accounts/login/",
        get_data="",
        post_data=f"username={LOGIN}",
        failures_since_start=2,
    )
    colleague(content, role, department, "COL-1", (1, 0, 2))
    colleague(content, role, DepartmentFactory(name="Care"), "COL-2", (0, 1, 4))
    record_marks()
    return profile


@pytest.fixture
def hr(hr_user):
    from tests.conftest import Client

    client = Client()
    client.force_login(hr_user)
    return client


# Export -----------------------------------------------------------------------


def test_hr_downloads_everything_held_about_a_person_from_their_page(hr, person):
    page = hr.get(reverse("staff:inspect", args=[person.pk]))
    assert export_url(person) in page.text and erase_url(person) in page.text

    response = hr.get(export_url(person))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert 'filename="personal-data-ZQ-4711.json"' in response["Content-Disposition"]
    data = json.loads(response.content)
    assert set(data) >= SECTIONS
    assert data["format_version"] == 1 and data["exported_at"]
    assert data["people"]["user"]["email"] == EMAIL
    assert data["people"]["profile"]["manager_employee_id"] == "MGR-1"
    assert data["people"]["profile"]["language"] == "lv"
    essay = data["quizzes"]["attempts"][0]["answers"][2]
    assert essay["question"].startswith("Describe how")
    assert FIRST in essay["answer"] and essay["points"] == "3.00"
    run = data["roleplays"]["runs"][0]
    assert run["choices"][0]["reply_text"] == "I'm sorry. Let me look now."
    observation = data["certification"]["observations"][0]
    assert observation["observer"] == "Mara Lead"
    assert observation["ratings"][0]["comment"] == f"{LAST} smiled"
    assert data["certification"]["certificates"][0]["status"] == "valid"
    assert data["certification"]["reminders_sent"][0]["days_before"] == 30
    assert (
        data["certification"]["assignments"][0]["note"] == f"{FIRST} transfers to Riga"
    )
    assert data["courses"]["lessons_completed"]
    assert data["reports"]["exports_requested"][0]["report"] == "readiness"
    assert data["people"]["failed_logins"][0]["ip_address"] == "10.0.0.7"
    actions = [entry["action"] for entry in data["people"]["staff_log"]]
    assert actions == [INVITE_ACTION]
    # The download itself is kept in the person's history.
    assert StaffLogEntry.objects.filter(staff=person, action=EXPORT_ACTION).exists()


def test_a_manager_gets_no_privacy_buttons_and_a_403(client, person, manager):
    client.force_login(manager.user)

    page = client.get(reverse("staff:inspect", args=[person.pk]))
    download = client.get(export_url(person))
    erase = client.post(erase_url(person), {"employee_id": EMPLOYEE_ID})

    assert page.status_code == 200
    assert export_url(person) not in page.text
    assert erase_url(person) not in page.text
    assert download.status_code == 403
    assert erase.status_code == 403
    assert StaffProfile.objects.filter(employee_id=EMPLOYEE_ID).exists()


def test_the_api_gives_hr_the_export_with_a_bearer_token(client, person, hr_user):
    _token, plaintext = APIToken.create_token(user=hr_user, name="HR system")

    response = client.get(
        api_export(EMPLOYEE_ID), headers={"Authorization": f"Bearer {plaintext}"}
    )

    assert response.status_code == 200
    data = response.json()
    assert set(data) >= SECTIONS
    assert data["people"]["profile"]["employee_id"] == EMPLOYEE_ID
    assert len(data["quizzes"]["attempts"][0]["answers"]) == 3


def test_the_api_export_is_for_hr_only(client, person, manager):
    client.force_login(manager.user)

    response = client.get(api_export(EMPLOYEE_ID))

    assert response.status_code == 403
    assert response.json()["message"]


def test_the_api_export_of_an_unknown_person_is_a_404(hr):
    response = hr.get(api_export("NOBODY-1"))

    assert response.status_code == 404
    assert response.json()["message"] == "No staff member has this employee ID."


def add_history(user, content, course, count):
    """``count`` more attempts, runs and history events for ``user``."""
    for _n in range(count):
        graded_attempt(user, content, (1, 0, 1))
    record = certified(user, course).record
    for _n in range(count):
        CertificationEvent.objects.create(
            record=record, from_status=Status.CERTIFIED, to_status=Status.CERTIFIED
        )


def export_queries(client, employee_id) -> int:
    """The export's queries, once the site's caches (sessions, permissions,
    page routes) are warm."""
    client.get(api_export(employee_id))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(api_export(employee_id))
    assert response.status_code == 200
    return len(queries)


def test_the_export_is_a_fixed_number_of_queries(hr, content, role, course):
    profile = StaffProfileFactory(employee_id="SIZE-1", job_role=role)
    add_history(profile.user, content, course, 1)
    small = export_queries(hr, "SIZE-1")

    add_history(profile.user, content, make_course("Second", 1, 1), 6)
    large = export_queries(hr, "SIZE-1")

    assert large == small
    data = hr.get(api_export("SIZE-1")).json()
    assert len(data["quizzes"]["attempts"]) == 7
    assert len(data["certification"]["records"]) == 2


def test_the_export_command_writes_the_json_to_a_file_or_stdout(person, tmp_path):
    target = tmp_path / "zq.json"
    out = StringIO()

    call_command("export_person", EMPLOYEE_ID, output=str(target), stdout=out)
    call_command("export_person", EMPLOYEE_ID, stdout=(printed := StringIO()))

    assert json.loads(target.read_text())["people"]["user"]["last_name"] == LAST
    assert json.loads(printed.getvalue())["people"]["user"]["first_name"] == FIRST
    assert "Wrote ZQ-4711" in out.getvalue()
    with pytest.raises(CommandError, match="No staff member has the employee ID"):
        call_command("export_person", "NOBODY-1", stdout=StringIO())


# Erasure ----------------------------------------------------------------------


def every_text_value():
    """Every cell of every table, as lower-case text."""
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            for row in cursor.fetchall():
                for cell in row:
                    if isinstance(cell, bytes | memoryview):
                        cell = bytes(cell).decode("utf-8", "ignore")
                    if cell is not None:
                        yield table, str(cell).casefold()


def leftovers() -> dict[str, set[str]]:
    """``{identifier: tables}`` wherever Zelphira's identifiers remain."""
    found = {}
    for table, text in every_text_value():
        for identifier in IDENTIFIERS:
            if identifier.casefold() in text:
                found.setdefault(identifier, set()).add(table)
    return found


def sessions_of(user_id) -> int:
    return sum(
        session.get_decoded().get("_auth_user_id") == str(user_id)
        for session in Session.objects.all()
    )


def figures(superuser_client, quiz) -> dict:
    """The aggregate figures: readiness counts by department and status (API),
    the quiz's item analysis and the clause heat map (CSV exports)."""
    readiness = superuser_client.get("/api/v1/readiness?employment=all").json()
    analysis = {
        table: superuser_client.get(
            reverse("quiz_authoring:analysis_csv", args=[quiz.pk, table])
        ).content
        for table in ("questions", "clauses")
    }
    heat_map = superuser_client.get(CLAUSES, {"export": "csv"})
    return {
        "readiness": Counter(
            (item["department"], item["status"]) for item in readiness["items"]
        ),
        "analysis": analysis,
        "heat_map": b"".join(heat_map.streaming_content),
    }


def test_the_erase_form_needs_its_csrf_token(hr_user, person):
    from tests.conftest import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(hr_user)

    response = client.post(erase_url(person), {"employee_id": EMPLOYEE_ID})

    assert response.status_code == 403
    assert StaffProfile.objects.filter(employee_id=EMPLOYEE_ID).exists()


def test_a_wrong_confirmation_erases_nothing(hr, person):
    response = hr.post(erase_url(person), {"employee_id": "ZQ-4712"})

    assert response.status_code == 200
    assert "This is not the employee ID ZQ-4711" in response.text
    assert not leftovers().keys() ^ set(IDENTIFIERS)  # every value still there
    assert not StaffLogEntry.objects.filter(action=ERASE_ACTION).exists()


def test_erasing_in_the_admin_leaves_no_personal_value_and_the_same_figures(
    hr, person, content, hr_user, django_capture_on_commit_callbacks
):
    admin = type(hr)()
    admin.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    before = figures(admin, content["quiz"])
    assert before["readiness"][("Sales floor", Status.CERTIFIED)] == 1
    assert b"TEL-9" in before["heat_map"] and b"TEL-9" in before["analysis"]["clauses"]
    files = [export.file for export in Export.objects.filter(user=person.user)]
    assert files[0].storage.exists(files[0].name)
    assert sessions_of(person.user_id) == 1
    page = hr.get(erase_url(person))
    assert page.status_code == 200 and f"ERASED-{person.pk}" in page.text

    with django_capture_on_commit_callbacks(execute=True):
        response = hr.post(erase_url(person), {"employee_id": EMPLOYEE_ID})

    assert response.status_code == 302
    assert response["Location"] == reverse("staff:inspect", args=[person.pk])
    assert leftovers() == {}
    assert figures(admin, content["quiz"]) == before
    assert not files[0].storage.exists(files[0].name)
    assert sessions_of(person.user_id) == 0
    entry = StaffLogEntry.objects.get(staff=person, action=ERASE_ACTION)
    assert entry.user == hr_user
    assert entry.label == f"erased-{person.user_id} (ERASED-{person.pk})"


def test_erasure_keeps_the_shape_and_revokes_the_certificates(hr_user, person):
    certificate = Certificate.objects.get(record__user=person.user)
    events_before = CertificationEvent.objects.filter(record=certificate.record).count()
    answers_before = list(
        Answer.objects.filter(attempt__user=person.user).values_list(
            "points_awarded", "is_correct", "confidence"
        )
    )

    erase_person(person, actor=hr_user)

    person.refresh_from_db()
    user = person.user
    assert user.username == f"erased-{user.pk}" and not user.is_active
    assert (user.first_name, user.last_name, user.email) == ("", "", "")
    assert not user.has_usable_password()
    assert person.employee_id == f"ERASED-{person.pk}"
    assert person.department.name == "Sales floor" and person.manager is not None
    certificate.refresh_from_db()
    assert certificate.revoked_at is not None and certificate.holder_name == ""
    record = certificate.record
    record.refresh_from_db()
    assert record.status == Status.CERTIFIED  # counts as before in every report
    events = list(record.events.order_by("pk"))
    assert len(events) == events_before + 1
    assert events[-1].reason == "erased" and events[-1].actor == hr_user
    texts = Answer.objects.filter(attempt__user=user, response__has_key="text")
    assert {row.response["text"] for row in texts} == {""}
    assert (
        list(
            Answer.objects.filter(attempt__user=user).values_list(
                "points_awarded", "is_correct", "confidence"
            )
        )
        == answers_before
    )
    assert not APIToken.objects.filter(user=user).exists()
    assert not AccessAttempt.objects.exists()


def test_the_public_check_shows_a_revoked_certificate_without_a_name(
    client, hr_user, person
):
    code = Certificate.objects.get(record__user=person.user).code

    erase_person(person, actor=hr_user)

    page = client.get(f"/verify/{code}/")
    data = client.get(f"/verify/{code}.json").json()
    assert page.status_code == 200
    assert "Name removed" in page.text and "Revoked" in page.text
    assert data["holder"] == "Name removed" and data["status"] == "revoked"


def test_erasing_twice_does_no_harm(hr_user, person):
    erase_person(person, actor=hr_user)
    person.refresh_from_db()
    events = CertificationEvent.objects.filter(record__user=person.user).count()

    erase_person(person, actor=hr_user)

    person.refresh_from_db()
    assert person.employee_id == f"ERASED-{person.pk}"
    assert CertificationEvent.objects.filter(record__user=person.user).count() == events
    assert CertificationEvent.objects.filter(reason="erased").exists()


def test_the_erase_command_asks_for_the_employee_id(person, monkeypatch):
    monkeypatch.setattr("builtins.input", lambda prompt: "ZQ-0000")
    out = StringIO()

    call_command("erase_person", EMPLOYEE_ID, stdout=out)

    assert "nothing was erased" in out.getvalue()
    assert StaffProfile.objects.filter(employee_id=EMPLOYEE_ID).exists()

    monkeypatch.setattr("builtins.input", lambda prompt: EMPLOYEE_ID)
    call_command("erase_person", EMPLOYEE_ID, stdout=StringIO())

    assert not StaffProfile.objects.filter(employee_id=EMPLOYEE_ID).exists()


def test_the_erase_command_with_yes_does_not_ask(person, monkeypatch):
    def no_prompt(prompt):
        raise AssertionError("asked")

    monkeypatch.setattr("builtins.input", no_prompt)
    out = StringIO()

    call_command("erase_person", EMPLOYEE_ID, yes=True, stdout=out)

    assert f"now ERASED-{person.pk}" in out.getvalue()
    assert leftovers() == {}
    entry = StaffLogEntry.objects.get(staff=person, action=ERASE_ACTION)
    assert entry.user is None
    with pytest.raises(CommandError, match="No staff member"):
        call_command("erase_person", EMPLOYEE_ID, yes=True, stdout=StringIO())


# Retention --------------------------------------------------------------------


@pytest.fixture
def leavers():
    today = timezone.localdate()
    return {
        "long_gone": StaffProfileFactory(
            employee_id="GONE-1",
            hire_date=today - timedelta(days=1500),
            leave_date=today - timedelta(days=800),
            is_active=False,
        ),
        "recent": StaffProfileFactory(
            employee_id="GONE-2",
            hire_date=today - timedelta(days=1500),
            leave_date=today - timedelta(days=300),
            is_active=False,
        ),
        "staying": StaffProfileFactory(employee_id="STAY-1"),
    }


def test_the_sweep_erases_leavers_past_the_retention_period(settings, leavers):
    settings.PEOPLE_ERASE_LEAVERS_AFTER_MONTHS = 24
    out = StringIO()

    call_command("certification_sweep", stdout=out)

    ids = set(StaffProfile.objects.values_list("employee_id", flat=True))
    assert f"ERASED-{leavers['long_gone'].pk}" in ids
    assert {"GONE-2", "STAY-1"} <= ids and "GONE-1" not in ids
    assert "Leavers past the retention period erased: 1." in out.getvalue()
    call_command("certification_sweep", stdout=(again := StringIO()))
    assert "erased: 0." in again.getvalue()


def test_nobody_is_erased_while_retention_is_off(leavers):
    call_command("certification_sweep", stdout=StringIO())

    ids = set(StaffProfile.objects.values_list("employee_id", flat=True))
    assert {"GONE-1", "GONE-2", "STAY-1"} <= ids


@pytest.mark.parametrize("value", [0, -3, "24", 2.5, True])
def test_a_bad_retention_setting_is_a_system_check_error(settings, value):
    settings.PEOPLE_ERASE_LEAVERS_AFTER_MONTHS = value

    assert "people.E003" in [error.id for error in check_settings()]


def test_a_good_retention_setting_passes_the_check(settings):
    settings.PEOPLE_ERASE_LEAVERS_AFTER_MONTHS = 24

    assert "people.E003" not in [error.id for error in check_settings()]


def test_the_erase_log_entry_is_a_registered_action(person, hr_user):
    erase_person(person, actor=hr_user)

    entry = StaffLogEntry.objects.get(staff=person, action=ERASE_ACTION)
    assert entry.message == "Personal data erased"
    assert FIRST not in entry.label and LAST not in entry.label
    assert not ModelLogEntry.objects.filter(label__icontains=LOGIN).exists()


def test_answers_are_exported_in_the_words_the_learner_saw():
    snapshot = {
        "choices": [{"id": 1, "text": "Greet"}, {"id": 2, "text": "Offer"}],
        "right_options": [{"id": 7, "text": "Hello"}],
    }

    assert answer_in_words(snapshot, {"choice": 2}) == "Offer"
    assert answer_in_words(snapshot, {"choices": [1, 2]}) == ["Greet", "Offer"]
    assert answer_in_words(snapshot, {"order": [2, 1]}) == ["Offer", "Greet"]
    assert answer_in_words(snapshot, {"pairs": {"1": 7}}) == {"Greet": "Hello"}
    assert answer_in_words(snapshot, {"value": False}) is False
    assert answer_in_words(snapshot, {"text": "24"}) == "24"
    assert answer_in_words(snapshot, None) is None
