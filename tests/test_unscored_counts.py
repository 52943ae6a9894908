"""Sentences not scored (base rates) are counted apart wherever frames are counted: tables, article summaries, logs."""

import csv
import html
import io
import json
import logging
import re

import pytest
from click.testing import CliRunner

from model.article import analyze_article
from model.artifact import load_artifact
from service.cli import cli
from service.corpus.columns import SummaryOptions
from service.corpus.report_html import render_report
from service.corpus.summary import summarize
from tests.batch_helpers import run_score
from tests.test_web_corpus import job_id_of, upload
from tests.web_helpers import (
    inline_jobs_app,  # noqa: F401 (this module's "app": corpus jobs run inline)
    post_form,
    sign_in,
)

# Written for these tests. The tests' model knows words of the first sentence and none of the second
# (another script), which a headline cue still credits to Kurti.
SCORED = "Kurti said the drones endanger Serbs."
UNKNOWN = "Kurti: Жжж ддд ббб."
ARTICLE = f"{SCORED}\n{UNKNOWN}"
WARNING = "not scored: no word of the text is known to the model"

HEADER = ["id", "outlet", "date", "sentence", "label", "confidence", "p_neutral", "p_threat", "error", "warning"]


@pytest.fixture(scope="module")
def predictor(trained_model_dir):
    return load_artifact(trained_model_dir, "framing")


def _summary(rows):
    """The summary of sentence rows (``HEADER``'s columns) per outlet and day."""
    return summarize(HEADER, [(rows, list(range(2, len(rows) + 2)))], SummaryOptions(by=("outlet",), period="day"))


def _sentence_rows(unscored=True):
    """Two articles of East Desk on one day: a threat sentence, a neutral one, and one not scored (or neutral)."""
    warning = WARNING if unscored else ""
    return [
        ["a", "East Desk", "2026-05-04", "0", "threat", "0.9", "0.1", "0.9", "", ""],
        ["a", "East Desk", "2026-05-04", "1", "neutral", "0.8", "0.8", "0.2", "", ""],
        ["b", "East Desk", "2026-05-04", "0", "neutral", "0.72", "0.72", "0.28", "", warning],
    ]


def _cells(row_html):
    """The text of each cell of a table row, tags dropped."""
    return [html.unescape(re.sub(r"<[^>]+>", "", cell)) for cell in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row_html)]


def _frames_table(page, caption):
    """(header cells, first body row cells) of the table whose caption starts with ``caption``."""
    start = page.index(f"<caption>{caption}")
    table = page[start : page.index("</table>", start)]
    head = table[table.index("<thead>") : table.index("</thead>")]
    body = table[table.index("<tbody>") :]
    return _cells(head), _cells(body[: body.index("</tr>")])


# 1. The per-period tables of the report and the dashboard add up.


def test_the_report_table_has_a_not_scored_column_and_its_row_adds_up():
    header, row = _frames_table(render_report(_summary(_sentence_rows())), "East Desk")
    assert header == ["Period", "Sentences", "Articles", "Errors", "Not scored", "neutral: n (share)", "threat: n (share)"]  # fmt: skip
    values = dict(zip(header, row))
    frames = [int(values[f"{label}: n (share)"].split()[0]) for label in ("neutral", "threat")]
    assert (values["Sentences"], values["Not scored"], frames) == ("3", "1", [1, 1])
    assert int(values["Sentences"]) == int(values["Not scored"]) + sum(frames)
    assert values["threat: n (share)"].startswith("1 (50%)")


def test_the_report_table_has_no_not_scored_column_when_every_sentence_was_scored():
    header, _ = _frames_table(render_report(_summary(_sentence_rows(unscored=False))), "East Desk")
    assert "Not scored" not in header


def _dashboard(client, articles):
    """Upload ``articles`` (id, text) as a corpus of one outlet and day; return the dashboard's HTML."""
    sign_in(client)
    out = io.StringIO()
    csv.writer(out).writerows(
        [["id", "date", "outlet", "body"], *[[i, "2026-05-04", "East Desk", t] for i, t in articles]]
    )
    job = job_id_of(upload(client, content=out.getvalue().encode(), period="day"))
    return client.get(f"/corpus/{job}").get_data(as_text=True)


def test_the_dashboard_table_has_a_not_scored_column_and_its_row_adds_up(client):
    page = _dashboard(client, [("a", ARTICLE), ("b", SCORED)])
    header, row = _frames_table(page, "East Desk")
    assert header[:4] == ["Period", "Sentences", "Articles", "Not scored"]
    values = dict(zip(header, row))
    frames = [int(values[h].split()[0]) for h in header if h.endswith(": n (share)")]
    assert int(values["Sentences"].split()[0]) == 3 and values["Not scored"] == "1"
    assert sum(frames) == 2
    assert 'data-period="2026-05-04" data-unscored>1</td>' in page


