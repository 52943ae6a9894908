"""Articles written for the corpus tests of ``stance analyze``, and helpers to write and read corpora."""

import json

import pyarrow as pa
import pyarrow.parquet as pq
from batch_helpers import read_csv, read_jsonl, write_csv_rows
from click.testing import CliRunner

from service.cli import cli

# Each article has its outlet and date; the texts mix speakers, a disputed source, pronouns, a quote
# running over several sentences, a dateline, CRLF line ends and a hard-wrapped line.
ARTICLES = [
    {
        "id": "nh-1",
        "outlet": "North Herald",
        "date": "2026-03-02",
        "text": "Defence Minister Arta Kelmendi said the new radar station strengthens security along the northern border.\n"
        "Kelmendi added that the radar cannot see beyond the country's own airspace.\n"
        "The station does not threaten anyone, as claimed by officials in Belgrade.\n"
        "She insists that it was built to watch the sky, not to spy on neighbours.",
    },
    {
        "id": "cd-7",
        "outlet": "Coastal Daily",
        "date": "2026-03-03",
        "text": "The first two patrol boats reached the port on Monday.\r\n"
        "Analysts say the boats will make smuggling harder.\r\n"
        "“We are ready to use them from next week,” said Captain Ilir Berisha.\r\n",
    },
    {
        "id": "cw-3",
        "outlet": "Capital Wire",
        "date": "2026-03-09",
        "text": "SKOPJE —\nThe brigade moved two artillery batteries closer to the lake on Thursday.\n"
        "“The move is planned. Nothing here is aimed at our neighbours. The guns go back in May,” "
        "said Major Petra Lazova.\nA council meeting on fishing quotas was postponed.",
    },
    {
        "id": "vp-2",
        "outlet": "Valley Post",
        "date": "2026-03-10",
        "text": "Opposition deputies warned that the new missiles will provoke the neighbours and fuel an arms race. "
        "Prime Minister Jonas Vale dismissed the warning. He said the missiles only protect the capital\n"
        "and its airport.",
    },
]


def run_analyze(model_dir, *args, input=None):
    """Invoke ``stance analyze`` in-process and return the click result."""
    return CliRunner().invoke(cli, ["analyze", *map(str, args), "--model-dir", str(model_dir)], input=input)


def write_corpus(path, fmt, articles=ARTICLES):
    """Write ``articles`` (dicts with the same keys) as a corpus in ``fmt`` and return the path."""
    columns = list(articles[0])
    if fmt in ("csv", "tsv"):
        rows = [[a[c] for c in columns] for a in articles]
        write_csv_rows(path, columns, rows, delimiter="," if fmt == "csv" else "\t")
    elif fmt == "jsonl":
        path.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in articles), encoding="utf-8")
    else:
        pq.write_table(pa.table({c: [a[c] for a in articles] for c in columns}), path)
    return path


def read_rows(path_or_bytes, fmt):
    """Read sentence rows back as dicts of text (as CSV holds them), whatever the output format."""
    data = path_or_bytes if isinstance(path_or_bytes, bytes) else path_or_bytes.read_bytes()
    if fmt == "parquet":
        rows = pq.read_table(pa.BufferReader(data)).to_pylist()
    elif fmt == "jsonl":
        rows = read_jsonl(data.decode("utf-8"))
    else:
        return read_csv(data.decode("utf-8"), delimiter="," if fmt == "csv" else "\t")
    return [{k: "" if v is None else str(v) for k, v in row.items()} for row in rows]
