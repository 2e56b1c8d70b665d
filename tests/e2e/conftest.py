"""Browser tests: Playwright drives Debian's Chromium against the live server.

Without Chromium (or Playwright) the tests are skipped with the reason, unless
``E2E_REQUIRED=1`` is set (CI), where a missing browser fails them.

Every test starts from the database as ``migrate`` and ``setup_training`` left it
(groups, their permissions, the page tree, the default checklist; serialized again
by ``tests/conftest.py`` after the setup): the tests are marked
``serialized_rollback``, and they run after every other test, on a database
emptied once beforehand, so that rows other transactional tests left behind
cannot collide with the restored ones.

Under pytest-xdist (``make test``) the browser tests are shared out like the others
and still come last on each worker: a worker runs its tests in collection order.
Each worker that gets some has its test database, live server and Chromium.
"""

import json
import os
import shutil
import time
from urllib.parse import urlsplit

import pytest

# Playwright cannot download its own browsers here; Debian's Chromium needs these.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 1280, "height": 860}
TIMEOUT_MS = 15_000
# Screenshots of failures older than this run are stale. Each pytest-xdist worker
# imports this module while collecting, before any browser test runs anywhere.
RUN_STARTED = time.time()


def missing_browser() -> str:
    """Why the browser tests cannot run here, or "" when they can."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright is not installed (pip install -e '.[dev]')"
    if not shutil.which("chromium"):
        return "Chromium is not on PATH (apt-get install chromium)"
    return ""


def e2e_required() -> bool:
    return os.environ.get("E2E_REQUIRED", "") == "1"


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Run the browser tests last; skip them when there is no browser."""
    browser_tests = [item for item in items if item.get_closest_marker("e2e")]
    if not browser_tests:
        return
    reason = missing_browser()
    if reason and not e2e_required():
        skip = pytest.mark.skip(reason=f"browser tests: {reason}")
        for item in browser_tests:
            item.add_marker(skip)
    items[:] = [item for item in items if not item.get_closest_marker("e2e")]
    items.extend(browser_tests)


@pytest.fixture(scope="session")
def browser(django_db_setup, django_db_blocker):
    reason = missing_browser()
    if reason:
        pytest.fail(f"E2E_REQUIRED=1 but {reason}", pytrace=False)
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # Starting Playwright switches this thread to another context, where Django
    # opens new database connections: hand them what the test database's
    # creation left on the first ones (the contents restored before each test).
    serialized = {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }
    from tests.e2e.journeys import ARTIFACTS

    # Not another worker's, of this run: only those of earlier runs.
    for stale in ARTIFACTS.glob("FAILED-*.png"):
        if stale.stat().st_mtime < RUN_STARTED:
            stale.unlink(missing_ok=True)
    # Playwright's sync API keeps an event loop running in the test's thread,
    # which makes Django refuse database access from it. Only while the browser
    # tests run (they come last): subprocesses of other tests must not inherit it.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            for alias, contents in serialized.items():
                connections[alias]._test_serialized_contents = contents
            browser = playwright.chromium.launch(
                executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS
            )
            yield browser
            browser.close()
            with django_db_blocker.unblock():
                connections.close_all()
    finally:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture(scope="package")
def _empty_database(browser, django_db_blocker):
    """Empty the test database once, before the first browser test restores it."""
    from django.core.management import call_command

    with django_db_blocker.unblock():
        call_command(
            "flush",
            interactive=False,
            inhibit_post_migrate=True,
            reset_sequences=False,
            verbosity=0,
        )
    _cache_content_types()


@pytest.fixture(autouse=True)
def _forget_caches(transactional_db):
    """Forget what earlier tests cached (site roots, rate limits, content types)."""
    from django.core.cache import cache

    cache.clear()
    _cache_content_types()


def _cache_content_types():
    """Cache the content types as the restored database numbers them.

    Restoring a Wagtail page builds it before its content type row is back, and
    Wagtail then looks its content type up (and would create a clashing row).
    """
    from django.contrib.contenttypes.models import ContentType
    from django.db import connections

    ContentType.objects.clear_cache()
    for alias in connections:
        contents = getattr(connections[alias], "_test_serialized_contents", "")
        for row in json.loads(contents or "[]"):
            if row["model"] == "contenttypes.contenttype":
                content_type = ContentType(id=row["pk"], **row["fields"])
                ContentType.objects._add_to_cache(alias, content_type)


@pytest.fixture(autouse=True)
def _e2e_settings(settings):
    # No avatars from gravatar.com: the browser stays on the live server.
    settings.WAGTAIL_GRAVATAR_PROVIDER_URL = None
    # No search index kept up to date: nothing searches, and it halves the time
    # that building a course takes.
    settings.WAGTAILSEARCH_BACKENDS = {
        name: {**backend, "AUTO_UPDATE": False}
        for name, backend in settings.WAGTAILSEARCH_BACKENDS.items()
    }


@pytest.fixture
def server(_empty_database, live_server):
    return live_server


@pytest.fixture
def new_context(browser, server):
    """``new_context()``: a fresh browser profile (no cookies) on the live server."""
    contexts = []

    def make():
        context = browser.new_context(
            base_url=server.url,
            viewport=VIEWPORT,
            locale="en-GB",
            accept_downloads=True,
        )
        context.set_default_timeout(TIMEOUT_MS)
        context.route(_is_external(server.url), lambda route: route.abort())
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context, request):
    page = new_context().new_page()
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        from tests.e2e.journeys import ARTIFACTS

        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"FAILED-{request.node.name}.png"
        page.screenshot(path=path, full_page=True)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


def _is_external(base_url: str):
    """A URL matcher for everything but the live server (routes that are aborted)."""
    local = {urlsplit(base_url).hostname, "localhost", "127.0.0.1"}
    return lambda url: urlsplit(url).hostname not in local
