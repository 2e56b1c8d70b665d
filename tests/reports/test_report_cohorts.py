"""Cohort reports: time from hire to certification, and retention (turnover).

One small known team under the manager Mara, all sales consultants who must take
the course ("cert" is the day after hire of the first certificate):

    name   department  hired (days ago)  cert  left (day after hire)
    Alice  Sales       200               10    -
    Bob    Sales       200               20    150   (recertified on day 120)
    Carol  Care        200               60    -
    Dan    Care        200               -     40
    Erik   Sales       200               -     20
    Fay    Care        120               5     -
    Gus    Sales       120               -     -
    Hana   Sales       10                -     -
    Ivo    Care        no hire date      yes   -

and outside her line Olga (Sales, hired 300 days ago, certified on day 30).
"""

import csv
import io
from datetime import datetime, time, timedelta

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.db.models import F
from django.utils import timezone

from certification import assignments
from certification.models import Certificate, CertificationRecord, Status
from people.models import StaffProfile
from reports.views.retention import outcome
from tests.factories import (
    DepartmentFactory,
    JobRoleFactory,
    StaffProfileFactory,
    UserFactory,
    make_course,
)

pytestmark = pytest.mark.django_db

TIME = "/admin/training/reports/time_to_certification/"
RETENTION = "/admin/training/reports/retention/"
NAMES = ["Alice", "Bob", "Carol", "Dan", "Erik", "Fay", "Gus", "Hana", "Ivo", "Olga"]
PAGE_QUERIES = 18  # the readiness rows read the courses' deadlines once per query built
EXPORT_QUERIES = 8  # one counts the rows: a large export runs in the background


def today():
    return timezone.localdate()


def noon(day):
    return timezone.make_aware(datetime.combine(day, time(12)))


def certify(profile, course, *, day=None, at=None, cycle=1):
    """A certificate issued ``day`` days after the hire date (or ``at``)."""
    issued = at or noon(profile.hire_date + timedelta(days=day))
    record, _created = CertificationRecord.objects.get_or_create(
        user=profile.user,
        course=course,
        defaults={
            "status": Status.CERTIFIED,
            "progress": 100,
            "certified_at": issued,
            "first_certified_at": issued,  # a renewal keeps the first
            "expires_at": issued + timedelta(days=365),
        },
    )
    return Certificate.objects.create(
        record=record,
        cycle=cycle,
        holder_name=profile.full_name,
        course_title=course.title,
        issuer="Brightline Home",
        issued_at=issued,
    )


@pytest.fixture
def team(role, course):
    sales = DepartmentFactory(name="Sales floor")
    care = DepartmentFactory(name="Customer care")
    manager = StaffProfileFactory(
        employee_id="M1",
        user=UserFactory(
            username="mara", first_name="Mara", last_name="Vadone", roles=["Managers"]
        ),
        job_role=JobRoleFactory(name="Store manager"),
    )

    def person(employee_id, name, department, hired, left=None, boss=manager):
        first, last = name.split()
        hire_date = None if hired is None else today() - timedelta(days=hired)
        leave_date = None if left is None else hire_date + timedelta(days=left)
        return StaffProfileFactory(
            user=UserFactory(username=first.lower(), first_name=first, last_name=last),
            employee_id=employee_id,
            department=department,
            job_role=role,
            manager=boss,
            hire_date=hire_date,
            leave_date=leave_date,
            is_active=left is None,
        )

    people = {
        "alice": person("E01", "Alice Avots", sales, 200),
        "bob": person("E02", "Bob Berzins", sales, 200, left=150),
        "carol": person("E03", "Carol Celms", care, 200),
        "dan": person("E04", "Dan Dumpis", care, 200, left=40),
        "erik": person("E05", "Erik Ezers", sales, 200, left=20),
        "fay": person("E06", "Fay Frisa", care, 120),
        "gus": person("E07", "Gus Gulbis", sales, 120),
        "hana": person("E08", "Hana Hermane", sales, 10),
        "ivo": person("E09", "Ivo Irbe", care, None),
        "olga": person("E10", "Olga Ozola", sales, 300, boss=None),
    }
    certify(people["alice"], course, day=10)
    certify(people["bob"], course, day=20)
    certify(people["bob"], course, day=120, cycle=2)  # not the first
    certify(people["carol"], course, day=60)
    certify(people["fay"], course, day=5)
    certify(people["ivo"], course, at=timezone.now() - timedelta(days=30))
    certify(people["olga"], course, day=30)
    return manager, people


@pytest.fixture
def as_manager(client, team):
    client.force_login(team[0].user)
    return client


