"""The HTML report of a large corpus in a browser: its sections off screen are laid out only when reached,
and a link still lands on them, showing their sentences."""

import datetime as dt

from service.corpus.report_html import render_report
from service.corpus.summary import SummaryOptions, summarize
from tests.test_summarize import HEADER, sentence_rows

OUTLETS = [f"Outlet {n}" for n in range(12)]
FIRST_DAY = dt.date(2026, 1, 5)


def large_report(tmp_path):
    """A report of 12 outlets over 30 weeks, two articles each a week; return its path and the last group's name."""
    rows, article = [], 0
    for week in range(30):
        for outlet in OUTLETS:
            for _ in range(2):
                article += 1
                day = (FIRST_DAY + dt.timedelta(weeks=week)).isoformat()
                rows += sentence_rows(article, outlet, day, ["threat", "neutral", "stability"])
    lines = list(range(2, len(rows) + 2))
    options = SummaryOptions(by=("outlet",), period="week", date_column="date", id_column="id", title_column="title")
    summary = summarize(HEADER, [(rows, lines)], options)
    path = tmp_path / "report.html"
    path.write_text(render_report(summary, evidence=5), encoding="utf-8")
    return path, summary["groups"][-1]["name"]


def test_a_link_lands_on_a_section_not_yet_laid_out(page, tmp_path):
    path, name = large_report(tmp_path)
    page.goto(path.as_uri())
    last = f"g{len(OUTLETS) - 1}-p29"
    section = page.locator(f"section#{last}")
    # Far below the first screen, so not laid out yet: its box is the placeholder's.
    assert page.evaluate(f"getComputedStyle(document.getElementById('{last}')).contentVisibility") == "auto"
    page.locator(f'a[href="#{last}"]').first.click()
    page.wait_for_function(f"Math.abs(document.getElementById('{last}').getBoundingClientRect().top) < 2")
    assert section.is_visible()
    text = section.inner_text()
    # Its heading and each frame's two sentences, with their article.
    assert text.startswith(f"{name}, 2026-W") and text.count("2 sentences") == 3 and "Story" in text
