"""stance review: the N rows with the smallest margin between the two likeliest labels, for labelling."""

import csv
import io
import json

import numpy as np
import pytest
from click.testing import CliRunner

from model.artifact import load_artifact
from service.cli import cli
from service.review import least_certain, margins
from tests.conftest import TINY_CORPUS, TINY_TEST

TEXTS = [t for texts in TINY_TEST.values() for t in texts] + [
    "Villagers say the howitzers on the ridge terrify their children.",
    "Engineers repainted the howitzers in green.",
    "The howitzers were unloaded at the port on Thursday.",
    TINY_CORPUS["threat"][0],
]


def write_input(path, texts, column="text"):
    """Write ``texts`` as a one-column CSV with an id column first."""
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", column])
        writer.writerows([i, t] for i, t in enumerate(texts))
    return path


def expected_order(model_dir, texts):
    """Rows (from 1) sorted by margin computed here straight from predict_proba."""
    proba = load_artifact(model_dir, "framing").predict_proba(texts)
    ordered = np.sort(proba, axis=1)
    gaps = ordered[:, -1] - ordered[:, -2]
    return sorted(range(1, len(texts) + 1), key=lambda row: (gaps[row - 1], row)), gaps


def test_margins():
    proba = np.array([[0.5, 0.3, 0.2], [0.34, 0.33, 0.33], [0.1, 0.1, 0.8]])
    assert margins(proba) == pytest.approx([0.2, 0.01, 0.7])


def test_review_writes_the_least_certain_rows(model_dir, tmp_path):
    source = write_input(tmp_path / "unlabeled.csv", TEXTS)
    out = tmp_path / "queue.csv"
    result = CliRunner().invoke(cli, ["review", str(source), "-n", "4", "-o", str(out), "--model-dir", str(model_dir)])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert list(rows[0]) == ["row", "text", "predicted", "margin", "p_neutral", "p_stability", "p_threat", "label"]
    order, gaps = expected_order(model_dir, TEXTS)
    assert [int(r["row"]) for r in rows] == order[:4]
    for r in rows:
        index = int(r["row"]) - 1
        assert r["text"] == TEXTS[index]
        assert float(r["margin"]) == pytest.approx(gaps[index], abs=1e-4)
        probabilities = {label: float(r[f"p_{label}"]) for label in ("neutral", "stability", "threat")}
        assert r["predicted"] == max(probabilities, key=probabilities.get)
        assert r["label"] == ""
    assert [float(r["margin"]) for r in rows] == sorted(float(r["margin"]) for r in rows)


def test_small_batches_give_the_same_queue(model_dir):
    predictor = load_artifact(model_dir, "framing")
    rows = list(enumerate(TEXTS, start=1))
    whole, scored = least_certain(predictor, rows, 5)
    batched, _ = least_certain(predictor, rows, 5, batch_rows=2)
    assert scored == len(TEXTS)
    assert batched == whole


def test_a_repeated_text_is_offered_once(model_dir):
    predictor = load_artifact(model_dir, "framing")
    text = "Engineers repainted the howitzers in green."
    candidates, _ = least_certain(predictor, [(1, text), (2, text.upper()), (3, TEXTS[0])], 3)
    assert sorted(c.row for c in candidates) == [1, 3]


def test_n_larger_than_the_input_returns_every_row(model_dir, tmp_path):
    source = tmp_path / "lines.txt"
    source.write_text("\n".join(TEXTS[:3]) + "\n\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["review", str(source), "-n", "50", "--model-dir", str(model_dir)])
    assert result.exit_code == 0, result.output
    assert sorted(int(r["row"]) for r in csv.DictReader(io.StringIO(result.output))) == [1, 2, 3]


def test_jsonl_and_stdin(model_dir, tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps({"sentence": t}) + "\n" for t in TEXTS), encoding="utf-8")
    args = ["review", "-n", "3", "--text-column", "sentence", "--model-dir", str(model_dir)]
    from_file = CliRunner().invoke(cli, [*args, str(source)])
    assert from_file.exit_code == 0, from_file.output
    piped = CliRunner().invoke(cli, [*args, "--format", "jsonl", "-"], input=source.read_text(encoding="utf-8"))
    assert piped.output == from_file.output
    assert len(from_file.output.splitlines()) == 4