def names_in(response):
    content = response.content.decode()
    return [name for name in NAMES if f"{name} " in content]


def export(client, url, fmt, **params):
    response = client.get(url, {**params, "export": fmt})
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    if fmt == "csv":
        return list(csv.reader(io.StringIO(content.decode())))
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def by_id(rows):
    """Exported rows as {employee ID: {heading: value}}."""
    return {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}


def bins(summary):
    return [count for _low, _high, count in summary.bins]


def days_of(summary):
    """How many are in the chart, and how many in each bin."""
    return summary.certified, bins(summary)


def shares(total):
    """(stayed, n) for 90 days certified / not, then 180 days certified / not."""
    return [(share.stayed, share.n) for share in total.cells()]


# Time to certification --------------------------------------------------------


def test_days_median_and_histogram(hr, team):
    response = hr.get(TIME)

    assert response.status_code == 200
    summary = response.context["summary"]
    assert summary.certified == 5  # 5, 10, 20 (Bob's first certificate), 30, 60
    assert summary.median == 20
    assert bins(summary) == [2, 2, 0, 1, 0, 0]  # 0–14 15–30 31–45 46–60 61–90 91+
    assert 'aria-labelledby="chart-time-to-certification-title' in str(
        response.context["chart"]
    )
    assert "Median 20 days" in str(response.context["chart"])


def test_people_without_a_hire_date_are_left_out_and_counted(hr, team):
    response = hr.get(TIME)

    summary = response.context["summary"]
    assert summary.no_hire_date == 1
    assert "Ivo" not in names_in(response)
    assert "Left out: 1 without a hire date" in response.content.decode()


def test_the_not_yet_certified_are_counted_but_not_in_the_chart(hr, team):
    response = hr.get(TIME)

    summary = response.context["summary"]
    assert (summary.not_certified, summary.not_certified_left) == (4, 2)
    content = response.content.decode()
    assert "not certified yet (2 have left): not in the chart" in content
    assert "Not in the chart: 4 hired but not certified yet" in content


def test_by_department_and_by_hire_month(hr, team):
    response = hr.get(TIME)

    departments = [
        (group.label, group.certified, group.median, group.waiting)
        for group in response.context["by_department"]
    ]
    assert departments == [
        ("Customer care", 2, 32.5, 1),
        ("Sales floor", 3, 20, 3),
    ]
    months = {
        group.label: (group.hired, group.certified, group.median, group.share)
        for group in response.context["by_month"]
    }
    month = {
        days: (today() - timedelta(days=days)).replace(day=1)
        for days in (300, 200, 120, 10)
    }
    assert months == {
        month[300]: (1, 1, 30, 100),
        month[200]: (5, 3, 20, 60),
        month[120]: (2, 1, 5, 50),
        month[10]: (1, 0, None, 0),
    }


def test_a_certificate_before_the_hire_date_is_left_out(hr, team, course, role):
    rehired = StaffProfileFactory(job_role=role, hire_date=today() - timedelta(days=10))
    certify(rehired, course, day=-20)

    summary = hr.get(TIME).context["summary"]

    assert summary.before_hire == 1
    assert (summary.certified, bins(summary)) == (5, [2, 2, 0, 1, 0, 0])


def test_time_export_lists_days_per_person(hr, team):
    rows = by_id(export(hr, TIME, "csv"))

    assert set(rows) == {"E01", "E02", "E03", "E04", "E05", "E06", "E07", "E08", "E10"}
    assert rows["E02"]["Days from hire"] == "20"
    assert rows["E04"]["Days from hire"] == ""
    assert rows["E04"]["Leaving date"] == str(team[1]["dan"].leave_date)


# Retention --------------------------------------------------------------------


def test_retention_shares_at_90_and_180_days(hr, team):
    response = hr.get(RETENTION)

    assert response.status_code == 200
    total = response.context["total"]
    # Hired 365 to 90 days ago: Alice, Bob, Fay, Olga certified within 30 days;
    # Carol (day 60), Dan, Erik and Gus not. Hana is too recent.
    assert total.hired == 8
    assert total.groups == {"certified": 4, "not_certified": 4}
    assert shares(total) == [(4, 4), (2, 4), (2, 3), (1, 3)]
    assert [share.percent for share in total.cells()] == [100, 50, 67, 33]
    assert total.not_yet == {90: 0, 180: 2}  # Fay and Gus: not counted at 180
    assert total.left == 3
    chart = str(response.context["chart"])
    assert "Still employed at 90 days" in chart and "(n=4)" in chart and "67%" in chart


