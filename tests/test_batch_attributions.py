"""``stance score --attributions`` adds speaker and disputed columns to every tabular output format."""

import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from batch_helpers import read_csv, read_jsonl, run_score, write_csv_rows

from model.artifact import load_artifact
from model.attribution import attribution_columns
from service.batch.run import ScoreOptions, score_files

SENTENCES = [
    "Security analysts stress that the arming of the force does not represent a threat, as claimed by Serbia.",
    "Belgrade warned that the new drones endanger Serbs in the north.",
    "The shipment of anti-tank missiles arrived on Tuesday.",
    "The minister said the deal was signed, while the opposition claimed it was illegal.",
]
ADDED = ["label", "confidence", "p_neutral", "p_stability", "p_threat", "model", "error", "warning"]
EXPECTED = [attribution_columns(text) for text in SENTENCES]


def _write_input(path, fmt):
    """Write SENTENCES with an id column, plus one row with empty text, in ``fmt``."""
    rows = [(str(i), text) for i, text in enumerate([*SENTENCES, ""], 1)]
    if fmt in ("csv", "tsv"):
        write_csv_rows(path, ["id", "text"], rows, delimiter="," if fmt == "csv" else "\t")
    elif fmt == "jsonl":
        path.write_text("".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in rows), encoding="utf-8")
    else:
        pq.write_table(pa.table({"id": [i for i, _ in rows], "text": [t for _, t in rows]}), path)
    return path


def _read_output(path, fmt):
    """Read the output back: (column names, rows as dicts)."""
    if fmt == "parquet":
        table = pq.read_table(path)
        return table.column_names, table.to_pylist()
    text = path.read_text(encoding="utf-8")
    if fmt == "jsonl":
        rows = read_jsonl(text)
        return list(rows[0]), rows
    rows = read_csv(text, delimiter="," if fmt == "csv" else "\t")
    return list(rows[0]), rows


def test_the_sentences_have_speakers_and_a_disputed_source():
    # Guards the other tests: they would pass vacuously if no sentence had a source.
    assert EXPECTED[0] == {"speaker": "Security analysts", "disputed": "Serbia"}
    assert EXPECTED[1] == {"speaker": "Belgrade", "disputed": ""}
    assert EXPECTED[2] == {"speaker": "", "disputed": ""}
    assert "|" in EXPECTED[3]["speaker"]


@pytest.mark.parametrize("fmt", ["csv", "tsv", "jsonl", "parquet"])
def test_every_format_gets_speaker_and_disputed_after_the_other_columns(trained_model_dir, tmp_path, fmt):
    source = _write_input(tmp_path / f"in.{fmt}", fmt)
    output = tmp_path / f"out.{fmt}"
    result = run_score(trained_model_dir, source, "-o", output, "--attributions", "--workers", "1")
    assert result.exit_code == 0, result.output
    columns, rows = _read_output(output, fmt)
    assert columns == ["id", "text", *ADDED, "speaker", "disputed"]
    assert [{"speaker": r["speaker"], "disputed": r["disputed"]} for r in rows[:-1]] == EXPECTED
    assert rows[-1]["error"] == "text is empty or only whitespace (or invisible characters)"


def test_csv_leaves_the_sources_of_an_unscored_row_empty(trained_model_dir, tmp_path):
    result = run_score(trained_model_dir, _write_input(tmp_path / "in.csv", "csv"), "--attributions", "--workers", "1")
    assert result.exit_code == 0, result.output
    rows = read_csv(result.stdout)
    assert rows[0]["speaker"] == "Security analysts" and rows[0]["disputed"] == "Serbia"
    assert rows[3]["speaker"] == "The minister|the opposition"
    assert (rows[-1]["label"], rows[-1]["speaker"], rows[-1]["disputed"]) == ("", "", "")


def test_jsonl_gives_empty_strings_for_no_source_and_null_for_an_unscored_row(trained_model_dir, tmp_path):
    source = tmp_path / "in.jsonl"
    lines = [{"text": SENTENCES[0], "meta": {"n": 1}}, {"text": SENTENCES[2]}, {"text": "  "}]
    source.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    result = run_score(trained_model_dir, source, "--attributions", "--workers", "1")
    assert result.exit_code == 0, result.output
    rows = read_jsonl(result.stdout)
    assert (rows[0]["speaker"], rows[0]["disputed"], rows[0]["meta"]) == ("Security analysts", "Serbia", {"n": 1})
    assert (rows[1]["speaker"], rows[1]["disputed"]) == ("", "")
    assert (rows[2]["speaker"], rows[2]["disputed"], rows[2]["error"]) == (
        None,
        None,
        "text is empty or only whitespace (or invisible characters)",
    )


