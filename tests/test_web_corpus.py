"""The corpus page: upload, job lifecycle, dashboard numbers equal to summarize(), downloads, form errors, sign-in."""

import csv
import io
import json
import re
import time

import pytest

from service.corpus.summary import SummaryOptions
from service.web.corpus_job import EVIDENCE, compute_summary
from service.web.jobs import JobStore
from tests.web_helpers import (
    TOKEN,
    csrf_token,
    inline_jobs_app,  # noqa: F401 (this module's "app")
    page_app,
    post_form,
    sign_in,
)

# Six short articles from two invented outlets over four weeks, written for these tests.
ARTICLES = [
    (
        "a1",
        "2026-03-02",
        "North Ledger",
        "Belgrade warned that the new drones endanger Serbs in the north. The shipment arrived on Tuesday.",
    ),
    (
        "a2",
        "2026-03-04",
        "Harbour Post",
        "The drones do not represent a threat, as claimed by Belgrade, the minister said. Joint patrols made the border safer.",
    ),
    (
        "a3",
        "2026-03-10",
        "North Ledger",
        "Critics fear the build-up will destabilise the region. Parliament approved the budget.",
    ),
    (
        "a4",
        "2026-03-17",
        "Harbour Post",
        "Analysts say the purchase strengthens deterrence and regional security, the ministry said.",
    ),
    (
        "a5",
        "2026-03-24",
        "North Ledger",
        "The tank convoy escalated tensions overnight, residents said. The tender closes in June.",
    ),
    ("a6", "2026-03-25", "Harbour Post", "The exercise reassures allies and contributes to stability."),
]


