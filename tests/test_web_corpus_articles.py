"""The sentences behind a dashboard number name their article: id, title, outlet and date (or undated)."""

import csv
import html
import io
import re

from service.corpus.summary import SummaryOptions, summarize
from service.web.corpus_view import article_of
from tests.test_web_corpus import job_id_of, upload
from tests.web_helpers import (
    inline_jobs_app,  # noqa: F401 (this module's "app")
    sign_in,
)

# Four invented articles, written for these tests: (id, date, outlet, title, body). The third has no date;
# the fourth's title is markup that must show as text.
ARTICLES = [
    (
        "k1",
        "2026-05-04",
        "Valley Courier",
        "Radar units reach the river garrison",
        "The ministry said the radar units reached the river garrison on Monday. Farmers nearby fear the noise.",
    ),
    (
        "k2",
        "2026-05-05T09:30:00+02:00",
        "Coastal Herald",
        "Patrol boats join the spring exercise",
        "Officials say the patrol boats strengthen security along the coast. The exercise ends on Friday.",
    ),
    (
        "k3",
        "",
        "Valley Courier",
        "Council debates the barracks lease",
        "Residents warn the new barracks will escalate tensions in the valley. The council meets again in June.",
    ),
    (
        "k4",
        "2026-05-12",
        "Coastal Herald",
        "<b>x</b>",
        "The navy insists the drills reassure the fishing towns. Critics call the drills a provocation.",
    ),
]
BY_ID = {a[0]: a for a in ARTICLES}
_ITEM = re.compile(r'<li data-frame="[^"]*">(.*?)</li>', re.S)
_LINE = re.compile(r'<p class="subtle article-of">(.*?)</p>', re.S)


def corpus(rows, header=("id", "date", "outlet", "title", "body")):
    """CSV bytes of ``rows`` under ``header``."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode()


def every_sentence(client, job_id):
    """``(sentence text, article line)`` of every sentence the dashboard links to, through the per-period cells."""
    summary = client.get(f"/corpus/{job_id}/summary.json").json
    found = []
    for gi, group in enumerate(summary["groups"]):
        for pi in range(len(group["periods"])):
            page = client.get(f"/corpus/{job_id}/sentences?cell=g{gi}-p{pi}")
            assert page.status_code == 200
            for item in _ITEM.findall(page.get_data(as_text=True)):
                text = re.search(r'<p class="sentence-text">(.*?)</p>', item, re.S).group(1)
                line = _LINE.search(item)
                assert line, item
                found.append((html.unescape(text), line.group(1)))
    return found


def test_each_sentence_names_its_article_title_outlet_and_date(client):
    sign_in(client)
    job_id = job_id_of(upload(client, content=corpus(ARTICLES), filename="garrisons.csv"))
    shown = every_sentence(client, job_id)
    assert len(shown) >= len(ARTICLES)
    seen = set()
    for text, line in shown:
        article_id = re.search(r"<strong>(.*?)</strong>", line).group(1)
        _, date, outlet, title, body = BY_ID[article_id]
        # The sentence is one of that article's, so the line names the right article, not just any.
        assert text in body
        assert f"<cite>{html.escape(title, quote=True)}</cite>" in line
        assert outlet in line
        assert (f'<time datetime="{date[:10]}">{date[:10]}</time>' if date else "undated") in line
        seen.add(article_id)
    assert seen == set(BY_ID)


def test_a_title_is_escaped(client):
    sign_in(client)
    job_id = job_id_of(upload(client, content=corpus(ARTICLES), filename="garrisons.csv"))
    lines = [line for _, line in every_sentence(client, job_id)]
    marked = [line for line in lines if "<strong>k4</strong>" in line]
    assert marked and all("<cite>&lt;b&gt;x&lt;/b&gt;</cite>" in line for line in marked)
    assert not any("<b>x</b>" in line for line in lines)


def test_without_a_date_column_every_article_is_undated_and_without_title_none_is_shown(client):
    sign_in(client)
    rows = [(a[0], a[2], a[4]) for a in ARTICLES]
    content = corpus(rows, header=("id", "outlet", "body"))
    job_id = job_id_of(upload(client, content=content, filename="nodates.csv", date_column=""))
    shown = every_sentence(client, job_id)
    assert shown
    for _, line in shown:
        assert line.rstrip().endswith("undated") and "<time" not in line and "<cite>" not in line


def _rows(values):
    """Per-sentence rows as ``summarize`` reads them: (columns, [(rows, lines)])."""
    columns = ["id", "sentence", "date", "outlet", "title", "text", "label"]
    return columns, [(values, range(2, len(values) + 2))]


def test_the_summary_keeps_each_article_once_and_its_sentences_refer_to_it():
    columns, batches = _rows(
        [
            ("m1", 0, "2026-06-01", "Ridge Daily", "Bridge reopens", "The bridge reopened.", "neutral"),
            ("m1", 1, "2026-06-01", "Ridge Daily", "Bridge reopens", "Traffic resumed at noon.", "neutral"),
            ("m2", 0, "not a date", "Ridge Daily", "Ferry delayed", "The ferry was late again.", "neutral"),
        ]
    )
    summary = summarize(columns, batches, SummaryOptions(by=("outlet",), evidence=5))
    assert summary["articles"] == {
        "a1": {"id": "m1", "title": "Bridge reopens", "outlet": "Ridge Daily", "date": "2026-06-01"},
        "a2": {"id": "m2", "title": "Ferry delayed", "outlet": "Ridge Daily", "date": ""},
    }
    assert [s["article"] for s in summary["sentences"].values()] == ["a1", "a1", "a2"]
    origin = article_of(summary, summary["sentences"]["r4"])
    assert origin == {"id": "m2", "title": "Ferry delayed", "where": "Ridge Daily", "date": ""}


def test_the_outlet_is_named_beside_a_group_of_another_column():
    columns = ["id", "sentence", "region", "outlet", "text", "label"]
    rows = [("n1", 0, "North", "Hill Gazette", "Snow closed the pass.", "neutral")]
    summary = summarize(columns, [(rows, [2])], SummaryOptions(by=("region",), date_column=None))
    assert article_of(summary, summary["sentences"]["r2"])["where"] == "North / Hill Gazette"


def test_a_summary_cached_whole_as_json_by_an_older_version_is_made_again(client, model_dir):
    import json

    from service.web.jobs import JobStore

    app = client.application
    sign_in(client)
    job_id = job_id_of(upload(client, content=corpus(ARTICLES), filename="garrisons.csv"))
    folder = JobStore(app.config["JOBS_DB"]).job_folder(job_id)
    # A job of an older version: its summary cached whole as JSON (and before articles were kept).
    old = client.get(f"/corpus/{job_id}/summary.json").json
    old.pop("articles")
    (folder / "summary-week-all.sqlite3").unlink()
    (folder / "summary-week-all.json").write_text(json.dumps(old), encoding="utf-8")
    assert all("<cite>" in line for _, line in every_sentence(client, job_id))
    assert (folder / "summary-week-all.sqlite3").is_file() and not (folder / "summary-week-all.json").exists()