def test_input_columns_named_speaker_and_disputed_are_renamed_like_label(trained_model_dir, tmp_path):
    # The gold test file has speaker and disputed columns: scoring it must keep them next to the found ones.
    source = write_csv_rows(
        tmp_path / "gold.csv",
        ["text", "label", "speaker", "disputed"],
        [(SENTENCES[0], "stability", "analysts", "Serbia")],
    )
    result = run_score(trained_model_dir, source, "--attributions", "--workers", "1")
    assert result.exit_code == 0, result.output
    header = result.stdout.splitlines()[0].split(",")
    assert header == ["text", "input_label", "input_speaker", "input_disputed", *ADDED, "speaker", "disputed"]
    row = read_csv(result.stdout)[0]
    assert (row["input_speaker"], row["input_disputed"]) == ("analysts", "Serbia")
    assert (row["speaker"], row["disputed"]) == ("Security analysts", "Serbia")


def test_without_the_flag_nothing_changes_and_speaker_is_not_renamed(trained_model_dir, tmp_path):
    source = write_csv_rows(tmp_path / "gold.csv", ["text", "speaker"], [(SENTENCES[1], "Belgrade")])
    result = run_score(trained_model_dir, source, "--workers", "1")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0].split(",") == ["text", "speaker", *ADDED]


def test_jsonl_fields_named_like_the_added_columns_are_renamed(trained_model_dir, tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"text": SENTENCES[1], "speaker": "gold"}) + "\n", encoding="utf-8")
    result = run_score(trained_model_dir, source, "--attributions", "--workers", "1")
    assert result.exit_code == 0, result.output
    (row,) = read_jsonl(result.stdout)
    assert (row["input_speaker"], row["speaker"]) == ("gold", "Belgrade")


def test_explain_and_attributions_together(trained_model_dir, tmp_path):
    source = _write_input(tmp_path / "in.csv", "csv")
    result = run_score(trained_model_dir, source, "--explain", "--attributions", "--workers", "1")
    assert result.exit_code == 0, result.output
    header = result.stdout.splitlines()[0].split(",")
    assert header[-3:] == ["explanation", "speaker", "disputed"]
    assert json.loads(read_csv(result.stdout)[0]["explanation"])["toward"]


def test_text_output_is_refused_with_a_clear_error(trained_model_dir, tmp_path):
    source = tmp_path / "in.txt"
    source.write_text("\n".join(SENTENCES) + "\n", encoding="utf-8")
    result = run_score(trained_model_dir, source, "--attributions", "--output-format", "txt")
    assert result.exit_code == 1
    assert result.output.startswith("Error: --attributions adds columns, and text output has one label per line;")


def test_text_input_gets_the_columns_in_jsonl(trained_model_dir, tmp_path):
    source = tmp_path / "in.txt"
    source.write_text("\n".join(SENTENCES) + "\n", encoding="utf-8")
    result = run_score(trained_model_dir, source, "--attributions", "--workers", "1")
    assert result.exit_code == 0, result.output
    assert [{"speaker": r["speaker"], "disputed": r["disputed"]} for r in read_jsonl(result.stdout)] == EXPECTED


def test_worker_processes_add_the_same_columns(trained_model_dir, tmp_path):
    source = write_csv_rows(tmp_path / "in.csv", ["text"], [(text,) for text in SENTENCES * 5])
    predictor = load_artifact(trained_model_dir, "framing")
    outputs = {}
    for workers in (1, 2):
        output = tmp_path / f"out-{workers}.csv"
        options = ScoreOptions(
            inputs=[str(source)],
            output=str(output),
            model_dir=str(trained_model_dir),
            batch_size=3,
            workers=workers,
            attributions=True,
        )
        score_files(predictor, options)
        outputs[workers] = read_csv(output.read_text(encoding="utf-8"))
    assert outputs[1] == outputs[2]
    assert [r["speaker"] for r in outputs[2]] == [e["speaker"] for e in EXPECTED] * 5