@pytest.mark.parametrize(
    "name, content, message",
    [
        (
            "in.csv",
            "id,body\n1,hello\n",
            "Error: {path}: no column 'text'; the header has 'id', 'body' (see --text-column)",
        ),
        (
            "semicolons.csv",
            "id;text\n1;hello\n",
            "Error: {path}: no column 'text'; the header has 'id;text' (see --text-column); it is separated by ';' "
            "(as Excel saves CSV in some locales); save it as comma-separated 'CSV UTF-8'",
        ),
        ("missing.csv", None, "Error: {path}: no such file"),
        ("in.jsonl", '{"text": "ok"}\nnot json\n', "Error: {path}:2: not valid JSON (Expecting value)"),
        ("in.xyz", "text\n", "Error: {path}: cannot tell the format from the extension '.xyz'; pass --format"),
    ],
)
def test_bad_inputs_give_one_error_line(model_dir, tmp_path, name, content, message):
    path = tmp_path / name
    if content is not None:
        path.write_text(content, encoding="utf-8")
    result = CliRunner().invoke(cli, ["review", str(path), "--model-dir", str(model_dir)])
    assert result.exit_code == 1
    assert result.output.splitlines()[0].startswith(message.format(path=path))


def test_review_needs_a_model(tmp_path):
    source = write_input(tmp_path / "in.csv", TEXTS)
    result = CliRunner().invoke(cli, ["review", str(source), "--model-dir", str(tmp_path / "none")])
    assert result.exit_code == 1
    assert "no trained model for task 'framing'" in result.output


def test_blank_rows_are_named_not_dropped_silently(model_dir, tmp_path, caplog):
    source = tmp_path / "with-blanks.csv"
    source.write_text(
        'text\nThe drills are a provocation, Tarsk said.\n""\nThe ships arrived on Monday.\n  \n', encoding="utf-8"
    )
    out = tmp_path / "queue.csv"
    result = CliRunner().invoke(cli, ["review", str(source), "-o", str(out), "--model-dir", str(model_dir)])
    assert result.exit_code == 0, result.output
    assert sorted(int(r["row"]) for r in csv.DictReader(io.StringIO(out.read_text(encoding="utf-8")))) == [1, 3]
    assert "2 blank rows of" in caplog.text and "not reviewed (nothing to label): 2, 4" in caplog.text


@pytest.mark.parametrize(
    "content, message",
    [
        (
            b'id,text\n1,The ships arrived.\n2,"The quote opens here\n3,and the rows after it\n4,end with "a quote".\n',
            "Error: {path}, line 3: malformed CSV in the record that starts there, row 2 (',' expected after '\"'); "
            "is a closing quote missing?",
        ),
        (
            b'id,text\n1,"never closed\n2,The ships arrived.\n',
            "Error: {path}, line 2: malformed CSV in the record that starts there, row 1 (unexpected end of data); "
            "is a closing quote missing?",
        ),
        (
            b"id,text,text\n1,The ships arrived.,The ships left.\n",
            "Error: {path}: the header names 'text' twice; rename one of them",
        ),
        (
            b"id,text\n1,The ships arrived.\n2,Caf\xe9 owners fear the base.\n",
            "Error: {path}, row 2: byte 0xe9 is not valid UTF-8; convert the file to UTF-8",
        ),
    ],
)
def test_a_file_review_cannot_read_whole_is_refused_by_line_not_folded(model_dir, tmp_path, content, message):
    path = tmp_path / "in.csv"
    path.write_bytes(content)
    result = CliRunner().invoke(cli, ["review", str(path), "--model-dir", str(model_dir)])
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == message.format(path=path)


def test_bytes_that_are_not_utf8_on_stdin_are_named_not_a_traceback(model_dir):
    args = ["review", "-", "--format", "txt", "--model-dir", str(model_dir)]
    result = CliRunner().invoke(cli, args, input=b"The ships arrived.\nThe radar \xff is here.\n")
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == "Error: -, row 2: byte 0xff is not valid UTF-8; convert the file to UTF-8"
