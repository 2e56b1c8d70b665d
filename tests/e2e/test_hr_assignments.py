"""HR assigns a course to a department with a due date: the form, the preview of
who it reaches and when each is due, then the readiness report filtered to the
department shows the due dates."""

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from certification.dates import show_day
from certification.models import Assignment
from people import roles
from tests.e2e.content import person
from tests.e2e.journeys import Journey, expect, log_in_to_admin, open_admin_menu
from tests.e2e.test_hr_journey import choose_filter
from tests.factories import make_course

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

CARE, SALES = "Customer care", "Sales floor"
# Pictures of the preview for a person to look at, beside the journey's.
SHOTS = Path("/tmp/shots")
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def staff():
    """HR, two people in customer care and one on the sales floor."""
    make_course("Complaints by phone", modules=1, lessons=1)
    person(
        "helena",
        "Helēna",
        "Rozīte",
        roles=[roles.HR],
        department="People and culture",
        job_role="HR partner",
        employee_id="E0002",
    )
    person("anna", "Anna", "Bērziņa", employee_id="E1003", hire_date=date(2026, 1, 5))
    person("olga", "Olga", "Ivanova", employee_id="E1002", hire_date=date(2025, 6, 1))
    person("laura", "Laura", "Liepa", department=SALES, employee_id="E2001")


def close_date_picker(page):
    """The date picker opens over the form (at times again, a moment after the
    field is left): click outside it until it stays closed."""
    picker = page.locator(".xdsoft_datetimepicker:visible")
    for _attempt in range(10):
        if not picker.count():
            break
        page.locator("h1").first.click()
        page.keyboard.press("Escape")
        page.wait_for_timeout(200)
    expect(picker).to_have_count(0)


def test_hr_assigns_a_course_to_a_department_and_sees_the_due_dates(page, staff):
    due = timezone.localdate() + timedelta(days=45)
    journey = Journey("hr-assignments")
    log_in_to_admin(page, "helena")

    # The form: the course, the department, a date.
    open_admin_menu(page, "Training", "Assignments")
    page.get_by_role("link", name="Add assignment").click()
    page.get_by_label("Course").select_option(label="Complaints by phone")
    page.get_by_label("A department").check()
    page.get_by_label("Department", exact=True).select_option(label=CARE)
    page.get_by_label("On a date").check()
    page.get_by_label("Due date").fill(due.isoformat())
    close_date_picker(page)
    journey.shot(page, "assignment-form")
    # From the keyboard: a picker that opens again cannot cover the button.
    page.get_by_role("button", name="Preview").press("Enter")

    # The preview: who it reaches and when each is due; nothing made yet.
    expect(page.get_by_text("will be required of 2 people")).to_be_visible()
    preview = page.locator("table.assignment-preview")
    expect(preview.get_by_role("row")).to_have_count(3)  # the header and two
    for name in ("Anna Bērziņa", "Olga Ivanova"):
        row = preview.get_by_role("row").filter(has_text=name)
        expect(row).to_contain_text(CARE)
        expect(row).to_contain_text(show_day(due))
    expect(preview).not_to_contain_text("Laura Liepa")
    assert not Assignment.objects.exists()
    journey.shot(page, "assignment-preview")
    take_pictures(page, "assignment-preview")

    page.get_by_role("button", name="Assign to 2 people").click()
    expect(page.locator(".messages")).to_contain_text(
        "“Complaints by phone” assigned to Customer care."
    )
    assert Assignment.objects.get().department.name == CARE

    # The readiness report, filtered to customer care: both due on that day.
    open_admin_menu(page, "Training", "Reports", "Readiness")
    page.get_by_role("button", name="Show filters").click()
    choose_filter(page, "Department", CARE)
    expect(page).to_have_url(re.compile(r"department=\d+"))
    page.keyboard.press("Escape")
    results = page.get_by_role("table")
    for name in ("Anna Bērziņa (E1003)", "Olga Ivanova (E1002)"):
        row = results.get_by_role("row").filter(has_text=name)
        expect(row).to_contain_text("Complaints by phone")
        expect(row).to_contain_text(show_day(due))
    expect(results).not_to_contain_text("Laura Liepa")
    journey.shot(page, "readiness-due-dates")


def take_pictures(page, name: str) -> None:
    """The page at desktop and at phone width, into ``SHOTS``."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    desktop = page.viewport_size
    page.screenshot(path=SHOTS / f"{name}-desktop.png", full_page=True)
    page.set_viewport_size(PHONE)
    page.wait_for_timeout(600)  # the sidebar folds away with a transition
    page.screenshot(path=SHOTS / f"{name}-phone.png", full_page=True)
    page.set_viewport_size(desktop)
