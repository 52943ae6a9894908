"""The review page: a queue of least-certain sentences, labels stored as corrections, accept/reject, retrain."""

import io
import re

import pytest

from service.web.jobs import JobStore
from tests.conftest import TINY_GRID
from tests.web_helpers import TOKEN, csrf_token, feedback_db, page_app, post_form, sign_in
from training.feedback import FeedbackStore

# Sentences written for these tests, some plainly framed and some in between.
SENTENCES = [
    "The patrols are a provocation, but they also keep the border calm.",
    "The budget was approved on Thursday.",
    "Officials said the missiles endanger the villages near the border.",
    "The exercise is defensive and reassures the neighbours.",
    "The convoy arrived, and the ministry said it protects civilians.",
]


@pytest.fixture
def tasks_file(tmp_path, tiny_task):
    """A tasks.toml that declares the tiny corpus as the framing task."""
    path = tmp_path / "tasks.toml"
    path.write_text(
        f'[framing]\ndata = "{tiny_task.data}"\ntest = "{tiny_task.test}"\n'
        'labels = {threat = "", stability = "", neutral = ""}\n',
        encoding="utf-8",
    )
    return path


@pytest.fixture
def app(model_dir, tasks_file):
    return page_app(model_dir, ADMIN_TOKEN=TOKEN, JOBS_INLINE=True, TASKS_FILE=str(tasks_file))


@pytest.fixture
def client(app):
    return app.test_client()


def start_queue(client, n=3):
    """Upload the sentences as a text file and start a queue of ``n``; return the queue's URL."""
    form = {"n": str(n), "file": (io.BytesIO("\n".join(SENTENCES).encode()), "sentences.txt")}
    response = post_form(client, "/review", form, token=csrf_token(client, "/review"))
    assert response.status_code == 303, response.get_data(as_text=True)
    return response.headers["Location"]


def test_a_queue_shows_the_least_certain_first_and_labels_store_corrections(client, model_dir):
    sign_in(client)
    url = start_queue(client)
    page = client.get(url).get_data(as_text=True)
    assert "Sentence 1 of 3" in page and "0 of 3 done" in page
    labels = client.application.extensions["stance"].snapshot()["framing"].labels
    assert sorted(labels) == ["neutral", "stability", "threat"]
    for key, label in enumerate(labels, 1):
        assert f'value="{label}" data-key="{key}"' in page
    text = re.search(r'<blockquote class="review-text">(.*?)</blockquote>', page, re.S).group(1)
    response = post_form(client, url + "/label", {"item": "1", "label": "neutral"}, token=csrf_token(client, url))
    assert response.status_code == 303
    stored = FeedbackStore(feedback_db(model_dir)).list()
    assert [(c["text"], c["label"], c["status"]) for c in stored] == [
        (text.replace("&#39;", "'"), "neutral", "pending")
    ]
    page = client.get(url).get_data(as_text=True)
    assert "Sentence 2 of 3" in page and "1 of 3 done" in page
    post_form(client, url + "/label", {"item": "2", "label": "skip"}, token=csrf_token(client, url))
    post_form(client, url + "/label", {"item": "3", "label": "threat"}, token=csrf_token(client, url))
    page = client.get(url).get_data(as_text=True)
    assert "Every sentence of this queue is done" in page and "2 labelled, 1 skipped" in page
    assert len(FeedbackStore(feedback_db(model_dir)).list()) == 2


def test_a_queue_from_a_finished_corpus(client, app):
    from tests.test_web_corpus import upload

    sign_in(client)
    corpus = upload(client).headers["Location"].rsplit("/", 1)[1]
    response = post_form(client, "/review", {"corpus": corpus, "n": "4"}, token=csrf_token(client, "/review"))
    assert response.status_code == 303
    job = JobStore(app.config["JOBS_DB"]).get(response.headers["Location"].rsplit("/", 1)[1])
    assert job["status"] == "done" and job["result"]["items"] == 4


def test_accept_and_reject(client, model_dir):
    sign_in(client)
    store = FeedbackStore(feedback_db(model_dir))
    first = store.add("framing", "The radar upgrade is routine.", "neutral")
    second = store.add("framing", "The drills are a menace to everyone.", "threat")
    page = client.get("/review").get_data(as_text=True)
    assert "The radar upgrade is routine." in page and "Accept<span" in page
    post_form(
        client, "/review/corrections", {"id": str(first["id"]), "action": "accept"}, token=csrf_token(client, "/review")
    )
    post_form(
        client,
        "/review/corrections",
        {"id": str(second["id"]), "action": "reject"},
        token=csrf_token(client, "/review"),
    )
    assert [c["status"] for c in store.list()] == ["accepted", "rejected"]
    missing = post_form(
        client, "/review/corrections", {"id": "999", "action": "accept"}, token=csrf_token(client, "/review")
    )
    assert missing.status_code == 404 and "no correction with id" in missing.get_data(as_text=True)


