"""``stance analyze`` on a corpus: every input and output format, folders of .txt files, both engines."""

import io
import json
import logging
import os

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from analyze_corpus_helpers import ARTICLES, read_rows, run_analyze, write_corpus
from batch_helpers import read_csv

import service.batch.engine_local as engine_local
from model.article import analyze_article
from model.artifact import load_artifact
from service.batch.analyze import AnalyzeOptions, analyze_files
from service.batch.textfiles import folder_articles

FORMATS = ["csv", "tsv", "jsonl", "parquet"]
SENTENCE_COUNTS = [4, 3, 5, 3]


def _reference(model_dir):
    """The rows of the corpus written as CSV by the serial engine, read back as dicts of text."""
    corpus = write_corpus(model_dir.parent / "reference.csv", "csv")
    result = run_analyze(model_dir, corpus, "--workers", "1")
    assert result.exit_code == 0, result.output
    return read_csv(result.stdout)


@pytest.mark.parametrize("in_fmt", FORMATS)
@pytest.mark.parametrize("out_fmt", FORMATS)
def test_every_input_and_output_format_gives_the_same_rows(model_dir, tmp_path, in_fmt, out_fmt):
    corpus = write_corpus(tmp_path / f"articles.{in_fmt}", in_fmt)
    target = tmp_path / f"sentences.{out_fmt}"
    result = run_analyze(model_dir, corpus, "-o", target, "--workers", "1", "--batch-size", "3")
    assert result.exit_code == 0, result.output
    rows = read_rows(target, out_fmt)
    assert [sum(r["id"] == a["id"] for r in rows) for a in ARTICLES] == SENTENCE_COUNTS
    assert rows == _reference(model_dir)


@pytest.mark.parametrize("fmt", FORMATS)
def test_stdout_gets_the_input_format_and_stdin_takes_format(model_dir, tmp_path, fmt):
    corpus = write_corpus(tmp_path / f"articles.{fmt}", fmt)
    from_file = run_analyze(model_dir, corpus, "--workers", "1")
    from_stdin = run_analyze(model_dir, "-", "--format", fmt, "--workers", "1", input=corpus.read_bytes())
    assert from_file.exit_code == from_stdin.exit_code == 0, from_file.output + from_stdin.output
    assert from_file.stdout_bytes == from_stdin.stdout_bytes
    assert read_rows(from_file.stdout_bytes, fmt) == _reference(model_dir)


def test_parquet_output_has_integer_offsets_and_keeps_input_types(model_dir, tmp_path):
    table = pa.table({"n": pa.array([10, 20], pa.int32()), "text": [ARTICLES[0]["text"], ""]})
    pq.write_table(table, tmp_path / "in.parquet")
    result = run_analyze(model_dir, tmp_path / "in.parquet", "-o", tmp_path / "out.parquet", "--workers", "1")
    assert result.exit_code == 0, result.output
    out = pq.read_table(tmp_path / "out.parquet")
    assert out.schema.field("n").type == pa.int32()
    for name in ("sentence", "start", "end"):
        assert out.schema.field(name).type == pa.int64()
    assert out.schema.field("p_threat").type == pa.float64()
    assert "text" in out.schema.names and out.column("n").to_pylist() == [10] * 4 + [20]
    assert out.column("sentence").to_pylist() == [0, 1, 2, 3, None]
    assert out.column("error").to_pylist()[-1] == "text is empty or only whitespace (or invisible characters)"


def test_jsonl_output_keeps_fields_that_only_some_articles_have(model_dir, tmp_path):
    articles = [dict(ARTICLES[0], tags=["radar", "north"]), dict(ARTICLES[1])]
    corpus = write_corpus(tmp_path / "articles.jsonl", "jsonl", articles[::-1])
    result = run_analyze(model_dir, corpus, "--workers", "1")
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    # The columns are the union of the fields of the first lines: an article without tags gets null, like the API.
    assert all(r["tags"] is None for r in rows if r["id"] == "cd-7")
    assert all(r["tags"] == ["radar", "north"] for r in rows if r["id"] == "nh-1")


@pytest.fixture
def stories(tmp_path):
    """A folder of .txt articles: plain, CRLF with a BOM, empty, undecodable; and a file that is not .txt."""
    folder = tmp_path / "stories"
    folder.mkdir()
    (folder / "a-radar.txt").write_text(ARTICLES[0]["text"], encoding="utf-8")
    (folder / "b-boats.txt").write_bytes(b"\xef\xbb\xbf" + ARTICLES[1]["text"].encode())
    (folder / "c-empty.txt").write_bytes(b"")
    (folder / "d-bytes.txt").write_bytes(b"The convoy left.\nIt \xff crossed the bridge.")
    (folder / "e-quote.txt").write_text(ARTICLES[2]["text"], encoding="utf-8")
    (folder / "notes.md").write_text("Not an article.", encoding="utf-8")
    return folder


def test_a_folder_of_txt_files_is_a_corpus_with_id_and_path(model_dir, stories):
    result = run_analyze(model_dir, stories, "-o", stories.parent / "rows.csv", "--workers", "1", "--batch-size", "2")
    assert result.exit_code == 0, result.output
    rows = read_csv((stories.parent / "rows.csv").read_text(encoding="utf-8"))
    assert list(rows[0])[:3] == ["id", "path", "sentence"]
    ids = [r["id"] for r in rows]
    assert sorted(set(ids), key=ids.index) == [
        "a-radar.txt",
        "b-boats.txt",
        "c-empty.txt",
        "d-bytes.txt",
        "e-quote.txt",
    ]
    assert all(r["path"] == str(stories / r["id"]) for r in rows)
    errors = {r["id"]: r["error"] for r in rows if r["error"]}
    assert errors == {
        "c-empty.txt": "text is empty or only whitespace (or invisible characters)",
        "d-bytes.txt": "undecodable bytes (not UTF-8): byte 0xff on line 2",
    }
    predictor = load_artifact(model_dir, "framing")
    for name in ("a-radar.txt", "b-boats.txt", "e-quote.txt"):
        # The offsets are those of `stance analyze FILE`: the BOM dropped, CRLF kept.
        single = run_analyze(model_dir, stories / name, "--json")
        assert single.exit_code == 0, single.output
        expected = json.loads(single.stdout)["sentences"]
        text = (stories / name).read_bytes().decode("utf-8-sig")
        assert expected == analyze_article(predictor, text)["sentences"]
        got = [r for r in rows if r["id"] == name]
        assert [(int(r["start"]), int(r["end"]), r["text"]) for r in got] == [
            (s["start"], s["end"], s["text"]) for s in expected
        ]
        assert all(text[int(r["start"]) : int(r["end"])] == r["text"] for r in got)


def test_a_glob_and_a_list_of_txt_files_give_the_folders_rows(model_dir, stories):
    folder = run_analyze(model_dir, stories, "--workers", "1")
    pattern = run_analyze(model_dir, stories / "*.txt", "--workers", "1")
    listed = run_analyze(model_dir, *sorted(stories.glob("*.txt")), "--workers", "1")
    assert folder.exit_code == pattern.exit_code == listed.exit_code == 0, folder.output
    assert folder.stdout == pattern.stdout == listed.stdout
    assert json.loads(folder.stdout.splitlines()[0])["id"] == "a-radar.txt"


def test_txt_files_and_tables_do_not_mix(model_dir, stories):
    table = write_corpus(stories.parent / "a.csv", "csv")
    result = run_analyze(model_dir, stories / "a-radar.txt", table)
    assert result.exit_code == 1
    assert "a .txt article among table files; analyse the .txt files and the tables separately" in result.output


def test_an_article_file_over_the_limit_is_an_error_row(model_dir, stories):
    result = run_analyze(model_dir, stories, "--max-chars", "150", "--output-format", "csv", "--workers", "1")
    # Every article is over the limit: all are written with their reasons, and the run says none was scored.
    assert result.exit_code == 1, result.output
    assert "no article could be analysed: all 5 articles have errors (the output, stdout, keeps every article" in (
        result.output
    )
    errors = {r["id"]: r["error"] for r in read_csv(result.stdout)}
    assert errors["a-radar.txt"] == "text has 330 characters; the limit is 150"
    (stories / "f-huge.txt").write_text("The drills went ahead. " * 40, encoding="utf-8")
    result = run_analyze(model_dir, stories, "--max-chars", "150", "--output-format", "csv", "--workers", "1")
    errors = {r["id"]: r["error"] for r in read_csv(result.stdout)}
    assert errors["f-huge.txt"] == "article is longer than the limit of 150 characters"


def _messages(caplog, level):
    """The log messages of one level, as text."""
    return [r.getMessage() for r in caplog.records if r.levelno == level]


def test_a_folder_reads_txt_and_text_names_in_any_case_and_names_the_files_it_leaves(model_dir, stories, caplog):
    (stories / "f-wire.TXT").write_text(ARTICLES[3]["text"], encoding="utf-8")
    (stories / "g-post.Txt").write_text(ARTICLES[0]["text"], encoding="utf-8")
    (stories / "h-note.text").write_text(ARTICLES[1]["text"], encoding="utf-8")
    (stories / ".hidden-notes").write_text("Not an article either.", encoding="utf-8")
    result = run_analyze(model_dir, stories, "--output-format", "csv", "--workers", "1")
    assert result.exit_code == 0, result.output
    rows = read_csv(result.stdout)
    ids = [r["id"] for r in rows]
    # Sorted by name, as listed: upper case before lower case.
    assert sorted(set(ids), key=ids.index) == [
        "a-radar.txt",
        "b-boats.txt",
        "c-empty.txt",
        "d-bytes.txt",
        "e-quote.txt",
        "f-wire.TXT",
        "g-post.Txt",
        "h-note.text",
    ]
    # An article read from B.TXT has the rows of the same text read from a .txt name.
    by_id = {name: [(r["start"], r["end"], r["label"]) for r in rows if r["id"] == name] for name in ids}
    assert by_id["g-post.Txt"] == by_id["a-radar.txt"]
    assert all(r["error"] == "" for r in rows if r["id"] in ("f-wire.TXT", "g-post.Txt", "h-note.text"))
    # The entries left out are named (a hidden file is not); none is a warning.
    (left_out,) = [m for m in _messages(caplog, logging.INFO) if m.startswith(f"{stories}:")]
    assert left_out == (
        f"{stories}: 1 entry not read (articles are its .txt and .text files; subfolders are not searched): notes.md"
    )
    assert not [m for m in _messages(caplog, logging.WARNING) if m.startswith(f"{stories}:")]


def test_a_dangling_link_in_a_folder_is_an_error_row_and_a_warning(model_dir, stories, caplog):
    (stories / "f-gone.txt").symlink_to("missing.txt")
    # A link that loops cannot be followed either: a row with the reason, as for a file without permission.
    (stories / "g-loop.txt").symlink_to("g-loop.txt")
    result = run_analyze(model_dir, stories, "--output-format", "csv", "--workers", "1")
    assert result.exit_code == 0, result.output
    errors = {r["id"]: r["error"] for r in read_csv(result.stdout) if r["error"]}
    assert errors["f-gone.txt"] == "dangling symbolic link: its target 'missing.txt' does not exist"
    assert errors["g-loop.txt"] == "cannot read (Too many levels of symbolic links)"
    warnings = _messages(caplog, logging.WARNING)
    assert f"{stories / 'f-gone.txt'} (id f-gone.txt): {errors['f-gone.txt']}" in warnings
    assert any(m.startswith("analysed 7 articles (") and "4 with errors" in m for m in _messages(caplog, logging.INFO))


def test_a_folder_entry_named_like_an_article_that_is_not_a_file_is_skipped_with_a_warning(model_dir, stories, caplog):
    (stories / "f-drafts.txt").mkdir()
    (stories / "f-drafts.txt" / "draft.txt").write_text("A draft.", encoding="utf-8")
    result = run_analyze(model_dir, stories, "--output-format", "csv", "--workers", "1")
    assert result.exit_code == 0, result.output
    assert "f-drafts.txt" not in {r["id"] for r in read_csv(result.stdout)}
    expected = f"{stories}: 1 entry named like an article but not a file, not read: f-drafts.txt (a folder)"
    assert expected in _messages(caplog, logging.WARNING)


def test_a_pipe_named_like_an_article_is_never_opened(tmp_path, caplog):
    # Opening a FIFO without a writer would block the run for ever; the listing only looks at it.
    (tmp_path / "a.txt").write_text("The convoy left.", encoding="utf-8")
    os.mkfifo(tmp_path / "b-pipe.txt")
    (tmp_path / "c-sub.TXT").mkdir()
    assert folder_articles(str(tmp_path)) == [str(tmp_path / "a.txt")]
    (warning,) = _messages(caplog, logging.WARNING)
    assert warning == f"{tmp_path}: 2 entries named like an article but not a file, not read: b-pipe.txt (a pipe), c-sub.TXT (a folder)"  # fmt: skip


def test_a_folder_without_articles_says_what_it_holds(model_dir, tmp_path):
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "notes.md").write_text("Not an article.", encoding="utf-8")
    (folder / "old.txt").mkdir()
    (folder / "2024").mkdir()
    result = run_analyze(model_dir, folder)
    assert result.exit_code == 1
    assert (
        f"{folder}: empty corpus, no .txt files in this folder (nor .text; other entries: 2024/, notes.md)"
        in result.output
    )


def _analyze(model_dir, corpus, output, **options):
    """Analyse in-process with ``analyze_files`` and return the output bytes."""
    predictor = load_artifact(model_dir, "framing")
    options = AnalyzeOptions(inputs=[str(corpus)], output=str(output), model_dir=str(model_dir), **options)
    summary = analyze_files(predictor, options)
    assert summary.rows == 2 * len(ARTICLES) + 2
    return output.read_bytes()


@pytest.fixture
def mixed(tmp_path):
    """A JSONL corpus of good articles with an empty one and a broken line among them."""
    path = write_corpus(tmp_path / "mixed.jsonl", "jsonl", ARTICLES + [dict(ARTICLES[0], id="x", text="")] + ARTICLES)
    with open(path, "a", encoding="utf-8") as fh:
        fh.write("{broken\n")
    return path


def test_serial_parallel_and_dask_engines_write_the_same_bytes(model_dir, tmp_path, mixed):
    serial = _analyze(model_dir, mixed, tmp_path / "serial.csv", workers=1, batch_size=2)
    parallel = _analyze(model_dir, mixed, tmp_path / "parallel.csv", workers=2, batch_size=2)
    dask = _analyze(
        model_dir, mixed, tmp_path / "dask.csv", workers=2, batch_size=3, engine="dask", dask_processes=False
    )
    assert serial == parallel == dask
    rows = read_csv(serial.decode("utf-8"))
    assert len(rows) == 2 * sum(SENTENCE_COUNTS) + 2
    assert [r["error"] for r in rows if r["error"]] == [
        "text is empty or only whitespace (or invisible characters)",
        "line 10: malformed JSON: Expecting property name enclosed in double quotes at column 2",
    ]


def test_dask_on_an_existing_cluster_from_the_command_line(model_dir, tmp_path, mixed):
    from dask.distributed import LocalCluster

    local = run_analyze(model_dir, mixed, "--workers", "1", "--output-format", "csv")
    with LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None) as cluster:
        dask = run_analyze(
            model_dir, mixed, "--engine", "dask", "--scheduler", cluster.scheduler_address, "--output-format", "csv"
        )
    assert dask.exit_code == 0, dask.output
    assert dask.stdout == local.stdout


def test_a_failed_run_leaves_no_output(model_dir, tmp_path, monkeypatch, mixed):
    real, calls = engine_local.score_chunk, []

    def failing(predictor, chunk):
        calls.append(chunk)
        if len(calls) > 1:
            raise RuntimeError("simulated crash")
        return real(predictor, chunk)

    monkeypatch.setattr(engine_local, "score_chunk", failing)
    result = run_analyze(model_dir, mixed, "-o", tmp_path / "out.csv", "--workers", "1", "--batch-size", "2")
    assert isinstance(result.exception, RuntimeError)
    assert not (tmp_path / "out.csv").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]


def test_the_progress_line_counts_articles(model_dir, tmp_path, mixed):
    predictor = load_artifact(model_dir, "framing")
    stderr = io.StringIO()
    options = AnalyzeOptions(
        inputs=[str(mixed)], output=str(tmp_path / "o.csv"), model_dir=str(model_dir), batch_size=2
    )
    analyze_files(predictor, options, stderr=stderr, show_progress=True)
    assert " articles/s" in stderr.getvalue()


def test_a_caller_without_a_terminal_gets_the_same_progress_figures(model_dir, tmp_path, mixed):
    predictor = load_artifact(model_dir, "framing")
    calls = []
    options = AnalyzeOptions(
        inputs=[str(mixed)], output=str(tmp_path / "o.csv"), model_dir=str(model_dir), batch_size=2
    )
    stderr = io.StringIO()
    summary = analyze_files(predictor, options, stderr=stderr, on_progress=lambda *figures: calls.append(figures))
    # Nothing is drawn without show_progress; the figures go to the callback (the workbench's job bar).
    assert stderr.getvalue() == ""
    assert calls, "no progress was reported"
    done, fraction = calls[0]
    assert 0 < done <= summary.rows  # articles, for analyze
    assert fraction is None or 0 < fraction <= 1


def test_several_tables_go_into_one_output_with_a_source_column(model_dir, tmp_path):
    first = write_corpus(tmp_path / "a.csv", "csv", ARTICLES[:2])
    second = write_corpus(tmp_path / "b.csv", "csv", ARTICLES[2:])
    result = run_analyze(model_dir, first, second, "--workers", "1")
    assert result.exit_code == 0, result.output
    rows = read_csv(result.stdout)
    assert list(rows[0])[:4] == ["source", "id", "outlet", "date"]
    assert [r["source"] for r in rows] == [str(first)] * 7 + [str(second)] * 8
    assert [{k: v for k, v in r.items() if k != "source"} for r in rows] == _reference(model_dir)


def test_jsonl_articles_give_the_union_of_their_fields_as_columns(model_dir, tmp_path):
    first = {k: v for k, v in ARTICLES[0].items() if k != "outlet"}
    corpus = write_corpus(tmp_path / "articles.jsonl", "jsonl", [first, ARTICLES[1]])
    result = run_analyze(model_dir, corpus, "-o", tmp_path / "out.csv", "--workers", "1")
    assert result.exit_code == 0, result.output
    text = (tmp_path / "out.csv").read_text(encoding="utf-8")
    assert text.splitlines()[0].startswith("id,date,outlet,sentence,")
    rows = read_csv(text)
    assert {r["outlet"] for r in rows if r["id"] == "nh-1"} == {""}
    assert {r["outlet"] for r in rows if r["id"] == "cd-7"} == {"Coastal Daily"}
    assert all(None not in r and None not in r.values() for r in rows)


def test_a_late_article_field_is_reported_once(model_dir, tmp_path, caplog, monkeypatch):
    monkeypatch.setattr("service.batch.readers.JSONL_PROBE_LINES", 1)
    plain = [{k: v for k, v in a.items() if k != "outlet"} for a in ARTICLES]
    articles = [plain[0], plain[1], ARTICLES[2], ARTICLES[3]]
    corpus = tmp_path / "articles.jsonl"
    corpus.write_text("".join(json.dumps(a) + "\n" for a in articles), encoding="utf-8")
    result = run_analyze(model_dir, corpus, "-o", tmp_path / "out.csv", "--workers", "1", "--batch-size", "1")
    assert result.exit_code == 0, result.output
    rows = read_csv((tmp_path / "out.csv").read_text(encoding="utf-8"))
    assert {r["id"] for r in rows} == {a["id"] for a in ARTICLES} and "outlet" not in rows[0]
    warnings = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert warnings == [
        f"{corpus}:3: field 'outlet' first appears after the first 1 lines and is not in the output; "
        "put it in one of the first 1 lines, or write JSONL output, which keeps every field"
    ]
