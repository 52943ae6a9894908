"""stance summarize: counts equal to the sentence rows, periods, uncertain sentences, formats, outputs."""

import csv
import datetime as dt
import io
import json
import random
from collections import Counter
from html import escape

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from model.article import claim_frame
from model.article_rows import sentence_columns
from service.cli import cli
from service.corpus.summary import SummaryOptions, summarize

LABELS = ["neutral", "stability", "threat"]
DISPUTED = {"role": "disputed"}
HEADER = ["id", "outlet", "date", "title", *sentence_columns(LABELS)]
# Sentences written for these tests, one list per frame, with the sources stance analyze would give them.
SENTENCES = {
    "threat": [
        ("Belgrade called the new armoured vehicles a direct provocation.", "Belgrade", ""),
        ("Aleksandar Vucic warned that the convoy endangers Serbs in the north.", "Aleksandar Vucic", ""),
        ("The deployment could inflame tensions near the lake, President Vucic said.", "President Vucic", ""),
    ],
    "stability": [
        ("The minister said the brigade is defensive and threatens no one.", "the minister", ""),
        ("Kurti rejected claims by Vucic that the units are preparing an attack.", "Kurti", "Vucic"),
        ("The alliance said the drills keep the region safe.", "the alliance", ""),
    ],
    "neutral": [
        ("The vehicles were unloaded at the port on Tuesday.", "", ""),
        ("Parliament will debate the budget next week.", "", ""),
        ("The contract covers spare parts and training.", "", ""),
    ],
}


def sentence_rows(article, outlet, date, frames, confidence=0.9, error=""):
    """Return the rows of one article as stance analyze writes them: one per frame in ``frames``."""
    meta = [str(article), outlet, date, f"Story {article}"]
    if error:
        return [[*meta, *[""] * (len(HEADER) - len(meta) - 3), "framing/v1", error, ""]]
    rows, start = [], 0
    for index, label in enumerate(frames):
        text, speakers, disputed = SENTENCES[label][(article + index) % 3]
        probabilities = [confidence if other == label else round((1 - confidence) / 2, 4) for other in LABELS]
        rows.append(
            [*meta, str(index), str(start), str(start + len(text)), text, label, str(confidence)]
            + [str(p) for p in probabilities]
            + [speakers, disputed, label if speakers else "", claim_frame(DISPUTED, label, LABELS) if disputed else ""]
            + ["framing/v1", "", ""]
        )
        start += len(text) + 1
    return rows


def write_csv(path, rows, header=HEADER, delimiter=","):
    """Write rows under a header; return the path."""
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter=delimiter)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def random_corpus(seed=7, articles=60):
    """Articles of three outlets over six weeks of 2026 with random frames, and two error rows."""
    rng = random.Random(seed)
    rows = []
    for article in range(1, articles + 1):
        outlet = rng.choice(["Balkan Wire", "Adriatic Post", "Morava Daily"])
        date = (dt.date(2026, 2, 2) + dt.timedelta(days=rng.randrange(42))).isoformat()
        if article in (9, 33):
            rows += sentence_rows(article, outlet, date, [], error="text is empty")
            continue
        frames = [rng.choice(LABELS) for _ in range(rng.randint(1, 8))]
        rows += sentence_rows(article, outlet, date, frames, confidence=rng.choice([0.4, 0.7, 0.95]))
    return rows


def run(*args, input=None):
    """Invoke ``stance summarize`` in-process."""
    return CliRunner().invoke(cli, ["summarize", *map(str, args)], input=input)


def read_table(text):
    """The rows of the summary CSV as dicts."""
    return list(csv.DictReader(io.StringIO(text, newline="")))


def read_frames(text):
    """The rows of the summary CSV's frames table."""
    return [row for row in read_table(text) if row["table"] == "frames"]


def iso_week(date):
    """The ISO week key of an ISO date string, computed here independently of the code under test."""
    year, week, _ = dt.date.fromisoformat(date).isocalendar()
    return f"{year}-W{week:02d}"


