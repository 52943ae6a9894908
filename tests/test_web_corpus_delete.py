"""Deleting a corpus from its page: confirm first, signed in with the form token; never while its job runs."""

import logging

import pytest

from service.web.jobs import JobError, JobStore
from tests.test_web_corpus import job_id_of, upload
from tests.web_helpers import (
    csrf_token,
    inline_jobs_app,  # noqa: F401 (this module's "app")
    page_app,
    post_form,
    sign_in,
)


def store_of(app):
    return JobStore(app.config["JOBS_DB"])


def delete(client, job_id, confirm=True, **kwargs):
    """Post the delete form of a corpus (the confirmed one unless ``confirm`` is false)."""
    data = {"confirm": "yes"} if confirm else {}
    return post_form(client, f"/corpus/{job_id}/delete", data, **kwargs)


def finished_corpus(client):
    """Upload the test articles as a signed-in writer and return the finished job's id."""
    sign_in(client)
    return job_id_of(upload(client))


def test_delete_asks_first_then_removes_the_folder_and_the_record(client, app, caplog):
    job_id = finished_corpus(client)
    folder = store_of(app).job_folder(job_id)
    assert (folder / "sentences.csv").is_file() and list(folder.glob("summary-*.sqlite3"))
    page = client.get(f"/corpus/{job_id}").get_data(as_text=True)
    assert "Delete this corpus…" in page and f'action="/corpus/{job_id}/delete"' in page

    asked = delete(client, job_id, confirm=False)
    text = asked.get_data(as_text=True)
    assert asked.status_code == 200 and "Delete this corpus: are you sure?" in text
    assert "Yes, delete articles.csv" in text and 'name="confirm" value="yes"' in text
    assert folder.is_dir() and store_of(app).get(job_id)["status"] == "done"

    with caplog.at_level(logging.INFO, logger="service.web.corpus_page"):
        done = delete(client, job_id)
    assert done.status_code == 303 and done.headers["Location"].endswith("/corpus")
    assert not folder.exists()
    assert not [p for p in folder.parent.iterdir() if job_id in p.name]
    with pytest.raises(JobError):
        store_of(app).get(job_id)
    assert any(job_id in r.getMessage() and r.levelno == logging.INFO for r in caplog.records)
    listing = client.get("/corpus").get_data(as_text=True)
    assert "Deleted the corpus articles.csv" in listing
    assert f"/corpus/{job_id}" not in listing
    assert client.get(f"/corpus/{job_id}").status_code == 404


def test_a_second_delete_is_404_with_a_message(client, app):
    job_id = finished_corpus(client)
    assert delete(client, job_id).status_code == 303
    again = delete(client, job_id)
    text = again.get_data(as_text=True)
    assert again.status_code == 404
    assert "The corpus cannot be deleted" in text and "it has been deleted already, or never existed" in text
    assert "Traceback" not in text
    assert delete(client, "0123456789abcdef", confirm=False).status_code == 404


def test_a_reader_who_is_not_signed_in_sees_no_button_and_is_refused(client, app):
    job_id = finished_corpus(client)
    reader = app.test_client()
    page = reader.get(f"/corpus/{job_id}").get_data(as_text=True)
    assert "Delete this corpus" not in page and "/delete" not in page
    refused = delete(reader, job_id, token=csrf_token(reader, "/corpus"))
    assert refused.status_code == 401 and "Sign in to delete a corpus" in refused.get_data(as_text=True)
    assert store_of(app).get(job_id)["status"] == "done"
    assert store_of(app).job_folder(job_id).is_dir()


def test_without_the_form_token_or_from_another_site_nothing_is_deleted(client, app):
    job_id = finished_corpus(client)
    assert delete(client, job_id, token="not-the-token").status_code == 400
    assert delete(client, job_id, headers={"Origin": "https://elsewhere.example"}).status_code == 403
    assert store_of(app).get(job_id)["status"] == "done"
    assert store_of(app).job_folder(job_id).is_dir()


def test_without_a_token_configured_deleting_is_off(model_dir):
    app = page_app(model_dir, JOBS_INLINE=True)
    job = store_of(app).create("corpus", {"filename": "kept.csv"}, limit=5)
    store_of(app).update(job["id"], status="failed", message="no model")
    client = app.test_client()
    assert "Delete this corpus" not in client.get(f"/corpus/{job['id']}").get_data(as_text=True)
    refused = delete(client, job["id"], token=csrf_token(client, "/"))
    assert refused.status_code == 403
    assert store_of(app).get(job["id"])["status"] == "failed"


def test_a_queued_job_is_refused_with_409(client, app):
    sign_in(client)
    # Created without starting its process: it stays queued.
    job = store_of(app).create("corpus", {"filename": "waiting.csv"}, limit=5)
    folder = store_of(app).job_folder(job["id"])
    folder.mkdir(parents=True)
    page = client.get(f"/corpus/{job['id']}").get_data(as_text=True)
    assert "can be deleted once its job has finished" in page and "Delete this corpus…" not in page
    for confirm in (False, True):
        refused = delete(client, job["id"], confirm=confirm)
        text = refused.get_data(as_text=True)
        assert refused.status_code == 409
        assert "waiting.csv was not deleted: its job is queued" in text and "Wait for it to finish" in text
    assert store_of(app).get(job["id"])["status"] == "queued" and folder.is_dir()


def test_a_corpus_whose_sentences_a_review_queue_reads_is_refused(client, app):
    job_id = finished_corpus(client)
    folder = store_of(app).job_folder(job_id)
    review = store_of(app).create("review", {"path": str(folder / "sentences.csv"), "filename": "x"}, limit=5)
    refused = delete(client, job_id)
    assert refused.status_code == 409
    assert f"the review job {review['id']} is reading its files" in refused.get_data(as_text=True)
    assert folder.is_dir() and store_of(app).get(job_id)["status"] == "done"


def test_a_failed_corpus_can_be_deleted(client, app):
    sign_in(client)
    job = store_of(app).create("corpus", {"filename": "broken.csv"}, limit=5)
    store_of(app).update(job["id"], status="failed", message="The file has no text column.")
    assert "Delete this corpus…" in client.get(f"/corpus/{job['id']}").get_data(as_text=True)
    # Its folder was never made: deleting the record is enough.
    assert delete(client, job["id"]).status_code == 303
    with pytest.raises(JobError):
        store_of(app).get(job["id"])


def test_the_page_deletes_only_corpus_jobs(client, app):
    sign_in(client)
    review = store_of(app).create("review", {"filename": "queue.csv"}, limit=5)
    store_of(app).update(review["id"], status="done")
    assert delete(client, review["id"]).status_code == 404
    assert store_of(app).get(review["id"])["status"] == "done"
