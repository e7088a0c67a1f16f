"""Browser tests: Playwright drives Debian's chromium against a live server on the test database.

Screenshots of the main screens are written to test-artifacts/screenshots/ (RENJA_ARTIFACTS overrides the folder)
for people to look at. Without chromium the tests skip, unless RENJA_REQUIRE_BROWSER=1 (set by .ci/run).
"""

import os
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

CHROMIUM = os.environ.get("RENJA_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(os.environ.get("RENJA_ARTIFACTS", Path(__file__).resolve().parents[2] / "test-artifacts"))
# Chromium in a container: no sandbox (no user namespaces), no GPU, nothing reaching out to the network.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")  # closed after each module: the event loop must not outlive the browser tests
def browser():
    if not Path(CHROMIUM).exists():
        message = f"chromium tidak ditemukan di {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("RENJA_REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running in this thread from here on; the tests (and the
    # database teardown after them) still use the ORM synchronously, which Django would otherwise refuse.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def new_page(browser, live_server):
    """A fresh browser context (its own cookies: one signed-in user) per call."""
    contexts = []

    def open_page():
        context = browser.new_context(locale="id-ID", viewport={"width": 1366, "height": 900},
                                      base_url=live_server.url)
        context.set_default_timeout(20_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def screenshot():
    folder = ARTIFACTS / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)

    def take(page, name, full_page=True):
        """`full_page=False`: only what the window shows (a very long page, scrolled to the part that matters)."""
        page.wait_for_load_state("load")
        path = str(folder / f"{name}.png")
        if not full_page:
            page.screenshot(path=path, animations="disabled", timeout=15_000)
            return
        # A full-page capture of a long page sometimes stalls in headless chromium on a busy machine: try
        # again, then fall back to the visible part, so that an artifact never hides the test's verdict.
        for attempt in range(2):
            try:
                page.screenshot(path=path, full_page=True, animations="disabled", timeout=15_000)
                return
            except PlaywrightTimeout:
                continue
        page.screenshot(path=path, animations="disabled", timeout=15_000)

    return take


def sign_in(page, username, password):
    page.goto("/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.click("button[type=submit]")
