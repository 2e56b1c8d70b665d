"""The training history: who did what, when, to whom; its filters and exports;
its scope (HR everything, a manager their reporting line and nothing that is
about no person); a fixed number of queries however long it grows.

A small known world. Under the manager Maija: Anna (observed by the trainer,
so certified; then revoked and reinstated by HR; a course assigned to her) and
Janis (added by HR's staff import). Outside her line, in customer care: Ilze
(extra attempts granted by Olga, her personal data erased). HR also created
and revoked the HR system's API token and assigned a course to all of sales.
"""

import csv
import io
import uuid
from datetime import datetime, timedelta

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.log_actions import registry as log_registry
from wagtail.models import APIToken

from certification import assignments, services
from certification.models import (
    CertificationRecord,
    ObservationChecklist,
    Rating,
)
from courses.models import ModulePage
from people import imports, roles
from people.models import StaffProfile
from reports.audit import ERASE_ACTION
from reports.models import Export
from tests.factories import (
    DepartmentFactory,
    StaffProfileFactory,
    UserFactory,
    make_course,
)
from tests.quizzes.factories import QuestionBankFactory, QuizFactory, make_question

pytestmark = pytest.mark.django_db

HISTORY = reverse("training_reports:history")
HISTORY_RESULTS = reverse("training_reports:history_results")
IMPORT_URL = reverse("people:import_staff")
TOKEN_ADD_URL = reverse("wagtailusers_api_tokens:add")
IMPORTED_CSV = "\n".join(
    [
        ",".join(imports.HEADER),
        "E2,Janis,Jurins,janis@example.com,Sales floor,Riga,Clerk,M1,2024-01-15,",
    ]
)


def observe(observer, learner, course, passed=True):
    checklist = ObservationChecklist.objects.get(title=services.DEFAULT_CHECKLIST)
    ratings = {item.pk: (Rating.MEETS, "") for item in checklist.items.all()}
    return services.record_observation(
        observer,
        learner=learner,
        course=course,
        checklist=checklist,
        ratings=ratings,
        passed=passed,
        submission_key=uuid.uuid4(),
    )


def course_with_quiz(title):
    course = make_course(title, modules=1, lessons=1)
    bank = QuestionBankFactory()
    make_question(bank, "single")
    quiz = QuizFactory(title=f"{title} quiz", bank=bank, attempt_limit=2)
    module = ModulePage.objects.child_of(course).get()
    module.quiz = quiz
    module.save_revision().publish()
    return course, quiz


def import_staff(client, content):
    """Upload a staff CSV in the admin and confirm the preview."""
    upload = SimpleUploadedFile("staff.csv", content.encode(), content_type="text/csv")
    preview = client.post(IMPORT_URL, {"file": upload})
    token = preview.context["confirm_form"].initial["token"]
    assert client.post(IMPORT_URL, {"token": token}).status_code == 302


@pytest.fixture
def world(client):
    sales = DepartmentFactory(name="Sales floor")
    care = DepartmentFactory(name="Customer care")
    hr_user = UserFactory(roles=[roles.HR], first_name="Helga", last_name="Rasa")
    olga = UserFactory(roles=[roles.HR], first_name="Olga", last_name="Otra")
    trainer = UserFactory(roles=[roles.TRAINERS], first_name="Toms", last_name="Ziga")
    manager = StaffProfileFactory(
        employee_id="M1",
        department=sales,
        user=UserFactory(roles=[roles.MANAGERS], first_name="Maija", last_name="Lapa"),
    )
    anna = StaffProfileFactory(
        employee_id="E1",
        manager=manager,
        department=sales,
        user=UserFactory(first_name="Anna", last_name="Berg"),
    )
    ilze = StaffProfileFactory(
        employee_id="E9",
        department=care,
        user=UserFactory(first_name="Ilze", last_name="Kalna"),
    )
    course = make_course("Service basics", modules=1, lessons=1)
    phone, quiz = course_with_quiz("Phone manners")

    observe(trainer, anna.user, course)
    record = CertificationRecord.objects.get(user=anna.user, course=course)
    services.revoke_certificate(record, actor=hr_user, reason="Form not signed")
    services.reinstate_certificate(record, actor=hr_user, reason="Signed copy found")
    services.grant_extra_attempts(
        quiz,
        course=phone,
        learner=ilze.user,
        actor=olga,
        extra=2,
        reason="Called away twice",
    )
    log(ilze, ERASE_ACTION, user=hr_user)

    client.force_login(hr_user)
    import_staff(client, IMPORTED_CSV)
    client.post(TOKEN_ADD_URL, {"name": "HR system", "user": hr_user.pk})
    token = APIToken.objects.get(name="HR system")
    client.post(reverse("wagtailusers_api_tokens:delete", args=[token.pk]))
    client.logout()
    return {
        "hr": hr_user,
        "olga": olga,
        "trainer": trainer,
        "manager": manager,
        "anna": anna,
        "ilze": ilze,
        "course": course,
        "phone": phone,
        "care": care,
        "sales": sales,
    }


