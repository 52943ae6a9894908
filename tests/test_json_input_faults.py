"""JSON that parses in Python's eyes but no output can hold: numbers too long to convert, lone surrogates."""

import json

import pyarrow.parquet as pq
import pytest
from analyze_corpus_helpers import read_rows, run_analyze
from batch_helpers import read_csv, read_jsonl, run_score

from model.json_text import json_error, load_json, without_surrogates

HUGE = "9" * 5000  # over Python's 4,300-digit limit for turning text into an int
GOOD = "The ministry said the new radars are purely defensive."


def _jsonl(path, lines):
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def test_a_number_too_long_to_convert_is_a_json_error_with_its_place():
    with pytest.raises(json.JSONDecodeError) as caught:
        load_json('{"text": "x",\n "id": -' + HUGE + "}")
    assert caught.value.msg == "a number has more than 4300 digits"
    assert (caught.value.lineno, caught.value.colno) == (2, 8)
    with pytest.raises(json.JSONDecodeError, match="more than 4300 digits: line 1 column 8"):
        load_json(b'{"id": ' + HUGE.encode() + b"}")


def test_a_json_error_message_does_not_repeat_at():
    with pytest.raises(json.JSONDecodeError) as caught:
        load_json('{"text": "unclosed}')
    assert json_error(caught.value) == "Unterminated string starting at column 10"
    assert json_error(caught.value, with_line=True) == "Unterminated string starting at line 1 column 10"


def test_lone_surrogates_are_replaced_and_reported_but_pairs_are_text():
    line = '{"text": "a \\ud800 b", "tags": ["\\udfff"], "emoji": "\\ud83d\\ude00"}'
    cleaned, found = without_surrogates(line, json.loads(line))
    assert found
    assert cleaned == {"text": "a \ufffd b", "tags": ["\ufffd"], "emoji": "\U0001f600"}
    pair = '{"text": "\\ud83d\\ude00 drones"}'
    assert without_surrogates(pair, json.loads(pair)) == ({"text": "\U0001f600 drones"}, False)


@pytest.mark.parametrize("body", ['{"text": "Radars.", "explain": ' + HUGE + "}", '{"text": -' + HUGE + "}"])
def test_the_api_answers_a_huge_number_with_400_not_500(client, body):
    response = client.post("/v1/classify", data=body, content_type="application/json")
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["code"] == "invalid_json"
    assert "a number has more than 4300 digits at line 1 column" in error["message"]


def test_the_api_names_an_unterminated_string_without_at_at(client):
    response = client.post("/v1/classify", data='{"text": "Radars.}', content_type="application/json")
    assert response.status_code == 400
    assert "Unterminated string starting at line 1 column 10" in response.get_json()["error"]["message"]


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_huge_number_in_one_jsonl_line_is_that_rows_error(trained_model_dir, tmp_path, workers):
    lines = [json.dumps({"id": n, "text": GOOD}) for n in range(1, 41)]
    lines[24] = '{"id": ' + HUGE + ', "text": "The frigate docked."}'
    path = _jsonl(tmp_path / "in.jsonl", lines)
    result = run_score(trained_model_dir, path, "--output-format", "csv", "--workers", workers, "--batch-size", "7")
    assert result.exit_code == 0, result.output
    rows = read_csv(result.stdout)
    assert len(rows) == 40
    # The row keeps none of the line's fields, so its error names the line (chunk 4 of 7 lines starts at 22).
    assert rows[24]["error"] == "line 25: malformed JSON: a number has more than 4300 digits at column 8"
    assert all(row["label"] for k, row in enumerate(rows) if k != 24)


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
def test_lone_surrogates_in_jsonl_flag_their_rows_and_every_output_format_is_written(
    trained_model_dir, tmp_path, fmt, caplog
):
    lines = [
        json.dumps({"id": 1, "text": GOOD, "note": "ok"}),
        '{"id": 2, "text": "\\ud800 radars are new", "note": "ok"}',
        json.dumps({"id": 3, "text": GOOD, "note": "ok"}),
        '{"id": 4, "text": "The frigate docked.", "note": "\\udfff"}',
    ]
    out = tmp_path / f"out.{fmt}"
    result = run_score(trained_model_dir, _jsonl(tmp_path / "in.jsonl", lines), "-o", out)
    assert result.exit_code == 0, (result.output, result.exception)
    if fmt == "csv":
        rows = read_csv(out.read_text(encoding="utf-8"))
    elif fmt == "jsonl":
        rows = read_jsonl(out.read_text(encoding="utf-8"))
    else:
        rows = pq.read_table(out).to_pylist()
    assert [row["error"] or "" for row in rows] == [
        "",
        "unpaired surrogate escape (\\ud800-\\udfff): not valid text",
    ] * 2
    assert [row["label"] or "" for row in rows][::2] != ["", ""]
    assert rows[1]["text"] == "\ufffd radars are new" and rows[3]["note"] == "\ufffd"
    assert "in.jsonl:2: unpaired surrogate escape" in caplog.text


