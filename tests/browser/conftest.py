"""Browser tests: Playwright driving the machine's Chromium (no browser download)."""

import os
import shutil
import time

import pytest
from playwright.sync_api import expect

# The live server runs in a thread of the test process, which Playwright's
# event loop makes look async to Django.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or ""

# An assertion waits up to 15 s (Playwright's default is 5 s) for the page to
# agree: on a machine busy with other work a page may take longer to settle.
expect.set_options(timeout=15_000)


def pytest_collection_modifyitems(config, items):
    if CHROMIUM:
        return
    skip = pytest.mark.skip(reason="no Chromium here (apt-get install chromium)")
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture
def page(page):
    """Playwright's page, which at the end waits for its requests to finish.

    A request still running on the live server when the test ends (the
    dashboard's sparklines, fetched once the page has loaded) would hold
    SQLite's lock while the test database is emptied.
    """
    pending = set()
    page.on("request", lambda request: pending.add(request))
    page.on("requestfinished", lambda request: pending.discard(request))
    page.on("requestfailed", lambda request: pending.discard(request))
    yield page
    deadline = time.monotonic() + 10
    while pending and time.monotonic() < deadline:
        page.wait_for_timeout(50)