def test_counts_equal_the_sentence_rows(tmp_path):
    rows = random_corpus()
    path = write_csv(tmp_path / "sentences.csv", rows)
    result = run(path, "--by", "outlet", "--period", "week", "-o", tmp_path / "summary.csv")
    assert result.exit_code == 0, result.output
    table = read_table((tmp_path / "summary.csv").read_text(encoding="utf-8"))
    frames = [r for r in table if r["table"] == "frames"]
    expected = Counter((r[1], iso_week(r[2]), r[8]) for r in rows if not r[-2])
    got = Counter()
    for r in frames:
        for label in LABELS:
            got[(r["outlet"], r["period"], label)] += int(r[label])
    assert +got == expected
    assert sum(int(r["sentences"]) for r in frames) == sum(1 for r in rows if not r[-2])
    articles = Counter((r[1], iso_week(r[2])) for r in {tuple(r[:3]) for r in rows})
    assert {(r["outlet"], r["period"]): int(r["articles"]) for r in frames} == dict(articles)
    assert sum(int(r["article_errors"]) for r in frames) == 2
    for r in frames:
        if r["sentences"] == "0":
            # A week with only an article that could not be analysed has no shares.
            assert [r[f"share_{label}"] for label in LABELS] == ["", "", ""]
            continue
        shares = [float(r[f"share_{label}"]) for label in LABELS]
        assert sum(shares) == pytest.approx(1.0, abs=1e-3)


def test_summary_totals_account_for_every_row(tmp_path):
    rows = random_corpus()
    rows.insert(5, rows[5][:3] + ["broken row"])  # four fields instead of nineteen
    path = write_csv(tmp_path / "sentences.csv", rows)
    from service.corpus.read import open_rows

    with open_rows(str(path)) as stream:
        summary = summarize(stream.columns, stream, SummaryOptions(by=("outlet",), name=str(path)))
    totals = summary["totals"]
    assert totals["rows"] == len(rows)
    assert totals["sentences"] + totals["article_errors"] + totals["skipped_rows"] == len(rows)
    assert totals["skipped_rows"] == 1
    assert summary["skipped"]["examples"] == [{"line": 7, "reason": f"4 fields, the header has {len(HEADER)}"}]
    assert any("line 7" in w for w in summary["warnings"])
    assert totals["articles"] == 60


@pytest.mark.parametrize(
    ("period", "dates", "keys"),
    [
        ("day", ["2026-12-31", "2027-01-03"], ["2026-12-31", "2027-01-03"]),
        # 1 January 2027 is a Friday: it belongs to the last ISO week of 2026, which has 53.
        ("week", ["2026-12-31", "2027-01-03", "2027-01-04"], ["2026-W53", "2027-W01"]),
        ("month", ["2026-12-31", "2027-01-03"], ["2026-12", "2027-01"]),
    ],
)
def test_periods(tmp_path, period, dates, keys):
    rows = [row for n, date in enumerate(dates, 1) for row in sentence_rows(n, "Balkan Wire", date, ["threat"])]
    path = write_csv(tmp_path / "sentences.csv", rows)
    result = run(path, "--period", period, "-o", tmp_path / "summary.json")
    assert result.exit_code == 0, result.output
    summary = json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))
    assert summary["periods"] == keys
    starts = {p["period"]: p["start"] for p in summary["groups"][0]["periods"]}
    if period == "week":
        assert starts == {"2026-W53": "2026-12-28", "2027-W01": "2027-01-04"}


def test_min_confidence_counts_uncertain_sentences_apart(tmp_path):
    rows = sentence_rows(1, "Balkan Wire", "2026-03-02", ["threat", "threat", "neutral"], confidence=0.9)
    rows += sentence_rows(2, "Balkan Wire", "2026-03-03", ["threat", "stability"], confidence=0.45)
    path = write_csv(tmp_path / "sentences.csv", rows)
    result = run(path, "--by", "outlet", "--min-confidence", "0.5", "-o", tmp_path / "summary.csv")
    assert result.exit_code == 0, result.output
    (frames,) = read_frames((tmp_path / "summary.csv").read_text(encoding="utf-8"))
    assert (frames["sentences"], frames["uncertain"], frames["threat"], frames["stability"]) == ("5", "2", "2", "0")
    assert float(frames["share_threat"]) == pytest.approx(2 / 3, abs=1e-4)
    # Without the option every sentence is in the shares.
    result = run(path, "--by", "outlet", "-o", tmp_path / "all.csv")
    (frames,) = read_frames((tmp_path / "all.csv").read_text(encoding="utf-8"))
    assert (frames["uncertain"], frames["threat"], frames["share_threat"]) == ("0", "3", "0.6000")