def test_like_with_like_leaves_out_those_gone_before_day_30(hr, team):
    total = hr.get(RETENTION).context["total"]

    # Erik left on day 20: no chance to certify within 30 days.
    assert (total.settled["certified"].stayed, total.settled["certified"].n) == (2, 3)
    assert (
        total.settled["not_certified"].stayed,
        total.settled["not_certified"].n,
    ) == (1, 2)


def test_retention_cohorts_by_hire_month(hr, team):
    cohorts = {c.label: c for c in hr.get(RETENTION).context["cohorts"]}

    month = {
        days: (today() - timedelta(days=days)).replace(day=1)
        for days in (300, 200, 120)
    }
    assert set(cohorts) == set(month.values())
    spring = cohorts[month[200]]
    assert (spring.hired, spring.groups["certified"]) == (5, 2)
    assert shares(spring) == [(2, 2), (1, 3), (1, 2), (1, 3)]
    assert shares(cohorts[month[120]]) == [(1, 1), (1, 1), (0, 0), (0, 0)]
    assert cohorts[month[120]].not_yet[180] == 2


def test_retention_page_explains_what_it_does_not_prove(hr, team):
    content = hr.get(RETENTION).content.decode()

    assert "training-report__note" in content
    assert "correlation, not a cause" in content
    assert "Early leavers flatter the certified group" in content
    assert "Under 10 people a share is still shown" in content
    assert "Not counted at 180 days: 2" in content


def test_retention_listing_and_export_say_yes_no_or_not_yet(hr, team):
    response = hr.get(RETENTION)
    rows = by_id(export(hr, RETENTION, "csv"))

    assert names_in(response) == [
        "Alice",
        "Bob",
        "Carol",
        "Dan",
        "Erik",
        "Fay",
        "Gus",
        "Olga",
    ]
    bob, fay, carol = rows["E02"], rows["E06"], rows["E03"]
    assert (bob["Certified within 30 days"], bob["Employed at 90 days"]) == (
        "Yes",
        "Yes",
    )
    assert bob["Employed at 180 days"] == "No"
    assert (fay["Employed at 90 days"], fay["Employed at 180 days"]) == (
        "Yes",
        "Not yet",
    )
    assert (carol["Certified within 30 days"], carol["Days from hire"]) == ("No", "60")


def test_hire_dates_choose_the_cohort(hr, team):
    recent = {"hired_from": str(today() - timedelta(days=130)), "hired_to": ""}

    response = hr.get(RETENTION, recent)

    total = response.context["total"]
    assert names_in(response) == ["Fay", "Gus", "Hana"]
    assert (total.hired, total.too_early) == (3, 1)  # Hana: under 30 days, no cert
    assert shares(total) == [(1, 1), (1, 1), (0, 0), (0, 0)]
    everyone = hr.get(RETENTION, {"hired_from": "", "hired_to": ""})
    assert everyone.context["total"].hired == 9


def test_retention_outcome_treats_a_future_mark_as_unknown_for_leavers_too():
    hired = today() - timedelta(days=60)

    result = outcome(hired, None, hired + timedelta(days=10), today())

    assert result.group == "not_certified"  # left before day 30
    assert result.employed == {30: False, 90: None, 180: None}


# Scoping ----------------------------------------------------------------------


def test_a_manager_sees_only_their_line_in_time_to_certification(as_manager):
    page = as_manager.get(TIME)
    csv_rows = export(as_manager, TIME, "csv")
    xlsx_rows = export(as_manager, TIME, "xlsx")

    assert names_in(page) == [
        "Alice",
        "Bob",
        "Carol",
        "Dan",
        "Erik",
        "Fay",
        "Gus",
        "Hana",
    ]
    assert days_of(page.context["summary"]) == (4, [2, 1, 0, 1, 0, 0])
    assert page.context["summary"].median == 15
    assert "Olga" not in str(page.context["chart"])
    expected = ["E01", "E02", "E03", "E04", "E05", "E06", "E07", "E08"]
    assert sorted(row[0] for row in csv_rows[1:]) == expected
    assert sorted(row[0] for row in xlsx_rows[1:]) == expected


def test_a_manager_sees_only_their_line_in_retention(as_manager):
    page = as_manager.get(RETENTION)
    csv_rows = export(as_manager, RETENTION, "csv")
    xlsx_rows = export(as_manager, RETENTION, "xlsx")

    total = page.context["total"]
    assert shares(total) == [(3, 3), (2, 4), (1, 2), (1, 3)]  # no Olga
    assert "(n=3)" in str(page.context["chart"])
    expected = ["E01", "E02", "E03", "E04", "E05", "E06", "E07"]
    assert sorted(row[0] for row in csv_rows[1:]) == expected
    assert sorted(row[0] for row in xlsx_rows[1:]) == expected
    assert "Olga" not in names_in(page)


