"""``stance analyze`` on a corpus: one row per sentence, the numbers of POST /v1/analyze, no article lost."""

import csv
import json
import logging

import pytest
from analyze_corpus_helpers import ARTICLES, read_rows, run_analyze, write_corpus
from batch_helpers import read_csv, read_jsonl, write_csv_rows
from click.testing import CliRunner
from test_article import StubPredictor

from model.article_rows import article_rows, corpus_rows, rows_or_error, sentence_columns
from model.artifact import load_artifact
from service.cli import cli

LABELS = ["neutral", "stability", "threat"]
COLUMNS = ["outlet", "date", "id"]


def _by_article(rows):
    """Group sentence rows by their article id, keeping order."""
    groups = {}
    for row in rows:
        groups.setdefault(row["id"], []).append(row)
    return groups


def test_article_rows_name_each_sentences_sources_as_the_who_says_what_table_does():
    rows = article_rows(StubPredictor(), ARTICLES[0]["text"])
    assert [r["sentence"] for r in rows] == [0, 1, 2, 3]
    assert list(rows[0]) == sentence_columns(LABELS)
    # "Kelmendi" joins the full name seen before; "She" is resolved to that speaker.
    assert [r["speakers"] for r in rows] == ["defence minister arta kelmendi"] * 2 + [
        "",
        "defence minister arta kelmendi",
    ]
    assert [r["disputed"] for r in rows] == ["", "", "officials in belgrade", ""]
    assert all(r["model"] == "stub-1" and r["error"] == "" for r in rows)
    assert rows[0]["p_stability"] == 0.8 and rows[0]["p_threat"] == 0.1


def test_several_sources_of_one_sentence_are_joined_with_a_bar():
    text = (
        "The army said the drills were routine, while the opposition said they were a provocation. "
        "The patrols are no threat, as claimed by Belgrade, the minister said."
    )
    rows = article_rows(StubPredictor(), text)
    assert [(r["speakers"], r["disputed"]) for r in rows] == [("army|opposition", ""), ("minister", "belgrade")]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "text is empty or only whitespace (or invisible characters)"),
        (" \n\t", "text is empty or only whitespace (or invisible characters)"),
        ("x" * 61, "text has 61 characters; the limit is 60"),
    ],
)
def test_an_article_that_cannot_be_analysed_is_one_error_row(text, message):
    (row,) = rows_or_error(StubPredictor(), text, max_chars=60)
    assert row["error"] == message
    assert row["model"] == "stub-1"
    assert row["sentence"] is None and row["text"] is None and row["label"] is None


def test_classifying_a_chunk_of_articles_at_once_gives_each_articles_own_rows(model_dir):
    predictor = load_artifact(model_dir, "framing")
    texts = [a["text"] for a in ARTICLES] + ["", "x" * 90, ARTICLES[0]["text"]]
    together = corpus_rows(predictor, texts, max_chars=80_000)
    alone = [rows_or_error(predictor, text, max_chars=80_000) for text in texts]
    assert together == alone
    assert [len(rows) for rows in together] == [4, 3, 5, 3, 1, 1, 4]
    assert corpus_rows(predictor, ["x" * 90], max_chars=50)[0][0]["error"] == "text has 90 characters; the limit is 50"


def test_rows_equal_post_v1_analyze_on_each_article_alone(client, model_dir, tmp_path):
    corpus = write_corpus(tmp_path / "articles.jsonl", "jsonl")
    result = run_analyze(model_dir, corpus, "--text-column", "text", "--id-column", "id", "-o", tmp_path / "out.csv")
    assert result.exit_code == 0, result.output
    rows = read_csv((tmp_path / "out.csv").read_text(encoding="utf-8"))
    assert list(rows[0]) == ["id", "outlet", "date", *sentence_columns(LABELS)]
    groups = _by_article(rows)
    assert list(groups) == [a["id"] for a in ARTICLES]
    for article in ARTICLES:
        response = client.post("/v1/analyze", json={"text": article["text"]})
        assert response.status_code == 200
        sentences = response.json["sentences"]
        got = groups[article["id"]]
        assert len(got) == len(sentences)
        names = set()
        for index, (row, sentence) in enumerate(zip(got, sentences)):
            start, end = int(row["start"]), int(row["end"])
            assert (int(row["sentence"]), start, end) == (index, sentence["start"], sentence["end"])
            assert article["text"][start:end] == row["text"] == sentence["text"]
            assert row["label"] == sentence["label"]
            assert float(row["confidence"]) == sentence["confidence"]
            assert {label: float(row[f"p_{label}"]) for label in LABELS} == sentence["probabilities"]
            assert row["model"] == response.json["model"]["version"]
            assert row["error"] == ""
            speakers = [a for a in sentence["attributions"] if a["role"] == "speaker"]
            assert bool(row["speakers"]) == bool(speakers)
            names |= {n for n in row["speakers"].split("|") + row["disputed"].split("|") if n}
        # The same names as the article's who-says-what table.
        assert names == set(response.json["summary"]["sources"])


