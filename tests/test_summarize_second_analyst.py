"""Corpus summary fixes from a second analyst's session: one person under one key, alerts a short period
cannot silence, who quotes a source in each role, and how many articles each frame's sentences come from."""

import csv
import io

import pytest

from model.source_names import merge_sources, person_words, source_key
from service.corpus.alerts import Design, find_shifts
from service.corpus.report_html import render_report
from service.corpus.summary import SummaryOptions, summarize
from service.corpus.table import format_table

LABELS = ["neutral", "stability", "threat"]
HEADER = ["id", "outlet", "date", "sentence", "text", "label", "confidence"]
HEADER += [f"p_{label}" for label in LABELS] + ["speakers", "disputed"]
# One sentence per frame, written for these tests.
TEXTS = {
    "threat": "The harbour guns were pointed at the ferry lane, the mayor warned.",
    "stability": "The coast guard said the new patrol boats keep the fishing grounds calm.",
    "neutral": "The patrol boats were painted grey at the Orsk yard in May.",
}


def row(article, outlet, date, index, label, speakers="", disputed="", confidence=0.9):
    """One sentence row as stance analyze writes it (the columns of HEADER)."""
    p = [confidence if other == label else round((1 - confidence) / 2, 4) for other in LABELS]
    return [article, outlet, date, str(index), TEXTS[label], label, str(confidence), *map(str, p), speakers, disputed]


def summary_of(rows, header=HEADER, **options):
    """Summarise rows in memory, grouped by outlet unless told otherwise."""
    chosen = SummaryOptions(**{"by": ("outlet",), "name": "fixes.csv", **options})
    return summarize(header, [(rows, list(range(2, len(rows) + 2)))], chosen)


def table_rows(summary, kind):
    """The rows of one kind (frames, sources, alerts) of the summary CSV, as dicts."""
    return [r for r in csv.DictReader(io.StringIO(format_table(summary))) if r["table"] == kind]


# --- 1. one person, one key ---


@pytest.mark.parametrize(
    ("name", "words"),
    [
        # A title or a description on one side of a comma, the person's name on the other.
        ("Valdor's foreign minister, Maren Holt", ["maren", "holt"]),
        ("Maren Holt, the foreign minister", ["maren", "holt"]),
        ("The harbour master's spokeswoman, Holt", ["holt"]),
        ("Ilse Brandvik, a professor at the Orsk naval college", ["ilse", "brandvik"]),
        # Two names, no description: left as written.
        ("Orsk, Velin", ["orsk,", "velin"]),
        # People joined with "and" are neither of them ...
        (
            "Prime Minister Tomas Vell and Defence Minister Ruta Sand",
            ["prime", "minister", "tomas", "vell", "and", "defence", "minister", "ruta", "sand"],
        ),
        # ... but an "and" inside a title joins no people.
        ("Defence and Interior Minister Ruta Sand", ["ruta", "sand"]),
    ],
)
def test_a_name_beside_a_title_or_description_is_the_person(name, words):
    assert person_words(source_key(name)) == words


def test_spellings_with_a_comma_join_the_person_and_show_the_bare_name():
    merged = merge_sources(
        {
            "Valdor's foreign minister, Maren Holt": 3,
            "Foreign Minister Maren Holt": 2,
            "Maren Holt, the foreign minister": 4,
            "Holt": 1,
        }
    )
    assert set(merged.canonical.values()) == {"maren holt"}
    # The most frequent spelling holds the name with a comma after it: the comma is no part of the name.
    assert merged.display["maren holt"] == "Maren Holt"


def test_a_family_name_written_first_joins_the_one_full_name_it_opens():
    merged = merge_sources({"ministry spokeswoman Jun Haeri": 2, "Jun": 3})
    assert merged.canonical["Jun"] == "jun haeri"
    assert merged.ambiguous == {}


def test_a_first_word_shared_by_several_full_names_stays_apart_as_ambiguous():
    merged = merge_sources({"Park Solmi": 1, "Park Daeho": 1, "Park": 2})
    assert merged.canonical["Park"] == "park"
    assert merged.ambiguous == {"park": ["park daeho", "park solmi"]}


def test_a_surname_wins_over_a_first_word():
    # "Lenk" is Dara Lenk's surname, and also opens "Lenk Osiro": the surname decides.
    merged = merge_sources({"Dara Lenk": 1, "Lenk Osiro": 1, "Lenk": 2})
    assert merged.canonical["Lenk"] == "dara lenk"


