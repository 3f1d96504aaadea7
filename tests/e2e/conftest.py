"""Browser fixtures: Debian's Chromium driven by Playwright against pytest-django's live server."""

import os
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from playwright.sync_api import Browser, Page, Route, sync_playwright

E2E_DIR = Path(__file__).resolve().parent
REPO_ROOT = E2E_DIR.parents[1]
SPA_INDEX = REPO_ROOT / "frontend" / "dist" / "index.html"

CHROMIUM = Path("/usr/bin/chromium")
# Headless and quiet: no sandbox (containers run as root), and none of Chromium's own background
# traffic (updates, sync, QUIC probes), so the only requests are the ones the tests make.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Generous enough for a cold SPA load on a busy CI machine, short enough to fail fast.
DEFAULT_TIMEOUT_MS = 10_000

DEMO_PASSWORD = "e2e-demo-password"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test in this folder `e2e` (the hook sees the whole session's items)."""
    for item in items:
        if E2E_DIR in item.path.parents:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    """One Chromium for the browser tests, closed when they are done."""
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is not installed (apt-get install chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{reason}: browser tests cannot be skipped in CI")
        pytest.skip(reason)
    if not SPA_INDEX.is_file():
        pytest.fail(
            f"{SPA_INDEX.relative_to(REPO_ROOT)} is missing: build the frontend first "
            "(cd frontend && npm run build)"
        )
    # Playwright's sync API keeps an event loop running in this thread, which Django's guard
    # mistakes for async code; the ORM calls in these fixtures are plain synchronous ones.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
            )
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser: Browser, live_server) -> Iterator[Page]:
    """A fresh browser context (no cookies, no storage) that can reach only the live server."""
    server = urlsplit(live_server.url)
    context = browser.new_context(base_url=live_server.url)
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)

    def only_live_server(route: Route) -> None:
        target = urlsplit(route.request.url)
        if (target.scheme, target.netloc) == (server.scheme, server.netloc):
            route.continue_()
        else:
            route.abort()

    context.route("**/*", only_live_server)
    browser_page = context.new_page()
    page_errors: list[str] = []
    browser_page.on("pageerror", lambda error: page_errors.append(str(error)))
    # The app's Content-Security-Policy is on in these tests as in production: anything it
    # blocks (an inline script or style, a foreign source) is reported on the console.
    blocked: list[str] = []
    browser_page.on(
        "console",
        lambda message: (
            blocked.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    yield browser_page
    context.close()
    assert page_errors == [], f"uncaught errors in the page: {page_errors}"
    assert blocked == [], f"the Content-Security-Policy blocked: {blocked}"


@pytest.fixture
def demo_users(transactional_db) -> str:
    """The demo organisations and users, all with the returned password."""
    call_command("load_demo", password=DEMO_PASSWORD)
    return DEMO_PASSWORD
