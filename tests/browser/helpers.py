"""Helpers of the browser tests: the chromium to drive, a live server, and the steps tests share.

Imported as ``tests.browser.helpers`` by the fixtures (conftest.py) and the test modules alike.
"""

import json
import os
import shutil
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from service.cli import cli
from tests.web_helpers import ARTICLE, TOKEN, feedback_list_args, page_app

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Quiet, offline, and able to run as root in a container.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def unavailable():
    """Say why the browser tests cannot run here, or return ``None``."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (pip install -e '.[test]')"
    if not (Path(CHROMIUM).is_file() and os.access(CHROMIUM, os.X_OK)) and not shutil.which("chromium"):
        return f"no chromium at {CHROMIUM} (apt-get install chromium)"
    return None


class LiveServer:
    """The app served by werkzeug in a thread of this process, on a free 127.0.0.1 port."""

    def __init__(self, app):
        from werkzeug.serving import make_server

        self.app = app
        self._server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, name="live-server", daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._server.shutdown()
        self._thread.join(10)
        self._server.server_close()


def serve(model_dir, **config):
    """Return a :class:`LiveServer` of the app over ``model_dir`` (use it as a context manager)."""
    return LiveServer(page_app(model_dir, **config))


def saved_stance_setting(config, name):
    """Return a ``STANCE_*`` variable given to pytest (tests/conftest.py holds them aside for the run)."""
    for plugin in config.pluginmanager.get_plugins():
        key = getattr(plugin, "_saved_stance_env", None)
        if isinstance(key, pytest.StashKey):
            return config.stash.get(key, {}).get(name)
    return os.environ.get(name)


def api_analysis(page, server, text=ARTICLE):
    """``POST /v1/analyze`` of ``text`` on the same server."""
    response = page.request.post(f"{server.url}/v1/analyze", data=json.dumps({"text": text}), headers={"Content-Type": "application/json"})  # fmt: skip
    assert response.ok
    return response.json()


def analyse(page, server, text=ARTICLE):
    """Open the page, paste ``text`` into "Article text" and press "Analyze"."""
    page.goto(server.url + "/")
    page.get_by_label("Article text", exact=True).fill(text)
    page.get_by_role("button", name="Analyze", exact=True).click()
    page.get_by_role("table", name="Who says what", exact=True).wait_for()
    # The table can be found before the page has finished loading (once in CI the narrow-layout check
    # measured a page 513 px wide whose script was fetched only afterwards); layout checks need it loaded.
    page.wait_for_load_state("load")


def upload_corpus(page, server, path):
    """Upload the corpus at ``path`` (text column "body") on /corpus, signed in, and wait for its dashboard."""
    page.goto(server.url + "/corpus")
    page.get_by_label("Corpus file").set_input_files(str(path))
    page.get_by_label("Text column").fill("body")
    page.get_by_label("Token", exact=True).fill(TOKEN)
    page.get_by_role("button", name="Upload and analyse").click()
    page.get_by_role("table", name="Totals").wait_for()
    # The table shows before the stylesheet may have loaded; widths measured then are the unstyled page's.
    page.wait_for_load_state("load")


def stored(model_dir, tiny_task):
    """Return the corrections ``stance feedback list --json`` shows."""
    result = CliRunner().invoke(cli, feedback_list_args(model_dir, tiny_task))
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def sign_in_beside_the_analysis(page):
    """Sign in from the header while an analysis is shown; the analysis comes back with correction controls."""
    page.get_by_role("banner").get_by_role("button", name="Sign in").click()
    page.get_by_label("Token", exact=True).fill(TOKEN)
    page.get_by_label("Token", exact=True).press("Enter")
    page.get_by_role("table", name="Who says what", exact=True).wait_for()
    # An explanation loads when its sentence is opened, by the page's deferred script: wait for it.
    page.wait_for_load_state("load")