@pytest.fixture
def assigned(world):
    """The phone course assigned to Anna and to all of sales, by HR."""
    if not log_registry.action_exists(assignments.ASSIGN_ACTION):
        pytest.skip("the assignment log actions are not registered yet")
    due = timezone.localdate() + timedelta(days=30)
    hr_user, phone = world["hr"], world["phone"]
    assignments.assign(
        phone, target="person", person=world["anna"], actor=hr_user, due_on=due
    )
    assignments.assign(
        phone, target="department", department=world["sales"], actor=hr_user, due_on=due
    )
    return world


def entries(response):
    assert response.status_code == 200
    return response.context["object_list"]


def lines(response):
    """(what, who, whom) of each entry shown, in order."""
    return [(e.what, e.actor, e.whom) for e in entries(response)]


def whats(response):
    return {entry.what for entry in entries(response)}


def whoms(response):
    return {entry.whom for entry in entries(response)}


def export(client, fmt, **params):
    response = client.get(HISTORY, {**params, "export": fmt})
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    if fmt == "csv":
        return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


@pytest.fixture
def as_hr(client, world):
    client.force_login(world["hr"])
    return client


@pytest.fixture
def as_manager(client, world):
    client.force_login(world["manager"].user)
    return client


# Every kind, with who, what and whom -------------------------------------------


def test_hr_sees_every_kind_with_who_did_what_to_whom(as_hr):
    shown = lines(as_hr.get(HISTORY))

    assert {
        ("Practical observation: passed", "Toms Ziga", "Anna Berg"),
        ("Certificate issued", "Toms Ziga", "Anna Berg"),
        ("Certificate revoked", "Helga Rasa", "Anna Berg"),
        ("Certificate reinstated", "Helga Rasa", "Anna Berg"),
        ("Extra attempts granted", "Olga Otra", "Ilze Kalna"),
        ("Personal data erased", "Helga Rasa", "Ilze Kalna"),
        ("Added by staff import", "Helga Rasa", "Janis Jurins"),
        ("API token created", "Helga Rasa", "API token “HR system (wagtail_…)”"),
        ("API token revoked", "Helga Rasa", "API token “HR system (wagtail_…)”"),
    } - set(map(_masked, shown)) == set()


def test_assignments_to_a_person_or_a_department_are_listed(as_hr, assigned):
    shown = lines(as_hr.get(HISTORY, {"kind": "assignment"}))
    by_course = entries(as_hr.get(HISTORY, {"course": assigned["phone"].pk}))

    assert set(shown) == {
        ("Course assigned", "Helga Rasa", "Anna Berg"),
        ("Course assigned", "Helga Rasa", "Sales floor"),
    }
    assert {entry.what for entry in by_course} == {
        "Extra attempts granted",
        "Course assigned",
    }


def test_a_manager_sees_assignments_to_their_people_only(as_manager, assigned):
    shown = lines(as_manager.get(HISTORY, {"kind": "assignment"}))

    assert shown == [("Course assigned", "Helga Rasa", "Anna Berg")]


