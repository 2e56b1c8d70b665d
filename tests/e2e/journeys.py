"""What every browser journey shares: screenshots and logging in as a person would."""

import os
import re
import shutil
from pathlib import Path

import pytest

from tests.factories import PASSWORD

try:
    from playwright.sync_api import Page, expect
except ImportError:
    if os.environ.get("E2E_REQUIRED", "") == "1":
        raise
    pytest.skip("Playwright is not installed", allow_module_level=True)

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "e2e"
# Screenshots are for people to look at (``make test-e2e`` takes them); the
# whole suite skips them, as they are a third of a journey's time.
SCREENSHOTS = os.environ.get("E2E_SCREENSHOTS", "") == "1"


class Journey:
    """Numbered full-page screenshots of one journey in test-artifacts/e2e/<name>/,
    when ``E2E_SCREENSHOTS=1``."""

    def __init__(self, name: str):
        self.folder = ARTIFACTS / name
        if SCREENSHOTS:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder.mkdir(parents=True)
        self.count = 0

    def shot(self, page: Page, step: str) -> Path | None:
        self.count += 1
        if not SCREENSHOTS:
            return None
        path = self.folder / f"{self.count:02d}-{step}.png"
        # The Wagtail admin scrolls its <main>, not the page: grow the window to
        # the height of what it holds, so that the picture shows all of it.
        extra = page.evaluate(UNSCROLL_INNER)
        viewport = page.viewport_size
        if extra:
            page.set_viewport_size(
                {**viewport, "height": min(viewport["height"] + extra, MAX_HEIGHT)}
            )
        page.screenshot(path=path, full_page=True, animations="disabled")
        if extra:
            page.set_viewport_size(viewport)
        return path


MAX_HEIGHT = 8000
UNSCROLL_INNER = """() => {
    const scrollers = [...document.querySelectorAll("main, .content-wrapper")].filter(
        (e) => ["auto", "scroll"].includes(getComputedStyle(e).overflowY)
    );
    let extra = 0;
    for (const e of scrollers) {
        extra = Math.max(extra, e.scrollHeight - e.clientHeight);
        e.scrollTo(0, 0);
    }
    return extra;
}"""


def log_in(page: Page, username: str, password: str = PASSWORD, journey=None) -> None:
    """Log in on the site's own login page, as a learner does."""
    page.goto("/accounts/login/")
    page.get_by_label("Username, employee ID or e-mail").fill(username)
    page.get_by_label("Password").fill(password)
    if journey:
        journey.shot(page, "login")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()
    if page.locator("html").get_attribute("lang") != "en":
        # The demo's new hire reads Russian; these journeys are told in English,
        # so they switch, as a person does, with the header's language buttons.
        with page.expect_navigation():
            page.locator('form.languages button[value="en"]').click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def log_in_to_admin(page: Page, username: str, password: str = PASSWORD) -> None:
    """Log in on the Wagtail admin's sign-in page."""
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))
    # The sidebar and the icons arrive by script after the page itself.
    expect(page.locator("#wagtail-sidebar").get_by_role("link").first).to_be_visible()
    page.wait_for_load_state("networkidle")


def open_admin_menu(page: Page, *path: str) -> None:
    """Click through the admin's sidebar: ``open_admin_menu(page, "Training", "…")``.

    Each step looks inside the menu the previous one opened: Wagtail's own
    menus have items of the same names (its "Reports")."""
    scope = page
    for label in path[:-1]:
        scope.get_by_role("button", name=label, exact=True).click()
        scope = page.get_by_role("list", name=label, exact=True)
    scope.get_by_role("link", name=path[-1], exact=True).click()
