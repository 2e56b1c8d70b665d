"""One truth: the same readiness rows, scope, progress, next step and meaning of
"overdue" behind every report, API endpoint, learner page and the sweep.

The team: a manager whose own job role requires the course, with Ann
(certified), Ben (never started, hired 90 days ago, so overdue), Cleo (her
certificate expired yesterday, the sweep has not run), Dora (left) and Ed
(hired 10 days ago); outside the line, Zed.
"""

import csv
import io
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from certification.models import CertificationRecord, Status
from certification.sweep import run_sweep
from courses.models import ModulePage
from tests.certification.factories import certified
from tests.factories import (
    PASSWORD,
    StaffProfileFactory,
    UserFactory,
    lessons_of,
    make_course,
)
from tests.quizzes.factories import AttemptFactory, QuizFactory

pytestmark = pytest.mark.django_db

READINESS = "/admin/training/reports/readiness/"


def today():
    return timezone.localdate()


@pytest.fixture
def team(role, course):
    manager = StaffProfileFactory(
        employee_id="M1", job_role=role, hire_date=today() - timedelta(days=900)
    )
    manager.user.groups.add(*UserFactory(roles=["Managers"]).groups.all())
    manager.user.email = "m1@example.com"
    manager.user.save()
    certified(manager.user, course)

    def report(employee_id, hired_days_ago, **fields):
        return StaffProfileFactory(
            employee_id=employee_id,
            manager=manager,
            job_role=role,
            hire_date=today() - timedelta(days=hired_days_ago),
            **fields,
        )

    ann = report("E1", 400)
    certified(ann.user, course)
    report("E2", 90)
    cleo = report("E3", 500)
    certified(cleo.user, course, days_left=-1)
    report("E4", 300, is_active=False, leave_date=today() - timedelta(days=5))
    report("E5", 10)
    StaffProfileFactory(employee_id="Z9", job_role=role, hire_date=today())
    return manager


def api_rows(client, url, **params):
    data = client.get(url, params).json()
    items = data["items"] if isinstance(data, dict) else data
    return {item["employee_id"]: item for item in items}


def report_rows(client, **params):
    response = client.get(READINESS, {**params, "export": "csv"})
    content = b"".join(response.streaming_content).decode()
    header, *rows = list(csv.reader(io.StringIO(content)))
    return {row[0]: dict(zip(header, row, strict=True)) for row in rows}


# Scope: one rule behind every endpoint and report ------------------------------


def test_a_manager_sees_the_same_people_everywhere_themselves_included(
    client, team, course
):
    client.force_login(team.user)

    listed = api_rows(client, "/api/v1/readiness")
    reported = report_rows(client)

    assert set(listed) == set(reported) == {"M1", "E1", "E2", "E3", "E5"}
    assert "(5 of 5)" not in client.get("/admin/").content.decode()
    mine = api_rows(client, "/api/v1/me/readiness")
    assert mine == {"M1": listed["M1"]}
    assert api_rows(client, "/api/v1/people/M1/readiness") == mine
    assert api_rows(client, "/api/v1/people/E3/readiness") == {"E3": listed["E3"]}
    assert client.get("/api/v1/people/Z9/readiness").status_code == 404
    page = client.get("/training/me/").context["page"]
    assert page.courses[0].status == listed["M1"]["status"] == Status.CERTIFIED


def test_statuses_agree_between_the_api_and_the_report(client, team):
    client.force_login(team.user)

    listed = api_rows(client, "/api/v1/readiness")
    reported = report_rows(client)

    assert {key: item["status"] for key, item in listed.items()} == {
        "M1": "certified",
        "E1": "certified",
        "E2": "not_started",
        "E3": "expired",  # past its date before the sweep has run
        "E5": "not_started",
    }
    labels = {key: row["Status"] for key, row in reported.items()}
    assert labels["E3"] == "Expired" and labels["E2"] == "Not started"


def test_a_learner_sees_only_their_own_row(client, team):
    from people.models import StaffProfile

    client.force_login(StaffProfile.objects.get(employee_id="E2").user)

    assert set(api_rows(client, "/api/v1/me/readiness")) == {"E2"}
    assert client.get("/api/v1/people/E1/readiness").status_code == 404
    assert client.get("/api/v1/readiness").status_code == 403


# Leavers in the API --------------------------------------------------------------


