"""HR imports staff from the HR system's CSV, then filters the readiness report
and downloads it as a spreadsheet."""

import re
from datetime import timedelta

import openpyxl
import pytest
from django.utils import timezone

from people import roles
from people.models import StaffProfile
from tests.certification.factories import certified
from tests.e2e.content import person
from tests.e2e.journeys import Journey, expect, log_in_to_admin, open_admin_menu
from tests.factories import JobRoleFactory, lessons_of, make_course, read_lesson

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

HEADER = (
    "employee_id,first_name,last_name,email,department,location,job_role,"
    "manager_employee_id,hire_date,leave_date"
)
CARE, SALES = "Customer care", "Sales floor"


@pytest.fixture
def course():
    course = make_course("Customer service standard", modules=1, lessons=2)
    course.required_for_roles.set(
        [
            JobRoleFactory(name="Customer care agent"),
            JobRoleFactory(name="Sales consultant"),
        ]
    )
    course.save_revision().publish()
    return course


@pytest.fixture
def staff(course):
    """Before the import: HR, a team in customer care and one salesperson."""
    person(
        "helena",
        "Helēna",
        "Rozīte",
        roles=[roles.HR],
        department="People and culture",
        job_role="HR partner",
        employee_id="E0002",
    )
    maija = person(
        "maija",
        "Maija",
        "Mežule",
        roles=[roles.MANAGERS],
        job_role="Team leader",
        employee_id="E0004",
    )
    janis = person("janis", "Jānis", "Kalniņš", manager=maija, employee_id="E1001")
    certified(janis.user, course)
    olga = person("olga", "Olga", "Ivanova", manager=maija, employee_id="E1002")
    read_lesson(olga.user, lessons_of(course)[0], course)
    person(
        "laura",
        "Laura",
        "Liepa",
        department=SALES,
        location="Riga Alfa",
        job_role="Sales consultant",
        employee_id="E2001",
    )


def staff_csv() -> bytes:
    hired = (timezone.localdate() - timedelta(days=3)).isoformat()
    rows = [
        HEADER,
        # Two new customer-care agents in Maija's team.
        f"E1003,Anna,Bērziņa,anna.berzina@example.com,{CARE},Riga Central,"
        f"Customer care agent,E0004,{hired},",
        f"E1004,Pēteris,Ozols,peteris.ozols@example.com,{CARE},Riga Central,"
        f"Customer care agent,E0004,{hired},",
        # Olga moves to another store.
        f"E1002,Olga,Ivanova,olga@example.com,{CARE},Riga Alfa,"
        "Customer care agent,E0004,2026-01-12,",
        # A new salesperson.
        f"E2002,Toms,Vītols,toms.vitols@example.com,{SALES},Riga Alfa,"
        f"Sales consultant,,{hired},",
    ]
    return ("\n".join(rows) + "\n").encode()


def test_hr_imports_staff_and_downloads_the_filtered_readiness_report(
    page, staff, tmp_path
):
    journey = Journey("hr")
    log_in_to_admin(page, "helena")
    journey.shot(page, "dashboard")

    # Import: upload, see what would change, then apply.
    open_admin_menu(page, "People", "Import staff")
    page.get_by_label("CSV file", exact=False).and_(
        page.locator("input[type=file]")
    ).set_input_files(
        files=[{"name": "staff.csv", "mimeType": "text/csv", "buffer": staff_csv()}]
    )
    page.get_by_role("button", name="Preview").click()
    preview = page.get_by_role("region", name="Preview of staff.csv")
    expect(preview).to_contain_text(
        "3 to create, 1 to update, 0 unchanged, 0 leavers whose accounts will be "
        "closed. Nothing has changed yet."
    )
    olga_row = preview.get_by_role("row").filter(has_text="Olga Ivanova")
    expect(olga_row).to_contain_text("Update:")
    expect(olga_row).to_contain_text("location", ignore_case=True)
    assert not StaffProfile.objects.filter(employee_id="E1003").exists()
    journey.shot(page, "import-preview")
    preview.get_by_role("button", name="Import").click()
    expect(page.locator(".messages")).to_contain_text(
        "Staff imported: 3 created, 1 updated, 0 unchanged, 0 deactivated."
    )
    journey.shot(page, "import-done")
    assert StaffProfile.objects.get(employee_id="E1002").location.name == "Riga Alfa"
    assert StaffProfile.objects.get(employee_id="E1003").manager.employee_id == "E0004"

    # The readiness report, filtered to customer care staff who have not started.
    open_admin_menu(page, "Training", "Reports", "Readiness")
    expect(page.get_by_role("heading", name="Readiness")).to_be_visible()
    journey.shot(page, "readiness")
    page.get_by_role("button", name="Show filters").click()
    choose_filter(page, "Department", CARE)
    choose_filter(page, "Status", "Not started")
    expect(page).to_have_url(re.compile(r"department=\d+.*status=not_started"))
    results = page.get_by_role("table")
    expect(results.get_by_role("row")).to_have_count(3)  # the header and two
    expect(results).to_contain_text("Anna Bērziņa (E1003)")
    expect(results).to_contain_text("Pēteris Ozols (E1004)")
    page.keyboard.press("Escape")
    journey.shot(page, "readiness-filtered")

    # The spreadsheet holds the same rows.
    page.get_by_role("button", name="Actions").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download XLSX").click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    assert path.suffix == ".xlsx"
    sheet = openpyxl.load_workbook(path, read_only=True).active
    header, *rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    column = {heading: index for index, heading in enumerate(header)}
    assert sorted(
        (
            row[column["Employee ID"]],
            row[column["Name"]],
            row[column["Department"]],
            row[column["Status"]],
        )
        for row in rows
    ) == [
        ("E1003", "Anna Bērziņa", CARE, "Not started"),
        ("E1004", "Pēteris Ozols", CARE, "Not started"),
    ]


def choose_filter(page, name: str, option: str) -> None:
    """Pick ``option`` in one filter of the report's filter drawer."""
    drawer_back = page.get_by_role("button", name="Back")
    if drawer_back.first.is_visible():
        drawer_back.first.click()
    page.get_by_role("button", name=re.compile(rf"^{name}\b")).click()
    with page.expect_response(re.compile(r"/results/\?")):
        page.get_by_role("combobox", name=name).select_option(label=option)
