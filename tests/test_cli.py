"""The `stance` command, through click's CliRunner."""

import json

import click
import pytest
from click.testing import CliRunner

from model.artifact import load_artifact, read_metadata
from model.store import current_version
from service.cli import cli
from tests.conftest import TINY_TEST


@pytest.fixture
def runner():
    return CliRunner()


def all_commands(group, prefix=()):
    for name, command in group.commands.items():
        yield (*prefix, name), command
        if isinstance(command, click.Group):
            yield from all_commands(command, (*prefix, name))


@pytest.mark.parametrize("path", [p for p, _ in all_commands(cli)], ids=" ".join)
def test_every_command_has_help(runner, path):
    result = runner.invoke(cli, [*path, "--help"])
    assert result.exit_code == 0
    assert "Usage:" in result.output
    assert len(result.output.splitlines()) > 3


def test_train_prints_version_and_metrics(runner, tiny_task, tmp_path):
    result = runner.invoke(
        cli, ["train", "--data", str(tiny_task.data), "--test", str(tiny_task.test), "--model-dir", str(tmp_path / "m")]
    )
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["version"] == current_version(tmp_path / "m", "framing")
    assert set(summary["test"]) == {"n", "accuracy", "macro_f1", "ece"}


def test_train_with_bad_data_fails_cleanly(runner, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("text,label\nA sentence,maybe\n")
    result = runner.invoke(cli, ["train", "--data", str(bad), "--model-dir", str(tmp_path / "m")])
    assert result.exit_code == 1
    assert f"Error: {bad}:2: unknown label 'maybe'" in result.output
    assert not (tmp_path / "m" / "framing" / "CURRENT").exists()


def test_classify_arguments_print_one_json_object_each(runner, model_dir):
    texts = [TINY_TEST["threat"][0], TINY_TEST["neutral"][0]]
    result = runner.invoke(cli, ["classify", *texts, "--model-dir", str(model_dir)])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["text"] for line in lines] == texts
    expected = load_artifact(model_dir, "framing").predict(texts)
    assert lines == expected
    assert set(lines[0]) == {"text", "label", "confidence", "probabilities", "model"}


def test_classify_reads_stdin_and_keeps_blank_lines(runner, model_dir, monkeypatch):
    monkeypatch.setenv("STANCE_MODEL_DIR", str(model_dir))
    result = runner.invoke(
        cli, ["classify"], input=b"The drones threaten peace.\n\nThe budget passed.\nbad \xff byte\n"
    )
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == 4
    assert lines[3]["error"] == "line is not valid UTF-8"
    assert lines[1] == {
        "text": "",
        "error": "text is empty or only whitespace (or invisible characters)",
        "model": current_version(model_dir, "framing"),
    }
    assert lines[2]["label"] in {"threat", "stability", "neutral"}


def test_classify_drops_a_byte_order_mark_and_refuses_what_the_api_refuses(runner, model_dir, monkeypatch):
    monkeypatch.setenv("STANCE_MODEL_DIR", str(model_dir))
    stdin = "\ufeffThe budget passed.\nThe drones\x00 threaten peace.\n\u200b\u200d\n".encode()
    result = runner.invoke(cli, ["classify"], input=stdin)
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert lines[0]["text"] == "The budget passed." and "label" in lines[0]
    assert [line.get("error") for line in lines[1:]] == [
        "text contains a NUL character",
        "text is empty or only whitespace (or invisible characters)",
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["A sentence.", "\u200b\u200d"],
            "Error: text argument 2 is empty or only whitespace (or invisible characters)",
        ),
        (["  "], "Error: text argument 1 is empty or only whitespace (or invisible characters)"),
        (
            ["--target", "\u2060", "A sentence."],
            "Error: --target is empty or only whitespace (or invisible characters)",
        ),
    ],
)
def test_a_blank_classify_argument_is_a_usage_error_naming_it(runner, model_dir, args, message):
    result = runner.invoke(cli, ["classify", "--model-dir", str(model_dir), *args])
    # A usage error (exit 2), not a line of output with an error: an argument is no line of input.
    assert result.exit_code == 2, result.output
    assert message in result.output and result.stdout.count("{") == 0