def test_a_manager_cannot_widen_their_scope_with_a_filter(as_manager, team):
    olga = team[1]["olga"]
    StaffProfileFactory(manager=olga)  # Olga now leads a line, outside Mara's

    response = as_manager.get(TIME, {"manager": olga.pk})

    assert "Olga" not in names_in(response)
    choices = response.context["view"].filters.form.fields["manager"].queryset
    assert olga not in choices


# Filters ----------------------------------------------------------------------


def test_department_filter_narrows_rows_and_summary(hr, team):
    care = team[1]["carol"].department

    time_page = hr.get(TIME, {"department": care.pk})
    retention = hr.get(RETENTION, {"department": care.pk})

    assert names_in(time_page) == ["Carol", "Dan", "Fay"]
    assert time_page.context["summary"].median == 32.5
    assert time_page.context["summary"].no_hire_date == 1  # Ivo is in care
    assert names_in(retention) == ["Carol", "Dan", "Fay"]
    assert retention.context["total"].groups == {"certified": 1, "not_certified": 2}


def test_hire_date_filter_on_time_to_certification(hr, team):
    response = hr.get(TIME, {"hired_from": str(today() - timedelta(days=150))})

    assert names_in(response) == ["Fay", "Gus", "Hana"]
    summary = response.context["summary"]
    assert (summary.certified, summary.median) == (1, 5)


def test_manager_filter_keeps_their_reporting_line(hr, team):
    manager, _people = team

    response = hr.get(TIME, {"manager": manager.pk})

    assert "Olga" not in names_in(response)
    assert days_of(response.context["summary"]) == (4, [2, 1, 0, 1, 0, 0])


def test_employment_filter_on_time_to_certification(hr, team):
    left = hr.get(TIME, {"employment": "left"})
    employed = hr.get(TIME, {"employment": "employed"})

    assert names_in(left) == ["Bob", "Dan", "Erik"]
    assert "Bob" not in names_in(employed) and "Alice" in names_in(employed)


def test_course_filter_counts_certificates_on_that_course_only(hr, team, role):
    second = make_course("Safety at work", modules=1, lessons=1)
    second.required_for_roles.add(role)
    second.save_revision().publish()
    certify(team[1]["gus"], second, day=3)

    time_page = hr.get(TIME, {"course": second.pk})
    retention = hr.get(RETENTION, {"course": second.pk})
    any_course = hr.get(RETENTION)

    summary = time_page.context["summary"]
    assert (summary.certified, summary.median) == (1, 3)
    assert retention.context["total"].groups == {"certified": 1, "not_certified": 7}
    assert any_course.context["total"].groups == {"certified": 5, "not_certified": 3}


# Permissions ------------------------------------------------------------------


def test_trainers_get_403_and_learners_never_reach_the_admin(client, team):
    urls = (TIME, RETENTION, TIME + "results/", RETENTION + "results/")
    client.force_login(UserFactory(roles=["Trainers"]))
    for url in urls:
        assert client.get(url).status_code == 403, url
        assert client.get(url, {"export": "csv"}).status_code == 403, url

    # Without admin access Wagtail sends them to its login page, before any report.
    client.force_login(UserFactory(roles=[]))
    for url in urls:
        response = client.get(url, {"export": "csv"})
        assert response.status_code == 302, url
        assert response["Location"].startswith("/admin/login/")


# Query counts -----------------------------------------------------------------


def add_people(role, course, count):
    """``count`` people hired over the last year, half certified, some leavers."""
    department = DepartmentFactory(name="Online orders")
    users = get_user_model().objects.bulk_create(
        get_user_model()(username=f"bulk{n}", first_name="Bulk", last_name=f"P{n}")
        for n in range(count)
    )
    profiles = StaffProfile.objects.bulk_create(
        StaffProfile(
            user=user,
            employee_id=f"B{n:05d}",
            department=department,
            job_role=role,
            hire_date=today() - timedelta(days=91 + n % 270),
            leave_date=today() - timedelta(days=n % 90) if n % 7 == 0 else None,
            is_active=n % 7 != 0,
        )
        for n, user in enumerate(users)
    )
    assignments.sync([profile.pk for profile in profiles])  # bulk_create: no signal
    records = CertificationRecord.objects.bulk_create(
        CertificationRecord(user=profile.user, course=course, status=Status.CERTIFIED)
        for profile in profiles[::2]
    )
    Certificate.objects.bulk_create(
        Certificate(
            record=record,
            cycle=1,
            holder_name="Bulk",
            course_title=course.title,
            issuer="Brightline Home",
            issued_at=noon(profile.hire_date + timedelta(days=n % 60)),
        )
        for n, (record, profile) in enumerate(zip(records, profiles[::2], strict=True))
    )


