"""The rules behind a corpus summary: dates and periods, the frame-shift alert, source-name merging."""

import datetime as dt
import json
import math
import random

import pytest
from test_summarize import HEADER, run, sentence_rows, write_csv

from model.source_names import merge_sources, person_words, source_key
from service.corpus.alerts import Design, alert_labels, benjamini_hochberg, find_shifts, fisher_tail
from service.corpus.dates import parse_date, period_of, period_start

# --- dates and periods ---


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-03-04", dt.date(2026, 3, 4)),
        ("2026-03-04T23:30:00-05:00", dt.date(2026, 3, 4)),
        ("2026-03-04 08:15", dt.date(2026, 3, 4)),
        ("2026/3/4", dt.date(2026, 3, 4)),
        ("04.03.2026", dt.date(2026, 3, 4)),
        ("4.3.2026.", dt.date(2026, 3, 4)),
        ("4 March 2026", dt.date(2026, 3, 4)),
        ("March 4, 2026", dt.date(2026, 3, 4)),
        ("Wednesday, 4 Mar 2026", dt.date(2026, 3, 4)),
        ("Wed, 04 Mar 2026 10:15:00 +0000", dt.date(2026, 3, 4)),
        (dt.date(2026, 3, 4), dt.date(2026, 3, 4)),
        (dt.datetime(2026, 3, 4, 22, 0), dt.date(2026, 3, 4)),
        # Ambiguous, impossible or not a date: no date rather than a guess.
        ("03/04/2026", None),
        ("2026-02-30", None),
        ("2026-03", None),
        ("n/a", None),
        ("", None),
        (None, None),
        (20260304, None),
    ],
)
def test_parse_date(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    ("day", "period", "key", "start"),
    [
        (dt.date(2026, 3, 4), "day", "2026-03-04", "2026-03-04"),
        (dt.date(2026, 3, 4), "week", "2026-W10", "2026-03-02"),
        (dt.date(2026, 3, 8), "week", "2026-W10", "2026-03-02"),  # Sunday closes the ISO week
        (dt.date(2027, 1, 1), "week", "2026-W53", "2026-12-28"),
        (dt.date(2025, 12, 29), "week", "2026-W01", "2025-12-29"),  # Monday of the first week of 2026
        (dt.date(2026, 3, 31), "month", "2026-03", "2026-03-01"),
    ],
)
def test_periods_and_their_first_day(day, period, key, start):
    assert period_of(day, period) == key
    assert period_start(key) == start


# --- the alert rule ---


def _series(shares, total=100):
    """A series of periods with the given shares of ``total`` sentences."""
    return [(f"2026-W{n:02d}", round(share * total), total) for n, share in enumerate(shares, 1)]


def test_a_clear_rise_fires_with_its_baseline_p_and_q():
    # Earlier periods of 10, 12 and 11 in 100 (33 of 300 pooled), then 30 in 100; sentences independent.
    (alert,) = find_shifts(_series([0.10, 0.12, 0.11, 0.30]), min_count=5, design=Design())
    assert alert["period"] == "2026-W04"
    assert (alert["previous_periods"], alert["baseline_count"], alert["baseline_total"]) == (3, 33, 300)
    assert alert["baseline_share"] == pytest.approx(0.11)
    assert (alert["baseline_mean"], alert["baseline_sd"]) == (pytest.approx(0.11), pytest.approx(0.01))
    assert (alert["count"], alert["total"], alert["share"], alert["design_effect"]) == (30, 100, 0.3, 1.0)
    assert alert["p_value"] == pytest.approx(fisher_tail(30, 100, 33, 300)) and alert["p_value"] < 1e-4
    # The one cell tested: its q-value is its p-value; the alert level is a share it reached.
    assert alert["q_value"] == pytest.approx(alert["p_value"])
    assert 0.11 < alert["threshold"] <= alert["share"]


def test_a_rise_within_the_groups_own_spread_does_not_fire():
    # Shares of 10 %, 20 % and 15 % spread twice as far as independent sentences would: 25 % is no shift.
    assert find_shifts(_series([0.10, 0.20, 0.15, 0.25]), min_count=5) == []
    assert find_shifts(_series([0.10, 0.20, 0.15, 0.24]), min_count=5) == []