def test_metadata_is_carried_on_every_row_in_input_order(model_dir, tmp_path):
    corpus = write_corpus(
        tmp_path / "articles.csv", "csv", [{c: a[c] for c in ("outlet", "date", "id", "text")} for a in ARTICLES]
    )
    result = run_analyze(model_dir, corpus, "--workers", "1", "--batch-size", "1")
    assert result.exit_code == 0, result.output
    rows = read_csv(result.stdout)
    assert list(rows[0])[:3] == COLUMNS
    expected = {a["id"]: (a["outlet"], a["date"]) for a in ARTICLES}
    for row in rows:
        assert (row["outlet"], row["date"]) == expected[row["id"]]
    assert [r["id"] for r in rows] == sorted((r["id"] for r in rows), key=[a["id"] for a in ARTICLES].index)


def test_every_bad_article_gets_exactly_one_row_and_none_is_lost(model_dir, tmp_path, caplog):
    path = tmp_path / "articles.csv"
    with open(path, "wb") as fh:
        fh.write(b"id,outlet,text\n")
        fh.write(b'good-1,North Herald,"The first two patrol boats reached the port. Analysts say they help."\n')
        fh.write(b"empty,North Herald,\n")
        fh.write(b'blank,Valley Post,"   "\n')
        fh.write('long,Capital Wire,"{}"\n'.format("The drills went ahead. " * 20).encode())
        fh.write(b'bytes,Border Times,"The convoy \xff crossed the bridge."\n')
        fh.write(b"short-row,Border Times\n")
        fh.write(f'good-2,Valley Post,"{ARTICLES[3]["text"]}"\n'.encode())
    result = run_analyze(model_dir, path, "--max-chars", "400", "--workers", "1", "--batch-size", "3")
    assert result.exit_code == 0, result.output
    groups = _by_article(read_csv(result.stdout))
    assert list(groups) == ["good-1", "empty", "blank", "long", "bytes", "short-row", "good-2"]
    errors = {key: [r["error"] for r in rows] for key, rows in groups.items()}
    assert errors["empty"] == ["text is empty or only whitespace (or invisible characters)"]
    assert errors["blank"] == ["text is empty or only whitespace (or invisible characters)"]
    assert errors["long"] == ["text has 460 characters; the limit is 400"]
    assert errors["bytes"] == ["undecodable bytes (not UTF-8)"]
    assert errors["short-row"] == ["2 fields, the header has 3"]
    assert set(errors["good-1"]) == set(errors["good-2"]) == {""}
    for key in ("empty", "long", "bytes"):
        (row,) = groups[key]
        assert row["sentence"] == row["start"] == row["label"] == row["text"] == ""
        assert row["outlet"] and row["model"]
    assert groups["bytes"][0]["outlet"] == "Border Times"
    messages = [r.getMessage() for r in caplog.records]
    assert f"{path}:3 (id empty): text is empty or only whitespace (or invisible characters)" in messages
    assert any(m.startswith("analysed 7 articles (") and "5 with errors" in m for m in messages)


def test_null_text_and_a_broken_line_in_jsonl_are_error_rows(model_dir, tmp_path):
    path = tmp_path / "articles.jsonl"
    path.write_text(
        '{"id": "a", "text": null, "outlet": "Evening Ledger"}\n'
        "{not json\n"
        '{"id": "b", "text": 42, "outlet": "Evening Ledger"}\n'
        '{"id": "c", "text": "The budget passed.", "outlet": "Evening Ledger"}\n',
        encoding="utf-8",
    )
    result = run_analyze(model_dir, path, "--workers", "1")
    assert result.exit_code == 0, result.output
    rows = read_rows(result.stdout_bytes, "jsonl")
    assert [(r["id"], r["error"]) for r in rows] == [
        ("a", "missing text (null)"),
        ("", "line 2: malformed JSON: Expecting property name enclosed in double quotes at column 2"),
        ("b", "field 'text' must be a string, got a number"),
        ("c", ""),
    ]
    assert rows[0]["outlet"] == "Evening Ledger"