def test_the_api_lists_people_still_employed_unless_asked(hr, team):
    current = api_rows(hr, "/api/v1/readiness")
    left = api_rows(hr, "/api/v1/readiness", employment="left")
    everyone = api_rows(hr, "/api/v1/readiness", employment="all")

    assert "E4" not in current and all(item["active"] for item in current.values())
    assert set(left) == {"E4"}
    assert left["E4"]["active"] is False
    assert left["E4"]["leave_date"] == (today() - timedelta(days=5)).isoformat()
    assert set(everyone) == set(current) | {"E4"}
    assert current["E1"]["leave_date"] is None


@pytest.mark.parametrize(
    "params",
    [{"employment": "former"}, {"status": "bogus"}, {"course": "no-such-course"}],
)
def test_unknown_filter_values_are_a_422_with_a_message(hr, team, params):
    response = hr.get("/api/v1/readiness", params)

    assert response.status_code == 422
    assert response.json()["message"]


# Overdue: one meaning ------------------------------------------------------------


def test_overdue_is_the_same_people_in_the_api_report_dashboard_and_digest(
    hr, client, team
):
    listed = api_rows(hr, "/api/v1/readiness")
    overdue_report = report_rows(hr, overdue="on")
    dashboard = hr.get("/admin/").content.decode()
    run_sweep()

    overdue = {key for key, item in listed.items() if item["overdue"]}
    assert overdue == {"E2", "E3"}
    assert set(overdue_report) == overdue
    shown = re.search(
        r'headline__number">(\d+)</span>\s*<span class="training-headline__label">'
        r"overdue<",
        dashboard,
    )
    assert shown and shown.group(1) == "2"
    digest = next(m for m in mail.outbox if m.to == ["m1@example.com"])
    assert "E2" in digest.body and "E3" in digest.body
    assert "E5" not in digest.body and "E1" not in digest.body


def test_each_row_carries_its_due_date(hr, team, course):
    listed = api_rows(hr, "/api/v1/readiness")

    assert listed["E2"]["due_date"] == (today() + timedelta(days=60 - 90)).isoformat()
    assert listed["E5"]["due_date"] == (today() + timedelta(days=50)).isoformat()
    cleo = CertificationRecord.objects.get(user__staff_profile__employee_id="E3")
    assert listed["E3"]["due_date"] == timezone.localdate(cleo.expires_at).isoformat()


def test_the_learner_page_shows_the_due_date_and_overdue(client, team):
    from people.models import StaffProfile

    client.force_login(StaffProfile.objects.get(employee_id="E2").user)

    html = client.get("/training/me/").content.decode()

    assert "Overdue" in html and "Due by" in html


# One progress figure -------------------------------------------------------------


@pytest.fixture
def learner(client, role):
    profile = StaffProfileFactory(employee_id="L1", job_role=role)
    client.login(username=profile.user.username, password=PASSWORD)
    return profile.user


@pytest.fixture
def quiz_course(role):
    course = make_course("Phone standard", modules=2, lessons=2)
    for number, module in enumerate(ModulePage.objects.child_of(course), start=1):
        module.quiz = QuizFactory(title=f"Quiz {number}", pass_mark=80)
        module.save_revision().publish()
    course.required_for_roles.add(role)
    course.save_revision().publish()
    return course


@pytest.fixture
def complete(django_capture_on_commit_callbacks):
    """Mark a lesson done as the learner does, with what follows the commit."""

    def post(client, lesson):
        client.get(lesson.url)
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("courses:complete_lesson", args=[lesson.pk]))

    return post


def figures(client, course):
    """The course's progress as the catalogue, course page, /training/me/,
    the API and the readiness row give it."""
    catalogue = client.get("/training/").context["entries"]
    me = client.get("/training/me/").context["page"].courses
    row = client.get("/api/v1/me/readiness").json()
    return {
        "catalogue": next(o for o in catalogue if o.course.pk == course.pk).progress,
        "course page": client.get(course.url).context["outline"].progress,
        "my training": next(i for i in me if i.course.pk == course.pk).outline.progress,
        "api": next(item for item in row if item["course"] == course.slug),
    }


def percents(found):
    return {
        key: value["progress"] if isinstance(value, dict) else value.percent
        for key, value in found.items()
    }


