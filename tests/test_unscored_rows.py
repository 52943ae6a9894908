"""A sentence answered with the model's base rates says so in every output: batch rows, analyses, summaries, pages."""

import csv
import io
import json
import logging

import pytest

from model.article_rows import article_rows, corpus_rows
from model.artifact import load_artifact
from model.english import NOT_ENGLISH_WARNING
from model.unscored import NO_KNOWN_WORD_WARNING, unscored_reason
from service.corpus.columns import SummaryOptions
from service.corpus.summary import UNSCORED_ROWS, summarize
from service.corpus.table import format_table
from tests.batch_helpers import read_csv, read_jsonl, run_score
from tests.web_helpers import post_form, sentence_items

SCORED = "Belgrade warned that the new drones endanger Serbs in the north."
# Not one word of it is known to the tests' model (another script): base rates and a warning.
UNKNOWN = "Жжж ддд ббб."
ARTICLE = f"{SCORED} {UNKNOWN}"


@pytest.fixture(scope="module")
def predictor(trained_model_dir):
    return load_artifact(trained_model_dir, "framing")


def test_predict_proba_and_warnings_gives_predicts_warnings_and_numbers(predictor):
    texts = [SCORED, UNKNOWN]
    proba, warnings = predictor.predict_proba_and_warnings(texts)
    assert warnings == [None, NO_KNOWN_WORD_WARNING]
    assert [r.get("warning") for r in predictor.predict(texts)] == warnings
    assert proba.tolist() == predictor.predict_proba(texts).tolist()


def test_unscored_reason_names_each_warning_and_keeps_an_unknown_one():
    assert unscored_reason(NO_KNOWN_WORD_WARNING) == "no known word"
    assert unscored_reason(f"{NOT_ENGLISH_WARNING} (English words the model knows: 1 of its 9 words)") == "not English"
    assert unscored_reason("something else") == "something else"


def test_score_writes_the_warning_of_an_unscored_row_and_counts_it(trained_model_dir, tmp_path, caplog):
    source = tmp_path / "in.csv"
    source.write_text(f"id,text\n1,{SCORED}\n2,{UNKNOWN}\n3,\n", encoding="utf-8")
    with caplog.at_level(logging.INFO):
        result = run_score(trained_model_dir, source, "-o", tmp_path / "out.csv", "--workers", "1")
    assert result.exit_code == 0, result.output
    text = (tmp_path / "out.csv").read_text(encoding="utf-8")
    assert text.splitlines()[0].endswith(",model,error,warning")
    scored, unscored, empty = read_csv(text)
    assert (scored["warning"], unscored["warning"], empty["warning"]) == ("", NO_KNOWN_WORD_WARNING, "")
    assert empty["error"]  # its wording is text_problem's
    # The base rates, as predict gives them for the same text.
    expected = load_artifact(trained_model_dir, "framing").predict([UNKNOWN])[0]["probabilities"]
    assert {k[2:]: float(v) for k, v in unscored.items() if k.startswith("p_")} == expected
    summary = [r.getMessage() for r in caplog.records if r.getMessage().startswith("scored ")]
    assert summary and summary[-1].endswith("; 1 not scored (see the warning column): no known word 1")


def test_score_jsonl_with_explanations_has_the_warning_and_null_on_an_error_row(trained_model_dir, tmp_path):
    source = tmp_path / "in.jsonl"
    lines = [{"id": 1, "text": UNKNOWN}, {"id": 2, "text": SCORED}, {"id": 3, "text": ""}]
    source.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    result = run_score(trained_model_dir, source, "-o", tmp_path / "out.jsonl", "--explain", "--workers", "1")
    assert result.exit_code == 0, result.output
    unscored, scored, empty = read_jsonl((tmp_path / "out.jsonl").read_text(encoding="utf-8"))
    assert unscored["warning"] == NO_KNOWN_WORD_WARNING
    assert unscored["explanation"] == {"toward": [], "against": []}
    assert scored["warning"] == "" and scored["explanation"]["toward"]
    assert empty["warning"] is None and empty["error"]


def test_an_input_column_named_warning_is_kept_under_another_name(trained_model_dir, tmp_path):
    source = tmp_path / "in.csv"
    source.write_text(f"text,warning\n{UNKNOWN},mine\n", encoding="utf-8")
    result = run_score(trained_model_dir, source, "-o", tmp_path / "out.csv", "--workers", "1")
    assert result.exit_code == 0, result.output
    (row,) = read_csv((tmp_path / "out.csv").read_text(encoding="utf-8"))
    assert row["input_warning"] == "mine" and row["warning"] == NO_KNOWN_WORD_WARNING


def test_article_rows_carry_the_warning_of_an_unscored_sentence(predictor):
    rows = article_rows(predictor, ARTICLE)
    assert [r["warning"] for r in rows] == ["", NO_KNOWN_WORD_WARNING]
    assert corpus_rows(predictor, [ARTICLE])[0] == rows
    assert list(rows[0])[-2:] == ["error", "warning"]


def test_analyze_writes_the_warning_column_and_counts_unscored_sentences(model_dir, tmp_path, caplog):
    from click.testing import CliRunner

    from service.cli import cli

    source = tmp_path / "articles.jsonl"
    source.write_text(json.dumps({"id": "a", "text": ARTICLE}) + "\n", encoding="utf-8")
    out = tmp_path / "rows.csv"
    args = ["analyze", str(source), "--id-column", "id", "-o", str(out), "--model-dir", str(model_dir)]
    with caplog.at_level(logging.INFO):
        result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    rows = read_csv(out.read_text(encoding="utf-8"))
    assert [r["warning"] for r in rows] == ["", NO_KNOWN_WORD_WARNING]
    logged = [r.getMessage() for r in caplog.records if r.getMessage().startswith("analysed ")]
    assert logged and logged[-1].endswith("; 1 not scored (see the warning column): no known word 1")