@pytest.mark.parametrize(
    ("name", "data", "line", "message"),
    [
        (
            "articles.jsonl",
            b'{"id": "a", "text": "The budget passed."}\n\n{"id": "b", "text": "The port reopened."}\n'
            b'{"id": "c", "text": "unterminated\n{"id": "d", "text": "The talks resumed."}\n',
            4,
            "malformed JSON: Unterminated string starting at column 21",
        ),
        (
            "articles.csv",
            b'id,text\na,"The budget passed."\nb,"The port reopened."\nc,' + b"x" * 200 + b"\nd,The talks resumed.\n",
            4,
            "malformed CSV: a field is longer than 100 characters (--max-field-chars)",
        ),
    ],
)
def test_a_record_that_cannot_be_parsed_names_its_line_in_error_as_stance_score_does(
    model_dir, tmp_path, caplog, name, data, line, message
):
    path = tmp_path / name
    path.write_bytes(data)
    options = ("--workers", "1", "--batch-size", "2", "--max-field-chars", "100", "--output-format", "jsonl")
    # The workers (this process, with one worker) set the csv module's limit, which later tests read with.
    limit = csv.field_size_limit()
    try:
        with caplog.at_level(logging.WARNING):
            analysed = run_analyze(model_dir, path, *options)
        scored = CliRunner().invoke(cli, ["score", str(path), *options, "--model-dir", str(model_dir)])
    finally:
        csv.field_size_limit(limit)
    assert analysed.exit_code == 0, analysed.output
    assert scored.exit_code == 0, scored.output
    written = f"line {line}: {message}"
    # The record keeps none of its fields: only the line in its error says which one it was.
    (bad,) = [r for r in read_rows(analysed.stdout_bytes, "jsonl") if r["error"].endswith(message)]
    assert bad["error"] == written and bad["id"] == ""
    assert written in [r["error"] for r in read_jsonl(scored.stdout)]
    # The log puts the place before the message already; it does not say the line twice.
    assert f"{path}:{line}: {message}" in [r.getMessage() for r in caplog.records]


def test_summarize_counts_unparsed_records_by_reason_not_by_line(model_dir, tmp_path):
    lines = [json.dumps({"id": "a", "date": "2026-03-02", "text": ARTICLES[0]["text"]})]
    lines += [f'{{"id": "b{n}", "date": "2026-03-02", "text": "unterminated' for n in range(25)]
    (tmp_path / "articles.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    analysed = run_analyze(model_dir, tmp_path / "articles.jsonl", "--workers", "1", "-o", tmp_path / "rows.jsonl")
    assert analysed.exit_code == 0, analysed.output
    result = CliRunner().invoke(cli, ["summarize", str(tmp_path / "rows.jsonl"), "-o", str(tmp_path / "s.json")])
    assert result.exit_code == 0, result.output
    errors = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))["errors"]
    # 25 reasons "line 2" ... "line 26" would fill the 20 reasons kept and count the rest as "other reasons".
    assert errors["reasons"] == {"malformed JSON": 25}
    assert errors["examples"][0]["error"].startswith("line 2: malformed JSON: ")


def test_duplicate_ids_are_reported_by_name_and_their_rows_kept(model_dir, tmp_path, caplog):
    articles = [dict(a) for a in ARTICLES] + [dict(ARTICLES[0], outlet="Capital Wire"), dict(ARTICLES[2])]
    corpus = write_corpus(tmp_path / "articles.jsonl", "jsonl", articles)
    with caplog.at_level(logging.WARNING):
        result = run_analyze(model_dir, corpus, "--workers", "1", "-o", tmp_path / "out.csv")
    assert result.exit_code == 0, result.output
    groups = _by_article(read_csv((tmp_path / "out.csv").read_text(encoding="utf-8")))
    assert len(groups["nh-1"]) == 2 * 4
    assert {r["outlet"] for r in groups["nh-1"]} == {"North Herald", "Capital Wire"}
    (warning,) = [r.getMessage() for r in caplog.records if "more than one article" in r.getMessage()]
    assert warning.startswith("2 ids name more than one article (all rows kept): ")
    assert f"'nh-1' ({corpus}:1, {corpus}:5)" in warning
    assert f"'cw-3' ({corpus}:3, {corpus}:6)" in warning


def test_the_id_column_defaults_to_id_and_can_be_another(model_dir, tmp_path, caplog):
    articles = [{"slug": "same", "id": str(n), "text": a["text"]} for n, a in enumerate(ARTICLES)]
    corpus = write_corpus(tmp_path / "articles.csv", "csv", articles)
    with caplog.at_level(logging.WARNING):
        assert run_analyze(model_dir, corpus, "--workers", "1").exit_code == 0
    assert not [r for r in caplog.records if "more than one article" in r.getMessage()]
    with caplog.at_level(logging.WARNING):
        assert run_analyze(model_dir, corpus, "--workers", "1", "--id-column", "slug").exit_code == 0
    assert [r for r in caplog.records if "1 id names more than one article" in r.getMessage()]


def _header_only(folder):
    """A CSV with its header and no article."""
    (folder / "empty.csv").write_text("id,outlet,text\n", encoding="utf-8")
    return folder / "empty.csv"


