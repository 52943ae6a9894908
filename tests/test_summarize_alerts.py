"""Frame-shift alerts over a whole run: no alert where frames never shift, a clear shift found, the FDR option.

The corpora are made here with a fixed seed: 8 outlets over 20 weeks, 8 articles a week each, of 4 to
12 sentences whose frames each article draws around its outlet's shares (so sentences of one article
share frames, as in real news).
"""

import csv
import datetime as dt
import io
import json
import random
import re
from html import escape

import pytest
from test_summarize import HEADER, LABELS, run, sentence_rows, write_csv

from service.corpus.report_html import render_report
from service.corpus.summary import SummaryOptions, summarize
from service.corpus.table import format_table

OUTLETS = [f"Outlet {number}" for number in range(8)]
SEED = 5
# Outlet 0's threat share is tripled in weeks 12 to 14 (2026-W14 to W16) of the shifted corpus.
SHIFTED_WEEKS = range(12, 15)
SHIFTED = ["2026-W14", "2026-W15", "2026-W16"]


def clustered_corpus(seed=SEED, shift=1.0):
    """Rows of 8 outlets over 20 weeks; each article's frames drawn around its outlet's shares (Dirichlet, 5)."""
    rng = random.Random(seed)
    shares = {outlet: (rng.uniform(0.1, 0.3), rng.uniform(0.1, 0.25)) for outlet in OUTLETS}
    rows, article = [], 0
    for week in range(20):
        for outlet in OUTLETS:
            for _ in range(8):
                article += 1
                threat, stability = shares[outlet]
                weights = [1 - threat - stability, stability, threat]
                if outlet == OUTLETS[0] and week in SHIFTED_WEEKS:
                    raised = threat * shift
                    weights = [w * (1 - raised) / (1 - threat) for w in weights[:2]] + [raised]
                mix = [rng.gammavariate(5 * w, 1) for w in weights]
                frames = rng.choices(LABELS, weights=mix, k=rng.randint(4, 12))
                day = dt.date(2026, 1, 5) + dt.timedelta(weeks=week, days=rng.randrange(7))
                rows += sentence_rows(article, outlet, day.isoformat(), frames)
    return rows


def summary_of(rows, **options):
    chosen = SummaryOptions(by=("outlet",), name="alerts.csv", **options)
    return summarize(HEADER, [(rows, list(range(2, len(rows) + 2)))], chosen)


def test_a_corpus_whose_frames_never_shift_gives_no_alert():
    rows = clustered_corpus()
    summary = summary_of(rows)
    assert summary["alerts"] == []
    # 8 outlets, 2 frames, 17 weeks after 3 earlier ones: every cell is tested and counted in the correction.
    test = summary["alert_test"]
    assert (test["cells"], test["fdr"], test["p_cutoff"]) == (272, 0.05, None)
    # The article clustering was found (the corpus draws it with a correlation of 1 / 6).
    assert 0.08 < test["article_correlation"]["threat"] < 0.3
    # Tested one by one, without the correction, some cells would have fired by chance.
    every = summary_of(rows, alert_fdr=1.0)["alerts"]
    assert sum(1 for a in every if a["p_value"] < 0.05) >= 5


def test_an_injected_shift_is_found_and_nothing_else():
    summary = summary_of(clustered_corpus(shift=3.0))
    found = [(a["group"], a["label"], a["period"]) for a in summary["alerts"]]
    assert found == [(OUTLETS[0], "threat", period) for period in SHIFTED]
    cutoff = summary["alert_test"]["p_cutoff"]
    for alert in summary["alerts"]:
        assert alert["p_value"] <= cutoff and alert["q_value"] <= 0.05
        assert alert["baseline_share"] < alert["threshold"] <= alert["share"] <= 1
        assert alert["design_effect"] > 1 and alert["previous_periods"] >= 3