def _masked(line):
    """A token's label holds the start of its secret: compare without it."""
    what, who, whom = line
    if whom.startswith("API token"):
        whom = whom.split("wagtail_")[0] + "wagtail_…)”"
    return what, who, whom


def test_entries_are_newest_first_with_their_details(as_hr, world):
    shown = entries(as_hr.get(HISTORY))

    moments = [entry.at for entry in shown]
    assert moments == sorted(moments, reverse=True)
    by_what = {entry.what: entry for entry in shown}
    assert "Form not signed" in by_what["Certificate revoked"].details_text
    assert by_what["Certificate revoked"].course == "Service basics"
    extra = by_what["Extra attempts granted"]
    assert "2 extra attempts at “Phone manners quiz” granted." in extra.details_text
    assert "Called away twice" in extra.details_text
    assert "acts as" in by_what["API token created"].details_text


def test_the_person_links_to_their_page(as_hr, world):
    page = as_hr.get(HISTORY).text

    assert reverse("staff:inspect", args=[world["anna"].pk]) in page
    assert "Training history" in page


def test_an_observation_that_changes_no_status_is_listed_too(as_hr, world):
    observe(world["trainer"], world["ilze"].user, world["course"], passed=False)

    shown = lines(as_hr.get(HISTORY, {"kind": "observation"}))

    assert ("Practical observation: not passed", "Toms Ziga", "Ilze Kalna") in shown


def test_an_import_from_the_command_line_is_the_systems(as_hr, world, tmp_path):
    path = tmp_path / "staff.csv"
    path.write_text(IMPORTED_CSV.replace("Sales floor", "Customer care"))
    call_command("import_staff", str(path), stdout=io.StringIO())

    response = as_hr.get(HISTORY, {"kind": "imported"})

    assert lines(response)[0] == ("Changed by staff import", "System", "Janis Jurins")
    assert entries(response)[0].details_text == "Changed: Department."


def test_editing_a_person_in_the_admin_is_an_edit_not_an_import(as_hr, world):
    anna = world["anna"]
    form = {
        "first_name": "Anna",
        "last_name": "Berg",
        "email": anna.user.email,
        "department": world["care"].pk,
        "location": anna.location_id,
        "job_role": anna.job_role_id,
        "manager": world["manager"].pk,
        "hire_date": "2024-01-15",
        "leave_date": "",
    }

    saved = as_hr.post(reverse("staff:edit", args=[anna.pk]), form)
    shown = lines(as_hr.get(HISTORY, {"kind": ["imported", "staff"]}))

    assert saved.status_code == 302
    assert ("Edited", "Helga Rasa", "Anna Berg") in shown
    assert not [
        line for line in shown if line[2] == "Anna Berg" and "import" in line[0]
    ]


# Filters ----------------------------------------------------------------------


def test_the_kind_filter_takes_several_kinds(as_hr):
    response = as_hr.get(HISTORY, {"kind": ["revoked", "reinstated"]})

    assert whats(response) == {"Certificate revoked", "Certificate reinstated"}


def test_the_date_range_filter(as_hr):
    today = timezone.localdate()
    yesterday = today - timedelta(days=1)

    assert entries(as_hr.get(HISTORY, {"at_to": yesterday.isoformat()})) == []
    assert len(entries(as_hr.get(HISTORY, {"at_from": today.isoformat()}))) >= 9


def test_the_actor_filter_and_the_system(as_hr, world):
    by_trainer = as_hr.get(HISTORY, {"actor": world["trainer"].pk})
    by_nobody = as_hr.get(HISTORY, {"actor": "null"})

    assert whats(by_trainer) == {"Practical observation: passed", "Certificate issued"}
    assert {entry.actor for entry in entries(by_nobody)} <= {"System"}


def test_the_department_filter_keeps_only_its_people(as_hr, world):
    response = as_hr.get(HISTORY, {"department": world["care"].pk})

    assert whoms(response) == {"Ilze Kalna"}
    assert whats(response) == {"Extra attempts granted", "Personal data erased"}


