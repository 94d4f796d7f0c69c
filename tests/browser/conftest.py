"""Browser tests: Playwright drives Debian's Chromium (Playwright's own browser download does
not work on these machines), headless, against pytest-django's live server."""

import os
import shutil

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright

CHROMIUM = os.environ.get("CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
SERIOUS = {"serious", "critical"}


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def demo(transactional_db):
    with open(os.devnull, "w") as devnull:
        call_command("load_demo", stdout=devnull)


class AccessibilityChecker:
    """Scans each page it is given with axe-core and remembers serious or critical problems."""

    def __init__(self):
        self.axe = Axe()
        self.problems = []
        self.scanned = []

    def check(self, page):
        results = self._run(page)
        self.scanned.append(page.url)
        for violation in results.response["violations"]:
            if violation["impact"] in SERIOUS:
                targets = [node["target"] for node in violation["nodes"]][:5]
                self.problems.append(
                    f"{page.url}: {violation['id']} ({violation['impact']}): {violation['help']} at {targets}"
                )

    def _run(self, page, attempts=3):
        # A click that navigates returns before the new document exists; axe then finds no
        # document (or its context is destroyed mid-scan). Wait for the page and scan again.
        for attempt in range(attempts):
            page.wait_for_load_state("load")
            try:
                return self.axe.run(page)
            except PlaywrightError as error:
                transient = "documentElement" in str(error) or "context was destroyed" in str(error)
                if not transient or attempt == attempts - 1:
                    raise
                page.wait_for_timeout(250)


@pytest.fixture
def axe():
    checker = AccessibilityChecker()
    yield checker
    assert checker.scanned, "no page was scanned"
    assert not checker.problems, "\n".join(checker.problems)