def test_retrain_merges_accepted_corrections_and_shows_both_versions(client, model_dir):
    from model.store import current_version

    sign_in(client)
    before = current_version(model_dir, "framing")
    store = FeedbackStore(feedback_db(model_dir))
    correction = store.add("framing", "The new radar station worries nobody in the valley.", "stability")
    store.set_status([correction["id"]], "accepted")
    response = post_form(client, "/review/retrain", {}, token=csrf_token(client, "/review"))
    assert response.status_code == 303
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    job = JobStore(client.application.config["JOBS_DB"]).list("retrain")[0]
    result = job["result"]
    assert job["status"] == "done" and result["previous"] == before
    assert result["corrections"] == {"accepted": 1, "merged": 1}
    assert f"New: <code>{result['version']}</code>" in page and f"Before: <code>{before}</code>" in page
    assert page.count('data-metric="test-macro-f1"') == 2
    if result["promoted"]:
        assert current_version(model_dir, "framing") == result["version"]
        assert client.application.extensions["stance"].snapshot()["framing"].version == result["version"]


@pytest.mark.parametrize(
    ("path", "fields"),
    [
        ("/review", {"n": "3"}),
        ("/review/corrections", {"id": "1", "action": "accept"}),
        ("/review/retrain", {}),
    ],
)
def test_every_write_needs_sign_in_and_csrf(client, path, fields):
    response = post_form(client, path, fields, token=csrf_token(client, "/review"))
    assert response.status_code == 401 and "Sign in to" in response.get_data(as_text=True)
    sign_in(client)
    assert post_form(client, path, fields, token="wrong").status_code == 400
    cross = post_form(client, path, fields, headers={"Origin": "https://elsewhere.example"})
    assert cross.status_code == 403


def test_labelling_needs_sign_in(client):
    sign_in(client)
    url = start_queue(client)
    other = client.application.test_client()
    response = post_form(other, url + "/label", {"item": "1", "label": "neutral"}, token=csrf_token(other, url))
    assert response.status_code == 401


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"n": "3"}, "Choose a finished corpus or a file"),
        ({"n": "0"}, "from 1 to"),
        ({"corpus": "0123456789abcdef"}, "There is no corpus job"),
        ({"file": (io.BytesIO(b"a,b\n1,2\n"), "rows.csv")}, "no column &#39;text&#39;"),
    ],
)
def test_review_form_errors(client, fields, message):
    sign_in(client)
    response = post_form(client, "/review", fields, token=csrf_token(client, "/review"))
    if response.status_code == 303:
        # The column is checked while the job reads the file: the job fails with the reason.
        response = client.get(response.headers["Location"])
    assert message in response.get_data(as_text=True)


def accept(model_dir, text, label):
    """Store a correction and accept it, as a reviewer would; return it."""
    store = FeedbackStore(feedback_db(model_dir))
    correction = store.add("framing", text, label)
    return store.set_status([correction["id"]], "accepted")[0]


def status_line(client):
    page = client.get("/review").get_data(as_text=True)
    return " ".join(re.search(r'<p id="retrain-news">(.*?)</p>', page, re.S).group(1).split())


def retrain_button(client):
    return re.search(r"<button type=\"submit\"[^>]*>Retrain framing</button>", client.get("/review").get_data(as_text=True)).group(0)  # fmt: skip


def trained_with(model_dir, ids, store):
    """Write into the current version's metadata that its training read the corrections ``ids`` of ``store``."""
    import json

    from model.store import current_version

    path = model_dir / "framing" / current_version(model_dir, "framing") / "metadata.json"
    metadata = json.loads(path.read_text())
    metadata["data"]["corrections"] = {
        "store": str(store),
        "accepted": len(ids),
        "merged": len(ids),
        "merged_ids": list(ids),
        "already_in_corpus_ids": [],
        "refused_ids": [],
        "refused": [],
    }
    path.write_text(json.dumps(metadata))


def test_the_status_line_counts_only_corrections_the_current_version_has_not_read(client, model_dir):
    from model.store import current_version

    sign_in(client)
    version = current_version(model_dir, "framing")
    first = accept(model_dir, "The new radar station worries nobody in the valley.", "stability")
    # The tiny model was trained with another store: the page cannot tell, and says so.
    assert status_line(client) == (
        f"No correction is waiting. 1 accepted correction: the next retrain reads it (the record of version "
        f"<code>{version}</code> does not say which it was trained with)."
    )
    trained_with(model_dir, [first["id"]], feedback_db(model_dir))
    assert status_line(client) == (
        f"No correction is waiting. The accepted correction was considered when version <code>{version}</code> "
        "was trained: a retrain would add nothing new."
    )
    accept(model_dir, "The parade was moved indoors because of the rain.", "neutral")
    accept(model_dir, "Tanks rolled through the square at dawn, alarming residents.", "threat")
    assert status_line(client) == (
        f"No correction is waiting. 2 accepted corrections not yet in version <code>{version}</code> will join "
        "the next retrain (unless they contradict the training file or overlap the test file). 1 more was "
        "already considered when that version was trained."
    )