@pytest.mark.parametrize(
    ("words", "whom"), [("berg", "Anna Berg"), ("E9", "Ilze Kalna")]
)
def test_the_person_search_takes_a_name_or_employee_id(as_hr, words, whom):
    response = as_hr.get(HISTORY, {"person": words})

    assert {entry.whom.split(" (")[0] for entry in entries(response)} == {whom}


def test_the_course_filter_keeps_entries_about_that_course(as_hr, world):
    response = as_hr.get(HISTORY, {"course": world["phone"].pk})

    assert whats(response) == {"Extra attempts granted"}


def test_bad_filter_values_are_named_not_a_server_error(as_hr):
    response = as_hr.get(
        HISTORY, {"actor": "999999", "at_from": "not a date", "kind": "nonsense"}
    )

    assert response.status_code == 200
    labels = [label for label, _errors in response.context["filter_errors"]]
    assert {"Who", "What"} <= set(labels)
    assert len(entries(response)) >= 9  # the unreadable filters are ignored


def test_the_results_fragment_answers_the_filters(as_hr):
    response = as_hr.get(HISTORY_RESULTS, {"kind": "revoked"})

    assert whats(response) == {"Certificate revoked"}


# Export -----------------------------------------------------------------------


def test_the_csv_export_has_a_row_per_entry(as_hr):
    rows = export(as_hr, "csv", kind=["revoked", "imported"])

    assert rows[0] == [
        "When",
        "Who",
        "What",
        "Whom",
        "Employee ID",
        "Department",
        "Course",
        "Details",
    ]
    by_what = {row[2]: row for row in rows[1:]}
    assert set(by_what) == {"Certificate revoked", "Added by staff import"}
    revoked = by_what["Certificate revoked"]
    assert revoked[1:7] == [
        "Helga Rasa",
        "Certificate revoked",
        "Anna Berg",
        "E1",
        "Sales floor",
        "Service basics",
    ]
    assert "Form not signed" in revoked[7]
    assert datetime.fromisoformat(revoked[0]).date() == timezone.localdate()


def test_the_xlsx_export_follows_the_filters(as_hr, world):
    rows = export(as_hr, "xlsx", department=world["care"].pk)

    assert rows[0][0] == "When"
    assert isinstance(rows[1][0], datetime)
    assert {row[3] for row in rows[1:]} == {"Ilze Kalna"}


def test_a_long_history_is_exported_in_the_background_with_its_scope(
    client, world, settings, django_capture_on_commit_callbacks
):
    settings.TRAINING_EXPORT_BACKGROUND_ROWS = 2
    client.force_login(world["manager"].user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(HISTORY, {"export": "csv"})

    assert response.status_code == 302
    export = Export.objects.get()
    assert export.status == Export.Status.READY
    download = client.get(export.get_absolute_url())
    content = b"".join(download.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content)))
    assert rows[0][:3] == ["When", "Who", "What"]
    assert {row[3] for row in rows[1:]} == {"Anna Berg", "Janis Jurins"}
    assert export.rows == len(rows) - 1


# Scope ------------------------------------------------------------------------


def test_a_manager_sees_only_entries_about_their_line(as_manager):
    response = as_manager.get(HISTORY)

    assert whoms(response) == {"Anna Berg", "Janis Jurins"}
    assert not any("API token" in what for what in whats(response))


def test_a_manager_cannot_widen_their_scope_with_filters(as_manager, world):
    response = as_manager.get(HISTORY, {"department": world["care"].pk})
    searched = as_manager.get(HISTORY, {"person": "Kalna"})
    tokens = as_manager.get(HISTORY, {"kind": "token"})

    assert entries(response) == []
    assert entries(searched) == []
    assert entries(tokens) == []


def test_a_managers_exports_are_scoped_too(as_manager):
    for fmt in ("csv", "xlsx"):
        rows = export(as_manager, fmt)
        assert {row[3] for row in rows[1:]} == {"Anna Berg", "Janis Jurins"}


def test_a_managers_actor_choices_are_those_of_their_line(as_manager, world):
    response = as_manager.get(HISTORY)

    choices = response.context["view"].filters.form.fields["actor"].queryset
    assert world["trainer"] in choices and world["hr"] in choices
    assert world["olga"] not in choices  # she acted only outside the line