def test_the_p_value_of_a_small_case_matches_a_hand_computation():
    # 4 of 5 sentences against 1 of 10 before. Were both one rate, the period's 5 sentences would be 5 of
    # the 15 drawn at random, 5 of them threat: P(X = k) = C(5, k) C(10, 5 - k) / C(15, 5), C(15, 5) = 3003.
    p4 = math.comb(5, 4) * math.comb(10, 1) / 3003  # 50 / 3003
    p5 = math.comb(5, 5) * math.comb(10, 0) / 3003  # 1 / 3003
    assert fisher_tail(4, 5, 1, 10) == pytest.approx(p4 + p5) == pytest.approx(51 / 3003)
    # The same cell in a series (three earlier periods, 1 of 10 pooled) is the only cell tested: q = p.
    series = [("a", 0, 3), ("b", 1, 4), ("c", 0, 3), ("d", 4, 5)]
    (alert,) = find_shifts(series, min_count=1, min_articles=1, design=Design())
    assert alert["p_value"] == pytest.approx(51 / 3003) and alert["q_value"] == pytest.approx(51 / 3003)
    # 0.017: it fires at a false discovery rate of 0.05, not at 0.01.
    assert find_shifts(series, min_count=1, min_articles=1, fdr=0.01, design=Design()) == []


def test_the_design_effect_divides_the_counts_before_the_test():
    # 20 sentences from 4 articles a period; rho 0.5 makes the design effect 1 + (5 - 1) 0.5 = 3.
    assert Design(rho=0.5).effect(20, 4) == 3.0
    series = [("a", 2, 20, 4, 2), ("b", 3, 20, 4, 3), ("c", 1, 20, 4, 1), ("d", 14, 20, 4, 4)]
    (alert,) = find_shifts(series, min_count=5, design=Design(rho=0.5))
    assert alert["design_effect"] == 3.0
    # 14 of 20 counts as 5 of 7 (14 / 3 and 20 / 3, rounded), the baseline's 6 of 60 as 2 of 20.
    assert alert["p_value"] == pytest.approx(fisher_tail(5, 7, 2, 20))
    assert alert["p_value"] > fisher_tail(14, 20, 6, 60) * 100
    # Rows that tell no articles apart are divided by the dispersion instead.
    plain = [(p, c, n) for p, c, n, _, _ in series]
    (alert,) = find_shifts(plain, min_count=5, design=Design(rho=0.5, dispersion=2.0))
    assert alert["design_effect"] == 2.0 and alert["p_value"] == pytest.approx(fisher_tail(7, 10, 3, 30))


def test_benjamini_hochberg_q_values():
    # Sorted: 0.01, 0.03, 0.04, 0.5 times 4 / rank: 0.04, 0.06, 0.0533, 0.5; each at most the next one's.
    q = benjamini_hochberg([0.01, 0.04, 0.03, 0.5])
    assert q == pytest.approx([0.04, 0.04 * 4 / 3, 0.04 * 4 / 3, 0.5])


def test_alert_needs_three_earlier_periods():
    # The same jump after only two earlier periods is no alert, however large.
    assert find_shifts(_series([0.10, 0.12, 0.90]), min_count=5) == []
    assert [a["period"] for a in find_shifts(_series([0.10, 0.12, 0.11, 0.90]), min_count=5)] == ["2026-W04"]


def test_alert_needs_the_minimum_count():
    series = [("a", 1, 10), ("b", 1, 10), ("c", 1, 10), ("d", 6, 10)]
    assert find_shifts(series, min_count=7, design=Design()) == []
    assert [a["period"] for a in find_shifts(series, min_count=6, design=Design())] == ["d"]


def test_periods_without_sentences_are_no_part_of_the_baseline():
    # "b" has no sentences: it neither counts as an earlier period nor lowers the baseline as a zero share.
    assert find_shifts([("a", 1, 10), ("b", 0, 0), ("c", 1, 10), ("d", 9, 10)], min_count=1) == []
    series = [("a", 10, 100), ("b", 0, 0), ("c", 20, 100), ("d", 15, 100), ("e", 40, 100)]
    (alert,) = find_shifts(series, min_count=1, design=Design())
    assert (alert["period"], alert["previous_periods"], alert["baseline_total"]) == ("e", 3, 300)