def test_after_a_retrain_the_status_line_no_longer_promises_the_same_corrections(client, model_dir, monkeypatch):
    # The fixture's setting, so the retrain passes the quality gate: with the default grid the candidate
    # scored 0.886 against the fixture model's 1.000 on the tiny test file, and the gate kept it back.
    monkeypatch.setattr("training.train.DEFAULT_GRID", TINY_GRID)
    sign_in(client)
    accept(model_dir, "The new radar station worries nobody in the valley.", "stability")
    assert "1 accepted correction: the next retrain reads it" in status_line(client)
    response = post_form(client, "/review/retrain", {}, token=csrf_token(client, "/review"))
    assert response.status_code == 303
    result = JobStore(client.application.config["JOBS_DB"]).list("retrain")[0]["result"]
    assert result["promoted"]
    assert status_line(client) == (
        f"No correction is waiting. The accepted correction was considered when version "
        f"<code>{result['version']}</code> was trained: a retrain would add nothing new."
    )
    assert "disabled" in retrain_button(client)


def test_retrain_is_off_and_refused_with_nothing_accepted(client, app):
    sign_in(client)
    button = retrain_button(client)
    assert 'disabled aria-describedby="retrain-why"' in button
    page = client.get("/review").get_data(as_text=True)
    assert "Nothing to train on: no correction is accepted yet." in page
    response = post_form(client, "/review/retrain", {}, token=csrf_token(client, "/review"))
    assert response.status_code == 409
    assert "Nothing to train on: no correction is accepted yet." in response.get_data(as_text=True)
    assert JobStore(app.config["JOBS_DB"]).list("retrain") == []


def test_retrain_is_refused_when_every_accepted_correction_is_in_the_current_version(client, app, model_dir):
    sign_in(client)
    correction = accept(model_dir, "The new radar station worries nobody in the valley.", "stability")
    assert "disabled" not in retrain_button(client)
    trained_with(model_dir, [correction["id"]], feedback_db(model_dir))
    assert "disabled" in retrain_button(client)
    response = post_form(client, "/review/retrain", {}, token=csrf_token(client, "/review"))
    assert response.status_code == 409
    assert "Nothing new to train on: every accepted correction was already considered" in response.get_data(
        as_text=True
    )
    assert JobStore(app.config["JOBS_DB"]).list("retrain") == []


def test_a_second_retrain_is_refused_while_one_is_running(client, app, model_dir):
    sign_in(client)
    accept(model_dir, "The new radar station worries nobody in the valley.", "stability")
    jobs = JobStore(app.config["JOBS_DB"])
    # A retrain queued by another request (its process would pick it up); its heartbeat is fresh.
    running = jobs.create("retrain", {"task": "framing"}, limit=5)
    page = client.get("/review").get_data(as_text=True)
    assert "disabled" in retrain_button(client)
    assert "A retrain of framing is already running" in page
    assert f'href="/review/retrain/{running["id"]}">See its progress</a>' in page
    response = post_form(client, "/review/retrain", {}, token=csrf_token(client, "/review"))
    assert response.status_code == 409
    assert "A retrain of framing is already running" in response.get_data(as_text=True)
    assert [j["id"] for j in jobs.list("retrain")] == [running["id"]]


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"../etc\n", "invalid version name &#39;../etc&#39;"),
        (b"\xff\xfe\n", "cannot read the current version&#39;s name (&#39;utf-8&#39; codec"),
        (None, "cannot read the current version&#39;s name (Is a directory)"),
    ],
)
def test_a_retrain_with_an_unreadable_current_shows_the_gate_refusal(
    client, app, model_dir, monkeypatch, content, problem
):
    # The tiny grid, so the candidate would pass the gate on its scores: only the unreadable CURRENT refuses it.
    monkeypatch.setattr("training.train.DEFAULT_GRID", TINY_GRID)
    sign_in(client)
    accept(model_dir, "The new radar station worries nobody in the valley.", "stability")
    pointer = model_dir / "framing" / "CURRENT"
    pointer.unlink()
    if content is None:
        pointer.mkdir()
    else:
        pointer.write_bytes(content)
    page = client.get("/review").get_data(as_text=True)
    assert f"The current version cannot be read: the model folder/framing/CURRENT: {problem}" in page
    assert "disabled" not in retrain_button(client)
    response = post_form(client, "/review/retrain", {}, token=csrf_token(client, "/review"))
    assert response.status_code == 303, response.get_data(as_text=True)
    result_page = client.get(response.headers["Location"])
    assert result_page.status_code == 200
    page = result_page.get_data(as_text=True)
    job = JobStore(app.config["JOBS_DB"]).list("retrain")[0]
    result = job["result"]
    assert job["status"] == "done" and not result["promoted"] and result["previous"] is None
    assert (
        f"Version <code>{result['version']}</code> is kept as a candidate: quality gate refused: cannot compare" in page
    )
    assert problem in page and "The current version cannot be named now" in page
    assert f"New: <code>{result['version']}</code>" in page
    assert str(model_dir) not in page
    # Nothing repaired CURRENT behind the person's back.
    assert pointer.is_dir() if content is None else pointer.read_bytes() == content
