"""The pages under ``stance serve``: two gunicorn workers share one sign-in, and corrections reach the store."""

import re
import shutil
import urllib.parse
from http.cookies import SimpleCookie

from tests.test_server import call, serving
from tests.web_helpers import ARTICLE, TOKEN


class Browser:
    """Just enough of a browser for the pages: one cookie jar, forms posted as urlencoded."""

    def __init__(self, port):
        self.port = port
        self.cookies = {}

    def request(self, method, path, fields=None):
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if fields is not None:
            body = urllib.parse.urlencode(fields).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"http://127.0.0.1:{self.port}"
        headers["Host"] = f"127.0.0.1:{self.port}"
        status, response_headers, data = call(self.port, method, path, body, headers)
        if "Set-Cookie" in response_headers:
            for name, morsel in SimpleCookie(response_headers["Set-Cookie"]).items():
                self.cookies[name] = morsel.value
        return status, data.decode()

    def token(self, page):
        return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def test_a_sign_in_holds_across_workers_and_corrections_are_stored(tmp_path, trained_model_dir):
    model_dir = tmp_path / "models"
    shutil.copytree(trained_model_dir, model_dir)
    db = tmp_path / "feedback.sqlite3"
    env = {"STANCE_ADMIN_TOKEN": TOKEN, "STANCE_FEEDBACK_DB": str(db)}
    with serving(model_dir, tmp_path / "server.log", "--workers", "2", env=env) as (port, _):
        browser = Browser(port)
        status, page = browser.request("GET", "/")
        assert status == 200 and '<label for="article-text">Article text</label>' in page
        status, _ = browser.request("POST", "/sign-in", {"csrf_token": browser.token(page), "token": TOKEN})
        assert status == 303
        # New connections land on either worker; every one must know the session (one derived key).
        for _ in range(12):
            status, page = browser.request("GET", "/")
            assert status == 200 and "Signed in" in page
        # Sentence 3 is neutral already: a correction to the model's own frame is refused, so it is skipped.
        for number in (1, 2, 4, 5):
            fields = {
                "csrf_token": browser.token(page),
                "text": ARTICLE,
                "correct": str(number),
                f"label-{number}": "neutral",
            }
            status, page = browser.request("POST", "/corrections", fields)
            assert status == 200 and f"sentence {number} is neutral" in page
    from training.feedback import FeedbackStore

    assert [row["label"] for row in FeedbackStore(db).list()] == ["neutral"] * 4
