"""The corpus page as an analyst meets it: undated files, absent default columns, errors shown with their
reasons, the full "quoted by" list, the alert level explained, and clear messages for common bad files."""

import codecs
import csv
import html
import io
from pathlib import Path

import pytest

from service.corpus.report_html import render_report
from service.corpus.summary import SummaryOptions, summarize
from service.corpus.table import format_table
from service.web.corpus_job import EVIDENCE, compute_summary
from service.web.corpus_view import source_views
from service.web.jobs import JobStore
from tests.test_web_corpus import corpus_csv, job_id_of, upload
from tests.web_helpers import (
    inline_jobs_app,  # noqa: F401 (this module's "app")
    sign_in,
)

NEWS = Path(__file__).resolve().parent.parent / "examples" / "news.csv"


def post(client, content, filename="articles.csv", **fields):
    """Post the corpus form as a user leaves it (every column field at its default; text in ``text``)."""
    return upload(client, content=content, filename=filename, **{"text_column": "text", **fields})


def table(rows):
    """CSV bytes of rows (the first is the header)."""
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode()


def text_of(response):
    return html.unescape(response.get_data(as_text=True))


def folder_of(app, job_id):
    return JobStore(app.config["JOBS_DB"]).job_folder(job_id)


# 1 and 2: a file of id and text only, with the form left as it is.


def test_news_example_is_analysable_with_the_form_left_as_it_is(client, app):
    sign_in(client)
    response = post(client, NEWS.read_bytes(), filename="news.csv")
    assert response.status_code == 303, text_of(response)
    job_id = job_id_of(response)
    job = JobStore(app.config["JOBS_DB"]).get(job_id)
    assert job["status"] == "done", job
    assert job["params"]["date_column"] is None and job["params"]["group_column"] is None
    assert job["params"]["absent_columns"] == {"date_column": "date", "group_column": "outlet"}
    page = text_of(client.get(f"/corpus/{job_id}"))
    # The page says which defaults the file did not have, and what that means.
    assert "Not in the file, so left out (the form's defaults): date column 'date'" in page
    assert "group column 'outlet' (no groups: one group of all articles)" in page
    assert "without dates (one undated period)" in page
    assert 'name="period"' not in page  # no period to choose without dates
    assert "No alerts: alerts compare dated periods, and no row has a date." in page
    # Every number is that of the summary without a date column.
    options = SummaryOptions(date_column=None, id_column="id", evidence=EVIDENCE, name="news.csv", article_lines=True)
    expected = compute_summary(folder_of(app, job_id) / "sentences.csv", options)
    assert client.get(f"/corpus/{job_id}/summary.json").json == expected
    assert expected["periods"] == [] and [p["period"] for p in expected["groups"][0]["periods"]] == [None]
    assert f'id="total-sentences">{expected["totals"]["sentences"]}<' in page
    assert expected["totals"]["sentences"] == 4 and expected["totals"]["undated_rows"] == 5
    report = text_of(client.get(f"/corpus/{job_id}/report.html"))
    assert "without dates (no date column: one undated period)" in report
    assert "There is no date column: all 5 rows are in one undated period." in report


def test_an_empty_date_field_means_no_dates(client, app):
    sign_in(client)
    job_id = job_id_of(upload(client, date_column=""))
    job = JobStore(app.config["JOBS_DB"]).get(job_id)
    assert job["params"]["date_column"] is None and not job["params"]["absent_columns"]
    summary = client.get(f"/corpus/{job_id}/summary.json").json
    assert summary["options"]["date_column"] is None and summary["periods"] == []
    page = text_of(client.get(f"/corpus/{job_id}"))
    assert "Not in the file" not in page and "without dates" in page


def test_the_form_says_the_date_column_is_optional(client):
    sign_in(client)
    page = text_of(client.get("/corpus"))
    assert "Date column (optional; empty: no dates, one undated period)" in page
    assert "An optional column left at its default that the file does not have is left out" in page


