"""A media researcher's corpus at scale: undated rows told apart by why their date was not read, and an
outlet spelt two ways (case, spaces) named rather than silently split into two groups."""

import json

import pytest

from service.corpus.dates import NO_DATE, NO_SUCH_DAY, ORDER_UNKNOWN, UNKNOWN_FORMAT, parse_date, undated_reason
from service.corpus.report_html import render_report
from service.corpus.summary import SIMILAR_GROUPS, UNDATED_ROWS, SummaryOptions, summarize
from tests.test_summarize import HEADER, run, sentence_rows, write_csv


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("", NO_DATE),
        ("   ", NO_DATE),
        (None, NO_DATE),
        ("2024-02-30", NO_SUCH_DAY),
        ("2024/02/30", NO_SUCH_DAY),
        ("30.02.2024", NO_SUCH_DAY),
        ("31 February 2024", NO_SUCH_DAY),
        ("Fri, 31 Feb 2024 10:00:00 +0000", NO_SUCH_DAY),
        ("03/04/2024", ORDER_UNKNOWN),
        ("29/01/24", ORDER_UNKNOWN),
        ("03-04-2024", ORDER_UNKNOWN),
        ("03/04/2024 10:00", ORDER_UNKNOWN),
        ("20240304", UNKNOWN_FORMAT),
        ("2024-3-4", UNKNOWN_FORMAT),
        ("March 2024", UNKNOWN_FORMAT),
        ("4 Foo 2024", UNKNOWN_FORMAT),
        (20240304, UNKNOWN_FORMAT),
    ],
)
def test_each_unreadable_date_has_its_reason(value, reason):
    assert parse_date(value) is None
    assert undated_reason(value) == reason


def _summary(rows, **options):
    return summarize(HEADER, [(rows, list(range(2, len(rows) + 2)))], SummaryOptions(name="s.csv", **options))


def test_undated_rows_are_counted_per_reason_with_distinct_values_of_each():
    # Long articles of one bad date each: the first ten undated rows would all be the first article's.
    rows = sentence_rows(1, "Wire", "2024-03-04", ["threat"])
    bad = ["03/04/2024", "03/04/2024", "", "2024-02-30", "20240304", "05/06/2024", "11/12/2024", "01/02/2024"]
    for article, date in enumerate(bad, 2):
        rows += sentence_rows(article, "Wire", date, ["threat", "neutral", "stability", "neutral", "threat"] * 3)
    summary = _summary(rows, by=("outlet",))
    undated = summary["undated"]
    assert undated["rows"] == summary["totals"]["undated_rows"] == 8 * 15
    assert undated["reasons"] == {ORDER_UNKNOWN: 5 * 15, NO_DATE: 15, NO_SUCH_DAY: 15, UNKNOWN_FORMAT: 15}
    # Every reason is named, each value once, at most three per reason, in file order.
    shown = [(e["reason"], e["value"], e["line"]) for e in undated["examples"]]
    assert shown == [
        (ORDER_UNKNOWN, "03/04/2024", 3),
        (NO_DATE, "", 33),
        (NO_SUCH_DAY, "2024-02-30", 48),
        (UNKNOWN_FORMAT, "20240304", 63),
        (ORDER_UNKNOWN, "05/06/2024", 78),
        (ORDER_UNKNOWN, "11/12/2024", 93),
    ]
    warning = summary["warnings"][summary["warning_kinds"].index(UNDATED_ROWS)]
    assert warning.startswith(
        "s.csv: 120 rows without a readable date in 'date' (8 articles) are counted apart as undated; "
    )
    assert "75 with day and month in an unknown order (03/04/2026 is 3 April or 4 March" in warning
    assert "line 3 ('03/04/2024'), line 78 ('05/06/2024'), line 93 ('11/12/2024')" in warning
    assert "'01/02/2024'" not in warning
    assert "15 with no such day: line 48 ('2024-02-30')" in warning
    assert "15 in no known format: line 63 ('20240304')" in warning
    assert "15 with no date: line 33 ('')" in warning
    assert "Dates are read in these formats: 2026-03-04" in warning
    # The report's notes tell the same, per reason.
    report = render_report(summary)
    assert "15 with no such day: line 48 (2024-02-30)" in report


def test_only_empty_dates_name_no_formats():
    rows = sentence_rows(1, "Wire", "2024-03-04", ["threat"]) + sentence_rows(2, "Wire", "", ["threat"])
    warning = _summary(rows)["warnings"][-1]
    assert "1 with no date: line 3 ('')" in warning and "formats" not in warning