def test_the_dashboard_table_has_no_not_scored_column_when_every_sentence_was_scored(client):
    header, _ = _frames_table(_dashboard(client, [("a", SCORED)]), "East Desk")
    assert "Not scored" not in header


# 2. One article's summary: POST /v1/analyze, stance analyze and the Analyze page.


def test_an_article_summary_counts_an_unscored_sentence_apart_with_no_claim(predictor):
    result = analyze_article(predictor, ARTICLE)
    assert [s.get("warning", "").startswith(WARNING) for s in result["sentences"]] == [False, True]
    summary = result["summary"]
    assert summary["sentences"] == 2 and summary["not_scored"] == 1
    assert summary["frames"] == {result["sentences"][0]["label"]: 1}
    # Kurti is the speaker of both, but only the scored sentence is a claim.
    assert summary["sources"] == {"kurti": {result["sentences"][0]["label"]: 1}}
    assert analyze_article(predictor, SCORED)["summary"]["not_scored"] == 0


def test_post_v1_analyze_gives_not_scored_and_the_schema_says_what_it_is(client):
    summary = client.post("/v1/analyze", json={"text": ARTICLE}).json["summary"]
    assert summary["not_scored"] == 1 and sum(summary["frames"].values()) == 1
    schema = client.get("/openapi.json").json["components"]["schemas"]["AnalyzeResponse"]
    field = schema["properties"]["summary"]["properties"]["not_scored"]
    assert field["type"] == "integer" and "not scored" in field["description"]
    assert "not_scored" in schema["properties"]["summary"]["required"]


def test_stance_analyze_says_how_many_sentences_were_not_scored(model_dir, tmp_path):
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    result = CliRunner().invoke(cli, ["analyze", str(path), "--model-dir", str(model_dir)])
    assert result.exit_code == 0, result.output
    (line,) = [line for line in result.output.splitlines() if line.startswith("Frames (")]
    assert re.fullmatch(r"Frames \(2 sentences, 1 not scored\): \w+ 1", line), line
    data = CliRunner().invoke(cli, ["analyze", str(path), "--json", "--model-dir", str(model_dir)]).output
    assert json.loads(data)["summary"]["not_scored"] == 1


def test_the_analyze_page_shares_leave_an_unscored_sentence_out(client):
    page = post_form(client, "/", {"text": ARTICLE}).get_data(as_text=True)
    header, _ = _frames_table(page, "Frames in this article")
    assert header == ["Frame", "Sentences", "Share"]
    start = page.index("<caption>Frames in this article")
    rows = [_cells(r) for r in re.findall(r"<tr.*?</tr>", page[start : page.index("</table>", start)], flags=re.S)]
    body = {r[0].strip(): r[1:] for r in rows[1:]}
    assert body["Not scored (base rates)"] == ["1", "left out"]
    shares = [int(cells[1].rstrip(" %")) for name, cells in body.items() if not name.startswith("Not scored")]
    assert sorted(shares) == [0, 0, 100]
    # The who-says-what row of Kurti counts and links its scored sentence alone.
    kurti = page[page.index('<th scope="row">Kurti</th>') :]
    assert '<a href="#s-1">1</a></td>' in kurti[: kurti.index("</tr>")]
    assert 'href="#s-2"' not in kurti[: kurti.index("</tr>")]


# 3. The run's log line counts an unscored row in "not scored" alone.


def _logged(caplog, start):
    return [r.getMessage() for r in caplog.records if r.getMessage().startswith(start)][-1]


def test_stance_score_log_counts_unscored_rows_only_as_not_scored(trained_model_dir, tmp_path, caplog):
    source = tmp_path / "in.csv"
    source.write_text(f"id,text\n1,{SCORED}\n2,Жжж ддд.\n3,Ббб ггг.\n", encoding="utf-8")
    with caplog.at_level(logging.INFO):
        result = run_score(trained_model_dir, source, "-o", tmp_path / "out.csv", "--workers", "1")
    assert result.exit_code == 0, result.output
    line = _logged(caplog, "scored ")
    labels = re.search(r"labels: (.*?);", line).group(1)
    assert re.fullmatch(r"\w+ 1", labels), line
    assert line.endswith("; 2 not scored (see the warning column): no known word 2")


def test_stance_analyze_log_counts_unscored_sentences_only_as_not_scored(model_dir, tmp_path, caplog):
    source = tmp_path / "articles.jsonl"
    source.write_text(json.dumps({"id": "a", "text": ARTICLE}) + "\n", encoding="utf-8")
    args = ["analyze", str(source), "--id-column", "id", "-o", str(tmp_path / "rows.csv"), "--model-dir", str(model_dir)]  # fmt: skip
    with caplog.at_level(logging.INFO):
        result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    line = _logged(caplog, "analysed ")
    assert "(2 sentences)" in line
    assert re.search(r"frames: \w+ 1; 1 not scored \(see the warning column\): no known word 1$", line), line