@pytest.mark.parametrize(
    ("fields", "field", "column"),
    [
        ({"group_column": "source"}, "group_column", "source"),
        ({"date_column": "published"}, "date_column", "published"),
        ({"id_column": "key"}, "id_column", "key"),
    ],
)
def test_a_column_typed_and_missing_is_an_error_naming_the_columns(client, fields, field, column):
    sign_in(client)
    response = post(client, NEWS.read_bytes(), filename="news.csv", **fields)
    assert response.status_code == 400
    page = text_of(response)
    assert f"news.csv has no column '{column}'" in page and "its columns: 'id', 'text'." in page
    assert f'name="{field}" value="{column}" aria-invalid="true"' in page


def test_a_file_of_sentences_without_dates_or_outlet(client, app):
    sign_in(client)
    first = job_id_of(post(client, NEWS.read_bytes(), filename="news.csv"))
    rows = (folder_of(app, first) / "sentences.csv").read_bytes()
    second = job_id_of(post(client, rows, filename="sentences.csv", kind="sentences"))
    from_sentences = client.get(f"/corpus/{second}/summary.json").json
    from_articles = client.get(f"/corpus/{first}/summary.json").json
    assert from_sentences.pop("input") == "sentences.csv" and from_articles.pop("input") == "news.csv"
    # The same numbers; lines are those of each upload: news.csv's articles, sentences.csv's rows.
    assert from_articles["options"].pop("article_lines") and not from_sentences["options"].pop("article_lines")
    assert all(s.pop("article_line") for s in from_articles["sentences"].values())
    # Articles 1 and 2 have one sentence each: article 3 is on line 4 of both files.
    assert [e["line"] for e in from_articles["errors"]["examples"]] == [4]
    assert from_sentences == from_articles


def test_summarize_without_a_date_column_puts_every_row_in_one_undated_period():
    columns = ["id", "sentence", "text", "label", "error"]
    rows = [["1", "0", "Drones arrived.", "threat", ""], ["2", "", "", "", "text is empty"], ["3", "0", "Calm.", "neutral", ""]]  # fmt: skip
    summary = summarize(columns, [(rows, [2, 3, 4])], SummaryOptions(date_column=None, name="rows.csv"))
    assert summary["periods"] == [] and summary["alerts"] == []
    (period,) = summary["groups"][0]["periods"]
    assert period["period"] is None and period["sentences"] == 2 and period["article_errors"] == 1
    assert summary["totals"]["undated_rows"] == 3
    assert not any("undated" in w for w in summary["warnings"])
    assert summary["errors"] == {
        "rows": 1,
        "examples": [{"line": 3, "id": "2", "error": "text is empty"}],
        "reasons": {"text is empty": 1},
    }
    assert "There is no date column" in render_report(summary)
    assert "frames,undated," in format_table(summary)


def test_summarize_command_takes_an_empty_date_column_as_none(tmp_path):
    from click.testing import CliRunner

    from service.cli import cli

    path = tmp_path / "sentences.csv"
    path.write_bytes(table([["id", "sentence", "text", "label"], ["1", "0", "Drones arrived.", "threat"]]))
    result = CliRunner().invoke(cli, ["summarize", str(path), "--date-column", ""])
    assert result.exit_code == 0, result.output
    assert "frames,undated,,1,1,0,0,1" in result.output


# 3: every outlet quoting a source is reachable.


def test_quoted_by_says_how_many_more_and_lists_them(client):
    outlets = ["Alpha Wire", "Bravo Times", "Coast Daily", "Delta Herald", "Echo Review"]
    rows = [["id", "date", "outlet", "text"]]
    for i, outlet in enumerate(outlets):
        for j in range(len(outlets) - i):  # Alpha quotes most, Echo least
            rows.append([f"{i}-{j}", "2026-03-02", outlet, "The drones endanger the villages, the defence minister said."])  # fmt: skip
    sign_in(client)
    job_id = job_id_of(post(client, table(rows)))
    summary = client.get(f"/corpus/{job_id}/summary.json").json
    minister = next(s for s in summary["sources"] if "minister" in s["key"])
    assert len(minister["quoted_by"]) == 5
    page = text_of(client.get(f"/corpus/{job_id}"))
    assert "quoted by Alpha Wire 5, Bravo Times 4, Coast Daily 3" in page
    assert "<summary>and 2 more</summary>Delta Herald 2, Echo Review 1</details>" in page


