"""Token guessing is braked: too many wrong tokens from one address get 429 until the window passes."""

import hmac
import logging
import multiprocessing
import sqlite3
import threading
import types
from contextlib import closing

import pytest

import service.auth
import service.web.auth
from service import throttle
from service.throttle import GUESSES_FILE, SharedTokenGuesses, TokenGuesses, wait_message
from tests.web_helpers import TOKEN, feedback_db, page_app, post_form


class Clock:
    """A clock the test moves by hand."""

    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture(params=["process", "shared"])
def make_guesses(request, tmp_path):
    """Build the in-process count or the shared one (a file in ``tmp_path``) with the given settings."""
    if request.param == "process":
        return TokenGuesses
    return lambda **settings: SharedTokenGuesses(tmp_path / GUESSES_FILE, **settings)


def test_the_limit_counts_only_wrong_tokens_within_the_window(make_guesses):
    clock = Clock()
    guesses = make_guesses(limit=3, window=60, clock=clock)
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


def test_the_right_token_clears_the_count(make_guesses):
    guesses = make_guesses(limit=2, window=60, clock=Clock())
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


def _guess_wrong(path, client, times, start):
    """In a child process: wait for the others, then send ``times`` wrong tokens as ``client``."""
    guesses = SharedTokenGuesses(path)
    start.wait()
    for _ in range(times):
        guesses.wrong(client)