def test_post_v1_analyze_says_which_sentence_was_not_scored(client):
    one = client.post("/v1/analyze", json={"text": ARTICLE}).json
    assert ["warning" in s for s in one["sentences"]] == [False, True]
    assert one["sentences"][1]["warning"] == NO_KNOWN_WORD_WARNING
    many = client.post("/v1/analyze", json={"articles": [{"id": "a", "text": ARTICLE}, {"id": "b", "text": ""}]}).json
    assert many["columns"][-1] == "warning"
    assert [r["warning"] for r in many["rows"]] == ["", NO_KNOWN_WORD_WARNING, None]
    # Kept apart from the frames, as stance summarize counts the same rows.
    assert many["summary"]["totals"]["unscored"] == 1
    assert sum(many["summary"]["totals"]["counts"].values()) == 1


def test_the_openapi_schema_documents_the_warning(client):
    schemas = client.get("/openapi.json").json["components"]["schemas"]
    assert "warning" in schemas["AnalyzedSentence"]["properties"]
    assert schemas["SentenceRow"]["properties"]["warning"]["nullable"] is True


def test_the_analyze_page_shows_a_note_on_an_unscored_sentence(client):
    page = post_form(client, "/", {"text": ARTICLE}).get_data(as_text=True)
    scored, unscored = sentence_items(page)
    assert "not scored" not in scored
    assert 'class="flag">not scored</span>' in unscored
    assert "Not scored: no word of the text is known to the model" in unscored


def test_the_analyze_page_csv_download_carries_the_warning(client):
    rows = list(
        csv.DictReader(io.StringIO(post_form(client, "/analysis.csv", {"text": ARTICLE}).get_data(as_text=True)))
    )
    scored, unscored = rows
    assert scored["warning"] == "" and scored["uncertain"] in {"yes", "no"}
    assert unscored["warning"] == NO_KNOWN_WORD_WARNING and unscored["uncertain"] == ""


HEADER = ["id", "outlet", "sentence", "label", "confidence", "p_neutral", "p_threat", "speakers", "error", "warning"]


def _rows():
    """Two articles of North Wire: one threat sentence, two neutral ones that were not scored, one error row."""
    return [
        ["a", "North Wire", "0", "threat", "0.9", "0.1", "0.9", "belgrade", "", ""],
        ["a", "North Wire", "1", "neutral", "0.72", "0.72", "0.28", "kurti", "", NO_KNOWN_WORD_WARNING],
        ["b", "North Wire", "0", "neutral", "0.72", "0.72", "0.28", "", "", f"{NOT_ENGLISH_WARNING} (1 of 9)"],
        ["c", "North Wire", None, None, None, None, None, None, "text is empty", None],
    ]


def test_summarize_counts_unscored_sentences_apart_from_the_frames():
    rows = _rows()
    summary = summarize(
        HEADER, [(rows, list(range(2, len(rows) + 2)))], SummaryOptions(by=("outlet",), date_column=None)
    )
    totals = summary["totals"]
    assert (totals["sentences"], totals["unscored"], totals["counts"]) == (3, 2, {"neutral": 0, "threat": 1})
    (period,) = summary["groups"][0]["periods"]
    assert period["unscored"] == 2 and period["shares"] == {"neutral": 0.0, "threat": 1.0}
    assert period["articles_with"] == {"neutral": 0, "threat": 1}
    # A source of an unscored sentence has no claim to credit.
    assert [s["key"] for s in summary["sources"]] == ["belgrade"]
    (warning,) = [w for w, kind in zip(summary["warnings"], summary["warning_kinds"]) if kind == UNSCORED_ROWS]
    assert "2 sentences were not scored (no known word 1, not English 1; see the 'warning' column)" in warning
    table = format_table(summary).splitlines()
    assert table[0].endswith(",evidence,unscored") and table[1].endswith(",2")


def test_summarize_of_rows_without_a_warning_column_counts_every_sentence():
    header = HEADER[:-1]
    rows = [row[:-1] for row in _rows()]
    summary = summarize(header, [(rows, list(range(2, len(rows) + 2)))], SummaryOptions(date_column=None))
    assert summary["totals"]["unscored"] == 0
    assert summary["totals"]["counts"] == {"neutral": 2, "threat": 1}
    assert UNSCORED_ROWS not in summary["warning_kinds"]


def test_the_analyze_output_read_by_summarize_keeps_unscored_sentences_apart(predictor):
    rows = corpus_rows(predictor, [ARTICLE])[0]
    header = list(rows[0])
    summary = summarize(header, [([list(r.values()) for r in rows], [2, 3])], SummaryOptions(date_column=None))
    assert summary["totals"]["unscored"] == 1
    assert sum(summary["totals"]["counts"].values()) == 1


def test_sentence_items_helper_sees_both_sentences(client):
    # Guards the page test above: the article splits into exactly these two sentences.
    assert len(client.post("/v1/analyze", json={"text": ARTICLE}).json["sentences"]) == 2


def test_a_warning_column_of_the_users_own_in_older_rows_leaves_the_sentences_scored():
    """Rows an older stance wrote copied a metadata column named "warning": its values say nothing of scoring."""
    rows = [[*row[:-1], "check the byline"] if row[-1] is not None else row for row in _rows()]
    summary = summarize(
        HEADER, [(rows, list(range(2, len(rows) + 2)))], SummaryOptions(by=("outlet",), date_column=None)
    )
    assert (summary["totals"]["unscored"], summary["totals"]["counts"]) == (0, {"neutral": 2, "threat": 1})
    assert UNSCORED_ROWS not in summary["warning_kinds"]
