"""The clause heat map report: team × clause % correct, scoped, filtered, exported.

One small known staff. Under the manager Mia: Alice and Bob on the sales floor,
Carol in customer care; outside her line, Eve in online orders. Three clauses:
TEL-1 and TEL-2 of the service standard, DIS-1 of another course. Questions:
``one`` (1 point, TEL-1), ``both`` (2 points, TEL-1 and TEL-2), ``distance``
(1 point, DIS-1). Graded answers, finished 10 days ago:

- Alice: one 1/1, both 2/2. Bob: one 0/1, distance 1/1.
- Carol: one 0/1, distance 0/1. Eve: one 1/1.

So the sales floor has TEL-1 3 of 4 marks (75%, 3 answers), TEL-2 2/2 (100%, 1)
and DIS-1 1/1 (100%, 1); customer care TEL-1 0% (1) and DIS-1 0% (1); online
orders TEL-1 100% (1). Left out: Alice's practice attempt, Bob's attempt awaiting
marking, Frank's (he left), and Carol's from 400 days ago (outside the window).
"""

import csv
import importlib
import io
import xml.etree.ElementTree as ET
from datetime import timedelta
from decimal import Decimal

import openpyxl
import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from people.models import StaffProfile
from quizzes.models import Answer, Attempt
from reports.views import clauses
from tests.factories import (
    DepartmentFactory,
    LocationFactory,
    StaffProfileFactory,
    UserFactory,
    make_course,
)
from tests.quizzes.factories import (
    AttemptFactory,
    ClauseFactory,
    QuestionFactory,
    QuizFactory,
    answer,
)

pytestmark = pytest.mark.django_db

CLAUSES = "/admin/training/reports/clauses/"
SVG = "{http://www.w3.org/2000/svg}"


def days_ago(days):
    return timezone.now() - timedelta(days=days)


backfill = importlib.import_module("quizzes.migrations.0007_backfill_clause_marks")


def record_marks():
    """Write the clause marks of the attempts made here, as grading would (the
    attempts are written directly, so by the migration's backfill)."""
    backfill.backfill_clause_marks(apps, None)


def attempt(profile, quiz, marks, *, days=10, **fields):
    """A graded attempt by ``profile`` with ``(question, points)`` answers."""
    fields.setdefault("submitted_at", days_ago(days))
    taken = AttemptFactory(quiz=quiz, user=profile.user, **fields)
    for position, (question, points) in enumerate(marks):
        answer(taken, question, position=position, awarded=points)
    return taken


@pytest.fixture
def content():
    standard = make_course("Service standard", modules=1, lessons=1)
    other = make_course("Store safety", modules=1, lessons=1)
    tel1 = ClauseFactory(code="TEL-1", title="Smile on the phone", course=standard)
    tel2 = ClauseFactory(
        code="TEL-2", title="Answer by the third ring", course=standard
    )
    dis1 = ClauseFactory(code="DIS-1", title="Keep the right distance", course=other)
    return {
        "standard": standard,
        "quiz": QuizFactory(title="Telephone"),
        "one": QuestionFactory(points=1, clauses=[tel1]),
        "both": QuestionFactory(points=2, clauses=[tel1, tel2]),
        "distance": QuestionFactory(points=1, clauses=[dis1]),
        "clauses": (tel1, tel2, dis1),
    }


@pytest.fixture
def team(content):
    sales = DepartmentFactory(name="Sales floor")
    care = DepartmentFactory(name="Customer care")
    online = DepartmentFactory(name="Online orders")
    riga = LocationFactory(name="Riga")
    mia = StaffProfileFactory(
        user=UserFactory(username="mia", first_name="Mia", last_name="Manager"),
        employee_id="M1",
        department=sales,
        location=riga,
    )
    mia.user.groups.add(Group.objects.get(name="Managers"))

    def person(employee_id, name, department, boss=mia, **fields):
        first, last = name.split()
        user = UserFactory(username=first.lower(), first_name=first, last_name=last)
        fields.setdefault("location", riga)
        return StaffProfileFactory(
            user=user,
            employee_id=employee_id,
            department=department,
            manager=boss,
            **fields,
        )

    people = {
        "alice": person("E1", "Alice Avots", sales),
        "bob": person("E2", "Bob Berzins", sales),
        "carol": person("E3", "Carol Celms", care),
        "eve": person("E5", "Eve Eglite", online, boss=None),
        "frank": person("E6", "Frank Freimanis", sales, is_active=False),
    }
    quiz, one, both, distance = (
        content[k] for k in ("quiz", "one", "both", "distance")
    )
    attempt(people["alice"], quiz, [(one, 1), (both, 2)])
    attempt(people["bob"], quiz, [(one, 0), (distance, 1)])
    attempt(people["carol"], quiz, [(one, 0), (distance, 0)])
    attempt(people["eve"], quiz, [(one, 1)])
    # Left out: practice, awaiting marking, a leaver, outside the window.
    attempt(people["alice"], quiz, [(one, 0), (both, 0)], practice=True)
    attempt(
        people["bob"],
        quiz,
        [(one, 0), (both, 0)],
        status=Attempt.Status.AWAITING_MARKING,
    )
    attempt(people["frank"], quiz, [(one, 0), (both, 0)])
    attempt(people["carol"], quiz, [(one, 1)], days=400)
    record_marks()
    return mia, people


