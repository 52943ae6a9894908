"""stance summarize: the HTML report (self-contained, every link resolves) and each kind of bad input."""

import datetime as dt
import json
import re
from html import escape

import pytest
from test_summarize import HEADER, random_corpus, run, sentence_rows, write_csv

from service.corpus.report_html import render_report
from service.corpus.summary import SummaryOptions, summarize


def _report(tmp_path, rows, *args):
    """Summarise ``rows`` with an HTML report and return its text."""
    path = write_csv(tmp_path / "sentences.csv", rows)
    result = run(path, "--by", "outlet", "--html", tmp_path / "report.html", *args)
    assert result.exit_code == 0, result.output
    return (tmp_path / "report.html").read_text(encoding="utf-8")


def _surge_corpus():
    """Five weeks of one outlet, the last with a threat surge (an alert), plus a second quiet outlet."""
    rows, article = [], 0
    for week, threats in enumerate([1, 1, 1, 1, 7]):
        date = (dt.date(2026, 3, 2) + dt.timedelta(weeks=week)).isoformat()
        for outlet, surge in (("Balkan Wire", threats), ("Adriatic Post", 1)):
            article += 1
            frames = ["threat"] * surge + ["stability", "neutral"] + ["neutral"] * (8 - surge)
            rows += sentence_rows(article, outlet, date, frames, confidence=0.4 if article % 4 == 0 else 0.9)
    return rows


def test_report_has_no_url_and_loads_nothing(tmp_path):
    html = _report(tmp_path, _surge_corpus(), "--min-confidence", "0.5")
    assert "://" not in html
    assert "//" not in re.sub(r"<!DOCTYPE html>", "", html).replace("</", "")
    for forbidden in ("src=", "url(", "<script", "<link", "@import", "<iframe", "<object", "<embed"):
        assert forbidden not in html.lower(), forbidden


def test_every_link_resolves_to_an_anchor_in_the_file(tmp_path):
    html = _report(tmp_path, random_corpus() + _surge_corpus(), "--min-confidence", "0.5")
    hrefs = re.findall(r'href="([^"]*)"', html)
    ids = re.findall(r'\bid="([^"]*)"', html)
    assert len(ids) == len(set(ids)), "duplicate anchors"
    assert hrefs and all(h.startswith("#") for h in hrefs)
    assert {h[1:] for h in hrefs} <= set(ids)


def test_each_count_links_to_its_own_sentences(tmp_path):
    html = _report(tmp_path, _surge_corpus(), "--evidence", "3")
    links = re.findall(r'<a href="#(g\d+-p\d+-(l\d+))">(\d+)</a>', html)
    assert links
    labels = ["neutral", "stability", "threat"]
    for anchor, label_id, count in links:
        block = re.search(rf'<div id="{anchor}">(.*?)</div>', html, re.S).group(1)
        items = re.findall(r"<li>.*?<small>(.*?)</small></li>", block, re.S)
        assert len(items) == min(int(count), 3), anchor
        label = labels[int(label_id[1:])]
        assert all(f"; {label} " in item for item in items), anchor


def test_alerts_are_listed_with_their_sentences(tmp_path):
    # The surge is one article's: listed only when one article may make an alert.
    html = _report(tmp_path, _surge_corpus(), "--alert-min-articles", "1")
    alerts = re.search(r'<h2 id="alerts">.*?<h2 id="frames">', html, re.S).group(0)
    assert "Balkan Wire" in alerts and "2026-W14" in alerts
    assert "Adriatic Post" not in alerts
    section = re.search(r'<section id="a0">(.*?)</section>', html, re.S).group(1)
    assert section.count("<li>") == 5  # the first five of the seven threat sentences
    assert "7 sentences; the first 5 in file order" in section


def test_charts_are_accessible_and_have_a_table_beside_them(tmp_path):
    html = _report(tmp_path, _surge_corpus())
    charts = re.findall(r"<svg [^>]*>", html)
    assert len(charts) == 2 * 2 + 2  # counts and shares per outlet, speakers, disputed sources
    for tag in charts:
        chart = re.search(r'id="([^"]+)"', tag).group(1)
        assert f'aria-labelledby="{chart}-t {chart}-d"' in tag and 'role="img"' in tag
        assert f'<title id="{chart}-t">' in html and f'<desc id="{chart}-d">' in html
    for pair in re.findall(r'<div class="pair">(.*?)</table>', html, re.S):
        assert "<svg" in pair and "<caption>" in pair
    assert html.count('<div class="pair">') == 4
    assert '<html lang="en">' in html and "<h1>" in html


def test_text_from_the_data_is_escaped(tmp_path):
    rows = sentence_rows(1, "<b>Wire</b>", "2026-03-02", ["threat"])
    rows[0][7] = 'He said "<script>alert(1)</script>" & left.'
    rows[0][13] = "<img>"
    html = _report(tmp_path, rows)
    assert "<script>" not in html and "<b>Wire" not in html and "<img>" not in html
    assert "&lt;script&gt;" in html and "&lt;b&gt;Wire&lt;/b&gt;" in html


def test_render_report_takes_the_summary_data():
    header = ["id", "date", "sentence", "text", "label"]
    rows = [["1", "2026-03-02", "0", "Nothing framed here.", "neutral"]]
    summary = summarize(header, [(rows, [2])], SummaryOptions(name="memory"))
    html = render_report(summary)
    assert "No alerts." in html and "No sentence credits a source." in html
    assert "Nothing framed here." in html


# --- bad input: a clear message, exit status 1, no traceback ---


def _fails(result, *phrases):
    """Assert a clean failure whose message holds every phrase."""
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    for phrase in phrases:
        assert phrase in result.output, (phrase, result.output)


