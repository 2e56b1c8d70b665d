"""HR imports a new hire and invites them; the new hire follows the e-mailed link,
chooses a password, logs in and lands on their training."""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail

from people import roles
from people.models import StaffProfile
from tests.e2e.content import person
from tests.e2e.journeys import (
    Journey,
    expect,
    log_in,
    log_in_to_admin,
    open_admin_menu,
)
from tests.factories import JobRoleFactory, make_course

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

HEADER = (
    "employee_id,first_name,last_name,email,department,location,job_role,"
    "manager_employee_id,hire_date,leave_date"
)
STAFF_CSV = (
    f"{HEADER}\n"
    "E3001,Ilze,Kalna,ilze.kalna@example.com,Customer care,Riga Central,"
    "Customer care agent,,2026-11-02,\n"
).encode()
PASSWORD = "Dzintars-at-sea-2026"


@pytest.fixture
def course():
    course = make_course("Customer service standard", modules=1, lessons=2)
    course.required_for_roles.set([JobRoleFactory(name="Customer care agent")])
    course.save_revision().publish()
    return course


@pytest.fixture
def hr():
    return person(
        "helena",
        "Helēna",
        "Rozīte",
        roles=[roles.HR],
        department="People and culture",
        job_role="HR partner",
    )


def test_hr_imports_and_invites_a_new_hire_who_sets_a_password_and_logs_in(
    page, new_context, course, hr
):
    journey = Journey("onboarding")
    log_in_to_admin(page, "helena")

    # HR imports the new hire from the HR system's file.
    open_admin_menu(page, "People", "Import staff")
    page.locator("input[type=file]").set_input_files(
        files=[{"name": "staff.csv", "mimeType": "text/csv", "buffer": STAFF_CSV}]
    )
    page.get_by_role("button", name="Preview").click()
    page.get_by_role("region", name="Preview of staff.csv").get_by_role(
        "button", name="Import"
    ).click()
    expect(page.locator(".messages")).to_contain_text("Staff imported: 1 created")
    ilze = StaffProfile.objects.select_related("user").get(employee_id="E3001")
    assert not ilze.user.has_usable_password()

    # From her page, HR sends her an invitation.
    page.get_by_role("link", name="Ilze Kalna").click()
    page.get_by_role("link", name="Send invitation").click()
    expect(page.locator("main")).to_contain_text(
        "Ilze Kalna will get an e-mail at ilze.kalna@example.com"
    )
    journey.shot(page, "invite")
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.locator(".messages")).to_contain_text(
        "An invitation to set a password was sent to Ilze Kalna"
    )
    expect(page.get_by_role("link", name="Re-send invitation")).to_be_visible()
    journey.shot(page, "invited")

    [invitation] = mail.outbox
    assert invitation.to == ["ilze.kalna@example.com"]
    link = re.search(r"https?://\S+/accounts/reset/\S+/", invitation.body)[0]

    # Ilze, in her own browser, opens the link and chooses her password.
    newhire = new_context().new_page()
    newhire.goto(urlsplit(link).path)
    expect(newhire.get_by_role("heading", name="Choose a new password")).to_be_visible()
    newhire.get_by_label("New password", exact=True).fill(PASSWORD)
    newhire.get_by_label("New password confirmation").fill(PASSWORD)
    journey.shot(newhire, "set-password")
    newhire.get_by_role("button", name="Set my password").click()
    expect(
        newhire.get_by_role("heading", name="Your new password is set")
    ).to_be_visible()

    # The link has done its job; she logs in and lands on her training.
    newhire.goto(urlsplit(link).path)
    expect(
        newhire.get_by_role("heading", name="This link no longer works")
    ).to_be_visible()
    log_in(newhire, "ilze.kalna@example.com", PASSWORD)
    expect(newhire).to_have_url(re.compile(r"/training/$"))
    expect(newhire.locator("main")).to_contain_text(course.title)
    journey.shot(newhire, "catalogue")