def test_source_views_keep_the_outlets_beyond_the_first_three():
    summary = {
        "options": {"min_confidence": None},
        "labels": ["threat"],
        "sources": [
            {
                "name": "Minister",
                "key": "minister",
                "ambiguous": [],
                "speaker": {"threat": 4},
                "disputed": {"threat": 0},
                "quoted_by": {"A": 1, "B": 1, "C": 1, "D": 1},
            }
        ],
    }
    (row,) = source_views(summary, "speaker")["rows"]
    assert row["quoted_by"] == [("A", 1), ("B", 1), ("C", 1)] and row["quoted_more"] == [("D", 1)]


# 4: the alert level is explained on the page and named as in the report.


def alert_sentences():
    """Per-sentence rows of one outlet over four weeks: threat rises from 1 or 2 in 10 to 8 in 10 in the last."""
    rows = [["id", "sentence", "text", "label", "confidence", "p_neutral", "p_threat", "date", "outlet"]]
    for week, (day, threats) in enumerate([("2026-03-02", 1), ("2026-03-09", 2), ("2026-03-16", 1), ("2026-03-23", 8)]):  # fmt: skip
        for n in range(10):
            label = "threat" if n < threats else "neutral"
            # Three articles a week: an alert needs its sentences from at least three (--alert-min-articles).
            rows.append([f"w{week}-{n * 3 // 10}", str(n), f"Sentence {n} of week {week}.", label, "0.9", "0.1", "0.9", day, "Gulf Star"])  # fmt: skip
    return table(rows)


def test_the_alert_level_is_explained_and_named_like_the_report(client):
    sign_in(client)
    job_id = job_id_of(post(client, alert_sentences(), filename="sentences.csv", kind="sentences"))
    page = text_of(client.get(f"/corpus/{job_id}"))
    summary = client.get(f"/corpus/{job_id}/summary.json").json
    assert len(summary["alerts"]) == 1
    assert "is higher than in its earlier periods (at least 3, each with at least 5 sentences of the group) by more than chance" in page  # fmt: skip
    assert "The alert level is the share at which the period would have fired." in page
    assert '<th scope="col" class="num">Alert level</th>' in page
    assert ">Threshold<" not in page
    level = f"{summary['alerts'][0]['threshold'] * 100:.0f} %"
    assert f'<td class="num">{level}</td>' in page
    report = text_of(client.get(f"/corpus/{job_id}/report.html"))
    assert ">Alert level<" in report
    assert "The alert level is the share at which the period would have fired." in report and "Threshold" not in report


# 5 and 6: articles that could not be analysed, with their reasons.


def test_when_every_article_fails_the_page_says_so_with_the_reasons(client, app):
    rows = [["id", "date", "text"]] + [[f"e{n}", "2026-03-02", " " * (n % 2)] for n in range(1, 13)]
    sign_in(client)
    job_id = job_id_of(post(client, table(rows), filename="empty.csv"))
    assert JobStore(app.config["JOBS_DB"]).get(job_id)["status"] == "done"
    page = text_of(client.get(f"/corpus/{job_id}"))
    assert "No article could be analysed" in page
    assert (
        "All 12 articles failed, so there is no sentence to count. Reason: text is empty or only whitespace (or invisible characters)."
        in " ".join(page.split())
    )
    # The first error rows, with the article ids, and how many there are in all.
    assert "and its error: the first 10 of 12</caption>" in page
    assert (
        "<td>e10</td><td>text is empty or only whitespace (or invisible characters)</td>" in page
        and "<td>e11</td>" not in page
    )
    assert "No alerts" not in page and "Who says what across the corpus" not in page
    listing = text_of(client.get("/corpus"))
    assert "done: no sentence analysed" in listing


