"""stance summarize --html: each sentence behind a number names its article (id, title, outlet, date), escaped;
--title-column picks the column the titles come from."""

import html
import json
import re

from service.corpus.report_html import render_report
from service.corpus.summary import SummaryOptions, summarize
from tests.test_summarize import HEADER, run, sentence_rows, write_csv

TITLE_AT = HEADER.index("title")
# An evidence list item: the sentence, its article line, then line / sentence / frame details.
_ITEM = re.compile(r'<li>(.*?)<br><small class="article-of">(.*?)</small><br><small>(.*?)</small></li>', re.S)


def _rows():
    """Three articles of two outlets; the second is undated, the third has a title that is markup."""
    rows = sentence_rows(1, "Lakeside Observer", "2026-04-06", ["threat", "neutral"])
    rows += sentence_rows(2, "Hill Radio", "", ["stability", "threat"])
    third = sentence_rows(3, "Hill Radio", "2026-04-14T08:15:00Z", ["neutral", "stability"])
    for row in third:
        row[TITLE_AT] = "<script>x</script>"
    return rows + third


def _report(tmp_path, rows, *args, header=HEADER):
    """Summarise ``rows`` by outlet with an HTML report; return its text."""
    path = write_csv(tmp_path / "sentences.csv", rows, header=header)
    result = run(path, "--by", "outlet", "--html", tmp_path / "report.html", *args)
    assert result.exit_code == 0, result.output
    return (tmp_path / "report.html").read_text(encoding="utf-8")


def _items(page):
    """``(file line, article line)`` of every sentence listed in the report."""
    found = []
    for _, article, details in _ITEM.findall(page):
        line = int(re.match(r"line (\d+)", details).group(1))
        found.append((line, article))
    return found


def test_each_sentence_names_its_article_as_on_the_workbench(tmp_path):
    rows = _rows()
    items = _items(_report(tmp_path, rows))
    assert {line for line, _ in items} == set(range(2, len(rows) + 2))
    for line, article in items:
        # Line 2 of the file is the first row under the header.
        article_id, outlet, date, title = rows[line - 2][:4]
        expected = f"Article <strong>{article_id}</strong>: <cite>{html.escape(title)}</cite> · {outlet} · "
        expected += f'<time datetime="{date[:10]}">{date[:10]}</time>' if date else "undated"
        assert article == expected, line


def test_a_title_from_the_file_is_escaped(tmp_path):
    rows = _rows()
    page = _report(tmp_path, rows)
    assert "<script" not in page.lower()
    third = [article for line, article in _items(page) if rows[line - 2][0] == "3"]
    assert third and all("<cite>&lt;script&gt;x&lt;/script&gt;</cite>" in article for article in third)


def test_without_a_title_column_the_line_has_no_title(tmp_path):
    header = [name for name in HEADER if name != "title"]
    rows = [row[:TITLE_AT] + row[TITLE_AT + 1 :] for row in _rows()]
    items = _items(_report(tmp_path, rows, header=header))
    assert items and all("<cite>" not in article for _, article in items)
    assert all(article.startswith(f"Article <strong>{rows[line - 2][0]}</strong> · ") for line, article in items)


def test_title_column_reads_titles_from_another_column(tmp_path):
    header = ["headline" if name == "title" else name for name in HEADER]
    rows = sentence_rows(4, "Lakeside Observer", "2026-04-07", ["threat"])
    rows[0][TITLE_AT] = "Ferry route closed for the drills"
    page = _report(tmp_path, rows, "--title-column", "headline", header=header)
    # The one sentence is listed under its period and under its speaker.
    assert {article for _, article in _items(page)} == {
        "Article <strong>4</strong>: <cite>Ferry route closed for the drills</cite> · Lakeside Observer · "
        '<time datetime="2026-04-07">2026-04-07</time>'
    }
    out = tmp_path / "summary.json"
    assert run(tmp_path / "sentences.csv", "--title-column", "headline", "-o", out).exit_code == 0
    summary = json.loads(out.read_text(encoding="utf-8"))
    assert [a["title"] for a in summary["articles"].values()] == ["Ferry route closed for the drills"]


def test_a_title_column_the_file_lacks_is_an_error(tmp_path):
    path = write_csv(tmp_path / "sentences.csv", sentence_rows(5, "Hill Radio", "2026-04-08", ["neutral"]))
    result = run(path, "--title-column", "headline")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "no column 'headline'" in result.output and "'title'" in result.output
    assert "--title-column" in result.output


def test_a_summary_without_articles_still_names_the_sentence_id():
    # A summary written before articles were kept (a cached JSON) has only each sentence's own id.
    header = ["id", "date", "sentence", "text", "label"]
    rows = [["n7", "2026-04-09", "0", "The convoy left at dawn.", "neutral"]]
    summary = summarize(header, [(rows, [2])], SummaryOptions(name="memory"))
    summary.pop("articles")
    for sentence in summary["sentences"].values():
        sentence.pop("article")
    [(_, article)] = _items(render_report(summary))
    assert article == "Article <strong>n7</strong> · undated"
