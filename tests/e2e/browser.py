"""What every browser test of the web front end shares: Debian's Chromium driven by Playwright, a fresh
context per person, signing in, and axe-core on each page (with a picture of it when asked).

A test module imports both fixtures (`browser_fixture, open_page_fixture`: pytest finds them by their
names `browser` and `open_page`) and the helpers; `system` and `network` come from tests/e2e/conftest.py.
PSN_WEB_SCREENSHOTS=<folder> also saves each checked page there (docs/screenshots holds the committed ones).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from psn_local import REPO, WEB
from psn_shared.testing.workflow import PASSWORD, Person

CHROMIUM = Path("/usr/bin/chromium")
AXE = REPO / "services" / "web" / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = os.environ.get("PSN_WEB_SCREENSHOTS")

playwright_api = pytest.importorskip("playwright.sync_api")
expect = playwright_api.expect
if not CHROMIUM.exists() or not AXE.exists():
    pytest.fail(f"the browser tests need {CHROMIUM} (apt-get install chromium) and {AXE} (make install)",
                pytrace=False)


@pytest.fixture(scope="module", name="browser")
def browser_fixture() -> Iterator[object]:
    with playwright_api.sync_playwright() as playwright:
        # Debian's Chromium, never a browser build Playwright would download; as root it needs --no-sandbox.
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                              args=["--no-sandbox", "--disable-dev-shm-usage"])
        yield launched
        launched.close()


@pytest.fixture(name="open_page")
def open_page_fixture(browser, system):
    """A fresh browser context (its own cookies) per person; axe is injected despite the page's CSP."""
    contexts = []

    def open_for(person: Person | None = None):
        context = browser.new_context(base_url=system.url(WEB), bypass_csp=True,
                                      viewport={"width": 1100, "height": 900})
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        if person is not None:
            sign_in(page, person)
        return page

    yield open_for
    for context in contexts:
        context.close()


def sign_in(page, person: Person) -> None:
    page.goto("/")
    assert page.url.endswith("/sign-in?next=%2F")
    accessible(page, "sign-in")
    page.get_by_label("Email address").fill(person.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/$"))


def accessible(page, name: str) -> None:
    """axe-core finds no violations on the page as it stands (and, when asked, the page is kept as a picture)."""
    # The header's script lays its navigation out once loaded (items that do not fit go under "More"): checked
    # before that, a half-laid-out item's colours can read as a contrast failure that no person ever sees.
    page.wait_for_function("() => { const header = document.querySelector('[data-module=nhsuk-header]');"
                           " return !header || header.hasAttribute('data-nhsuk-header-init'); }")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    violations = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]
    assert violations == [], f"{name}: {violations}"
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SCREENSHOTS) / f"{name}.png"), full_page=True)


def fill_date(scope, day) -> None:
    """The design system's date input (Day, Month, Year) within `scope` (a page, or the group it is in)."""
    scope.get_by_label("Day", exact=True).fill(str(day.day))
    scope.get_by_label("Month").fill(str(day.month))
    scope.get_by_label("Year").fill(str(day.year))


def follow_nav(page, name: str) -> None:
    """Follow a link of the header's navigation as a person would: through its 'More' menu when the window
    is too narrow for every link (the design system moves the last ones there)."""
    link = page.locator("header nav").get_by_role("link", name=name, exact=True)
    if not link.is_visible():
        page.locator("header nav").get_by_role("button", name=re.compile("More")).click()
    link.click()