def test_the_fdr_option_changes_what_fires(tmp_path):
    path = write_csv(tmp_path / "sentences.csv", clustered_corpus(shift=3.0))
    fired = {}
    for fdr in ("0.005", "0.05", "0.5"):
        result = run(path, "--by", "outlet", "-o", tmp_path / f"{fdr}.json", "--alert-fdr", fdr)
        assert result.exit_code == 0, result.output
        summary = json.loads((tmp_path / f"{fdr}.json").read_text(encoding="utf-8"))
        assert summary["options"]["alert_fdr"] == float(fdr) == summary["alert_test"]["fdr"]
        fired[fdr] = {(a["group"], a["label"], a["period"]) for a in summary["alerts"]}
    assert fired["0.005"] == {(OUTLETS[0], "threat", "2026-W16")}
    assert fired["0.05"] == {(OUTLETS[0], "threat", period) for period in SHIFTED}
    # A looser rate lets cells of chance through too (q-values from 0.2 to 0.4).
    assert fired["0.05"] < fired["0.5"] and len(fired["0.5"]) == 6


@pytest.mark.parametrize("fdr", ["0", "1.5", "-0.1"])
def test_the_fdr_must_be_above_0_and_at_most_1(tmp_path, fdr):
    path = write_csv(tmp_path / "sentences.csv", sentence_rows(1, "Outlet 0", "2026-01-05", ["threat"]))
    result = run(path, "--alert-fdr", fdr)
    assert result.exit_code == 2 and "--alert-fdr" in result.output


def test_each_alert_shows_its_baseline_p_and_q_in_the_table_and_the_report():
    summary = summary_of(clustered_corpus(shift=3.0))
    alert = summary["alerts"][0]
    rows = csv.DictReader(io.StringIO(format_table(summary)))
    (row,) = [r for r in rows if r["table"] == "alerts" and r["period"] == alert["period"]]
    assert (int(row["baseline_count"]), int(row["baseline_total"])) == (
        alert["baseline_count"],
        alert["baseline_total"],
    )
    assert float(row["p_value"]) == pytest.approx(alert["p_value"], rel=1e-3)
    assert float(row["q_value"]) == pytest.approx(alert["q_value"], rel=1e-3)
    assert float(row["design_effect"]) == pytest.approx(alert["design_effect"], abs=0.005)
    report = render_report(summary)
    section = re.search(r'<h2 id="alerts">.*?<h2 id="frames">', report, re.S).group(0)
    assert "Benjamini-Hochberg correction over every group, frame and period tested (272 this run)" in section
    assert '<th scope="col">p</th><th scope="col">q</th>' in section
    baseline = f"{alert['baseline_share']:.0%} ({alert['baseline_count']:,} of {alert['baseline_total']:,})"
    assert f'<td class="n">{baseline}</td>' in section
    assert f'<td class="n">{alert["q_value"]:.2g}</td>' in section


def test_a_summary_saved_before_the_test_is_described_by_its_own_rule():
    summary = summary_of(clustered_corpus(shift=3.0))
    # As a summary written before alerts were tested: no alert_fdr, no alert_test, no p or q.
    added = ("p_value", "q_value", "baseline_count", "baseline_total", "baseline_share", "design_effect")
    old_alert = {k: v for k, v in summary["alerts"][0].items() if k not in added}
    options = {k: v for k, v in summary["options"].items() if k != "alert_fdr"}
    old = {**{k: v for k, v in summary.items() if k != "alert_test"}, "options": options, "alerts": [old_alert]}
    report = render_report(old)
    assert escape("the mean plus 2 standard deviations of the group's shares") in report
    assert f"{old_alert['baseline_mean']:.0%} ± {old_alert['baseline_sd']:.0%} (mean ± sd)" in report
    (row,) = [r for r in csv.DictReader(io.StringIO(format_table(old))) if r["table"] == "alerts"]
    assert row["p_value"] == row["q_value"] == "" and row["threshold"]