def test_who_says_what_merges_names_and_names_the_outlets(tmp_path):
    rows = sentence_rows(1, "Balkan Wire", "2026-03-02", ["threat", "threat"])  # Aleksandar Vucic, President Vucic
    rows += sentence_rows(2, "Adriatic Post", "2026-03-03", ["threat"])  # President Vucic
    rows += sentence_rows(3, "Adriatic Post", "2026-03-03", ["neutral", "stability"])  # Kurti, disputing Vucic
    path = write_csv(tmp_path / "sentences.csv", rows)
    result = run(path, "--by", "outlet", "-o", tmp_path / "summary.json")
    assert result.exit_code == 0, result.output
    summary = json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))
    (vucic,) = [s for s in summary["sources"] if s["key"] == "aleksandar vucic"]
    assert vucic["name"] == "Aleksandar Vucic"
    assert vucic["speaker"] == {"neutral": 0, "stability": 0, "threat": 3}
    # Kurti rejected Vucic's claim: the rejected claim is a threat claim.
    assert vucic["disputed"] == {"neutral": 0, "stability": 0, "threat": 1}
    assert vucic["quoted_by"] == {"Adriatic Post": 2, "Balkan Wire": 2}
    assert set(vucic["variants"]) == {"Aleksandar Vucic", "President Vucic", "Vucic"}
    table = read_table(run(path, "--by", "outlet").stdout)
    speaker_rows = [r for r in table if r["table"] == "sources" and r["source"] == "Aleksandar Vucic"]
    assert [(r["role"], r["threat"]) for r in speaker_rows] == [("speaker", "3"), ("disputed", "1")]


def _frames(summary):
    """(group, period) -> counts, from a summary."""
    return {(g["name"], p["period"]): (p["counts"], p["articles"]) for g in summary["groups"] for p in g["periods"]}


def test_every_format_gives_the_same_summary(tmp_path):
    rows = random_corpus(seed=3, articles=20)
    write_csv(tmp_path / "s.csv", rows)
    write_csv(tmp_path / "s.tsv", rows, delimiter="\t")
    with open(tmp_path / "s.jsonl", "w", encoding="utf-8") as fh:
        for row in rows:
            record = dict(zip(HEADER, row))
            # JSON output of stance analyze has numbers as numbers and empty values as null.
            for key in ("sentence", "start", "end", "confidence", "p_neutral", "p_stability", "p_threat"):
                record[key] = float(record[key]) if record[key] else None
            record["label"] = record["label"] or None
            fh.write(json.dumps(record) + "\n")
    table = {name: [row[i] for row in rows] for i, name in enumerate(HEADER)}
    table["date"] = [dt.date.fromisoformat(d) for d in table["date"]]
    table["confidence"] = [float(c) if c else None for c in table["confidence"]]
    pq.write_table(pa.table(table), tmp_path / "s.parquet")
    summaries = {}
    for ext in ("csv", "tsv", "jsonl", "parquet"):
        path = tmp_path / f"s.{ext}"
        result = run(path, "--by", "outlet", "--min-confidence", "0.5", "-o", tmp_path / f"{ext}.json")
        assert result.exit_code == 0, (ext, result.output)
        summaries[ext] = json.loads((tmp_path / f"{ext}.json").read_text(encoding="utf-8"))
    reference = _frames(summaries["csv"])
    for ext, summary in summaries.items():
        assert _frames(summary) == reference, ext
        assert summary["totals"] == summaries["csv"]["totals"], ext
        assert [s["speaker"] for s in summary["sources"]] == [s["speaker"] for s in summaries["csv"]["sources"]]


def test_stdin_and_several_group_columns(tmp_path):
    header = ["id", "outlet", "country", "date", "sentence", "text", "label", "p_for", "p_against", "error"]
    rows = [
        ["1", "Wire", "RS", "2026-03-02", "0", "One.", "for", "0.9", "0.1", ""],
        ["1", "Wire", "RS", "2026-03-02", "1", "Two.", "against", "0.2", "0.8", ""],
        ["2", "Wire", "XK", "2026-03-09", "0", "Three.", "for", "0.7", "0.3", ""],
    ]
    text = (write_csv(tmp_path / "pairs.csv", rows, header=header)).read_text(encoding="utf-8")
    result = run("-", "--by", "outlet", "--by", "country", input=text)
    assert result.exit_code == 0, result.output
    table = read_table(result.stdout)
    assert [(r["outlet"], r["country"], r["period"], r["for"], r["against"]) for r in table] == [
        ("Wire", "RS", "2026-W10", "1", "1"),
        ("Wire", "XK", "2026-W11", "1", "0"),
    ]