def test_one_progress_figure_everywhere_and_every_step_moves_it(
    client, complete, learner, course, quiz_course
):
    lessons = lessons_of(quiz_course)
    complete(client, lessons[0])
    after_lesson = percents(figures(client, quiz_course))
    quiz = ModulePage.objects.child_of(quiz_course).first().quiz
    AttemptFactory(user=learner, quiz=quiz, percent=Decimal("90"), passed=True)
    from certification.services import refresh_record

    refresh_record(learner, quiz_course)
    after_quiz = percents(figures(client, quiz_course))

    # 4 lessons + 2 quizzes + the practical observation = 7 steps.
    assert set(after_lesson.values()) == {round(100 * 1 / 7)}
    assert set(after_quiz.values()) == {round(100 * 2 / 7)}
    record = CertificationRecord.objects.get(user=learner, course=quiz_course)
    assert record.progress == round(100 * 2 / 7)


def test_the_readiness_report_exports_the_same_progress(
    client, complete, learner, quiz_course
):
    complete(client, lessons_of(quiz_course)[0])
    hr = Client()
    hr.force_login(UserFactory(roles=["HR"]))

    rows = report_rows(hr)

    progress = CertificationRecord.objects.get(user=learner).progress
    assert rows["L1"]["Progress (%)"] == str(progress) != "0"


# Next step and Continue ----------------------------------------------------------


def test_continue_leads_to_the_first_unfinished_lesson_not_the_last_visited(
    client, complete, learner, quiz_course
):
    lessons = lessons_of(quiz_course)
    complete(client, lessons[1])
    client.get(lessons[3].url)  # visited, not done

    catalogue = client.get("/training/").content.decode()
    outline = client.get(quiz_course.url).context["outline"]

    assert outline.next_step.url == lessons[0].url
    assert f'href="{lessons[0].url}"' in catalogue
    me = client.get("/training/me/").context["page"].courses[0]
    assert me.next_step.url == lessons[0].url


def test_after_the_last_lesson_of_a_module_its_quiz_is_next(
    client, complete, learner, quiz_course
):
    lessons = lessons_of(quiz_course)
    quiz = ModulePage.objects.child_of(quiz_course).first().quiz
    complete(client, lessons[0])

    response = complete(client, lessons[1])

    assert response["Location"] == reverse("quizzes:quiz", args=[quiz.pk])
    outline = client.get(quiz_course.url).context["outline"]
    assert outline.next_step.kind == "quiz"
    assert outline.next_step.url == reverse("quizzes:quiz", args=[quiz.pk])
    me = client.get("/training/me/")
    assert me.context["page"].courses[0].next_step.url == outline.next_step.url


def test_when_only_the_observation_is_left_the_learner_is_told_to_wait(
    client, complete, learner, course
):
    complete(client, lessons_of(course)[0])

    item = client.get("/training/me/").context["page"].courses[0]

    assert item.outline.next_step is None
    assert item.next_step.kind == "observation"


def test_a_required_roleplay_not_passed_is_a_step_of_its_module(
    client, complete, learner, course
):
    from certification.services import requirements_for
    from tests.roleplays.scripts import make_roleplay

    module = ModulePage.objects.child_of(course).get()
    page = make_roleplay(module)
    requirements = requirements_for(course)
    requirements.roleplays.add(page)
    complete(client, lessons_of(course)[0])

    outline = client.get(course.url).context["outline"]

    assert outline.next_step.kind == "roleplay"
    assert outline.next_step.url == page.url


def test_out_of_attempts_is_said_plainly_and_is_not_the_next_step(
    client, complete, learner, quiz_course
):
    lessons = lessons_of(quiz_course)
    module = ModulePage.objects.child_of(quiz_course).first()
    quiz = module.quiz
    quiz.attempt_limit = 2
    quiz.save()
    complete(client, lessons[0])
    complete(client, lessons[1])
    for number in (1, 2):
        AttemptFactory(
            user=learner, quiz=quiz, number=number, percent=Decimal("40"), passed=False
        )

    module_page = client.get(module.url).content.decode()
    me = client.get("/training/me/")

    assert "You have used every attempt" in module_page
    assert "Try again" not in module_page
    html = me.content.decode()
    assert "Ask your trainer or HR" in html and "try again" not in html.lower()
    item = me.context["page"].courses[0]
    assert item.next_step.url == lessons[2].url  # the blocked quiz is skipped