def cells(response):
    """``{(team, clause code): (% correct or None, answers)}`` from the listing."""
    return {
        (cell.team, cell.clause.code): (
            None if cell.percent is None else round(cell.percent, 1),
            cell.answers,
        )
        for cell in response.context["view"].get_queryset()
    }


def export(client, fmt, **params):
    response = client.get(CLAUSES, {**params, "export": fmt})
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    if fmt == "csv":
        return list(csv.reader(io.StringIO(content.decode())))
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


# The cells --------------------------------------------------------------------


def test_each_cell_is_the_share_of_marks_earned_with_its_answer_count(hr, team):
    response = hr.get(CLAUSES)

    assert response.status_code == 200
    assert cells(response) == {
        ("Customer care", "DIS-1"): (0.0, 1),
        ("Customer care", "TEL-1"): (0.0, 1),
        ("Customer care", "TEL-2"): (None, 0),
        ("Online orders", "DIS-1"): (None, 0),
        ("Online orders", "TEL-1"): (100.0, 1),
        ("Online orders", "TEL-2"): (None, 0),
        ("Sales floor", "DIS-1"): (100.0, 1),
        ("Sales floor", "TEL-1"): (75.0, 3),
        ("Sales floor", "TEL-2"): (100.0, 1),
    }


def test_the_listing_puts_the_weakest_first_and_empty_cells_last(hr, team):
    rows = list(hr.get(CLAUSES).context["view"].get_queryset())

    assert [row.percent for row in rows[:2]] == [0.0, 0.0]
    assert rows[2].percent == 75.0
    assert [row.percent for row in rows[-3:]] == [None, None, None]


def test_the_heat_map_has_a_row_per_team_and_a_column_per_clause(hr, team):
    response = hr.get(CLAUSES)

    chart = ET.fromstring(str(response.context["chart"]))
    assert chart.get("role") == "img"
    headers = [
        text.text
        for text in chart.iter(SVG + "text")
        if text.get("class") == "column-header"
    ]
    assert headers == ["DIS-1", "TEL-1", "TEL-2"]
    tips = [
        group.find(SVG + "title").text
        for group in chart.iter(SVG + "g")
        if group.get("class") == "heat-cell"
    ]
    assert tips[:3] == [
        "Customer care · DIS-1 Keep the right distance: 0%",
        "Customer care · TEL-1 Smile on the phone: 0%",
        "Customer care · TEL-2 Answer by the third ring: n/a",
    ]
    assert "Sales floor · TEL-1 Smile on the phone: 75%" in tips
    assert len(tips) == 3 * 3


def test_the_page_says_how_to_read_it(hr, team):
    content = hr.get(CLAUSES).content.decode()

    assert "Darker is better; – means no answers yet" in content
    assert "fewer than 5 answers" in content
    assert "by 5 people still employed" in content  # Mia, Alice, Bob, Carol, Eve
    assert "(few answers)" in content


def test_the_listing_sorts_by_any_column_keeping_empty_cells_last(hr, team):
    rows = list(
        hr.get(CLAUSES, {"ordering": "-percent"}).context["view"].get_queryset()
    )
    by_team = hr.get(CLAUSES, {"ordering": "team"}).context["view"].get_queryset()

    assert [row.percent for row in rows[:3]] == [100.0, 100.0, 100.0]
    assert [row.percent for row in rows[-3:]] == [None, None, None]
    assert [row.team for row in by_team][::3] == [
        "Customer care",
        "Online orders",
        "Sales floor",
    ]


