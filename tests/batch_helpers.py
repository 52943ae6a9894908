"""Helpers shared by the batch scoring tests: run ``stance score`` and read its output back."""

import csv
import io
import json

from click.testing import CliRunner

from service.cli import cli


def run_score(model_dir, *args, input=None):
    """Invoke ``stance score`` in-process and return the click result."""
    return CliRunner().invoke(cli, ["score", *map(str, args), "--model-dir", str(model_dir)], input=input)


def read_csv(text, delimiter=","):
    """Return the rows of CSV text as dicts."""
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter))


def read_jsonl(text):
    """Return the objects of JSONL text."""
    return [json.loads(line) for line in text.splitlines()]


def write_csv_rows(path, header, rows, delimiter=","):
    """Write a CSV/TSV file with a header and return its path."""
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter=delimiter)
        writer.writerow(header)
        writer.writerows(rows)
    return path
