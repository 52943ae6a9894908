"""Corpus summary speed and memory: ``python -m bench summarize [--rows N ...]``.

Generates per-sentence files shaped like the output of ``stance analyze`` (metadata, sentence,
offsets, text, label, confidence, p_<label>, speakers, disputed, their claims, model, error) from a few dozen
sentences written for this benchmark, with a fixed seed: 8 outlets over 52 weeks, articles of 3 to
30 sentences, sources spelled in several ways, one error row in about 200 articles, and a late
threat surge in one outlet so that alerts fire. Then it runs ``stance summarize`` on 100,000 and
1,000,000 rows as a user would (``--by outlet --period week --min-confidence 0.5 -o summary.csv
--html report.html``) and records wall time and the peak RSS of the process.
Targets: 1,000,000 rows under 30 s; peak RSS of the 1,000,000-row run within 1.25x of the
100,000-row run (flat memory). Writes ``bench-results/summarize.json``.
"""

import argparse
import csv
import datetime as dt
import logging
import os
import random
import sys
from pathlib import Path

from bench.measure import process_rss, run_measured
from bench.results import write_results
from model.article import claim_frame
from model.article_rows import sentence_columns

log = logging.getLogger(__name__)
RESULTS = Path("bench-results")
SEED = 20261130
LABELS = ("neutral", "stability", "threat")
OUTLETS = (
    "Balkan Wire",
    "Adriatic Post",
    "Morava Daily",
    "Drina Review",
    "Prishtina Courier",
    "Danube Monitor",
    "Vardar Times",
    "Sava Observer",
)
FIRST_DAY = dt.date(2026, 1, 5)
WEEKS = 52
# (sentence, speakers, disputed): written for this benchmark, in the voice of regional wire copy.
SENTENCES = {
    "threat": [
        ("Belgrade condemned the arrival of the drones as a provocation aimed at Serbs in the north.", "Belgrade", ""),
        (
            "Serbian President Aleksandar Vucic said the new brigade could inflame tensions along the boundary line.",
            "Serbian President Aleksandar Vucic",
            "",
        ),  # fmt: skip
        ("Vucic warned that Serbia would take all necessary measures if the units entered the north.", "Vucic", ""),
        (
            "The shipment violates the spirit of Resolution 1244, the foreign ministry in Belgrade said.",
            "the foreign ministry in Belgrade",
            "",
        ),  # fmt: skip
        (
            "Opposition deputies in Pristina accused the government of dragging the region into an arms race.",
            "Opposition deputies in Pristina",
            "",
        ),  # fmt: skip
        (
            "President Vucic told reporters that nobody should underestimate what the drones mean for the Serbs.",
            "President Vucic",
            "",
        ),  # fmt: skip
        (
            "A local priest said the families of Zubin Potok were frightened by the night-time convoys.",
            "a local priest",
            "",
        ),  # fmt: skip
        ("Is the north being prepared for a confrontation nobody admits to planning?", "", ""),
    ],
    "stability": [
        (
            "Defence Minister Ejup Maqedonci said the drones are purely defensive and threaten no neighbour.",
            "Defence Minister Ejup Maqedonci",
            "",
        ),  # fmt: skip
        (
            "Maqedonci dismissed claims by Belgrade that the brigade is preparing an offensive.",
            "Maqedonci",
            "Belgrade",
        ),  # fmt: skip
        (
            "Prime Minister Albin Kurti hailed the delivery as a step that strengthens the security of all citizens.",
            "Prime Minister Albin Kurti",
            "",
        ),  # fmt: skip
        (
            "Kurti said the accusations from Serbia were baseless and that the army answers to the constitution.",
            "Kurti",
            "Serbia",
        ),  # fmt: skip
        ("NATO said the force operates within its mandate and keeps a safe and secure environment.", "NATO", ""),
        ("The exercise improves interoperability with allies, the ministry said in a statement.", "the ministry", ""),
        (
            "Contrary to Vucic's assertions, the deployment changes nothing in the military balance, analysts said.",
            "analysts",
            "Vucic",
        ),  # fmt: skip
        (
            "Tirana welcomed the sale, calling it the right of every sovereign state to defend its airspace.",
            "Tirana",
            "",
        ),  # fmt: skip
    ],
    "neutral": [
        ("The contract, worth about 40 million euros, was signed in Ankara in January.", "", ""),
        ("The drones can stay in the air for up to 24 hours and carry four guided bombs.", "", ""),
        ("Parliament is expected to vote on the budget amendment next Thursday.", "", ""),
        ("EU-mediated talks between the two sides resumed in Brussels after a three-month pause.", "", ""),
        ("The municipality said the road to the border crossing would be closed for repairs.", "the municipality", ""),
        ("Kurti met the ambassadors of the Quint countries on Tuesday, his office said.", "his office", ""),
        ("PRISTINA, March 3 -", "", ""),
        ("It remains to be seen how the new units will be financed after 2027.", "", ""),
        ("The delivery, which Belgrade protested, arrived at the base on Monday morning.", "", ""),
        (
            "Turnout in the local elections was 38 percent, the election commission said.",
            "the election commission",
            "",
        ),  # fmt: skip
        ("Read also: how the border crossings work", "", ""),
        ("Vucic and Kurti are due to meet again next month, officials said.", "officials", ""),
    ],
}
HEADER = ["id", "outlet", "date", "title", *sentence_columns(LABELS)]
MODEL = "framing/20261130-000000"
DISPUTED = {"role": "disputed"}