@pytest.mark.parametrize("url", [TIME, RETENTION])
@pytest.mark.parametrize("size", [20, 200])
def test_pages_are_a_fixed_number_of_queries(
    hr, role, course, size, url, django_assert_max_num_queries
):
    add_people(role, course, size)

    with django_assert_max_num_queries(PAGE_QUERIES):
        response = hr.get(url, {"hired_from": "", "hired_to": ""})

    assert response.status_code == 200


@pytest.mark.parametrize("url", [TIME, RETENTION])
@pytest.mark.parametrize("size", [20, 200])
def test_exports_are_a_fixed_number_of_queries(
    hr, role, course, size, url, django_assert_max_num_queries
):
    add_people(role, course, size)

    with django_assert_max_num_queries(EXPORT_QUERIES):
        rows = export(hr, url, "xlsx", hired_from="", hired_to="")

    assert len(rows) == size + 1


# On PostgreSQL the summaries are counted in SQL: the same as counting in Python


@pytest.fixture
def sql_summaries():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("the summaries are counted in SQL on PostgreSQL only")


@pytest.fixture
def more_people(team, role, course):
    """Beside the team: no department, a second course, a later certificate."""
    nobody = StaffProfileFactory(
        job_role=role, department=None, hire_date=today() - timedelta(days=400)
    )
    certify(nobody, course, day=95)
    second = make_course("Safety at work", modules=1, lessons=1)
    second.required_for_roles.add(role)
    second.save_revision().publish()
    certify(team[1]["alice"], second, day=12)
    certify(team[1]["fay"], second, day=31)


def cohort_facts(cohort):
    return (
        cohort.label,
        cohort.hired,
        cohort.left,
        cohort.too_early,
        dict(cohort.groups),
        [(share.stayed, share.n) for share in cohort.cells()],
        dict(cohort.not_yet),
        [(cohort.settled[g].stayed, cohort.settled[g].n) for g in cohort.groups],
    )


@pytest.mark.parametrize("params", [{}, {"department": "care"}, {"course": "first"}])
def test_time_summary_in_sql_equals_the_python_count(
    sql_summaries, hr, team, course, more_people, params
):
    from reports.views.time_to_certification import VALUES, summarise_time

    if "department" in params:
        params = {"department": team[1]["carol"].department_id}
    if "course" in params:
        params = {"course": course.pk}

    response = hr.get(TIME, params)

    view = response.context["view"]
    rows = view.filter_queryset(view.get_base_queryset())
    rows = rows.annotate(department_name=F("department__name")).order_by()
    in_python = summarise_time(rows.values_list(*VALUES))
    in_sql = response.context["summary"]
    assert in_sql == in_python
    assert in_sql.certified and in_sql.by_department and in_sql.by_month


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"hired_from": "", "hired_to": ""},
        {"hired_from": "", "hired_to": "", "course": "first"},
        {"hired_from": "", "hired_to": "", "department": "care"},
    ],
)
def test_retention_in_sql_equals_the_python_count(
    sql_summaries, hr, team, course, more_people, params
):
    from reports.views.retention import summarise_retention

    if "course" in params:
        params = {**params, "course": course.pk}
    if "department" in params:
        params = {**params, "department": team[1]["carol"].department_id}

    response = hr.get(RETENTION, params)

    view = response.context["view"]
    values = view.all_rows.values_list("hire_date", "first_certified_at", "leave_date")
    total, cohorts = summarise_retention(values, view.today)
    assert cohort_facts(response.context["total"]) == cohort_facts(total)
    assert [cohort_facts(c) for c in response.context["cohorts"]] == [
        cohort_facts(c) for c in cohorts
    ]
    assert total.hired and len(cohorts) > 1


@pytest.mark.parametrize(
    "days",
    [[], [7], [3, 9], [5, 1, 5, 20], [1, 2, 2, 2, 40, 41, 41], [0, 91, 14, 15, 30]],
)
def test_median_of_grouped_days_is_the_median_of_the_days(days):
    from statistics import median

    from reports.views.time_to_certification import weighted_median

    counts = {}
    for day in days:
        counts[day] = counts.get(day, 0) + 1
    assert weighted_median(counts) == (median(days) if days else None)