def test_labels_come_from_the_file(tmp_path):
    header = ["id", "date", "sentence", "text", "label"]
    rows = [["1", "2026-03-02", "0", "A.", "for"], ["1", "2026-03-02", "1", "B.", "observing"]]
    path = write_csv(tmp_path / "x.csv", rows, header=header)
    result = run(path, "-o", tmp_path / "x.json")
    assert result.exit_code == 0, result.output
    summary = json.loads((tmp_path / "x.json").read_text(encoding="utf-8"))
    assert summary["labels"] == ["for", "observing"]
    # No threat or stability: every label but neutral is watched.
    assert summary["alert_labels"] == ["for", "observing"]


def test_articles_without_an_id_column_are_counted_by_runs(tmp_path, caplog):
    rows = sentence_rows(1, "Wire", "2026-03-02", ["threat", "neutral"])
    rows += sentence_rows(2, "Wire", "2026-03-02", ["neutral", "neutral", "threat"])
    rows += sentence_rows(3, "Wire", "2026-03-02", [], error="text is empty")
    path = write_csv(tmp_path / "s.csv", [r[1:] for r in rows], header=HEADER[1:])
    result = run(path, "-o", tmp_path / "s.json")
    assert result.exit_code == 0, result.output
    assert "no column 'id'" in caplog.text and "runs of rows" in caplog.text
    summary = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))
    assert (summary["totals"]["articles"], summary["totals"]["article_errors"]) == (3, 1)


def test_an_article_right_after_an_error_row_is_counted_without_an_id_column(tmp_path):
    rows = sentence_rows(1, "Wire", "2026-03-02", ["threat", "neutral"])
    rows += sentence_rows(2, "Wire", "2026-03-02", [], error="text is empty")
    rows += sentence_rows(3, "Wire", "2026-03-02", ["neutral", "threat"])
    path = write_csv(tmp_path / "s.csv", [r[1:] for r in rows], header=HEADER[1:])
    result = run(path, "-o", tmp_path / "s.json")
    assert result.exit_code == 0, result.output
    summary = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))
    assert (summary["totals"]["articles"], summary["totals"]["article_errors"]) == (3, 1)


def test_an_explicit_id_column_must_exist(tmp_path):
    path = write_csv(tmp_path / "s.csv", sentence_rows(1, "Wire", "2026-03-02", ["threat"]))
    result = run(path, "--id-column", "article_id")
    assert result.exit_code == 1
    assert "no column 'article_id'" in result.output and "--id-column" in result.output


def test_undated_rows_are_counted_apart_and_named(tmp_path, caplog):
    rows = sentence_rows(1, "Wire", "2026-03-02", ["threat", "neutral"])
    rows += sentence_rows(2, "Wire", "not known", ["threat"])
    rows += sentence_rows(3, "Wire", "", ["stability"])
    path = write_csv(tmp_path / "s.csv", rows)
    result = run(path, "--by", "outlet", "-o", tmp_path / "s.csv.out.csv")
    assert result.exit_code == 0, result.output
    assert "2 rows without a readable date" in caplog.text
    assert "line 4 ('not known')" in caplog.text and "line 5 ('')" in caplog.text
    table = read_frames((tmp_path / "s.csv.out.csv").read_text(encoding="utf-8"))
    assert [(r["period"], r["threat"], r["stability"]) for r in table] == [
        ("2026-W10", "1", "0"),
        ("undated", "1", "1"),
    ]


def test_other_date_formats(tmp_path):
    dates = ["2026-03-02T23:30:00-05:00", "03.03.2026", "4 March 2026", "Thu, 05 Mar 2026 08:00:00 +0000"]
    rows = [row for n, date in enumerate(dates, 1) for row in sentence_rows(n, "Wire", date, ["threat"])]
    path = write_csv(tmp_path / "s.csv", rows)
    result = run(path, "--period", "day")
    assert result.exit_code == 0, result.output
    assert [r["period"] for r in read_frames(result.stdout)] == ["2026-03-02", "2026-03-03", "2026-03-04", "2026-03-05"]