def test_a_phrase_of_two_people_keeps_its_counts_apart_from_each_of_them():
    pair = "Prime Minister Tomas Vell and Defence Minister Ruta Sand"
    rows = [row("a1", "Lantern Daily", "2026-03-02", i, "stability", speakers=pair) for i in range(3)]
    rows.append(row("a2", "Lantern Daily", "2026-03-03", 0, "threat", speakers="Ruta Sand"))
    sources = {s["key"]: s for s in summary_of(rows)["sources"]}
    assert sources["ruta sand"]["speaker"] == {"neutral": 0, "stability": 0, "threat": 1}
    assert sources[source_key(pair)]["speaker"]["stability"] == 3
    assert sources[source_key(pair)]["name"] == pair


# --- 2. alerts: a short period is no part of a later baseline, and the level is a share the period reached ---


def test_a_short_full_period_does_not_put_the_next_one_out_of_reach():
    # Week 43 is all threat but has only 3 sentences (under the minimum of 5); week 44 is all threat with 7.
    series = [("W40", 2, 20), ("W41", 3, 20), ("W42", 2, 20), ("W43", 3, 3), ("W44", 7, 7)]
    (alert,) = find_shifts(series, min_count=5, design=Design())
    assert alert["period"] == "W44"
    assert alert["previous_periods"] == 3
    assert (alert["baseline_count"], alert["baseline_total"]) == (7, 60)
    assert alert["baseline_mean"] == pytest.approx(7 / 60)
    assert alert["threshold"] <= 1


def test_a_jumpy_group_is_no_baseline_to_alarm_on_and_a_full_group_has_not_shifted():
    # Shares of 20 %, 90 % and 10 %: the group spreads eight times as far as independent sentences, so
    # a week at 100 % is within its chance; were its sentences independent, 100 % would fire.
    jumpy = [("a", 2, 10), ("b", 9, 10), ("c", 1, 10)]
    assert find_shifts([*jumpy, ("d", 10, 10)], min_count=5) == []
    (alert,) = find_shifts([*jumpy, ("d", 10, 10)], min_count=5, design=Design())
    assert alert["share"] == 1.0 and alert["threshold"] <= 1.0
    # A group that was always at 100 % has not shifted when it stays there.
    assert find_shifts([("a", 10, 10), ("b", 10, 10), ("c", 10, 10), ("d", 10, 10)], min_count=5) == []


def short_week_rows():
    """Three weeks of 10 sentences with one threat in each, a week of 3 threat sentences, then a week of 7."""
    rows = []
    for week, (day, frames) in enumerate(
        [
            ("2026-10-05", ["threat"] + ["neutral"] * 9),
            ("2026-10-12", ["threat"] + ["neutral"] * 9),
            ("2026-10-19", ["threat"] + ["neutral"] * 9),
            ("2026-10-26", ["threat"] * 3),
            ("2026-11-02", ["threat"] * 7),
        ]
    ):
        # Three articles a week (or fewer): an alert needs its sentences from at least three.
        rows += [row(f"w{week}-{i * 3 // len(frames)}", "Quay Herald", day, i, label) for i, label in enumerate(frames)]
    return rows


def test_the_summary_alerts_after_a_short_week_and_names_its_articles():
    summary = summary_of(short_week_rows())
    (alert,) = summary["alerts"]
    assert (alert["period"], alert["label"], alert["count"], alert["previous_periods"]) == ("2026-W45", "threat", 7, 3)
    assert (alert["articles_with"], alert["articles"]) == (3, 3)
    (csv_alert,) = table_rows(summary, "alerts")
    assert (csv_alert["articles"], csv_alert["articles_threat"]) == ("3", "3")
    report = render_report(summary)
    assert "earlier periods (at least 3, each with at least 5 sentences of the group)" in report
    assert "<td>in 3 of 3 articles</td>" in report


# --- 3. who quotes a source, per role ---


def quoted_rows():
    """Tova Rinn speaks in three sentences of Lantern Daily and is disputed in one of Quay Herald."""
    rows = [row("a1", "Lantern Daily", "2026-03-02", i, "stability", speakers="Tova Rinn") for i in range(3)]
    rows.append(row("b1", "Quay Herald", "2026-03-03", 0, "neutral", disputed="Tova Rinn"))
    return rows