def test_alert_labels():
    assert alert_labels(["neutral", "stability", "threat"]) == ["stability", "threat"]
    assert alert_labels(["against", "for", "observing"]) == ["against", "for", "observing"]
    assert alert_labels(["negative", "neutral", "positive"]) == ["negative", "positive"]


def test_alerts_end_to_end_list_the_sentences_behind_them(tmp_path):
    rows, article = [], 0
    # Four weeks of one outlet with one threat sentence in ten, then a week with six in ten.
    for week, threats in enumerate([1, 1, 1, 1, 6]):
        article += 1
        frames = ["threat"] * threats + ["neutral"] * (10 - threats)
        date = (dt.date(2026, 3, 2) + dt.timedelta(weeks=week)).isoformat()
        rows += sentence_rows(article, "Balkan Wire", date, frames)
    path = write_csv(tmp_path / "s.csv", rows)
    result = run(path, "--by", "outlet", "-o", tmp_path / "s.json", "--evidence", "4", "--alert-min-articles", "1")
    assert result.exit_code == 0, result.output
    summary = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))
    (alert,) = summary["alerts"]
    assert (alert["group"], alert["period"], alert["label"], alert["count"]) == ("Balkan Wire", "2026-W14", "threat", 6)
    kept = [summary["sentences"][ref] for ref in alert["evidence"]]
    assert len(kept) == 4
    assert all(s["label"] == "threat" and s["id"] == "5" and s["period"] == "2026-W14" for s in kept)
    # A higher minimum count silences it.
    result = run(path, "--by", "outlet", "-o", tmp_path / "quiet.json", "--alert-min-count", "7", "--alert-min-articles", "1")  # fmt: skip
    assert json.loads((tmp_path / "quiet.json").read_text(encoding="utf-8"))["alerts"] == []
    # So does the default: the week's six threat sentences are one article's, which shifts no outlet.
    result = run(path, "--by", "outlet", "-o", tmp_path / "one.json")
    summary = json.loads((tmp_path / "one.json").read_text(encoding="utf-8"))
    assert summary["alerts"] == [] and summary["options"]["alert_min_articles"] == 3


def test_an_alert_needs_its_sentences_from_enough_articles(tmp_path):
    rows, article = [], 0
    # Four weeks with one threat sentence in ten, then a week whose six come from two or three articles.
    for week, articles in enumerate([1, 1, 1, 1, None]):
        date = (dt.date(2026, 3, 2) + dt.timedelta(weeks=week)).isoformat()
        frames = ["threat"] + ["neutral"] * 9 if articles else ["threat"] * 6 + ["neutral"] * 4
        for part in (frames[0::3], frames[1::3], frames[2::3]):
            article += 1
            rows += sentence_rows(article, "Balkan Wire", date, part)
    path = write_csv(tmp_path / "s.csv", rows)
    for fewest, alerts in (("3", 1), ("4", 0)):
        result = run(path, "--by", "outlet", "-o", tmp_path / "s.json", "--alert-min-articles", fewest)
        assert result.exit_code == 0, result.output
        summary = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))
        assert len(summary["alerts"]) == alerts, fewest
    # Rows that do not tell articles apart (no id or sentence column) are not held to it.
    kept = [i for i, name in enumerate(HEADER) if name not in ("id", "sentence")]
    plain = [[r[i] for i in kept] for r in rows]
    header = [HEADER[i] for i in kept]
    result = run(write_csv(tmp_path / "plain.csv", plain, header), "--by", "outlet", "-o", tmp_path / "p.json")
    assert result.exit_code == 0, result.output
    assert len(json.loads((tmp_path / "p.json").read_text(encoding="utf-8"))["alerts"]) == 1


# --- source names ---


def test_source_key_ignores_case_articles_and_diacritics():
    assert source_key("The Serbian President Aleksandar Vučić") == "serbian president aleksandar vucic"
    assert source_key("  the  Ministry’s   spokesman ") == "ministry's spokesman"