def test_stance_analyze_keeps_a_line_with_a_lone_surrogate_as_an_error_row(trained_model_dir, tmp_path):
    lines = [
        json.dumps({"id": "a", "text": GOOD}),
        '{"id": "b", "text": "Radars \\ud800."}',
        '{"id": "c", "text": "Drones.", "n": ' + HUGE + "}",
    ]
    out = tmp_path / "out.csv"
    result = run_analyze(trained_model_dir, _jsonl(tmp_path / "in.jsonl", lines), "--text-column", "text", "-o", out)
    assert result.exit_code == 0, (result.output, result.exception)
    errors = [row["error"] for row in read_rows(out, "csv")]
    assert errors[0] == ""
    assert "unpaired surrogate escape" in errors[-2]
    assert "a number has more than 4300 digits" in errors[-1]


@pytest.mark.parametrize("text", ["\u200b\u200d\ufeff", "\u0301\u0301\u0301", " \u200b "])
def test_a_text_of_invisible_characters_is_empty_for_the_api(client, text):
    response = client.post("/v1/classify", json={"text": text})
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "empty_text"


def test_batch_scoring_refuses_invisible_and_nul_texts_as_the_api_does(trained_model_dir, tmp_path):
    lines = [json.dumps({"text": t}) for t in (GOOD, "\u200b\u200d", "Radars\x00 are new.", "é")]
    result = run_score(trained_model_dir, _jsonl(tmp_path / "in.jsonl", lines), "--output-format", "csv")
    assert result.exit_code == 0, result.output
    rows = read_csv(result.stdout)
    assert [row["error"] for row in rows] == [
        "",
        "text is empty or only whitespace (or invisible characters)",
        "text contains a NUL character",
        "",
    ]
    assert rows[2]["text"] == "Radars\x00 are new."


def test_a_compressed_body_is_refused_as_compressed_not_as_bad_utf8(client):
    import gzip

    body = gzip.compress(json.dumps({"text": GOOD}).encode())
    response = client.post(
        "/v1/classify", data=body, content_type="application/json", headers={"Content-Encoding": "gzip"}
    )
    assert response.status_code == 415
    assert response.get_json()["error"] == {
        "code": "unsupported_media_type",
        "message": "Content-Encoding 'gzip' is not supported; send the body uncompressed",
        "field": None,
    }


@pytest.mark.parametrize("path", ["/v1/classify", "/v1/analyze"])
def test_a_field_sent_as_a_query_parameter_is_refused_not_ignored(client, path):
    response = client.post(f"{path}?task=nope", json={"text": GOOD})
    assert response.status_code == 400
    assert response.get_json()["error"] == {
        "code": "unknown_field",
        "message": "query parameter 'task' is not accepted: send every field in the JSON body",
        "field": "task",
    }


def test_stance_analyze_gives_an_invisible_or_nul_article_its_error_row(trained_model_dir, tmp_path):
    lines = [json.dumps({"id": i, "text": t}) for i, t in enumerate([GOOD, "\u200b\u200d", "Radars\x00 moved."])]
    out = tmp_path / "out.csv"
    result = run_analyze(trained_model_dir, _jsonl(tmp_path / "in.jsonl", lines), "--text-column", "text", "-o", out)
    assert result.exit_code == 0, (result.output, result.exception)
    errors = [row["error"] for row in read_rows(out, "csv")]
    assert errors == ["", "text is empty or only whitespace (or invisible characters)", "text contains a NUL character"]


def test_a_training_file_that_names_a_column_twice_is_refused(tmp_path):
    from training.data import DataError, load_labeled

    path = tmp_path / "train.csv"
    path.write_text("text,label,text\nThe radars are new.,neutral,The radars are old.\n", encoding="utf-8")
    with pytest.raises(DataError, match="train.csv:1: the header names 'text' twice; rename one of them"):
        load_labeled(path)
