"""The corpus dashboard after a second analyst's session: who quotes a source in the row's role, how many
articles a frame's sentences come from, and what counts in an alert's baseline."""

import csv
import html
import io

from service.web.corpus_view import source_views
from tests.test_summarize_second_analyst import (
    HEADER,
    one_long_article_rows,
    quoted_rows,
    short_week_rows,
    summary_of,
)
from tests.test_web_corpus import job_id_of, upload
from tests.web_helpers import (
    inline_jobs_app,  # noqa: F401 (this module's "app")
    sign_in,
)


def dashboard(client, rows):
    """Upload sentence rows (under HEADER) and return the dashboard's text."""
    out = io.StringIO()
    csv.writer(out).writerows([HEADER, *rows])
    sign_in(client)
    response = upload(client, content=out.getvalue().encode(), filename="sentences.csv", kind="sentences")
    assert response.status_code == 303, response.get_data(as_text=True)
    return html.unescape(client.get(f"/corpus/{job_id_of(response)}").get_data(as_text=True))


def test_the_dashboard_names_who_quotes_a_source_in_each_role(client):
    page = dashboard(client, quoted_rows())
    speakers = page[page.index('id="who-h"') : page.index('id="disputed-h"')]
    disputed = page[page.index('id="disputed-h"') :]
    assert "quoted by Lantern Daily 3" in speakers and "Quay Herald" not in speakers
    assert "quoted by Quay Herald 1" in disputed and "Lantern Daily" not in disputed


def test_source_views_fall_back_to_the_total_for_a_summary_without_roles():
    summary = summary_of(quoted_rows())
    assert source_views(summary, "disputed")["rows"][0]["quoted_by"] == [("Quay Herald", 1)]
    # A summary cached before who-quotes was kept per role shows the total, as it did.
    for source in summary["sources"]:
        del source["quoted_by_role"]
    assert source_views(summary, "disputed")["rows"][0]["quoted_by"] == [("Lantern Daily", 3), ("Quay Herald", 1)]


def test_the_dashboard_says_how_many_articles_a_frame_comes_from(client):
    page = dashboard(client, one_long_article_rows())
    assert '<div class="subtle" data-frame-articles="threat">in 1 of 20 articles</div>' in page
    assert '<div class="subtle" data-frame-articles="neutral">in 19 of 20 articles</div>' in page
    # A frame without sentences has no line of articles.
    assert 'data-frame-articles="stability"' not in page


def test_the_alert_after_a_short_week_is_listed_with_its_articles(client):
    page = dashboard(client, short_week_rows())
    assert '<th scope="row">Quay Herald</th><td>2026-W45</td><td>threat</td>' in page
    assert "<td data-alert-articles>in 3 of 3 articles</td>" in page
    # What it was tested against: its three earlier weeks pooled (no spread between them, so a design
    # effect of 1); p = C(10, 7) / C(37, 7), 7 of 7 drawn from 37 of which 10 threat; q = 2 p (2 cells tested).
    assert '<td class="num" data-alert-baseline>10 % (3 of 30)</td>' in page
    assert '<td class="num" data-alert-p>1.2e-05</td><td class="num" data-alert-q>2.3e-05</td>' in page


def test_the_alert_rule_says_which_earlier_periods_count(client):
    page = dashboard(client, one_long_article_rows())
    assert "earlier periods (at least 3, each with at least 5 sentences of the group)" in page
    # What an alert is tested with, and over how many cells the chance of one is corrected.
    assert "one-sided Fisher's exact test of the period's count against the earlier periods pooled" in page
    assert "Benjamini-Hochberg correction over every group, frame and period tested" in page
