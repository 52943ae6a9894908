"""The corpus form's title column: read from a column of any name, left out (and said so) when the default is absent."""

import html
import re

from service.web.jobs import JobStore
from tests.test_summarize import HEADER, sentence_rows, write_csv
from tests.test_web_corpus import job_id_of, upload
from tests.test_web_corpus_articles import ARTICLES, corpus, every_sentence
from tests.web_helpers import (
    inline_jobs_app,  # noqa: F401 (this module's "app")
    sign_in,
)

# The articles of the drill-down tests, their title column named as some newsrooms export it.
HEADLINED = ("id", "date", "outlet", "headline", "body")
TITLES = {article[0]: article[3] for article in ARTICLES}


def text_of(response):
    return html.unescape(response.get_data(as_text=True))


def params_of(app, job_id):
    return JobStore(app.config["JOBS_DB"]).get(job_id)["params"]


def _cited(line):
    """The title an article line cites, unescaped, or None."""
    match = re.search(r"<cite>(.*?)</cite>", line)
    return html.unescape(match.group(1)) if match else None


def test_the_form_offers_a_title_column_defaulting_to_title(client):
    sign_in(client)
    page = client.get("/corpus").get_data(as_text=True)
    assert '<label for="title-column">Title column (optional' in page
    assert 'id="title-column" name="title_column" value="title"' in page


def test_titles_come_from_the_column_the_form_names(client, app):
    sign_in(client)
    response = upload(client, content=corpus(ARTICLES, header=HEADLINED), title_column="headline")
    assert response.status_code == 303, text_of(response)
    job_id = job_id_of(response)
    assert params_of(app, job_id)["title_column"] == "headline"
    shown = every_sentence(client, job_id)
    assert shown
    for _, line in shown:
        article_id = re.search(r"<strong>(.*?)</strong>", line).group(1)
        assert _cited(line) == TITLES[article_id]
    summary = client.get(f"/corpus/{job_id}/summary.json").json
    assert {a["id"]: a["title"] for a in summary["articles"].values()} == TITLES
    report = client.get(f"/corpus/{job_id}/report.html").get_data(as_text=True)
    assert "<cite>Radar units reach the river garrison</cite>" in report
    assert "<cite>&lt;b&gt;x&lt;/b&gt;</cite>" in report and "<b>x</b>" not in report


def test_the_default_title_column_the_file_lacks_is_left_out_and_noted(client, app):
    sign_in(client)
    response = upload(client, content=corpus(ARTICLES, header=HEADLINED), title_column="title")
    assert response.status_code == 303, text_of(response)
    job_id = job_id_of(response)
    params = params_of(app, job_id)
    assert params["title_column"] is None and params["absent_columns"] == {"title_column": "title"}
    page = text_of(client.get(f"/corpus/{job_id}"))
    assert "Not in the file, so left out (the form's defaults): title column 'title'" in page
    assert all(_cited(line) is None for _, line in every_sentence(client, job_id))


def test_a_title_column_typed_and_missing_is_an_error_naming_the_columns(client):
    sign_in(client)
    response = upload(client, content=corpus(ARTICLES), title_column="headline")
    assert response.status_code == 400
    page = text_of(response)
    assert "articles.csv has no column 'headline' (Title column)" in page
    assert "its columns: 'id', 'date', 'outlet', 'title', 'body'." in page
    assert 'name="title_column" value="headline" aria-invalid="true"' in page


def test_the_text_column_cannot_be_the_title_column(client):
    sign_in(client)
    response = upload(client, content=corpus(ARTICLES), title_column="body")
    assert response.status_code == 400
    assert "The text column cannot also be the date, group or title column." in text_of(response)


def test_a_file_of_sentences_takes_its_titles_from_the_named_column(client, tmp_path):
    sign_in(client)
    header = ["headline" if name == "title" else name for name in HEADER]
    rows = sentence_rows(1, "Ridge Daily", "2026-06-01", ["threat", "neutral"])
    rows += sentence_rows(2, "Ridge Daily", "2026-06-02", ["stability"])
    for row in rows:
        row[HEADER.index("title")] = f"Headline of article {row[0]}"
    content = write_csv(tmp_path / "sentences.csv", rows, header=header).read_bytes()
    response = upload(client, content=content, filename="sentences.csv", kind="sentences", title_column="headline")
    assert response.status_code == 303, text_of(response)
    shown = every_sentence(client, job_id_of(response))
    assert len(shown) == 3
    for _, line in shown:
        article_id = re.search(r"<strong>(.*?)</strong>", line).group(1)
        assert _cited(line) == f"Headline of article {article_id}"
