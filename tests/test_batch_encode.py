"""CSV/TSV output that copies each input record holds exactly the cells a csv writer would write."""

import csv
import io

import numpy as np
import pytest

from model.artifact import load_artifact
from model.predictor import summarise_proba
from service.batch.chunks import Chunk, Layout
from service.batch.encode import _PROBABILITY_TEXT, encode_rows
from service.batch.score import score_chunk

RECORDS = [
    '1,"A quoted sentence\nwith a newline, warned of a dangerous provocation."\r\n',
    '"2","Over-quoted fields, ""with quotes"" inside, reassure allies."\r\n',
    "3,Plain text that contributes to stability and calm\n",
    "4,\n",
    "5,Bad bytes \udcff in a row\n",
    "6,one,too many\n",
    "\n",
    '7,"Ends with a quoted line end\r\n"\n',
    "8,Tab\tinside and a trailing space \n",
    "9,No line end at the end of the chunk",
]


def _layout(predictor, delimiter_format, **options):
    """A layout for ``id,text`` input written back in the same format."""
    return Layout(
        input_format=delimiter_format,
        output_format=delimiter_format,
        columns=("id", "text"),
        text_column="text",
        id_column="id",
        labels=tuple(predictor.labels),
        model=predictor.version,
        **options,
    )


def _parsed(payload, delimiter):
    """The cells of CSV/TSV output bytes."""
    return list(csv.reader(io.StringIO(payload.decode("utf-8"), newline=""), delimiter=delimiter))


@pytest.mark.parametrize(
    "options",
    [{}, {"source": "news, part 1.csv"}, {"explain": True}, {"attributions": True}],
    ids=["plain", "source", "explain", "attributions"],
)
@pytest.mark.parametrize("fmt, delimiter", [("csv", ","), ("tsv", "\t")])
def test_copied_records_parse_to_the_csv_writers_cells(trained_model_dir, monkeypatch, fmt, delimiter, options):
    predictor = load_artifact(trained_model_dir, "framing")
    text = "".join(RECORDS) if fmt == "csv" else "".join(RECORDS).replace(",", "\t")
    payload = text.encode("utf-8", errors="surrogateescape")
    chunk = Chunk(_layout(predictor, fmt, **options), payload, first_line=2, size=len(payload))

    copied = _parsed(score_chunk(predictor, chunk).payload, delimiter)
    # The same chunk through the csv writer: the records are withheld, so every field is quoted anew.
    with monkeypatch.context() as patch:
        patch.setattr("service.batch.score.encode_rows", lambda *args: encode_rows(*args[:5], records=None))
        written = _parsed(score_chunk(predictor, chunk).payload, delimiter)

    assert copied == written
    # Every row is kept (the blank line is a row with an error), and quoted line ends stay in their cell.
    assert len(copied) == len(RECORDS)
    text_cell = 2 if "source" in options else 1
    assert copied[0][text_cell].startswith("A quoted sentence\nwith a newline")
    assert copied[7][text_cell] == "Ends with a quoted line end\r\n"


def test_rounded_probabilities_are_in_the_text_table():
    proba = np.random.default_rng(0).dirichlet([0.3, 1.0, 3.0], size=20_000)
    _, rounded = summarise_proba(proba)
    values = [value for row in rounded for value in row]
    # Every rounded value is found in the table (not formatted as a miss), with str()'s text.
    assert all(value in _PROBABILITY_TEXT for value in values)
    assert [_PROBABILITY_TEXT[value] for value in values] == [str(value) for value in values]