def test_unknown_date_format_names_the_row(tmp_path):
    rows = [row for n in range(1, 4) for row in sentence_rows(n, "Wire", f"0{n}/03/2026", ["threat"])]
    _fails(run(write_csv(tmp_path / "s.csv", rows)), "line 2", "'01/03/2026'", "column 'date'", "2026-03-04")


def test_group_column_that_does_not_exist_names_the_columns(tmp_path):
    path = write_csv(tmp_path / "s.csv", sentence_rows(1, "Wire", "2026-03-02", ["threat"]))
    _fails(run(path, "--by", "source"), "no column 'source'", "'outlet'", "'date'", "--by")


def test_missing_label_column(tmp_path):
    rows = [r[:8] for r in sentence_rows(1, "Wire", "2026-03-02", ["threat"])]
    _fails(run(write_csv(tmp_path / "s.csv", rows, header=HEADER[:8])), "no column 'label'", "stance analyze")


def test_missing_date_column(tmp_path):
    path = write_csv(tmp_path / "s.csv", sentence_rows(1, "Wire", "2026-03-02", ["threat"]))
    _fails(run(path, "--date-column", "published"), "no column 'published'", "--date-column")


def test_min_confidence_needs_a_confidence_column(tmp_path):
    rows = [r[:9] for r in sentence_rows(1, "Wire", "2026-03-02", ["threat"])]
    path = write_csv(tmp_path / "s.csv", rows, header=HEADER[:9])
    _fails(run(path, "--min-confidence", "0.5"), "no column 'confidence'", "--min-confidence")


@pytest.mark.parametrize(
    ("name", "content", "phrase"),
    [
        ("header-only.csv", ",".join(HEADER) + "\n", "no rows to summarise (an empty corpus)"),
        ("empty.csv", "", "empty file"),
        ("empty.jsonl", "", "empty file"),
        ("lines.jsonl", "not json\n[1, 2]\n", "no JSON object"),
        ("notes.txt", "a sentence\n", "summarize reads csv, tsv, jsonl, parquet files, not txt"),
        ("data.xlsx", "x", "cannot tell the format"),
    ],
)
def test_unusable_files(tmp_path, name, content, phrase):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    _fails(run(path), phrase)


def test_missing_input(tmp_path):
    _fails(run(tmp_path / "nowhere.csv"), "no such file")


def test_output_folder_is_checked_before_the_input_is_read(tmp_path):
    _fails(run(tmp_path / "nowhere.csv", "--html", tmp_path / "no" / "report.html"), "folder", "does not exist")


def test_a_failed_run_leaves_an_existing_output_untouched(tmp_path):
    out = tmp_path / "summary.csv"
    out.write_text("earlier summary\n", encoding="utf-8")
    path = write_csv(tmp_path / "s.csv", sentence_rows(1, "Wire", "2026-03-02", ["threat"]))
    _fails(run(path, "--by", "nothing", "-o", out), "no column 'nothing'")
    assert out.read_text(encoding="utf-8") == "earlier summary\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_malformed_lines_are_counted_and_named(tmp_path, caplog):
    rows = sentence_rows(1, "Wire", "2026-03-02", ["threat", "neutral"])
    path = write_csv(tmp_path / "s.csv", rows)
    with open(path, "a", encoding="utf-8") as fh:
        fh.write('2,Wire,2026-03-03,"an unclosed quote\n')
    result = run(path, "-o", tmp_path / "out.csv")
    assert result.exit_code == 0, result.output
    assert "1 row is neither a sentence nor an error row" in caplog.text
    assert f"line 4 (4 fields, the header has {len(HEADER)})" in caplog.text
    jsonl = tmp_path / "s.jsonl"
    jsonl.write_text(
        '{"id": 1, "date": "2026-03-02", "sentence": 0, "label": "threat"}\n{"id": 2, "date": \n',
        encoding="utf-8",
    )
    caplog.clear()
    assert run(jsonl).exit_code == 0
    assert "line 2 (malformed JSON" in caplog.text


def test_bytes_that_are_not_utf8_do_not_lose_the_row(tmp_path):
    path = write_csv(tmp_path / "s.csv", sentence_rows(3, "Wire", "2026-03-02", ["threat", "neutral"]))
    raw = path.read_bytes()
    assert b"Belgrade called" in raw
    path.write_bytes(raw.replace(b"Belgrade called", b"Beo\xe7rad called"))
    result = run(path, "-o", tmp_path / "out.json")
    assert result.exit_code == 0, result.output
    summary = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert summary["totals"]["sentences"] == 2
    assert any(s["text"].startswith("Beo\ufffdrad called") for s in summary["sentences"].values())


def test_the_notes_leave_out_warnings_by_kind_not_by_their_words():
    # An outlet whose damaged name holds "undated": its warning is not the undated rows' one, told apart above.
    rows = sentence_rows(1, "The undated Rev\ufffdew", "2026-03-02", ["threat"])
    rows += sentence_rows(2, "Wire", "soon", ["neutral"])
    summary = summarize(HEADER, [(rows, [2, 3])], SummaryOptions(name="memory", by=("outlet",)))
    assert summary["warning_kinds"] == ["undated_rows", "not_utf8"]
    notes = render_report(summary).split('id="notes"')[1]
    assert escape(summary["warnings"][1]) in notes
    assert escape(summary["warnings"][0]) not in notes
    # A summary saved before warnings had kinds is read by their words, as before.
    del summary["warning_kinds"]
    notes = render_report(summary).split('id="notes"')[1]
    assert escape(summary["warnings"][0]) not in notes
