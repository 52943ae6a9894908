"""Token guessing is braked: too many wrong tokens from one address get 429 until the window passes."""

import pytest

from service.throttle import TokenGuesses, wait_message
from tests.web_helpers import TOKEN, page_app, post_form


class Clock:
    """A clock the test moves by hand."""

    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_the_limit_counts_only_wrong_tokens_within_the_window():
    clock = Clock()
    guesses = TokenGuesses(limit=3, window=60, clock=clock)
    for _ in range(2):
        guesses.wrong("10.0.0.1")
    assert guesses.wait_seconds("10.0.0.1") == 0
    guesses.wrong("10.0.0.1")
    assert guesses.wait_seconds("10.0.0.1") == 60
    assert guesses.wait_seconds("10.0.0.2") == 0, "another address is not held back"
    clock.now += 45
    assert guesses.wait_seconds("10.0.0.1") == 15
    clock.now += 15
    assert guesses.wait_seconds("10.0.0.1") == 0, "the oldest wrong token left the window"


def test_the_right_token_clears_the_count():
    guesses = TokenGuesses(limit=2, window=60, clock=Clock())
    guesses.wrong("10.0.0.1")
    guesses.right("10.0.0.1")
    guesses.wrong("10.0.0.1")
    assert guesses.wait_seconds("10.0.0.1") == 0


def test_wait_messages_read_as_seconds_or_minutes():
    assert wait_message(42).endswith("try again in 42 seconds")
    assert wait_message(60).endswith("try again in 1 minute")
    assert wait_message(299).endswith("try again in 5 minutes")


@pytest.fixture
def strict_app(model_dir):
    """An app with an admin token whose brake holds after three wrong tokens."""
    app = page_app(model_dir, ADMIN_TOKEN=TOKEN)
    app.extensions["stance_token_guesses"] = TokenGuesses(limit=3, window=300)
    return app


@pytest.mark.parametrize("path", ["/v1/admin/reload", "/v1/feedback"])
def test_the_api_answers_429_after_too_many_wrong_tokens(strict_app, path):
    client = strict_app.test_client()
    wrong = {"Authorization": "Bearer not-the-token"}
    body = {"text": "The drills calm the region, the minister said.", "label": "stability"}
    # No token at all is a mistake, not a guess: it does not count.
    for _ in range(5):
        assert client.post(path, json=body).status_code == 401
    for _ in range(3):
        assert client.post(path, json=body, headers=wrong).status_code == 401
    refused = client.post(path, json=body, headers={"Authorization": f"Bearer {TOKEN}"})
    assert refused.status_code == 429, "the right token is not even looked at while the address waits"
    assert refused.json["error"]["code"] == "too_many_attempts"
    assert 0 < int(refused.headers["Retry-After"]) <= 300
    assert "too many wrong tokens" in refused.json["error"]["message"]
    assert strict_app.test_client().post(path, json=body, headers=wrong, environ_base={"REMOTE_ADDR": "10.9.9.9"}).status_code == 401  # fmt: skip


def test_the_sign_in_form_is_braked_too(strict_app):
    client = strict_app.test_client()
    for _ in range(3):
        assert post_form(client, "/sign-in", {"token": "guess", "next": "/models"}).status_code == 401
    response = post_form(client, "/sign-in", {"token": TOKEN, "next": "/models"})
    assert response.status_code == 429
    assert 0 < int(response.headers["Retry-After"]) <= 300
    assert "Too many wrong tokens from this address" in response.get_data(as_text=True)
    assert "Signed in" not in client.get("/").get_data(as_text=True)


def test_a_right_token_before_the_limit_signs_in_and_clears_the_count(strict_app):
    client = strict_app.test_client()
    for _ in range(2):
        post_form(client, "/sign-in", {"token": "guess"})
    assert post_form(client, "/sign-in", {"token": TOKEN, "next": "/"}).status_code == 303
    assert strict_app.extensions["stance_token_guesses"].wait_seconds("127.0.0.1") == 0
