"""Helpers shared by the page tests (tests/test_web_*.py) and the browser tests (tests/browser/)."""

import html
import re
from pathlib import Path

import pytest

from service import create_app
from tests.conftest import TOKEN
from training.feedback import FeedbackStore

# A short article with a speaker in most sentences and one disputed source (Belgrade in the second).
ARTICLE = (
    "Belgrade warned on Monday that the new drones endanger Serbs in the north.\n"
    "The drones do not represent a threat, as claimed by Belgrade, the defence minister said.\n"
    "The first armoured vehicles were delivered on Tuesday, officials said.\n"
    "\n"
    "Analysts say the purchase strengthens deterrence and regional security.\n"
    "Residents fear the heavily armed patrols will escalate tensions near the border.\n"
    "The contract covers twelve radar units and spare parts."
)
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def feedback_db(model_dir):
    """The corrections store the page tests use: beside the test's model folder, named explicitly."""
    return Path(model_dir).parent / "feedback.sqlite3"


def page_app(model_dir, **config):
    """Return the app over ``model_dir`` with the page settings a test gives (e.g. ``ADMIN_TOKEN``)."""
    settings = {"TESTING": True, "MODEL_DIR": str(model_dir), "RELOAD_INTERVAL": 0.0}
    settings["FEEDBACK_DB"] = str(feedback_db(model_dir))
    return create_app({**settings, **config})


@pytest.fixture(name="app")
def inline_jobs_app(model_dir):
    """The workbench with an admin token, running background jobs inline; a module imports it to override ``app``.

    conftest's ``client`` then opens this app.
    """
    return page_app(model_dir, ADMIN_TOKEN=TOKEN, JOBS_INLINE=True)


@pytest.fixture(name="app")
def corrections_app(model_dir):
    """One app serving the API and the pages, with corrections on; a module imports it to override ``app``."""
    return page_app(model_dir, ADMIN_TOKEN=TOKEN)


@pytest.fixture(name="client")
def signed_in_client(app):
    """A client signed in to the pages; the API calls carry the token themselves."""
    client = app.test_client()
    assert sign_in(client).status_code == 303
    return client


@pytest.fixture(name="store")
def corrections_store(model_dir):
    """The corrections store of the test's app."""
    return FeedbackStore(feedback_db(model_dir))


def feedback_list_args(model_dir, tiny_task):
    """Arguments of ``stance feedback list --json`` for the tests' store and the tiny corpus."""
    return [
        *("feedback", "list", "--json", "--task", "framing", "--db", str(feedback_db(model_dir))),
        *("--data", str(tiny_task.data), "--test", str(tiny_task.test)),
    ]


def csrf_token(client, path="/"):
    """Open ``path`` and return the CSRF token its forms carry (this also starts the session)."""
    response = client.get(path)
    match = _CSRF.search(response.get_data(as_text=True))
    assert match, f"no CSRF token on {path}"
    return html.unescape(match.group(1))


def post_form(client, path, data, token=None, **kwargs):
    """POST ``data`` as the pages' multipart form, with the session's CSRF token unless ``token`` is given."""
    token = csrf_token(client) if token is None else token
    return client.post(path, data={"csrf_token": token, **data}, content_type="multipart/form-data", **kwargs)


def sign_in(client, token=TOKEN):
    """Sign the client's session in through the sign-in form; return the response."""
    return post_form(client, "/sign-in", {"token": token, "next": "/"})


def frames_on_page(text):
    """Return the ``data-frame`` value of every element that has one, in page order."""
    return re.findall(r'data-frame="([^"]*)"', text)


def sentence_items(text):
    """Return the HTML of each sentence element (``<li ... data-frame=...>`` to its ``</li>``)."""
    return re.findall(r'<li id="s-\d+"[^>]*data-frame="[^"]*".*?</li>', text, flags=re.S)
