"""A manager sees only their team, observes a team member at work, and the
certificate that follows checks out on the public page."""

import pytest

from certification.models import CertificationRecord, Status
from courses.models import LessonPage
from people import roles
from tests.e2e.content import (
    load_demo_course,
    pass_everything_but_the_observation,
    person,
)
from tests.e2e.journeys import Journey, expect, log_in_to_admin, open_admin_menu
from tests.factories import read_lesson

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def course():
    return load_demo_course()


@pytest.fixture
def team(course):
    """Maija's reporting line, and someone in another line of the company."""
    trainer = person(
        "tomass", "Tomass", "Treimanis", roles=[roles.TRAINERS], job_role="Trainer"
    )
    maija = person(
        "maija", "Maija", "Mežule", roles=[roles.MANAGERS], job_role="Team leader"
    )
    lead = person(
        "edgars",
        "Edgars",
        "Balodis",
        roles=[roles.MANAGERS],
        job_role="Team leader",
        manager=maija,
    )
    janis = person("janis", "Jānis", "Kalniņš", manager=maija)
    olga = person("olga", "Olga", "Ivanova", manager=lead)
    store_manager = person(
        "andris",
        "Andris",
        "Vītols",
        roles=[roles.MANAGERS],
        department="Sales floor",
        location="Riga Alfa",
        job_role="Store manager",
    )
    laura = person(
        "laura",
        "Laura",
        "Liepa",
        department="Sales floor",
        location="Riga Alfa",
        job_role="Sales consultant",
        manager=store_manager,
    )
    # Jānis has done everything but the practical observation; the others
    # have made a start.
    pass_everything_but_the_observation(janis.user, course, marker=trainer.user)
    first_lesson = LessonPage.objects.live().descendant_of(course).first()
    for someone in (olga, laura):
        read_lesson(someone.user, first_lesson, course)
    return {"janis": janis, "olga": olga, "laura": laura}


def test_manager_observes_a_team_member_who_is_then_certified(
    page, new_context, course, team
):
    journey = Journey("manager")
    janis = team["janis"].user
    assert CertificationRecord.objects.get(user=janis).status == (
        Status.AWAITING_ASSESSMENT
    )

    log_in_to_admin(page, "maija")
    journey.shot(page, "dashboard")

    # The certification records show Maija's reporting line, and nobody else.
    open_admin_menu(page, "Training", "Certification records")
    records = page.get_by_role("table")
    expect(records.get_by_role("row").filter(has_text="Jānis Kalniņš")).to_contain_text(
        "Awaiting practical assessment", ignore_case=True
    )
    expect(records).to_contain_text("Olga Ivanova")  # reports to Maija's lead
    expect(records).not_to_contain_text("Laura Liepa")
    journey.shot(page, "team-records")

    # Record the practical observation of Jānis.
    open_admin_menu(page, "Training", "Record a practical observation")
    page.get_by_role("combobox", name="Learner*").select_option(
        label=f"Jānis Kalniņš ({team['janis'].employee_id})"
    )
    page.get_by_role("combobox", name="Course*").select_option(label=course.title)
    page.get_by_role("button", name="Continue").click()
    ratings = page.locator("input[type=radio][name^=rating_]")
    expect(ratings.first).to_be_visible()
    for meets in page.get_by_role("radio", name="Meets the standard").all():
        meets.check()
    page.get_by_role("radio", name="Passed", exact=True).check()
    page.get_by_role("textbox", name="Comments").fill(
        "Warm greeting, the right distance, clear promise with a time."
    )
    journey.shot(page, "observation-form")
    page.get_by_role("button", name="Save observation").click()
    expect(page.locator(".messages")).to_contain_text(
        f"Jānis Kalniņš is now certified on “{course.title}”"
    )
    journey.shot(page, "observation-saved")

    # His record now holds a certificate, with its verification code.
    open_admin_menu(page, "Training", "Certification records")
    page.get_by_role("link", name="Jānis Kalniņš").click()
    expect(page.locator("main")).to_contain_text("Certified", ignore_case=True)
    code = page.locator("dd code").first.inner_text()
    journey.shot(page, "record")

    # Anyone can check it, without logging in.
    visitor = new_context().new_page()
    visitor.goto(f"/verify/{code}/")
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Valid")
    expect(visitor.locator(".verify__holder")).to_have_text("Jānis Kalniņš")
    expect(visitor.locator("main")).to_contain_text(course.title)
    expect(visitor.locator("main")).to_contain_text(code)
    expect(visitor.get_by_role("button", name="Log out")).to_have_count(0)
    journey.shot(visitor, "verify-page")