def test_who_quotes_a_source_is_kept_per_role():
    (tova,) = summary_of(quoted_rows())["sources"]
    assert tova["quoted_by"] == {"Lantern Daily": 3, "Quay Herald": 1}
    assert tova["quoted_by_role"] == {"speaker": {"Lantern Daily": 3}, "disputed": {"Quay Herald": 1}}


def test_the_csv_and_the_report_show_who_quotes_a_source_in_the_rows_role():
    summary = summary_of(quoted_rows())
    quoted = {r["role"]: r["quoted_by"] for r in table_rows(summary, "sources")}
    assert quoted == {"speaker": "Lantern Daily (3)", "disputed": "Quay Herald (1)"}
    report = render_report(summary)
    speakers = report[report.index('id="sources"') : report.index('id="disputed"')]
    disputed = report[report.index('id="disputed"') : report.index('id="notes"')]
    assert "quoted by Lantern Daily" in speakers and "Quay Herald" not in speakers
    assert "quoted by Quay Herald" in disputed and "Lantern Daily" not in disputed


# --- 4. articles with each frame ---


def one_long_article_rows():
    """A week of Lantern Daily: one article of 14 threat sentences, 19 articles of 2 neutral sentences."""
    rows = [row("long", "Lantern Daily", "2026-03-02", i, "threat") for i in range(14)]
    for n in range(19):
        rows += [row(f"short-{n}", "Lantern Daily", "2026-03-03", i, "neutral") for i in range(2)]
    return rows


def test_one_long_article_shows_as_one_article_with_the_frame():
    summary = summary_of(one_long_article_rows())
    (period,) = summary["groups"][0]["periods"]
    assert period["counts"]["threat"] == 14 and period["articles"] == 20
    assert period["articles_with"] == {"neutral": 19, "stability": 0, "threat": 1}
    (frames,) = table_rows(summary, "frames")
    assert (frames["articles_threat"], frames["articles_neutral"], frames["articles_stability"]) == ("1", "19", "0")
    report = render_report(summary)
    assert "<small>in 1 of 20 articles</small>" in report
    assert "<small>in 19 of 20 articles</small>" in report


def test_an_article_counts_once_per_frame_wherever_its_sentences_are():
    frames = ["threat", "neutral", "threat", "stability", "threat"]
    rows = [row("a1", "Lantern Daily", "2026-03-02", i, label) for i, label in enumerate(frames)]
    rows += [row("a2", "Lantern Daily", "2026-03-02", 0, "threat")]
    (period,) = summary_of(rows)["groups"][0]["periods"]
    assert period["articles_with"] == {"neutral": 1, "stability": 1, "threat": 2}


def test_an_article_split_over_groups_counts_in_each_group_once():
    # Grouped by a sentence-level column, one article's rows alternate between two groups.
    header = [*HEADER, "desk"]
    desks = ["north", "south", "north", "south", "north"]
    rows = [[*row("a1", "Lantern Daily", "2026-03-02", i, "threat"), desk] for i, desk in enumerate(desks)]
    summary = summary_of(rows, header=header, by=("desk",))
    assert [(g["name"], g["periods"][0]["articles_with"]["threat"]) for g in summary["groups"]] == [
        ("north", 1),
        ("south", 1),
    ]


def test_uncertain_sentences_give_no_article_a_frame():
    rows = [row("a1", "Lantern Daily", "2026-03-02", 0, "threat", confidence=0.4)]
    rows += [row("a1", "Lantern Daily", "2026-03-02", 1, "neutral")]
    (period,) = summary_of(rows, min_confidence=0.5)["groups"][0]["periods"]
    assert period["articles_with"] == {"neutral": 1, "stability": 0, "threat": 0}


def test_without_ids_or_sentence_indexes_no_article_is_counted_per_frame():
    keep = [i for i, name in enumerate(HEADER) if name not in ("id", "sentence")]
    header = [HEADER[i] for i in keep]
    rows = [[r[i] for i in keep] for r in one_long_article_rows()]
    summary = summary_of(rows, header=header)
    (period,) = summary["groups"][0]["periods"]
    assert period["articles_with"] is None
    (frames,) = table_rows(summary, "frames")
    assert frames["articles_threat"] == ""
    assert " of 0 articles" not in render_report(summary)