def _empty_jsonl(folder):
    """A JSONL file with nothing in it."""
    (folder / "e.jsonl").write_bytes(b"")
    return folder / "e.jsonl"


def _empty_folder(folder):
    """A folder without .txt files."""
    (folder / "folder").mkdir()
    (folder / "folder" / "notes.md").write_text("not an article", encoding="utf-8")
    return folder / "folder"


@pytest.mark.parametrize(
    ("make", "args", "message"),
    [
        (
            lambda p: write_corpus(p / "a.csv", "csv"),
            ["--text-column", "body"],
            "a.csv: no column 'body' (found: 'id', 'outlet', 'date', 'text'); choose one with --text-column",
        ),
        (
            lambda p: write_corpus(p / "a.jsonl", "jsonl"),
            ["--id-column", "slug"],
            "a.jsonl: no field 'slug' (found: 'id', 'outlet', 'date', 'text'); choose one with --id-column",
        ),
        (
            lambda p: write_corpus(p / "a.parquet", "parquet"),
            ["--text-column", "date", "--id-column", "missing"],
            "a.parquet: no column 'missing' (found: 'id', 'outlet', 'date', 'text'); choose one with --id-column",
        ),
        (_header_only, [], "empty.csv: empty corpus, no articles"),
        (lambda p: p / "none.jsonl", [], "none.jsonl: no such file"),
        (_empty_jsonl, [], "e.jsonl: empty corpus, no articles"),
        (_empty_folder, [], "folder: empty corpus, no .txt files in this folder"),
        (lambda p: p / "nothing" / "*.txt", [], "*.txt: empty corpus, no file matches this pattern"),
        (lambda p: write_corpus(p / "a.csv", "csv"), ["-o", "out.txt"], "text output cannot hold sentence rows"),
        (lambda p: write_corpus(p / "a.csv", "csv"), ["--json"], "--json prints one article"),
        (lambda p: write_corpus(p / "a.csv", "csv"), ["--scheduler", "tcp://x:1"], "--scheduler needs --engine dask"),
        (lambda p: write_corpus(p / "a.csv", "csv"), ["-o", "a.csv"], "a.csv: is also an input"),
    ],
)
def test_a_corpus_that_cannot_be_used_fails_before_any_work(model_dir, tmp_path, make, args, message):
    corpus = make(tmp_path)
    result = run_analyze(model_dir, corpus, *args)
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Error: " in result.output and message in result.output
    assert "Traceback" not in result.output
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".") or p.name == "out.txt"]


def test_input_columns_named_like_added_ones_are_kept_with_a_prefix(model_dir, tmp_path):
    rows = [("7", "threat", "a headline", ARTICLES[3]["text"])]
    corpus = write_csv_rows(tmp_path / "a.csv", ["id", "label", "text", "body"], rows)
    result = run_analyze(model_dir, corpus, "--text-column", "body", "--workers", "1")
    assert result.exit_code == 0, result.output
    out = read_csv(result.stdout)
    assert list(out[0])[:3] == ["id", "input_label", "input_text"]
    assert {r["input_label"] for r in out} == {"threat"} and {r["input_text"] for r in out} == {"a headline"}
    assert "body" not in out[0]


def test_one_article_keeps_its_terminal_output_and_refuses_corpus_options(model_dir, tmp_path):
    path = tmp_path / "article.txt"
    path.write_text(ARTICLES[0]["text"], encoding="utf-8")
    printed = run_analyze(model_dir, path)
    assert printed.exit_code == 0, printed.output
    assert "Who says what:" in printed.output
    refused = run_analyze(model_dir, path, "-o", tmp_path / "rows.csv", "--workers", "2")
    assert refused.exit_code == 1
    assert f"Error: {path} is one article, and --output, --workers only apply to a corpus" in refused.output
    assert not (tmp_path / "rows.csv").exists()
    missing = run_analyze(model_dir, tmp_path / "gone.txt")
    assert missing.exit_code == 1 and f"Error: {tmp_path / 'gone.txt'}: no such file" in missing.output


def test_format_txt_turns_one_article_into_rows(model_dir, tmp_path):
    path = tmp_path / "article.txt"
    path.write_text(ARTICLES[2]["text"], encoding="utf-8")
    result = run_analyze(model_dir, path, "--format", "txt", "--output-format", "csv")
    assert result.exit_code == 0, result.output
    rows = read_csv(result.stdout)
    assert [(r["id"], r["path"]) for r in rows] == [("article.txt", str(path))] * 5
    piped = run_analyze(model_dir, "-", "--format", "txt", "--output-format", "csv", input=ARTICLES[2]["text"])
    assert piped.exit_code == 0, piped.output
    assert [r["text"] for r in read_csv(piped.stdout)] == [r["text"] for r in rows]