def test_wrong_tokens_add_up_across_processes(tmp_path):
    """Two workers of one server, each sent half the limit: together they hold the address back."""
    path = tmp_path / GUESSES_FILE
    context = multiprocessing.get_context("fork")
    start = context.Barrier(2)
    half = throttle.WRONG_TOKENS // 2
    workers = [context.Process(target=_guess_wrong, args=(path, "10.0.0.1", half, start)) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(30)
        assert worker.exitcode == 0
    assert 0 < SharedTokenGuesses(path).wait_seconds("10.0.0.1") <= throttle.WINDOW_SECONDS
    assert SharedTokenGuesses(path).wait_seconds("10.0.0.2") == 0
    assert TokenGuesses().wait_seconds("10.0.0.1") == 0, "a count in memory saw none of them"


def test_wrong_tokens_from_many_threads_are_all_counted(tmp_path):
    path = tmp_path / GUESSES_FILE
    guesses = SharedTokenGuesses(path, limit=40)
    threads = [threading.Thread(target=lambda: [guesses.wrong("10.0.0.1") for _ in range(5)]) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert guesses.wait_seconds("10.0.0.1") > 0
    assert SharedTokenGuesses(path, limit=41).wait_seconds("10.0.0.1") == 0, "exactly 40, none counted twice"


def test_a_restart_keeps_the_count_until_the_guesses_leave_the_window(tmp_path):
    clock = Clock()
    path = tmp_path / GUESSES_FILE
    for _ in range(3):
        SharedTokenGuesses(path, limit=3, window=60, clock=clock).wrong("10.0.0.1")
    assert SharedTokenGuesses(path, limit=3, window=60, clock=clock).wait_seconds("10.0.0.1") == 60
    clock.now += 60
    assert SharedTokenGuesses(path, limit=3, window=60, clock=clock).wait_seconds("10.0.0.1") == 0


def test_a_clock_set_back_holds_no_client_longer_than_the_window(tmp_path):
    clock = Clock()
    guesses = SharedTokenGuesses(tmp_path / GUESSES_FILE, limit=2, window=60, clock=clock)
    guesses.wrong("10.0.0.1")
    guesses.wrong("10.0.0.1")
    clock.now -= 3600
    assert guesses.wait_seconds("10.0.0.1") == 0, "guesses made after the clock's time are not counted"
    guesses.wrong("10.0.0.1")
    assert guesses.wait_seconds("10.0.0.1") == 0, "and the next wrong token clears them"


def test_the_file_remembers_at_most_max_clients_addresses(tmp_path, monkeypatch):
    monkeypatch.setattr(throttle, "MAX_CLIENTS", 3)
    clock = Clock()
    guesses = SharedTokenGuesses(tmp_path / GUESSES_FILE, limit=1, window=300, clock=clock)
    for number in range(4):
        guesses.wrong(f"10.0.0.{number}")
        clock.now += 1
    assert guesses.wait_seconds("10.0.0.0") == 0, "the address whose last guess is oldest was forgotten"
    assert all(guesses.wait_seconds(f"10.0.0.{number}") for number in (1, 2, 3))


# The layout of files written before the clients table existed.
_FIRST_LAYOUT = """
CREATE TABLE wrong_tokens (client TEXT NOT NULL, at REAL NOT NULL);
CREATE INDEX wrong_tokens_by_client ON wrong_tokens (client, at);
CREATE INDEX wrong_tokens_by_time ON wrong_tokens (at);
"""


def _address(number):
    """A distinct address for each number."""
    return f"10.{number // 65536}.{number // 256 % 256}.{number % 256}"


def _clients(path):
    """The clients table of the file at ``path``, as {client: last}."""
    with closing(sqlite3.connect(path)) as conn:
        return dict(conn.execute("SELECT client, last FROM clients"))


def _latest_guesses(path):
    """Each client's latest wrong token in the file at ``path``, as {client: time}: what the clients table must hold."""
    with closing(sqlite3.connect(path)) as conn:
        return dict(conn.execute("SELECT client, max(at) FROM wrong_tokens GROUP BY client"))


def _fill(path, rows):
    """Add (client, time) wrong tokens to the file at ``path`` directly, as a flood from many addresses would."""
    with closing(sqlite3.connect(path)) as conn:
        conn.executemany("INSERT INTO wrong_tokens (client, at) VALUES (?, ?)", rows)
        conn.executemany("INSERT INTO clients (client, last) SELECT ?, ? WHERE true ON CONFLICT (client) DO UPDATE SET last = excluded.last", rows)  # fmt: skip
        conn.commit()


def test_a_full_table_of_thousands_forgets_only_the_oldest_client(tmp_path, monkeypatch):
    """3,000 addresses stored, each held back: a new one is let through and the one whose last guess is oldest forgotten."""
    monkeypatch.setattr(throttle, "MAX_CLIENTS", 3000)
    clock = Clock()
    path = tmp_path / GUESSES_FILE
    guesses = SharedTokenGuesses(path, limit=2, window=300, clock=clock)
    guesses.attempt("192.168.0.9")
    guesses.right("192.168.0.9")  # the file is made, and empty
    # Address n guessed at 720 + n/20 and 800 + n/20: address 0's last guess is the oldest.
    _fill(path, [(_address(n), at + n / 20) for n in range(3000) for at in (720, 800)])
    assert guesses.wait_seconds(_address(0)) == 20
    assert guesses.wait_seconds(_address(2999)) == 170
    assert guesses.attempt("192.168.0.1") == 0
    assert guesses.wait_seconds(_address(0)) == 0, "the address whose last guess is oldest was forgotten"
    assert guesses.attempt(_address(0)) == 0, "and may guess again, as a new address (address 1 forgotten)"
    assert guesses.wait_seconds(_address(1)) == 0
    assert guesses.attempt(_address(2)) == 21, "a held address stays held, the wait from its oldest guess"
    assert len(_clients(path)) == 3000, "the table holds MAX_CLIENTS addresses, no more"
    assert _clients(path) == _latest_guesses(path)
    guesses.right(_address(2))
    assert _address(2) not in _clients(path) and _clients(path) == _latest_guesses(path)
    assert guesses.attempt(_address(2)) == 0
    assert guesses.wait_seconds(_address(3)) > 0, "a room made by a right token forgets nobody else"


def test_guesses_leaving_the_window_take_their_client_along(tmp_path):
    clock = Clock()
    path = tmp_path / GUESSES_FILE
    guesses = SharedTokenGuesses(path, limit=3, window=60, clock=clock)
    guesses.wrong("192.168.0.1")
    _fill(path, [(_address(n), 950 + n / 1000) for n in range(2000)])
    clock.now += 30
    guesses.wrong("192.168.0.2")
    assert set(_clients(path)) == {"192.168.0.1", "192.168.0.2"}, "the 2,000 addresses whose guesses are 60 s old left"
    assert _clients(path) == _latest_guesses(path)


def test_a_clock_set_back_moves_a_clients_last_guess_to_the_latest_it_has_left(tmp_path, monkeypatch):
    monkeypatch.setattr(throttle, "MAX_CLIENTS", 2)
    clock = Clock()
    path = tmp_path / GUESSES_FILE
    guesses = SharedTokenGuesses(path, limit=1, window=300, clock=clock)
    for client, now in (("10.0.0.1", 1000), ("10.0.0.2", 1020), ("10.0.0.1", 1100), ("10.0.0.3", 1110)):
        clock.now = now
        guesses.wrong(client)
    assert set(_clients(path)) == {"10.0.0.1", "10.0.0.3"}, "10.0.0.2's last guess was the oldest"
    clock.now = 1050  # set back: 10.0.0.1's guess at 1100 and 10.0.0.3's at 1110 were made "later"
    guesses.wrong("10.0.0.4")
    assert _clients(path) == {"10.0.0.1": 1000, "10.0.0.4": 1050} == _latest_guesses(path)
    guesses.wrong("10.0.0.5")
    assert guesses.wait_seconds("10.0.0.1") == 0, "its last guess left (1000) is older than 10.0.0.4's (1050)"
    assert guesses.wait_seconds("10.0.0.4") > 0 and guesses.wait_seconds("10.0.0.5") > 0


def test_a_file_of_the_first_layout_gets_its_clients_table_and_keeps_its_count(tmp_path, monkeypatch):
    """A file written before the clients table existed: the table is made from its guesses (none are dropped)."""
    monkeypatch.setattr(throttle, "MAX_CLIENTS", 2000)
    path = tmp_path / GUESSES_FILE
    with closing(sqlite3.connect(path)) as conn:
        conn.executescript(_FIRST_LAYOUT)
        conn.executemany("INSERT INTO wrong_tokens VALUES (?, ?)", [(_address(n), 800 + n / 20 + offset) for n in range(2000) for offset in (0, 5)])  # fmt: skip
        conn.commit()
    guesses = SharedTokenGuesses(path, limit=2, window=300, clock=Clock())
    assert guesses.wait_seconds(_address(0)) == 100, "read before any write, as it is"
    assert guesses.attempt("192.168.0.1") == 0
    assert guesses.wait_seconds(_address(0)) == 0, "the oldest of the file's 2,000 clients made room"
    assert guesses.attempt(_address(1)) == 100 + 1
    assert len(_clients(path)) == 2000 and _clients(path) == _latest_guesses(path)
    with closing(sqlite3.connect(path)) as conn:
        assert conn.execute("PRAGMA user_version").fetchone() == (1,)
    assert SharedTokenGuesses(path, limit=2, window=300, clock=Clock()).attempt(_address(1999)) == 200, "a restart keeps it"  # fmt: skip


def test_a_file_that_cannot_be_used_is_logged_and_each_process_counts_alone(tmp_path, caplog):
    folder = tmp_path / GUESSES_FILE
    folder.mkdir()  # a folder where the file should be: SQLite cannot open it
    guesses = SharedTokenGuesses(folder, limit=2, window=60, clock=Clock())
    with caplog.at_level(logging.ERROR, logger="service.throttle"):
        guesses.wrong("10.0.0.1")
        guesses.wrong("10.0.0.1")
        assert guesses.wait_seconds("10.0.0.1") == 60
    assert f"cannot count a wrong token in the wrong-token count {folder}" in caplog.text
    assert "counting in this process only" in caplog.text


def test_a_sign_in_without_a_wrong_token_leaves_no_count(model_dir):
    # Its try is counted as it is let through (so that tries sent at once add up), and cleared once right.
    client = page_app(model_dir, ADMIN_TOKEN=TOKEN).test_client()
    assert post_form(client, "/sign-in", {"token": TOKEN, "next": "/"}).status_code == 303
    path = feedback_db(model_dir).parent / GUESSES_FILE
    with closing(sqlite3.connect(path)) as conn:
        assert conn.execute("SELECT count(*) FROM wrong_tokens").fetchone() == (0,)
        assert conn.execute("SELECT count(*) FROM clients").fetchone() == (0,)


def test_two_apps_on_one_store_folder_share_the_brake(model_dir):
    """Two workers of one server (two apps on one corrections folder): their wrong tokens add up, API and form alike."""
    first, second = (page_app(model_dir, ADMIN_TOKEN=TOKEN).test_client() for _ in range(2))
    wrong = {"Authorization": "Bearer not-the-token"}
    half = throttle.WRONG_TOKENS // 2
    for _ in range(half):
        assert first.post("/v1/admin/reload", headers=wrong).status_code == 401
    for _ in range(throttle.WRONG_TOKENS - half):
        assert post_form(second, "/sign-in", {"token": "guess", "next": "/"}).status_code == 401
    refused = first.post("/v1/admin/reload", headers={"Authorization": f"Bearer {TOKEN}"})
    assert refused.status_code == 429
    assert refused.json["error"]["code"] == "too_many_attempts"
    assert "too many wrong tokens from this address" in refused.json["error"]["message"]
    assert 0 < int(refused.headers["Retry-After"]) <= throttle.WINDOW_SECONDS
    form = post_form(second, "/sign-in", {"token": TOKEN, "next": "/"})
    assert form.status_code == 429
    assert "Too many wrong tokens from this address" in form.get_data(as_text=True)


def test_an_attempt_is_counted_as_it_is_let_through(make_guesses):
    """The check and the count are one step: a request let through is counted before its token is looked at."""
    guesses = make_guesses(limit=2, window=60, clock=Clock())
    assert guesses.attempt("10.0.0.1") == 0
    assert guesses.attempt("10.0.0.1") == 0
    assert guesses.attempt("10.0.0.1") == 60, "two let through, none of them answered yet: the third waits"
    assert guesses.wait_seconds("10.0.0.1") == 60
    assert guesses.attempt("10.0.0.2") == 0, "another address is not held back"
    guesses.right("10.0.0.1")
    assert guesses.attempt("10.0.0.1") == 0, "the right token clears its own attempt too"


def _attempt(path, client, times, start, allowed):
    """In a child process: wait for the others, then try ``times`` tokens as ``client``; count those let through."""
    guesses = SharedTokenGuesses(path)
    start.wait()
    let_through = sum(guesses.attempt(client) == 0 for _ in range(times))
    with allowed.get_lock():
        allowed.value += let_through


def test_workers_trying_at_once_let_through_no_more_than_the_limit(tmp_path):
    """Four workers each trying the limit's worth of tokens at once: together they let exactly the limit through."""
    context = multiprocessing.get_context("fork")
    start, allowed = context.Barrier(4), context.Value("i", 0)
    args = (tmp_path / GUESSES_FILE, "10.0.0.1", throttle.WRONG_TOKENS, start, allowed)
    workers = [context.Process(target=_attempt, args=args) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
        assert worker.exitcode == 0
    assert allowed.value == throttle.WRONG_TOKENS


class _HeldComparison:
    """``hmac`` for a module under test: the token's comparison waits until every request sent has reached it or been refused.

    So every request that the brake lets through is in flight at once, as when a guesser sends them together.
    """

    def __init__(self, requests):
        self.requests = requests
        self.arrived = 0
        self.condition = threading.Condition()
        self.new = hmac.new

    def arrive(self):
        """One more request reached the comparison, or was answered without it."""
        with self.condition:
            self.arrived += 1
            self.condition.notify_all()

    def compare_digest(self, given, expected):
        if expected == TOKEN.encode():
            self.arrive()
            with self.condition:
                assert self.condition.wait_for(lambda: self.arrived >= self.requests, timeout=30)
        return hmac.compare_digest(given, expected)


def _send_wrong(app, route):
    """Send one wrong token by ``route`` ("api" or "form") on a client of its own; return the status."""
    client = app.test_client()
    if route == "api":
        return client.post("/v1/admin/reload", headers={"Authorization": "Bearer not-the-token"}).status_code
    return post_form(client, "/sign-in", {"token": "guess", "next": "/"}).status_code


@pytest.mark.parametrize("route", ["api", "form"])
def test_wrong_tokens_sent_at_once_get_no_more_looks_than_the_limit(model_dir, monkeypatch, route):
    """One short of the limit, four wrong tokens sent together: one is looked at, three wait (all four were)."""
    app = page_app(model_dir, ADMIN_TOKEN=TOKEN)
    for _ in range(throttle.WRONG_TOKENS - 1):
        assert _send_wrong(app, route) == 401
    held = _HeldComparison(requests=4)
    monkeypatch.setattr(service.auth if route == "api" else service.web.auth, "hmac", types.SimpleNamespace(compare_digest=held.compare_digest, new=held.new))  # fmt: skip
    statuses = []

    def send():
        status = _send_wrong(app, route)
        if status == 429:
            held.arrive()
        statuses.append(status)

    threads = [threading.Thread(target=send) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(statuses) == [401, 429, 429, 429]
    assert app.extensions["stance_token_guesses"].wait_seconds("127.0.0.1") > 0