@pytest.mark.parametrize(
    ("key", "words"),
    [
        ("serbian president aleksandar vucic", ["aleksandar", "vucic"]),
        ("president vucic", ["vucic"]),
        ("kosovo defence minister ejup maqedonci", ["ejup", "maqedonci"]),
        ("gen. milan mojsilovic", ["milan", "mojsilovic"]),
        ("defence ministry", ["defence", "ministry"]),
        ("minister of defence", ["minister", "of", "defence"]),
        ("president", ["president"]),
        # A modifier after a person's name ("of the institute") is no part of the name.
        ("military analyst jonas ferrin of the baltic security institute", ["jonas", "ferrin"]),
        ("dr. nikola brenner of the valmar institute", ["nikola", "brenner"]),
        ("ministry of defence", ["ministry", "of", "defence"]),
    ],
)
def test_person_words_drop_titles_before_a_name(key, words):
    assert person_words(key) == words


def test_a_surname_joins_a_full_name_written_with_a_modifier():
    merged = merge_sources({"Dr. Nikola Brenner of the Valmar Institute": 1, "Brenner": 6})
    assert set(merged.canonical.values()) == {"nikola brenner"}
    assert merged.display["nikola brenner"] == "Nikola Brenner"


def test_one_person_under_many_spellings_is_one_source():
    counts = {
        "Aleksandar Vucic": 5,
        "Vucic": 3,
        "President Vucic": 2,
        "Serbian President Aleksandar Vučić": 1,
        "the Serbian President Aleksandar Vucic": 1,
    }
    merged = merge_sources(counts)
    assert set(merged.canonical.values()) == {"aleksandar vucic"}
    assert merged.display["aleksandar vucic"] == "Aleksandar Vucic"
    assert sum(merged.variants["aleksandar vucic"].values()) == 12
    assert merged.ambiguous == {}


def test_a_surname_shared_by_two_full_names_stays_apart():
    merged = merge_sources({"Aleksandar Vucic": 4, "Andrej Vucic": 1, "Vucic": 3, "President Vucic": 1, "A. Vucic": 1})
    assert merged.canonical["Aleksandar Vucic"] == "aleksandar vucic"
    assert merged.canonical["Andrej Vucic"] == "andrej vucic"
    assert merged.canonical["Vucic"] == merged.canonical["President Vucic"] == "vucic"
    assert merged.ambiguous == {"vucic": ["aleksandar vucic", "andrej vucic"], "a. vucic": ["aleksandar vucic", "andrej vucic"]}  # fmt: skip


def test_an_initial_joins_the_one_full_name_it_fits():
    merged = merge_sources({"Albin Kurti": 2, "A. Kurti": 1, "B. Kurti": 1})
    assert merged.canonical["A. Kurti"] == "albin kurti"
    assert merged.canonical["B. Kurti"] == "b. kurti"


def test_institutions_groups_places_and_pronouns_do_not_join_people():
    counts = {
        "the Defence Ministry": 1,
        "ministry": 1,
        "Serbian officials": 1,
        "officials": 1,
        "North Kosovo": 1,
        "Kosovo": 1,
        "he": 1,
        "Mark Rutte": 1,
        "NATO Secretary General Mark Rutte": 1,
    }
    merged = merge_sources(counts)
    assert merged.canonical["ministry"] == "ministry"
    assert merged.canonical["officials"] == "officials"
    assert merged.canonical["Kosovo"] == "kosovo"
    assert merged.canonical["he"] == "he"
    assert merged.canonical["NATO Secretary General Mark Rutte"] == "mark rutte"
    assert merged.display["defence ministry"] == "Defence Ministry"


def test_merging_does_not_depend_on_order():
    names = ["Aleksandar Vucic", "Vucic", "President Vucic", "Albin Kurti", "Kurti", "Andrej Vucic", "NATO", "A. Kurti"]
    counts = {name: n for n, name in enumerate(names, 1)}
    first = merge_sources(counts)
    shuffled = list(counts.items())
    random.Random(4).shuffle(shuffled)
    second = merge_sources(dict(shuffled))
    assert first.canonical == second.canonical
    assert first.display == second.display
    assert first.ambiguous == second.ambiguous