def test_the_heat_map_draws_the_busiest_teams_when_there_are_many(
    hr, team, monkeypatch
):
    monkeypatch.setattr(clauses, "CHART_TEAMS", 2)

    response = hr.get(CLAUSES)

    chart = ET.fromstring(str(response.context["chart"]))
    rows = {
        group.find(SVG + "title").text.split(" · ")[0]
        for group in chart.iter(SVG + "g")
        if group.get("class") == "heat-cell"
    }
    assert rows == {"Sales floor", "Customer care"}  # 5 and 2 answers; online 1
    assert "shows the 2 teams with the most answers, of 3" in response.content.decode()
    assert {name for name, _code in cells(response)} == {
        "Sales floor",
        "Customer care",
        "Online orders",
    }


def test_retagging_a_question_later_changes_no_past_result(hr, team, content):
    tel1, tel2, dis1 = content["clauses"]
    content["one"].clauses.set([dis1])

    assert cells(hr.get(CLAUSES))[("Sales floor", "TEL-1")] == (75.0, 3)


def test_answers_tagged_with_deleted_clauses_are_left_out(hr, team, content):
    eve = team[1]["eve"]
    taken = AttemptFactory(
        quiz=content["quiz"], user=eve.user, submitted_at=days_ago(2)
    )
    answer(taken, content["one"], position=0, awarded=0, clause_ids=[999999, "x"])
    record_marks()

    assert cells(hr.get(CLAUSES))[("Online orders", "TEL-1")] == (100.0, 1)


# Grouping and filters ---------------------------------------------------------


def test_group_by_direct_manager(hr, team):
    found = cells(hr.get(CLAUSES, {"group_by": "manager"}))

    # Alice, Bob and Carol report to Mia: TEL-1 3 of 5 marks over 4 answers.
    assert found[("Mia Manager", "TEL-1")] == (60.0, 4)
    assert found[("No manager", "TEL-1")] == (100.0, 1)  # Eve


def test_group_by_location(hr, team):
    eve = team[1]["eve"]
    StaffProfile.objects.filter(pk=eve.pk).update(
        location=LocationFactory(name="Cesis")
    )

    found = cells(hr.get(CLAUSES, {"group_by": "location"}))

    assert found[("Riga", "TEL-1")] == (60.0, 4)
    assert found[("Cesis", "TEL-1")] == (100.0, 1)


def test_the_course_filter_keeps_its_clauses(hr, team, content):
    found = cells(hr.get(CLAUSES, {"course": content["standard"].pk}))

    assert {code for _team, code in found} == {"TEL-1", "TEL-2"}


def test_people_filters_narrow_rows_chart_and_export(hr, team):
    care = team[1]["carol"].department

    response = hr.get(CLAUSES, {"department": care.pk})

    assert {name for name, _code in cells(response)} == {"Customer care"}
    assert "Sales floor" not in str(response.context["chart"])
    rows = export(hr, "csv", department=care.pk)
    assert {row[0] for row in rows[1:]} == {"Customer care"}


def test_the_manager_filter_keeps_a_reporting_line(hr, team):
    mia, _people = team

    teams = {name for name, _code in cells(hr.get(CLAUSES, {"manager": mia.pk}))}

    assert teams == {"Sales floor", "Customer care"}


def test_the_window_defaults_to_12_months_and_can_be_widened(hr, team):
    since = (timezone.localdate() - timedelta(days=500)).isoformat()
    recent = (timezone.localdate() - timedelta(days=5)).isoformat()

    wide = cells(hr.get(CLAUSES, {"finished_from": since}))
    none = cells(hr.get(CLAUSES, {"finished_from": recent}))

    assert wide[("Customer care", "TEL-1")] == (50.0, 2)
    assert none[("Sales floor", "TEL-1")] == (None, 0)


def test_bad_filter_values_do_not_break_the_page(hr, team):
    response = hr.get(CLAUSES, {"group_by": "nonsense", "finished_from": "soon"})

    assert response.status_code == 200


def test_the_results_fragment_refreshes_the_chart_too(hr, team):
    response = hr.get(CLAUSES + "results/", {"group_by": "manager"})

    assert response.status_code == 200
    assert "<svg" in response.content.decode()
    assert "Mia Manager" in response.content.decode()


# Scope and permissions --------------------------------------------------------