def corpus_csv():
    """The articles as CSV bytes with the columns id, date, outlet, body."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["id", "date", "outlet", "body"])
    writer.writerows(ARTICLES)
    return out.getvalue().encode()


def upload(client, data=None, content=None, filename="articles.csv", **fields):
    """Post the corpus form (signed in beforehand by the caller)."""
    form = {
        "kind": "articles",
        "text_column": "body",
        "id_column": "id",
        "date_column": "date",
        "group_column": "outlet",
    }
    form.update(fields)
    form["file"] = (io.BytesIO(corpus_csv() if content is None else content), filename)
    return post_form(client, "/corpus", form, token=csrf_token(client, "/corpus"))


def job_id_of(response):
    match = re.search(r"/corpus/([0-9a-f]{16})$", response.headers["Location"])
    assert match, response.headers.get("Location")
    return match.group(1)


def test_upload_runs_the_job_and_shows_the_dashboard(client, app):
    sign_in(client)
    response = upload(client)
    assert response.status_code == 303
    job_id = job_id_of(response)
    page = client.get(f"/corpus/{job_id}").get_data(as_text=True)
    assert "Frame-shift alerts" in page and "Who says what" in page
    assert "North Ledger" in page and "Harbour Post" in page
    assert "<svg" in page
    listing = client.get("/corpus").get_data(as_text=True)
    assert "articles.csv" in listing and "done" in listing
    store = JobStore(app.config["JOBS_DB"])
    job = store.get(job_id)
    assert job["status"] == "done" and job["result"]["articles"] == len(ARTICLES)


def _expected(app, job_id, min_confidence=None):
    """summarize() of the job's sentences.csv with the options the page uses (lines named: the upload's)."""
    folder = JobStore(app.config["JOBS_DB"]).job_folder(job_id)
    options = SummaryOptions(by=("outlet",), period="week", date_column="date", id_column="id", min_confidence=min_confidence, evidence=EVIDENCE, name="articles.csv", article_lines=True)  # fmt: skip
    return compute_summary(folder / "sentences.csv", options)


@pytest.mark.parametrize("threshold", [None, 0.6])
def test_dashboard_numbers_equal_summarize(client, app, threshold):
    sign_in(client)
    job_id = job_id_of(upload(client))
    query = "" if threshold is None else f"?min_confidence={threshold}"
    expected = _expected(app, job_id, threshold)
    downloaded = client.get(f"/corpus/{job_id}/summary.json{query}")
    assert downloaded.status_code == 200 and "attachment" in downloaded.headers["Content-Disposition"]
    assert json.loads(downloaded.data) == expected
    page = client.get(f"/corpus/{job_id}{query}").get_data(as_text=True)
    assert f'id="total-sentences">{expected["totals"]["sentences"]:,}<' in page
    for label, count in expected["totals"]["counts"].items():
        assert f'data-total="{label}">{count:,}<' in page
    if threshold is not None:
        assert f'data-total="uncertain">{expected["totals"]["uncertain"]:,}<' in page
    # Each group's count per period and frame, as the table cells show them.
    for group in expected["groups"]:
        for period in group["periods"]:
            for label, count in period["counts"].items():
                cell = re.search(
                    rf'data-group="{re.escape(group["name"])}" data-period="{period["period"]}" data-frame-count="{label}">(.*?)</td>',
                    page,
                    re.S,
                )
                assert cell, (group["name"], period["period"], label)
                assert re.sub(r"<[^>]+>|\s.*", "", cell.group(1).split("(")[0]).strip().startswith(f"{count:,}") or (
                    count == 0 and cell.group(1).startswith("0")
                )


def test_a_number_links_to_the_sentences_behind_it(client, app):
    sign_in(client)
    job_id = job_id_of(upload(client))
    page = client.get(f"/corpus/{job_id}").get_data(as_text=True)
    links = re.findall(r'href="(/corpus/[0-9a-f]+/sentences\?[^"]+)"', page)
    assert links
    expected = _expected(app, job_id)
    first_group = expected["groups"][0]["periods"][0]
    label = next(label for label, n in first_group["counts"].items() if n)
    frame_index = expected["labels"].index(label)
    response = client.get(f"/corpus/{job_id}/sentences?cell=g0-p0-f{frame_index}&period=week")
    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert text.count(f'data-frame="{label}"') == first_group["counts"][label]
    for ref in first_group["evidence"][label]:
        assert expected["sentences"][ref]["text"].replace("'", "&#39;") in text
    assert client.get(f"/corpus/{job_id}/sentences?cell=g9-p0-f0").status_code == 404


def test_downloads(client, app):
    sign_in(client)
    job_id = job_id_of(upload(client))
    folder = JobStore(app.config["JOBS_DB"]).job_folder(job_id)
    sentences = client.get(f"/corpus/{job_id}/sentences.csv")
    assert sentences.status_code == 200 and sentences.data == (folder / "sentences.csv").read_bytes()
    assert "filename=articles-sentences.csv" in sentences.headers["Content-Disposition"]
    sentences.close()
    from service.corpus.report_html import render_report
    from service.corpus.summary import DEFAULT_EVIDENCE
    from service.corpus.table import format_table

    expected = _expected(app, job_id)
    assert client.get(f"/corpus/{job_id}/summary.csv").get_data(as_text=True) == format_table(expected)
    report = client.get(f"/corpus/{job_id}/report.html")
    assert report.get_data(as_text=True) == render_report(expected, evidence=DEFAULT_EVIDENCE)
    assert "sandbox" in report.headers["Content-Security-Policy"]


def test_the_report_shows_the_first_five_sentences_of_a_number_and_the_dashboard_twenty(client):
    # One outlet-week of 25 threat sentences: the dashboard's sentence page lists 20 of them (it kept
    # 20 per number), the downloaded report 5, as stance summarize --html does; a page holding 20 per
    # cell of a large corpus is tens of megabytes.
    from tests.test_summarize import HEADER, sentence_rows

    rows = [row for article in range(1, 6) for row in sentence_rows(article, "Wire", "2026-03-02", ["threat"] * 5)]
    content = "\n".join(",".join(f'"{value}"' for value in row) for row in [HEADER, *rows]).encode()
    sign_in(client)
    job_id = job_id_of(upload(client, content=content, filename="sentences.csv", kind="sentences"))
    threat = 2  # neutral, stability, threat
    page = client.get(f"/corpus/{job_id}/sentences?cell=g0-p0-f{threat}").get_data(as_text=True)
    assert page.count('data-frame="threat"') == EVIDENCE == 20
    report = client.get(f"/corpus/{job_id}/report.html").get_data(as_text=True)
    cell = re.search(r'<div id="g0-p0-l2">.*?</div>', report, flags=re.S).group(0)
    assert cell.count("<li>") == 5 and "25 sentences; the first 5 in file order" in cell
    assert "the first 5 of each cell" in report
    assert re.search(r'<a href="#g0-p0-l2">25</a>', report)


def test_a_file_of_sentences_goes_to_the_dashboard(client, app):
    sign_in(client)
    first = job_id_of(upload(client))
    rows = (JobStore(app.config["JOBS_DB"]).job_folder(first) / "sentences.csv").read_bytes()
    response = upload(client, content=rows, filename="sentences.csv", kind="sentences")
    second = job_id_of(response)
    from_sentences = client.get(f"/corpus/{second}/summary.json").json
    from_articles = client.get(f"/corpus/{first}/summary.json").json
    assert from_sentences.pop("input") == "sentences.csv"
    assert from_articles.pop("input") == "articles.csv"
    # The same numbers; the articles' job names lines of the file uploaded, the other lines of its rows.
    assert from_articles["options"].pop("article_lines") and not from_sentences["options"].pop("article_lines")
    assert all(s.pop("article_line") for s in from_articles["sentences"].values())
    assert from_articles["undated"].pop("articles") == 0
    assert from_sentences == from_articles


@pytest.mark.parametrize(
    ("fields", "content", "filename", "message"),
    [
        ({"text_column": "text"}, None, "articles.csv", "has no column &#39;text&#39; (Text column)"),
        ({"date_column": "published"}, None, "articles.csv", "has no column &#39;published&#39; (Date column)"),
        ({}, b"", "articles.csv", "articles.csv is empty."),
        ({}, b"id,body\n1,x\n", "articles.xlsx", "a corpus is a CSV, TSV, JSONL or Parquet file, not .xlsx."),
        ({}, b"just text", "notes.txt", "not txt"),
        ({"kind": "sentences"}, None, "articles.csv", "no column &#39;label&#39;"),
    ],
)
def test_form_errors(client, fields, content, filename, message):
    sign_in(client)
    response = upload(client, content=content, filename=filename, **fields)
    text = response.get_data(as_text=True)
    assert response.status_code == 400, text
    assert message in text
    assert 'role="alert"' in text


def test_a_file_over_the_limit_is_refused(model_dir):
    client = page_app(model_dir, ADMIN_TOKEN=TOKEN, JOBS_INLINE=True, CORPUS_MAX_BYTES=200).test_client()
    sign_in(client)
    response = upload(client)
    assert response.status_code == 413
    assert "STANCE_CORPUS_MAX_BYTES" in response.get_data(as_text=True)


def test_jobs_at_once_are_limited(client, app):
    sign_in(client)
    store = JobStore(app.config["JOBS_DB"])
    store.create("corpus", {"filename": "other.csv"}, limit=2)
    store.create("corpus", {"filename": "other.csv"}, limit=2)
    response = upload(client)
    assert response.status_code == 429
    assert "STANCE_MAX_JOBS=2" in response.get_data(as_text=True)


def test_upload_needs_sign_in_and_csrf(client):
    response = upload(client)
    assert response.status_code == 401 and "Sign in to analyse a corpus" in response.get_data(as_text=True)
    sign_in(client)

    def form():
        return {
            "kind": "articles",
            "text_column": "body",
            "date_column": "date",
            "file": (io.BytesIO(corpus_csv()), "a.csv"),
        }

    assert post_form(client, "/corpus", form(), token="wrong").status_code == 400
    cross = post_form(client, "/corpus", form(), headers={"Origin": "https://elsewhere.example"})
    assert cross.status_code == 403


def test_without_a_token_uploading_is_off(model_dir):
    client = page_app(model_dir, JOBS_INLINE=True).test_client()
    page = client.get("/corpus").get_data(as_text=True)
    assert "Uploading is off" in page
    form = {
        "kind": "articles",
        "text_column": "body",
        "date_column": "date",
        "file": (io.BytesIO(corpus_csv()), "a.csv"),
    }
    response = post_form(client, "/corpus", form, token=csrf_token(client, "/"))
    assert response.status_code == 403 and "Writing from these pages is off" in response.get_data(as_text=True)


def test_a_job_left_running_by_a_dead_process_is_failed(app):
    store = JobStore(app.config["JOBS_DB"])
    job = store.create("corpus", {"filename": "x.csv"}, limit=5)
    # A process id that cannot exist: the job's process is gone.
    store.update(job["id"], status="running", pid=2**22 + 12345)
    found = store.get(job["id"])
    assert found["status"] == "failed" and "server stopped" in found["message"]
    stale = store.create("corpus", {"filename": "y.csv"}, limit=5)
    store.update(stale["id"], heartbeat=time.time() - 3600)
    page_app(app.config["MODEL_DIR"], ADMIN_TOKEN=TOKEN)  # a new server start reaps it too
    assert store.get(stale["id"])["status"] == "failed"


def test_unknown_job_is_404(client):
    assert client.get("/corpus/0123456789abcdef").status_code == 404
    assert client.get("/corpus/..%2f..%2fetc").status_code == 404


def test_the_background_process_finishes(model_dir):
    app = page_app(model_dir, ADMIN_TOKEN=TOKEN)
    client = app.test_client()
    sign_in(client)
    job_id = job_id_of(upload(client))
    store = JobStore(app.config["JOBS_DB"])
    deadline = time.monotonic() + 120
    while store.get(job_id)["status"] in ("queued", "running") and time.monotonic() < deadline:
        time.sleep(0.2)
    job = store.get(job_id)
    assert job["status"] == "done", job
    assert job["result"]["articles"] == len(ARTICLES)
    status = client.get(f"/corpus/{job_id}/status").json
    assert status["status"] == "done" and status["progress"] == 1.0
