"""Headless Chromium (Debian's package) driven by Playwright, against the built sample site."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitetools.tools import CHROMIUM_ARGS, chromium

# A path that does not exist: Chromium logs its 404 status as a console error, which is expected there only.
MISSING_PATH = "/khong-co-trang-nay/"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def pytest_collection_modifyitems(items):
    for item in items:
        if "/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    executable = chromium()
    if not executable:
        pytest.fail("Debian's chromium is missing: run ./inv test, which installs it, or apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, site_server):
    """A fresh browser context (empty storage) whose requests may only go to the test server."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=site_server)
    foreign: list[str] = []
    problems: list[str] = []

    def guard(route):
        if route.request.url.startswith(site_server):
            route.continue_()
        else:
            foreign.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    def on_console(message):
        if message.type == "error" and MISSING_PATH not in (message.location or {}).get("url", ""):
            problems.append(message.text)

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(str(error)))
    yield page
    context.close()
    assert foreign == [], f"requests to third parties: {foreign}"
    assert problems == [], f"console errors (CSP violations, script errors): {problems}"


@pytest.fixture(scope="session")
def artifacts() -> Path:
    folder = ARTIFACTS / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder
