"""stance score reads and writes every format, from files and from stdin to stdout."""

import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from batch_helpers import read_csv, read_jsonl, run_score, write_csv_rows
from click.testing import CliRunner

from model.artifact import load_artifact
from service.batch.run import ScoreOptions, score_files
from service.batch.writers import RowGroups
from service.cli import cli

SENTENCES = [
    "Belgrade warned that the new drones endanger Serbs in the north.",
    "The exercise reassures allies and contributes to stability.",
    "The shipment of anti-tank missiles arrived on Tuesday.",
]
LABELS = ["neutral", "stability", "threat"]
ADDED = ["label", "confidence", "p_neutral", "p_stability", "p_threat", "model", "error", "warning"]


def _write_input(path, fmt):
    """Write SENTENCES with an id column in ``fmt``."""
    rows = [(str(i), text) for i, text in enumerate(SENTENCES, 1)]
    if fmt in ("csv", "tsv"):
        write_csv_rows(path, ["id", "text"], rows, delimiter="," if fmt == "csv" else "\t")
    elif fmt == "jsonl":
        path.write_text("".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in rows), encoding="utf-8")
    elif fmt == "txt":
        path.write_text("".join(t + "\n" for t in SENTENCES), encoding="utf-8")
    else:
        pq.write_table(pa.table({"id": [i for i, _ in rows], "text": SENTENCES}), path)
    return path


def _read_output(path, fmt):
    """Read the output back as a list of dicts."""
    if fmt == "csv":
        return read_csv(path.read_text(encoding="utf-8"))
    if fmt == "tsv":
        return read_csv(path.read_text(encoding="utf-8"), delimiter="\t")
    if fmt == "jsonl":
        return read_jsonl(path.read_text(encoding="utf-8"))
    if fmt == "txt":
        return [{"label": line} for line in path.read_text(encoding="utf-8").splitlines()]
    return pq.read_table(path).to_pylist()


@pytest.mark.parametrize("in_fmt", ["csv", "tsv", "jsonl", "txt", "parquet"])
@pytest.mark.parametrize("out_fmt", ["csv", "tsv", "jsonl", "txt", "parquet"])
def test_every_format_in_and_out(trained_model_dir, tmp_path, in_fmt, out_fmt):
    source = _write_input(tmp_path / f"in.{in_fmt}", in_fmt)
    target = tmp_path / f"out.{out_fmt}"
    result = run_score(trained_model_dir, source, "-o", target, "--workers", "1")
    assert result.exit_code == 0, result.output
    rows = _read_output(target, out_fmt)
    assert len(rows) == len(SENTENCES)
    assert [row["label"] for row in rows] == ["threat", "stability", "neutral"]
    if out_fmt == "txt":
        return
    assert list(rows[0])[-len(ADDED) :] == ADDED
    if in_fmt != "txt":
        assert [str(row["id"]) for row in rows] == ["1", "2", "3"]
    assert [row["text"] for row in rows] == SENTENCES
    for row in rows:
        assert float(row["confidence"]) == max(float(row[f"p_{label}"]) for label in LABELS)
        assert row["error"] == ""
        assert row["warning"] == ""


def test_output_format_defaults_to_the_input_format(trained_model_dir, tmp_path):
    source = _write_input(tmp_path / "in.tsv", "tsv")
    result = run_score(trained_model_dir, source, "--workers", "1")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "\t".join(["id", "text", *ADDED])


def test_parquet_output_keeps_input_types(trained_model_dir, tmp_path):
    pq.write_table(pa.table({"n": pa.array([7, 8, 9], pa.int64()), "text": SENTENCES}), tmp_path / "in.parquet")
    result = run_score(trained_model_dir, tmp_path / "in.parquet", "-o", tmp_path / "out.parquet", "--workers", "1")
    assert result.exit_code == 0, result.output
    table = pq.read_table(tmp_path / "out.parquet")
    assert table.schema.field("n").type == pa.int64()
    assert table.schema.field("p_threat").type == pa.float64()
    assert table.column("n").to_pylist() == [7, 8, 9]


def test_parquet_row_groups_do_not_follow_the_batch_size(trained_model_dir, tmp_path):
    rows = [(str(n), f"{SENTENCES[n % 3]} ({n})") for n in range(2500)]
    write_csv_rows(tmp_path / "in.csv", ["id", "text"], rows)
    written = {}
    for size in (10, 1000):
        out = tmp_path / f"out-{size}.parquet"
        result = run_score(trained_model_dir, tmp_path / "in.csv", "-o", out, "--batch-size", size, "--workers", "1")
        assert result.exit_code == 0, result.output
        written[size] = out.read_bytes()
    handle = pq.ParquetFile(tmp_path / "out-10.parquet")
    # One row group per chunk gave 250 here.
    assert handle.metadata.num_row_groups == 1
    table = handle.read()
    assert table.column("id").to_pylist() == [n for n, _ in rows]
    assert table.column("text").to_pylist() == [text for _, text in rows]
    assert written[10] == written[1000]


@pytest.mark.parametrize(("out_fmt", "delimiter"), [("csv", ","), ("tsv", "\t")])
@pytest.mark.parametrize("command", ["score", "analyze"])
def test_a_carriage_return_alone_in_a_value_is_quoted_in_csv_and_tsv_output(
    trained_model_dir, tmp_path, out_fmt, delimiter, command
):
    # The csv module quotes a value with LF but not one with a CR alone, which readers take for a line end.
    objects = [
        {"id": "1", "note\rtwo": "a CR\ralone", "text": f"Old Mac line.\r{SENTENCES[0]}"},
        {"id": "2", "note\rtwo": "plain", "text": SENTENCES[1]},
    ]
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps(o) + "\n" for o in objects), encoding="utf-8")
    args = [command, str(path), "--output-format", out_fmt, "--workers", "1", "--model-dir", str(trained_model_dir)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    rows = read_csv(result.stdout, delimiter=delimiter)
    assert {row["id"] for row in rows} == {"1", "2"}
    assert [row["note\rtwo"] for row in rows if row["id"] == "1"][0] == "a CR\ralone"
    if command == "score":
        assert [row["text"] for row in rows] == [o["text"] for o in objects]


def _numbered(start, stop, schema, width=8):
    """A record batch of the rows numbered ``start`` to ``stop`` - 1, each with a text of ``width`` characters."""
    numbers = range(start, stop)
    return pa.record_batch([pa.array(numbers), pa.array([f"{n:0{width}d}" for n in numbers])], schema=schema)


def test_row_groups_hold_a_fixed_number_of_rows_whatever_the_batches(tmp_path):
    schema = pa.schema([("n", pa.int64()), ("text", pa.string())])
    path = tmp_path / "out.parquet"
    with path.open("wb") as stream:
        groups = RowGroups(stream, schema, rows=1000)
        for start in range(0, 2500, 7):
            groups.write(_numbered(start, min(start + 7, 2500), schema))
            # Never more than one row group's rows are held.
            assert groups.held_rows < 1000
        groups.write(_numbered(0, 0, schema))
        groups.close()
    metadata = pq.ParquetFile(path).metadata
    assert [metadata.row_group(k).num_rows for k in range(metadata.num_row_groups)] == [1000, 1000, 500]
    assert pq.read_table(path).column("n").to_pylist() == list(range(2500))


def test_rows_that_take_too_much_memory_are_written_early_as_a_smaller_row_group(tmp_path):
    schema = pa.schema([("n", pa.int64()), ("text", pa.string())])
    path = tmp_path / "out.parquet"
    with path.open("wb") as stream:
        groups = RowGroups(stream, schema, rows=1000, max_bytes=10_000)
        for start in range(0, 100, 4):
            # Four rows of about 1 KB each: the limit is passed every third batch.
            groups.write(_numbered(start, start + 4, schema, width=1000))
            assert groups.held_bytes < 10_000
        groups.close()
    metadata = pq.ParquetFile(path).metadata
    sizes = [metadata.row_group(k).num_rows for k in range(metadata.num_row_groups)]
    assert sizes == [12] * 8 + [4]
    assert pq.read_table(path).column("n").to_pylist() == list(range(100))


# The text column as pandas writes a categorical (dictionary-encoded), and the other Arrow string types.
TEXT_TYPES = {
    "dictionary": lambda texts: pa.array(texts).dictionary_encode(),
    "large_string": lambda texts: pa.array(texts, pa.large_string()),
    "large_string dictionary": lambda texts: pa.array(texts, pa.large_string()).dictionary_encode(),
}
if hasattr(pa, "string_view"):  # pyarrow 16 and later
    TEXT_TYPES["string_view"] = lambda texts: pa.array(texts, pa.string_view())


ENGINES = {"serial": {"workers": 1}, "workers": {"workers": 2}, "dask": {"engine": "dask", "dask_processes": False}}


def _score_parquet(model_dir, path, output, engine):
    """Score a Parquet file in-process (Dask in threads, to start quickly) in chunks of two rows; return the table."""
    predictor = load_artifact(model_dir, "framing")
    options = ScoreOptions(
        inputs=[str(path)], output=str(output), batch_size=2, model_dir=str(model_dir), **ENGINES[engine]
    )
    score_files(predictor, options)
    return pq.read_table(output)


@pytest.mark.parametrize("engine", list(ENGINES))
def test_a_parquet_text_column_of_any_string_type_is_scored_like_a_plain_one(trained_model_dir, tmp_path, engine):
    # A repeated sentence and a null, as a categorical column has them.
    texts = [*SENTENCES, SENTENCES[0], None]
    ids = list(range(1, len(texts) + 1))
    pq.write_table(pa.table({"id": ids, "text": pa.array(texts)}), tmp_path / "plain.parquet")
    plain = _score_parquet(trained_model_dir, tmp_path / "plain.parquet", tmp_path / "plain.out.parquet", engine)
    assert plain.column("error").to_pylist() == [""] * len(SENTENCES) + ["", "missing text (null)"]
    for kind, make in TEXT_TYPES.items():
        path = tmp_path / f"{kind}.parquet"
        pq.write_table(pa.table({"id": ids, "text": make(texts)}), path)
        typed = _score_parquet(trained_model_dir, path, tmp_path / f"{kind}.out.parquet", engine)
        assert typed.drop_columns(["text"]).equals(plain.drop_columns(["text"])), kind
        assert typed.column("text").to_pylist() == texts, kind
        # The output keeps the input's type, as it does for every other Parquet column.
        assert typed.schema.field("text").type == pq.read_schema(path).field("text").type, kind


def test_a_binary_parquet_column_is_not_text(trained_model_dir, tmp_path):
    # Nothing says the bytes are UTF-8: the file is refused before any work, naming the column and its type.
    path = tmp_path / "in.parquet"
    pq.write_table(pa.table({"text": pa.array([s.encode() for s in SENTENCES], pa.binary())}), path)
    result = run_score(trained_model_dir, path, "--workers", "1")
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == f"Error: {path}: column 'text' holds binary, not text"


def test_stdin_to_stdout_csv(trained_model_dir):
    text = "id,text\n" + "".join(f'{i},"{t}"\n' for i, t in enumerate(SENTENCES))
    result = run_score(trained_model_dir, "-", "--workers", "1", input=text)
    assert result.exit_code == 0, result.output
    rows = read_csv(result.stdout)
    assert [r["label"] for r in rows] == ["threat", "stability", "neutral"]


def test_stdin_text_lines_give_jsonl(trained_model_dir):
    result = run_score(trained_model_dir, "-", "--format", "txt", "--workers", "1", input="\n".join(SENTENCES) + "\n")
    assert result.exit_code == 0, result.output
    rows = read_jsonl(result.stdout)
    assert [r["text"] for r in rows] == SENTENCES
    assert rows[0]["label"] == "threat"


def test_stdin_parquet_to_stdout_parquet(trained_model_dir, tmp_path):
    _write_input(tmp_path / "in.parquet", "parquet")
    data = (tmp_path / "in.parquet").read_bytes()
    result = run_score(trained_model_dir, "-", "--format", "parquet", "--workers", "1", input=data)
    assert result.exit_code == 0, result.output
    table = pq.read_table(pa.BufferReader(result.stdout_bytes))
    assert table.column("label").to_pylist() == ["threat", "stability", "neutral"]


def test_text_column_selection(trained_model_dir, tmp_path):
    rows = [(t, "The ministers met in Brussels to discuss procurement.") for t in SENTENCES]
    write_csv_rows(tmp_path / "in.csv", ["headline", "body"], rows)
    result = run_score(trained_model_dir, tmp_path / "in.csv", "--text-column", "headline", "--workers", "1")
    assert result.exit_code == 0, result.output
    assert [r["label"] for r in read_csv(result.stdout)] == ["threat", "stability", "neutral"]


def test_jsonl_field_selection_keeps_all_fields(trained_model_dir, tmp_path):
    lines = [{"body": t, "meta": {"n": i}} for i, t in enumerate(SENTENCES)]
    lines[1]["extra"] = True
    (tmp_path / "in.jsonl").write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    result = run_score(trained_model_dir, tmp_path / "in.jsonl", "--text-column", "body", "--workers", "1")
    assert result.exit_code == 0, result.output
    rows = read_jsonl(result.stdout)
    assert [r["meta"] for r in rows] == [{"n": 0}, {"n": 1}, {"n": 2}]
    assert rows[1]["extra"] is True
    assert rows[0]["label"] == "threat"


def test_input_column_named_like_an_added_column_is_kept(trained_model_dir, tmp_path):
    write_csv_rows(tmp_path / "in.csv", ["text", "label"], [(SENTENCES[0], "gold")])
    result = run_score(trained_model_dir, tmp_path / "in.csv", "--workers", "1")
    assert result.exit_code == 0, result.output
    row = read_csv(result.stdout)[0]
    assert row["input_label"] == "gold"
    assert row["label"] == "threat"


def test_explain_adds_an_explanation_column(trained_model_dir, tmp_path):
    _write_input(tmp_path / "in.csv", "csv")
    result = run_score(trained_model_dir, tmp_path / "in.csv", "--explain", "--workers", "1")
    assert result.exit_code == 0, result.output
    explanation = json.loads(read_csv(result.stdout)[0]["explanation"])
    assert explanation["toward"]


def test_several_inputs_go_into_one_output_with_a_source_column(trained_model_dir, tmp_path):
    first = _write_input(tmp_path / "a.csv", "csv")
    second = _write_input(tmp_path / "b.csv", "csv")
    result = run_score(trained_model_dir, first, second, "--workers", "1")
    assert result.exit_code == 0, result.output
    rows = read_csv(result.stdout)
    assert [r["source"] for r in rows] == [str(first)] * 3 + [str(second)] * 3
    assert [r["id"] for r in rows] == ["1", "2", "3"] * 2


def test_a_quoted_glob_is_expanded(trained_model_dir, tmp_path):
    for name in ("a.csv", "b.csv"):
        _write_input(tmp_path / name, "csv")
    result = run_score(trained_model_dir, tmp_path / "*.csv", "--workers", "1")
    assert result.exit_code == 0, result.output
    assert len(read_csv(result.stdout)) == 6


def test_several_inputs_with_different_columns_fail_before_writing(trained_model_dir, tmp_path):
    first = _write_input(tmp_path / "a.csv", "csv")
    second = write_csv_rows(tmp_path / "b.csv", ["text"], [(SENTENCES[0],)])
    result = run_score(trained_model_dir, first, second, "-o", tmp_path / "out.csv")
    assert result.exit_code == 1
    assert f"Error: {second}: columns ['text'] differ from {first}'s ['id', 'text']" in result.output
    assert not (tmp_path / "out.csv").exists()
