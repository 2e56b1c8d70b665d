"""No CSV the product writes starts a cell with something a spreadsheet runs.

Excel, LibreOffice and Google Sheets run a cell that begins with ``=``, ``+``,
``-`` or ``@`` (a tab or carriage return in front is skipped), so a staff name
like ``=HYPERLINK(...)`` would run when HR opens an export. Every department,
location, job role, course, person, clause, category and question below has
such a name, one set per dangerous first character, and every CSV export is
walked: each training report, the quiz item analysis tables, the bank export.
"""

import csv
import io
import re
from datetime import timedelta

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.log_actions import log

from people import roles
from quizzes.admin_views.authoring import QuizAnalysisCSVView
from reports import urls as report_urls
from tests.certification.factories import certified
from tests.factories import (
    DepartmentFactory,
    JobRoleFactory,
    LocationFactory,
    StaffProfileFactory,
    UserFactory,
    make_course,
)
from tests.quizzes.factories import (
    AttemptFactory,
    CategoryFactory,
    ClauseFactory,
    QuestionBankFactory,
    QuizFactory,
    answer,
    make_question,
)

pytestmark = pytest.mark.django_db

DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"-\d+(\.\d+)?")  # a negative number is data, not a formula


def formula(char, what):
    return f'{char}HYPERLINK("http://evil.example","{what}")'


def days_ago(days):
    return timezone.localdate() - timedelta(days=days)


def make_team(number, char, bank, quiz):
    """A course its job role requires; a certified manager who took the quiz,
    and a learner who has not started."""
    department = DepartmentFactory(name=formula(char, "department"))
    location = LocationFactory(name=formula(char, "location"))
    role = JobRoleFactory(name=formula(char, "job role"))
    course = make_course(formula(char, f"course {number}"), modules=0)
    course.required_for_roles.add(role)
    course.save_revision().publish()

    def person(what, employee_id, **fields):
        user = UserFactory(
            first_name=formula(char, what), last_name=formula(char, "surname")
        )
        return StaffProfileFactory(
            user=user,
            employee_id=f"{char}{employee_id}",
            department=department,
            location=location,
            job_role=role,
            **fields,
        )

    boss = person("manager", f"M{number}", hire_date=days_ago(200))
    person("learner", f"L{number}", manager=boss, hire_date=days_ago(100))
    certified(boss.user, course, days_left=10)
    log(boss, "wagtail.edit")  # a line in the training history

    clause = ClauseFactory(
        code=f"{char}C{number}", title=formula(char, "clause"), course=course
    )
    question = make_question(
        bank,
        "short_text",
        text=formula(char, "question"),
        explanation=formula(char, "explanation"),
        accepted_answers=formula(char, "answer"),
        category=CategoryFactory(bank=bank, name=formula(char, "category")),
        clauses=[clause],
    )
    make_question(
        bank,
        "single",
        text=formula(char, "choose"),
        choices=[(formula(char, "choice"), True), ("Plain", False)],
        clauses=[clause],
    )
    taken = AttemptFactory(
        quiz=quiz, user=boss.user, submitted_at=timezone.now() - timedelta(days=10)
    )
    answer(taken, question, position=0, awarded=1)


@pytest.fixture
def formulas():
    """One team per dangerous first character; the bank and quiz they share."""
    bank = QuestionBankFactory(name="Formulas")
    quiz = QuizFactory(title="Formulas", bank=bank)
    for number, char in enumerate(DANGEROUS):
        make_team(number, char, bank, quiz)
    return bank, quiz


@pytest.fixture
def staff_office(client):
    client.force_login(UserFactory(roles=[roles.HR, roles.TRAINERS]))
    return client


def report_pages():
    """Every training report, from the URLs the admin mounts."""
    return [
        reverse(f"training_reports:{report.url_name}") for report in report_urls.REPORTS
    ]


def csv_exports(bank, quiz):
    reports = [f"{url}?export=csv" for url in report_pages()]
    analyses = [
        reverse("quiz_authoring:analysis_csv", args=[quiz.pk, table])
        for table in QuizAnalysisCSVView.tables
    ]
    return [
        *reports,
        *analyses,
        reverse("quiz_authoring:export_bank", args=[bank.pk, "csv"]),
    ]


def read_csv(response) -> list[list[str]]:
    if response.streaming:
        content = b"".join(response.streaming_content)
    else:
        content = response.content
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def runs_as_formula(cell: str) -> bool:
    return cell.startswith(DANGEROUS) and not NUMBER.fullmatch(cell)


def shown_as_text(cell: str) -> bool:
    return cell.startswith("'") and cell[1:].startswith(DANGEROUS)


def test_no_csv_export_starts_a_cell_with_a_formula(staff_office, formulas):
    found = []
    for url in csv_exports(*formulas):
        response = staff_office.get(url)
        assert response.status_code == 200, url
        cells = [cell for row in read_csv(response) for cell in row]
        # The names reached the file, marked as text: not dropped, not left out.
        assert any(shown_as_text(cell) for cell in cells), f"{url}: no names"
        found += [(url, cell) for cell in cells if runs_as_formula(cell)]

    assert found == [], sorted({url for url, _cell in found})


def test_xlsx_reports_keep_formula_like_text_as_text(staff_office, formulas):
    """Wagtail's XLSX export writes such text as a string cell, never a formula."""
    for url in report_pages():
        response = staff_office.get(url, {"export": "xlsx"})
        assert response.status_code == 200, url
        content = b"".join(response.streaming_content)
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        cells = [cell for row in sheet.iter_rows() for cell in row]
        assert any(str(cell.value).startswith("=") for cell in cells), url
        assert [cell.value for cell in cells if cell.data_type == "f"] == [], url