def test_an_outlet_spelt_in_several_ways_is_named_with_its_lines_and_rows(tmp_path, caplog):
    rows = sentence_rows(1, "Harbour Gazette", "2024-03-04", ["threat", "neutral", "threat"])
    rows += sentence_rows(2, "HARBOUR GAZETTE", "2024-03-05", ["threat"])
    rows += sentence_rows(3, " Harbour  Gazette ", "2024-03-06", ["stability", "neutral"])
    rows += sentence_rows(4, "Summit Tribune", "2024-03-06", ["stability"])
    rows += sentence_rows(5, "Harbour Gazette", "2024-03-07", [], error="text is empty")
    path = write_csv(tmp_path / "s.csv", rows)
    result = run(path, "--by", "outlet", "-o", tmp_path / "summary.json")
    assert result.exit_code == 0, result.output
    summary = json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))
    # Still counted apart (the file says so), but named: the researcher fixes the file.
    assert [g["name"] for g in summary["groups"]] == [" Harbour  Gazette ", "HARBOUR GAZETTE", "Harbour Gazette", "Summit Tribune"]  # fmt: skip
    assert summary["warning_kinds"] == [SIMILAR_GROUPS]
    (warning,) = summary["warnings"]
    assert warning == (
        f"{tmp_path / 's.csv'}: column 'outlet' has 1 name spelt in several ways that differ only in case or spaces, "
        "each spelling counted as a group apart (write each one way in the file to count it once): "
        "'Harbour Gazette' (line 2, 4 rows), ' Harbour  Gazette ' (line 6, 2 rows), 'HARBOUR GAZETTE' (line 5, 1 row)"
    )
    assert warning in caplog.text
    assert json.dumps(warning)[1:-1].replace("\\", "") in render_report(summary).replace("&#x27;", "'")


def test_similar_values_are_looked_for_in_each_by_column_once():
    rows = sentence_rows(1, "Wire", "2024-03-04", ["threat"]) + sentence_rows(2, "wire", "2024-03-04", ["threat"])
    rows += sentence_rows(3, "Post", "2024-03-04", ["threat"])
    summary = _summary(rows, by=("outlet", "title", "outlet"))
    assert summary["warning_kinds"] == [SIMILAR_GROUPS]
    assert "column 'outlet' has 1 name" in summary["warnings"][0]
    assert "'Wire' (line 2, 1 row), 'wire' (line 3, 1 row)" in summary["warnings"][0]


def test_distinct_outlets_raise_no_warning():
    rows = sentence_rows(1, "North Wire", "2024-03-04", ["threat"]) + sentence_rows(2, "NorthWire", "2024-03-04", ["threat"])  # fmt: skip
    summary = _summary(rows, by=("outlet",))
    assert summary["warnings"] == [] and len(summary["groups"]) == 2


def test_with_evidence_cuts_the_sentences_behind_each_number_and_keeps_every_count():
    import copy
    import re

    from service.corpus.report_html import with_evidence
    from tests.test_summarize import random_corpus

    rows = random_corpus(articles=80)
    summary = _summary(rows, by=("outlet",), evidence=6)
    before = copy.deepcopy(summary)
    cut = with_evidence(summary, 2)
    assert summary == before, "the summary given is not changed"
    assert cut["options"]["evidence"] == 2
    assert cut["totals"] == summary["totals"] and cut["warnings"] == summary["warnings"]
    for group, full in zip(cut["groups"], summary["groups"]):
        for period, whole in zip(group["periods"], full["periods"]):
            assert period["counts"] == whole["counts"]
            assert period["evidence"] == {frame: refs[:2] for frame, refs in whole["evidence"].items()}
    for source, whole in zip(cut["sources"], summary["sources"]):
        assert source["speaker"] == whole["speaker"]
        assert all(len(refs) <= 2 for frames in source["evidence"].values() for refs in frames.values())
    used = {ref for g in cut["groups"] for p in g["periods"] for refs in p["evidence"].values() for ref in refs}
    used |= {ref for s in cut["sources"] for f in s["evidence"].values() for refs in f.values() for ref in refs}
    used |= {ref for a in cut["alerts"] for ref in a["evidence"]}
    assert set(cut["sentences"]) == used and len(cut["sentences"]) < len(summary["sentences"])
    assert set(cut["articles"]) == {s["article"] for s in cut["sentences"].values()}
    page = render_report(summary, evidence=2)
    assert page == render_report(cut)
    assert set(re.findall(r'href="#([^"]+)"', page)) <= set(re.findall(r' id="([^"]+)"', page))
    assert "the first 2 of each cell" in page
    # A cap at or above what the summary kept changes nothing.
    assert render_report(summary, evidence=6) == render_report(summary)
