"""Browser tests: Playwright drives Debian's chromium against the app served on a local port.

They skip when chromium or Playwright is missing, so a developer without them can run the suite,
but fail under CI (``CI`` set), where .ci/run installs chromium: there they must run.
Playwright's own browser download (``playwright install``) is never used.
"""

import os
import shutil
from pathlib import Path

import pytest

from tests.browser.helpers import CHROMIUM, CHROMIUM_ARGS, serve, unavailable
from tests.web_helpers import TOKEN


@pytest.fixture(scope="session")
def browser():
    """One headless chromium for the whole run."""
    reason = unavailable()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"browser tests must run in CI, but {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    executable = CHROMIUM if Path(CHROMIUM).is_file() else shutil.which("chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def server(browser, model_dir):
    """The app over the tiny model, with a token configured so the page can write."""
    with serve(model_dir, ADMIN_TOKEN=TOKEN) as live:
        yield live


@pytest.fixture
def jobs_server(browser, model_dir):
    """The app with a token, its jobs run in the request so a corpus page shows the result at once."""
    with serve(model_dir, ADMIN_TOKEN=TOKEN, JOBS_INLINE=True) as live:
        yield live


@pytest.fixture
def page(browser):
    """A page in a fresh browser context (no cookies from another test)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    # A test that hangs should fail within seconds, not wait for pytest's own timeout.
    page.set_default_timeout(15_000)
    yield page
    context.close()