def test_json_output_is_the_whole_summary(tmp_path):
    path = write_csv(tmp_path / "s.csv", random_corpus(articles=10))
    result = run(path, "--by", "outlet", "-o", tmp_path / "s.json", "--evidence", "2")
    assert result.exit_code == 0, result.output
    summary = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))
    assert {"totals", "groups", "sources", "alerts", "sentences", "periods"} <= set(summary)
    for group in summary["groups"]:
        for period in group["periods"]:
            for frame, refs in period["evidence"].items():
                assert 1 <= len(refs) <= 2
                assert all(summary["sentences"][ref]["label"] == frame for ref in refs)


def test_the_bench_corpus_is_reproducible_and_adds_up():
    from bench.summarize import HEADER as BENCH_HEADER
    from bench.summarize import generate_rows

    rows = list(generate_rows(3_000))
    assert rows == list(generate_rows(3_000))
    summary = summarize(BENCH_HEADER, [(rows, list(range(2, len(rows) + 2)))], SummaryOptions(by=("outlet",)))
    totals = summary["totals"]
    assert totals["rows"] == 3_000
    assert totals["sentences"] + totals["article_errors"] == 3_000
    assert {"aleksandar vucic", "albin kurti", "ejup maqedonci"} <= {s["key"] for s in summary["sources"]}


def test_a_named_outlet_column_that_is_missing_is_refused(tmp_path):
    path = write_csv(tmp_path / "sentences.csv", random_corpus())
    assert run(path).exit_code == 0
    result = run(path, "--outlet-column", "publisher")
    assert result.exit_code == 1
    assert f"Error: {path}: no column 'publisher' (found: 'id', 'outlet'" in result.output
    assert "--outlet-column takes one of them" in result.output


def _with_bad_bytes(path, rows, swaps):
    """Write rows as CSV, then put bytes that are not UTF-8 in place of each placeholder of ``swaps``."""
    write_csv(path, rows)
    data = path.read_bytes()
    for placeholder, raw in swaps.items():
        data = data.replace(placeholder.encode(), raw)
    path.write_bytes(data)
    return path


def test_bytes_that_are_not_utf8_in_a_group_column_are_warned_about_in_every_output(tmp_path, caplog):
    rows = sentence_rows(1, "Novi Sad Daily", "2026-03-02", ["threat", "neutral"])
    rows += sentence_rows(2, "NOVE Sad Daily", "2026-03-02", ["stability", "neutral"])
    rows += sentence_rows(3, "TRON Post", "2026-03-03", ["threat"])
    rows += sentence_rows(4, "NOVE Sad Daily", "2026-03-04", ["neutral"])
    path = _with_bad_bytes(tmp_path / "s.csv", rows, {"NOVE": b"Nov\xe9", "TRON": b"Tr\xf6n"})
    result = run(path, "--by", "outlet", "-o", tmp_path / "s.json", "--html", tmp_path / "r.html")
    assert result.exit_code == 0, result.output
    # Lines 4, 5 and 7 hold one damaged value, line 6 the other: each value is named by its first line.
    expected = (
        f"{path}: 4 rows have bytes that were not UTF-8 in column 'outlet' (read as U+FFFD, \ufffd), so their group "
        "is named apart from the one spelled right; the first line of each such value: "
        "line 4 ('Nov\ufffd Sad Daily'), line 6 ('Tr\ufffdn Post')"
    )
    assert expected in [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    summary = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))
    assert summary["warnings"] == [expected]
    assert summary["warning_kinds"] == ["not_utf8"]
    assert "Nov\ufffd Sad Daily" in [g["name"] for g in summary["groups"]]
    assert escape(expected) in (tmp_path / "r.html").read_text(encoding="utf-8")


def test_an_outlet_not_grouped_by_and_every_group_column_are_checked(tmp_path):
    rows = sentence_rows(1, "North Wire", "2026-03-02", ["threat"])
    rows += sentence_rows(2, "Tr\ufffdn Post", "2026-03-03", ["neutral", "threat"])
    rows[1][3] = "Story \ufffd"
    lines = list(range(2, len(rows) + 2))
    summary = summarize(HEADER, [(rows, lines)], SummaryOptions())
    (warning,) = [w for w, kind in zip(summary["warnings"], summary["warning_kinds"]) if kind == "not_utf8"]
    assert warning.startswith("-: 2 rows have bytes that were not UTF-8 in column 'outlet'")
    assert "their outlet is named apart" in warning and "line 3 ('Tr\ufffdn Post')" in warning
    summary = summarize(HEADER, [(rows, lines)], SummaryOptions(by=("outlet", "title")))
    damaged = [w for w, kind in zip(summary["warnings"], summary["warning_kinds"]) if kind == "not_utf8"]
    assert [w.split(" (read as")[0] for w in damaged] == [
        "-: 2 rows have bytes that were not UTF-8 in column 'outlet'",
        "-: 1 row has bytes that were not UTF-8 in column 'title'",
    ]
    assert "line 3 ('Story \ufffd')" in damaged[1]
    clean = summarize(HEADER, [(sentence_rows(1, "North Wire", "2026-03-02", ["threat"]), [2])], SummaryOptions())
    assert clean["warnings"] == clean["warning_kinds"] == []