def test_the_articles_that_failed_are_listed_with_their_reason(client, app):
    sign_in(client)
    job_id = job_id_of(post(client, NEWS.read_bytes(), filename="news.csv"))
    page = text_of(client.get(f"/corpus/{job_id}"))
    assert 'id="total-errors"><a href="#errors">1<' in page
    assert "No article could be analysed" not in page
    sentences = list(csv.DictReader(io.StringIO((folder_of(app, job_id) / "sentences.csv").read_text())))
    (row,) = [row for row in sentences if row["error"]]
    # The line named is the article's in news.csv (its header is line 1), as stance analyze's warning says.
    line = next(n for n, text in enumerate(NEWS.read_text().splitlines(), 1) if text.startswith("3,"))
    assert row["line"] == str(line)
    assert f'<tr><td class="num">{line}</td><td>{row["id"]}</td><td>{row["error"]}</td></tr>' in page
    assert row["id"] == "3" and row["error"] == "text is empty or only whitespace (or invisible characters)"
    assert "<caption>Each article's line in news.csv and its error</caption>" in page


# 7: common bad files.


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"PK\x03\x04\x14\x00\x06\x00\x08\x00binary spreadsheet", "articles.csv is not UTF-8 text: it holds NUL bytes"),
        ("id,text,titré\n1,Le drone,x\n".encode("latin-1"), "articles.csv is not UTF-8 text: byte 0xe9 on line 1"),
        (codecs.BOM_UTF16_LE + "id,text\n".encode("utf-16-le"), "articles.csv is not UTF-8 text but UTF-16"),
    ],
)
def test_a_file_that_is_not_utf8_text_is_named_as_such(client, content, message):
    sign_in(client)
    response = post(client, content)
    assert response.status_code == 400
    page = text_of(response)
    assert message in page and "CSV UTF-8" in page
    assert "has no column" not in page


@pytest.mark.parametrize(
    ("content", "filename", "hint"),
    [
        (b"id;text;date\n1;The drones arrived.;2026-03-02\n", "articles.csv", "seems to use ';' between fields"),
        (b"id\ttext\n1\tThe drones arrived.\n", "articles.csv", "seems to use tabs between fields: rename it .tsv"),
        (b"id,text\n1,The drones arrived.\n", "articles.tsv", "seems to use commas between fields: rename it .csv"),
    ],
)
def test_a_file_with_another_separator_gets_a_hint(client, content, filename, hint):
    sign_in(client)
    response = post(client, content, filename=filename)
    assert response.status_code == 400
    page = text_of(response)
    assert "has no column 'text' (Text column)" in page and hint in page


def test_a_semicolon_file_of_sentences_gets_the_hint_too(client):
    sign_in(client)
    response = post(client, b"id;label;text\n1;threat;x\n", filename="sentences.csv", kind="sentences")
    assert response.status_code == 400 and "seems to use ';' between fields" in text_of(response)


@pytest.mark.parametrize(
    ("filename", "message"),
    [
        ("corpus.bin", "corpus.bin: a corpus is a CSV, TSV, JSONL or Parquet file, not .bin. Save it as one of these"),
        (
            "corpus.csv.gz",
            "corpus.csv.gz: a corpus is a CSV, TSV, JSONL or Parquet file, not .gz. Decompress it first.",
        ),
        ("corpus", "not a name without an extension"),
        ("notes.txt", "notes.txt: a corpus is a CSV, TSV, JSONL or Parquet file, not txt."),
    ],
)
def test_a_refused_extension_lists_what_the_form_accepts(client, filename, message):
    sign_in(client)
    response = post(client, corpus_csv(), filename=filename)
    assert response.status_code == 400
    page = text_of(response)
    assert message in page
    # The batch reader's list (csv|tsv|jsonl|txt|parquet) and its command-line advice are not the form's.
    assert "|txt|" not in page and "--format" not in page
    form = client.get("/corpus").get_data(as_text=True)
    assert 'accept=".csv,.tsv,.jsonl,.ndjson,.parquet"' in form


def test_a_running_job_says_which_defaults_were_left_out(client, app):
    store = JobStore(app.config["JOBS_DB"])
    params = {"filename": "news.csv", "absent_columns": {"group_column": "outlet"}}
    job = store.create("corpus", params, limit=5)
    page = text_of(client.get(f"/corpus/{job['id']}"))
    assert "Not in the file, so left out (the form's defaults): group column 'outlet'" in page