def test_a_manager_sees_only_their_reporting_line_everywhere(client, team):
    mia, _people = team
    client.force_login(mia.user)

    page = client.get(CLAUSES)
    rows = export(client, "csv")
    sheet = export(client, "xlsx")

    assert {name for name, _code in cells(page)} == {"Sales floor", "Customer care"}
    assert "Online orders" not in str(page.context["chart"])
    assert {row[0] for row in rows[1:]} == {"Sales floor", "Customer care"}
    assert {row[0] for row in sheet[1:]} == {"Sales floor", "Customer care"}


def test_a_manager_cannot_widen_their_scope_with_filters(client, team):
    mia, people = team
    client.force_login(mia.user)

    response = client.get(CLAUSES, {"department": people["eve"].department.pk})

    assert {name for name, _code in cells(response)} == set()


def test_learners_and_trainers_may_not_open_it(client, team):
    urls = [CLAUSES, CLAUSES + "?export=csv", CLAUSES + "?export=xlsx"]
    urls.append(CLAUSES + "results/")
    client.force_login(UserFactory(roles=["Trainers"]))
    for url in urls:
        assert client.get(url).status_code == 403
    # A learner has no admin access at all: Wagtail sends them to its login.
    client.force_login(UserFactory(roles=[]))
    for url in urls:
        response = client.get(url)
        assert response.status_code in (302, 403)
        assert b"Alice" not in response.content


def test_it_is_listed_with_the_other_reports(hr, team):
    from reports.urls import report_links

    links = {link.name: link for link in report_links()}

    assert links["clauses"].url == CLAUSES
    assert str(links["clauses"].label) == "Clause heat map"


# Export -----------------------------------------------------------------------


def test_the_export_is_one_row_per_team_and_clause(hr, team):
    sheet = export(hr, "xlsx")
    rows = export(hr, "csv")

    assert sheet[0] == [
        "Department",
        "Clause",
        "Clause title",
        "Answers",
        "Correct (%)",
        "Marks earned",
        "Marks available",
    ]
    assert len(sheet) == 1 + 3 * 3
    by_cell = {(row[0], row[1]): row for row in sheet[1:]}
    assert by_cell[("Sales floor", "TEL-1")][2:] == ["Smile on the phone", 3, 75, 3, 4]
    assert by_cell[("Customer care", "TEL-2")][3:5] == [0, None]
    assert [row[:3] for row in rows] == [row[:3] for row in sheet]


def test_the_export_heading_follows_the_grouping(hr, team):
    rows = export(hr, "csv", group_by="manager")

    assert rows[0][0] == "Manager's team"


# Query counts -----------------------------------------------------------------


def add_people(content, size):
    """``size`` people over five departments, each with a graded attempt."""
    departments = [DepartmentFactory(name=f"Team {n}") for n in range(5)]
    users = get_user_model().objects.bulk_create(
        get_user_model()(username=f"bulk{n}", first_name="Bulk", last_name=str(n))
        for n in range(size)
    )
    StaffProfile.objects.bulk_create(
        StaffProfile(user=user, employee_id=f"B{n:05d}", department=departments[n % 5])
        for n, user in enumerate(users)
    )
    attempts = Attempt.objects.bulk_create(
        Attempt(
            quiz=content["quiz"],
            user=user,
            number=1,
            status=Attempt.Status.GRADED,
            submitted_at=days_ago(3),
        )
        for user in users
    )
    clause_ids = [clause.pk for clause in content["clauses"]]
    Answer.objects.bulk_create(
        Answer(
            attempt=taken,
            position=position,
            snapshot={"kind": "single", "points": 1, "clause_ids": [clause_id]},
            points_awarded=Decimal(position % 2),
        )
        for taken in attempts
        for position, clause_id in enumerate(clause_ids)
    )
    record_marks()


@pytest.mark.parametrize("size", [20, 200])
def test_the_report_is_a_fixed_number_of_queries(
    hr, content, size, django_assert_max_num_queries
):
    add_people(content, size)

    with django_assert_max_num_queries(18):
        response = hr.get(CLAUSES, {"group_by": "manager"})

    assert response.status_code == 200
    assert sum(cell.answers for cell in response.context["view"].heat.cells) == 3 * size


@pytest.mark.parametrize("size", [20, 200])
def test_the_export_is_a_fixed_number_of_queries(
    hr, content, size, django_assert_max_num_queries
):
    add_people(content, size)

    with django_assert_max_num_queries(10):
        rows = export(hr, "xlsx")

    assert len(rows) == 1 + 5 * 3
    assert sum(row[3] for row in rows[1:]) == 3 * size