def test_warnings_and_their_kinds_stay_in_step(tmp_path):
    rows = sentence_rows(1, "Wire", "not known", ["threat"]) + sentence_rows(2, "Wire", "2026-03-02", ["neutral"])
    rows[1][8] = "no-such-label"
    header = [c for c in HEADER if c != "id"]
    rows = [[v for c, v in zip(HEADER, row) if c != "id"] for row in rows]
    summary = summarize(header, [(rows, [2, 3])], SummaryOptions())
    assert summary["warning_kinds"] == ["no_id_column", "undated_rows", "skipped_rows"]
    assert [w.split(": ", 1)[1][:22] for w in summary["warnings"]] == [
        "no column 'id' (use --",
        "1 row without a readab",
        "1 row is neither a sen",
    ]


def read_all(path):
    """Return the columns, rows, line numbers and unreadable lines of a file, as summarize's reader gives them."""
    from service.corpus.read import open_rows

    rows, lines, unreadable = [], [], []
    with open_rows(str(path)) as stream:
        for batch_rows, batch_lines, batch_unreadable in stream:
            rows += batch_rows
            lines += batch_lines
            unreadable += batch_unreadable
        return stream.columns, rows, lines, unreadable


def test_the_reader_splits_rows_at_lf_only_as_stance_score_does(tmp_path):
    # Universal newlines split at a lone CR too: a quoted one moved every later line number by one, and an
    # unquoted one cut its row in two rows of the wrong width.
    path = tmp_path / "cr.csv"
    path.write_bytes(b'id,text\r\n1,"a quoted\rCR"\r\n2,an unquoted\rCR\n3,plain\n')
    columns, rows, lines, unreadable = read_all(path)
    assert columns == ["id", "text"]
    assert (rows, lines) == ([["1", "a quoted\rCR"], ["3", "plain"]], [2, 4])
    assert unreadable == [
        (3, "malformed CSV: a carriage return (CR) inside an unquoted field; quote the field or remove the CR")
    ]


@pytest.mark.parametrize(
    ("name", "data"), [("cr.csv", b"id,text\r1,a\r2,b\r"), ("cr.jsonl", b'{"id": 1}\r{"id": 2}\r')]
)
def test_the_reader_refuses_lines_ended_by_a_carriage_return_alone(tmp_path, name, data):
    from service.corpus.read import InputError

    (tmp_path / name).write_bytes(data)
    with pytest.raises(InputError, match="lines end with a carriage return \\(CR\\) alone; convert them to LF or CRLF"):
        read_all(tmp_path / name)
    result = run(tmp_path / name, "-o", tmp_path / "summary.json")
    assert result.exit_code == 1 and "lines end with a carriage return (CR) alone" in result.output


def test_the_reader_drops_a_bom_that_starts_a_later_record_or_line(tmp_path):
    # Files joined with cat; a BOM inside a quoted field is data.
    bom = "\ufeff"
    path = tmp_path / "joined.csv"
    path.write_text(f'{bom}id,text\n1,a\n{bom}2,b\n{bom}"3","c"\n4,"two\n{bom}lines"\n', encoding="utf-8")
    _, rows, lines, unreadable = read_all(path)
    assert rows == [["1", "a"], ["2", "b"], ["3", "c"], ["4", f"two\n{bom}lines"]]
    assert (lines, unreadable) == ([2, 3, 4, 5], [])
    jsonl = tmp_path / "joined.jsonl"
    jsonl.write_text(f'{bom}{{"id": 1}}\n{bom}{{"id": 2}}\n', encoding="utf-8")
    assert read_all(jsonl)[1:] == ([[1], [2]], [1, 2], [])