def test_learners_and_trainers_may_not_open_the_history(client, world):
    client.force_login(world["anna"].user)
    assert client.get(HISTORY).status_code in (302, 403)
    client.force_login(world["trainer"])
    assert client.get(HISTORY).status_code == 403
    assert client.get(HISTORY, {"export": "csv"}).status_code == 403
    assert client.get(HISTORY_RESULTS).status_code == 403


def test_it_is_listed_with_the_other_reports(as_hr):
    from reports.urls import report_links

    links = {link.name: link for link in report_links()}

    assert links["history"].url == HISTORY
    assert str(links["history"].label) == "Training history"


# Query counts -----------------------------------------------------------------


def add_history(size, trainer, hr_user):
    """``size`` people, each observed (so certified), edited and invited."""
    course = make_course(f"Course for {size}", modules=1, lessons=1)
    for _n in range(size):
        person = StaffProfileFactory()
        observe(trainer, person.user, course)
        log(person, "wagtail.edit", user=hr_user)
    for n in range(size // 5):
        token, _plain = APIToken.create_token(user=hr_user, name=f"Token {n}")
        log(token, "wagtail.apitoken.create", user=hr_user)


@pytest.mark.parametrize("size", [5, 40])
def test_the_history_is_a_fixed_number_of_queries(
    client, size, django_assert_max_num_queries
):
    hr_user = UserFactory(roles=[roles.HR])
    add_history(size, UserFactory(roles=[roles.TRAINERS]), hr_user)
    client.force_login(hr_user)

    total = 3 * size + size // 5
    last = (total + 49) // 50

    with django_assert_max_num_queries(28):
        first = client.get(HISTORY)
    with django_assert_max_num_queries(28):
        final = client.get(HISTORY, {"p": last})

    assert len(entries(first)) == min(50, total)
    assert len(entries(final)) == total - 50 * (last - 1)


@pytest.mark.parametrize("size", [5, 40])
def test_the_export_is_a_fixed_number_of_queries(
    client, size, django_assert_max_num_queries
):
    hr_user = UserFactory(roles=[roles.HR])
    add_history(size, UserFactory(roles=[roles.TRAINERS]), hr_user)
    client.force_login(hr_user)

    with django_assert_max_num_queries(16):
        rows = export(client, "xlsx")

    assert len(rows) == 1 + 3 * size + size // 5


@pytest.mark.parametrize("size", [5, 40])
def test_a_managers_history_is_a_fixed_number_of_queries(
    client, size, django_assert_max_num_queries
):
    hr_user = UserFactory(roles=[roles.HR])
    manager = StaffProfileFactory(user=UserFactory(roles=[roles.MANAGERS]))
    add_history(size, UserFactory(roles=[roles.TRAINERS]), hr_user)
    StaffProfile.objects.exclude(pk=manager.pk).update(manager=manager)
    client.force_login(manager.user)

    with django_assert_max_num_queries(28):
        page = client.get(HISTORY)

    assert len(entries(page)) == min(50, 3 * size)


def test_a_change_to_the_standard_and_an_erasure_are_not_shown_as_issues(client, world):
    from certification.models import Cause as EventCause
    from certification.models import CertificationEvent, Status

    record = CertificationRecord.objects.get(user=world["anna"].user)
    for cause in (EventCause.MATERIAL_CHANGE, EventCause.ERASED):
        CertificationEvent.objects.create(
            record=record,
            from_status=Status.CERTIFIED,
            to_status=Status.CERTIFIED,
            cause=cause,
            details={"reason": "12 hours", "day": "2030-01-01"},
        )
    client.force_login(world["hr"])

    shown = [
        (entry.what, " ".join(map(str, entry.details)))
        for entry in entries(client.get(HISTORY, {"person": "E1"}))
    ][:2]

    assert shown[0][0] == "Certificate revoked"
    assert "Personal data erased" in shown[0][1]
    assert shown[1] == ("The standard changed: refresher due.", "")