def test_classify_reads_a_real_pipe_and_a_closed_stdin_is_an_error(model_dir):
    import os
    import subprocess
    import sys

    command = [sys.executable, "-c", "from service.cli import cli; cli()", "classify", "--model-dir", str(model_dir)]
    # A real pipe goes through the signal-aware reader (CliRunner's stdin has no file descriptor).
    piped = subprocess.run(command, input=b"The drones threaten peace.\n\n", capture_output=True)
    assert piped.returncode == 0, piped.stderr
    assert [json.loads(line).get("error") for line in piped.stdout.splitlines()] == [
        None,
        "text is empty or only whitespace (or invisible characters)",
    ]
    closed = subprocess.run(command, capture_output=True, stdin=subprocess.DEVNULL, preexec_fn=lambda: os.close(0))
    assert closed.returncode == 1
    assert b"stdin is closed" in closed.stderr and b"Traceback" not in closed.stderr


def test_classify_explain_lists_ngrams(runner, model_dir):
    result = runner.invoke(cli, ["classify", "--explain", "--model-dir", str(model_dir), TINY_TEST["threat"][1]])
    explanation = json.loads(result.stdout)["explanation"]
    assert explanation["toward"] and all(item["weight"] > 0 for item in explanation["toward"])
    assert all(item["weight"] < 0 for item in explanation["against"])


def test_classify_without_a_model_says_how_to_train(runner, tmp_path):
    result = runner.invoke(cli, ["classify", "--model-dir", str(tmp_path), "text"])
    assert result.exit_code == 1
    assert "Error: no trained model for task 'framing'" in result.output
    assert "make train" in result.output


def test_unknown_task_is_an_error(runner, model_dir):
    result = runner.invoke(cli, ["classify", "--task", "nope", "--model-dir", str(model_dir), "text"])
    assert result.exit_code == 1
    assert "Error: unknown task 'nope'; declared tasks: framing" in result.output


def test_evaluate_prints_metrics(runner, model_dir, tiny_task):
    result = runner.invoke(cli, ["evaluate", str(tiny_task.test), "--model-dir", str(model_dir)])
    assert result.exit_code == 0, result.output
    metrics = json.loads(result.stdout)
    assert metrics["n"] == 9
    assert metrics["model"] == current_version(model_dir, "framing")
    # The same model on the same test file: the figures training recorded.
    recorded = read_metadata(model_dir, "framing", metrics["model"])["metrics"]
    assert metrics["macro_f1"] == pytest.approx(recorded["macro_f1"])
    assert metrics["accuracy"] == pytest.approx(recorded["accuracy"])


def test_data_check_clean_and_dirty(runner, tiny_task, tmp_path):
    clean = runner.invoke(cli, ["data", "check", str(tiny_task.data), "--test", str(tiny_task.test)])
    assert clean.exit_code == 0, clean.output
    assert "36 rows" in clean.output
    assert "conflicting labels: 0" in clean.output
    dirty = tmp_path / "dirty.csv"
    dirty.write_text("text,label\nThe tanks rolled in.,threat\nthe tanks rolled in,neutral\n")
    result = runner.invoke(cli, ["data", "check", str(dirty)])
    assert result.exit_code == 1
    assert "conflicting labels: 1" in result.output
    assert "line 2 threat, line 3 neutral" in result.output


def test_data_check_lists_rows_sharing_six_words_with_real_news_without_the_real_text(
    runner, tiny_task, tmp_path, monkeypatch
):
    real = tmp_path / "real.jsonl"
    real.write_text(
        json.dumps({"text": "Villagers said the armoured column parked by the crossing frightened their children.",
                    "label": "threat"}) + "\n",
        encoding="utf-8",
    )  # fmt: skip
    monkeypatch.setenv("STANCE_REALNEWS", str(real))
    written = tmp_path / "written.csv"
    written.write_text(
        "text,label\nA reporter saw the armoured column parked by the crossing on Sunday.,neutral\n"
        "The ministry published its budget.,neutral\n",
        encoding="utf-8",
    )
    result = runner.invoke(cli, ["data", "check", str(written)])
    assert result.exit_code == 1
    assert "rows sharing 6 or more consecutive words with a real-news sentence: 1" in result.output
    assert f"{written}:2 (real-news row 1)" in result.output
    assert "frightened" not in result.output
    monkeypatch.setenv("STANCE_REALNEWS", str(tmp_path / "absent.jsonl"))
    assert "real-news sentence" not in runner.invoke(cli, ["data", "check", str(written)]).output
