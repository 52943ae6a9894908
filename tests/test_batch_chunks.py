"""The parent cuts inputs into chunks of whole records, whatever the read block size."""

import csv
import io

import pytest

from service.batch import readers
from service.batch.readers import open_source

SETTINGS = {
    "text_column": "text",
    "id_column": None,
    "output_format": "csv",
    "labels": ["neutral", "stability", "threat"],
    "model": "v1",
    "explain": False,
    "batch_size": 2,
}
BODY = (
    b"1,plain line\r\n"
    b'2,"a quoted\nrecord over\nthree lines"\n'
    b'3,"quotes ""inside"" it"\n'
    b"\n"
    b'4,"ends with a newline\n"\n'
    b"5,last line without a newline"
)


@pytest.mark.parametrize("block", [1, 5, 1 << 20])
@pytest.mark.parametrize("batch_size", [1, 2, 100])
def test_chunks_hold_whole_records_and_their_first_line(tmp_path, monkeypatch, block, batch_size):
    monkeypatch.setattr(readers, "READ_BLOCK", block)
    path = tmp_path / "in.csv"
    path.write_bytes(b"\xef\xbb\xbfid,text\n" + BODY)
    source = open_source(str(path), "csv", {**SETTINGS, "batch_size": batch_size})
    chunks = list(source.chunks)
    source.close()

    assert b"".join(chunk.payload for chunk in chunks) == BODY
    offset = 0
    for chunk in chunks:
        # Every chunk parses on its own: no record is split between two chunks.
        records = list(csv.reader(io.StringIO(chunk.payload.decode(), newline="")))
        assert all(record == [] or len(record) == 2 for record in records)
        # Its first line number is the file line its first record starts on (the header is line 1).
        assert chunk.first_line == 2 + BODY[:offset].count(b"\n")
        offset += len(chunk.payload)
    assert all(chunk.payload.count(b"\n") >= batch_size for chunk in chunks[:-1])


def test_stdin_is_cut_the_same_way(monkeypatch):
    monkeypatch.setattr(readers, "READ_BLOCK", 3)
    stdin = io.BytesIO(b"id,text\n" + BODY)
    source = open_source("-", "csv", SETTINGS, stdin=stdin)
    assert b"".join(chunk.payload for chunk in source.chunks) == BODY
    assert not stdin.closed