def _label_weights(outlet, week):
    """Frame mix of an outlet in a week: a steady mix per outlet, and a threat surge in week 44 for one."""
    base = {"neutral": 0.6, "stability": 0.2, "threat": 0.2}
    if outlet == OUTLETS[0] and week >= 44:
        base = {"neutral": 0.35, "stability": 0.1, "threat": 0.55}
    return [base[label] for label in LABELS]


def generate_rows(rows, seed=SEED):
    """Yield ``rows`` sentence rows, article by article, in the layout of ``stance analyze`` output."""
    rng = random.Random(seed)
    made, article = 0, 0
    while made < rows:
        article += 1
        outlet = rng.choice(OUTLETS)
        week = rng.randrange(WEEKS)
        day = FIRST_DAY + dt.timedelta(days=7 * week + rng.randrange(7))
        meta = [str(article), outlet, day.isoformat(), f"Story {article}"]
        if rng.random() < 0.005:
            # Model, error and an empty warning after the empty sentence columns.
            yield [*meta, *[""] * (len(HEADER) - len(meta) - 3), MODEL, "text is empty", ""]
            made += 1
            continue
        weights = _label_weights(outlet, week)
        start = 0
        for index in range(min(rng.randint(3, 30), rows - made)):
            label = rng.choices(LABELS, weights)[0]
            text, speakers, disputed = rng.choice(SENTENCES[label])
            confidence = round(rng.uniform(0.34, 0.99), 4)
            rest = (1 - confidence) / 2
            probabilities = [confidence if other == label else round(rest, 4) for other in LABELS]
            end = start + len(text)
            # Each source's claim as stance analyze writes it: the sentence's frame, the rejected one if disputed.
            claims = [label if speakers else "", claim_frame(DISPUTED, label, LABELS) if disputed else ""]
            sources = [speakers, disputed, *claims]
            yield [*meta, index, start, end, text, label, confidence, *probabilities, *sources, MODEL, "", ""]
            start = end + 1
            made += 1


def write_input(path, rows):
    """Write the generated rows as CSV (reused when it already has ``rows`` rows under today's header)."""
    marker = path.with_suffix(".rows")
    made = f"{rows} {SEED} {','.join(HEADER)}"
    if path.exists() and marker.exists() and marker.read_text() == made:
        return path
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADER)
        writer.writerows(generate_rows(rows))
    marker.write_text(made)
    return path


def run_summarize(source, folder):
    """Run ``stance summarize`` as a user would; return wall seconds, peak RSS and the output sizes."""
    stance = Path(sys.executable).with_name("stance")
    table, report = folder / "summary.csv", folder / "report.html"
    command = [str(stance), "-q", "summarize", str(source), "--by", "outlet", "--period", "week"]
    command += ["--min-confidence", "0.5", "-o", str(table), "--html", str(report)]
    seconds, cpu, peak = run_measured(command, rss=process_rss, interval=0.05)
    return {
        "command": " ".join(command[2:]),
        "seconds": round(seconds, 2),
        # CPU time of the process, start-up included: other load on the machine hardly changes it.
        "cpu_seconds": round(cpu, 2),
        "peak_rss_mb": round(peak / 2**20, 1),
        "summary_csv_kb": round(table.stat().st_size / 1024, 1),
        "report_html_kb": round(report.stat().st_size / 1024, 1),
    }


def main(argv=None):
    """Generate the inputs, time ``stance summarize`` on each and write bench-results/summarize.json."""
    parser = argparse.ArgumentParser(prog="python -m bench summarize", description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[100_000, 1_000_000], help="Row counts to measure.")
    args = parser.parse_args(argv)
    load_at_start = round(os.getloadavg()[0], 2)
    RESULTS.mkdir(exist_ok=True)
    runs = []
    for rows in args.rows:
        source = write_input(RESULTS / f"summarize-input-{rows}.csv", rows)
        run = {"rows": rows, "input_mb": round(source.stat().st_size / 2**20, 1), **run_summarize(source, RESULTS)}
        run["rows_per_second"] = round(rows / run["seconds"], 1)
        runs.append(run)
        log.info(
            "stance summarize %s rows (%.0f MB): %.1f s (%s rows/s), %.1f CPU s, peak RSS %.0f MB; report %.0f KB",
            f"{rows:,}",
            run["input_mb"],
            run["seconds"],
            f"{run['rows_per_second']:,.0f}",
            run["cpu_seconds"],
            run["peak_rss_mb"],
            run["report_html_kb"],
        )
    results = {
        "runs": runs,
        "targets": {"seconds_at_1m_max": 30, "peak_rss_ratio_max": 1.25},
        # Other work on the machine stretches wall time (not CPU time); the load average says how much there was.
        "load_average_1min_at_start": load_at_start,
        "load_average_1min_at_end": round(os.getloadavg()[0], 2),
    }
    if len(runs) > 1:
        results["peak_rss_ratio_largest_to_smallest"] = round(runs[-1]["peak_rss_mb"] / runs[0]["peak_rss_mb"], 2)
        log.info(
            "peak RSS %.2fx from %s to %s rows (target <= 1.25x)",
            results["peak_rss_ratio_largest_to_smallest"],
            f"{runs[0]['rows']:,}",
            f"{runs[-1]['rows']:,}",
        )
    for name in ("summary.csv", "report.html"):
        (RESULTS / name).unlink(missing_ok=True)
    write_results(RESULTS / "summarize.json", results)
    return 0


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    sys.exit(main())
