"""Corpus analysis throughput and memory: ``python -m bench analyze_corpus [--articles N] [--model-dir DIR]``.

Generates a JSONL corpus of news-like articles (id, outlet, date, text) from sentences written for
this benchmark, combined with a fixed seed, then measures:

- articles/s and sentences/s of ``stance analyze CORPUS -o sentences.csv`` with all cores, against
  one process calling the same article function (``model.article_rows.article_rows``, what
  ``POST /v1/analyze`` computes) in a loop over articles already in memory (target >= 1.6x on two
  cores, reading, parsing and writing included); and against one process running what each worker
  runs (``corpus_rows``: a chunk's sentences classified in one call), which leaves the parallel
  speed-up alone. The CPU speed of this machine drifts and other work shares it, so the loops run
  on a sample of the articles just before and just after the run, taking turns, and the run is
  rated against the mean of the two; CPU seconds are reported too. The output's first rows must
  equal the loop's rows for the sample, value for value;
- peak RSS of the whole ``stance analyze`` process tree for all the articles and for a tenth of
  them (target: within 1.25x, the corpus being streamed);
- the Dask engine (a LocalCluster of 2 workers) on the small corpus, and its ratio to the local engine.

Writes ``bench-results/analyze_corpus.json``.
"""

import argparse
import csv
import json
import logging
import os
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

from bench.measure import run_measured
from bench.results import write_results
from model.article_rows import article_rows, corpus_rows
from model.artifact import load_artifact
from training.tasks import get_task

log = logging.getLogger(__name__)
RESULTS = Path("bench-results")
SEED = 20261130
# stance analyze's default articles per chunk (service.analyze_command.LOCAL_BATCH_SIZE).
BATCH_SIZE = 200
# Articles each in-process function gets before the other takes its turn.
LOOP_SLICE = 500
OUTLETS = ("North Herald", "Coastal Daily", "Capital Wire", "Valley Post", "Border Times", "Evening Ledger")
HEADLINES = (
    "Army unveils new armoured vehicles at parade",
    "Drones arrive at northern airbase",
    "Neighbours protest over joint drills",
    "Parliament debates defence budget",
    "Alliance opens training centre in the south",
)
# Written for this benchmark: speakers, disputed sources, pronouns, quotes, context and numbers.
SENTENCES = (
    "The defence ministry said on Tuesday that two more patrol vessels would join the coastal fleet by spring.",
    "Opposition lawmakers warned that the purchase of attack drones could draw the country into a regional arms race.",
    "The drills pose no danger to neighbouring states, as claimed by officials in the capital across the border.",
    "They added that observers from three embassies had been invited to watch the exercise.",
    "“Our air defence units are purely defensive and will stay that way,” said General Mirela Dushku.",
    "Analysts at a university institute argue the new radar station strengthens stability along the northern frontier.",
    "Parliament approved the annual budget after a debate that lasted until after midnight.",
    "The base, built in the 1970s, was renovated with funds from an alliance investment programme.",
    "Villagers near the firing range complained about noise from artillery practice last week.",
    "According to the foreign minister, the deployment of additional troops is a direct provocation.",
    "She said the government would not be intimidated by threats from abroad.",
    "Local media reported that a convoy of armoured vehicles crossed the bridge early on Sunday.",
    "The agreement foresees joint training of pilots and shared maintenance of the helicopters.",
    "Critics, however, fear the weapons could end up in the hands of paramilitary groups.",
    "Prime Minister Jonas Vale told reporters the alliance guarantees peace for the whole region.",
    "The talks, mediated by European envoys, resumed in Brussels after a two-month pause.",
    "Claims that the exercise is a rehearsal for an invasion are baseless, the army spokesman said.",
    "A spokesperson for the neighbouring government called the missile test a dangerous escalation.",
    "Turnout in the municipal elections reached 48 percent, the electoral commission said.",
    "The new howitzers will be delivered in three batches over the next two years.",
    "Retired officers say the modernisation is long overdue and will deter any aggression.",
    "He denied reports that soldiers had been placed on high alert.",
    "The court adjourned the trial of the former customs chief until March.",
    "Security experts warn that the rapid build-up of forces is raising tensions in the area.",
    "Whatever the neighbours say, the presence of allied troops keeps the region calm.",
    "Officials in the interior ministry declined to comment on the movement of special police units.",
    "The new barracks will house about 400 soldiers and their families.",
    "Defence Minister Arta Kelmendi said the joint exercise would show that the allies stand together.",
    "Kelmendi added that no live ammunition would be used near inhabited areas.",
    "Residents of the border town say they feel safer since the peacekeepers arrived.",
    "The opposition leader accused the government of militarising the north.",
    "Exports of small arms rose by a fifth last year, customs data show.",
    "Diplomats said the meeting ended without a joint statement.",
    "“This is not a threat to anyone,” the ambassador said.",
    "The navy plans to retire its last minesweeper from the old fleet by the end of the decade.",
    "A think tank report argues that the arms deals feed mistrust between the two capitals.",
    "The president is expected to visit the troops at the training ground on Friday.",
    "Neighbouring countries have repeatedly voiced concern over the size of the new arsenal.",
    "The ministry insisted the purchases comply with all arms control treaties.",
    "Farmers blocked the main road for two hours to protest against low grain prices.",
    "The minister, quoted by the state news agency, said the drones were bought to monitor forest fires.",
    "In a statement, the general staff said the units would return to their barracks once the drills end.",
    "The mayor of the port city said the warships bring jobs and visitors, not danger.",
    "Military sources, speaking on condition of anonymity, said the missiles had a range of about 300 kilometres.",
    "The contract, worth some 120 million euros, also covers spare parts and training for technicians.",
    "“We will not stand by while our neighbours arm themselves,” the opposition deputy said, calling the deal reckless.",
    "The alliance has kept a small mission in the country since the end of the war two decades ago.",
    "Human rights groups asked the government to publish the full list of weapons sold abroad.",
)


def generate_articles(count, seed=SEED):
    """Yield ``count`` article records ``{"id", "outlet", "date", "text"}``: paragraphs of 1 to 3 sentences."""
    rng = random.Random(seed)
    start = date(2026, 1, 1)
    for number in range(1, count + 1):
        lines = [rng.choice(HEADLINES)] if rng.random() < 0.2 else []
        sentences = rng.randint(3, 20)
        while sentences > 0:
            size = min(rng.randint(1, 3), sentences)
            lines.append(" ".join(rng.choice(SENTENCES) for _ in range(size)))
            sentences -= size
        yield {
            "id": f"art-{number:06d}",
            "outlet": rng.choice(OUTLETS),
            "date": (start + timedelta(days=rng.randrange(120))).isoformat(),
            "text": "\n".join(lines),
        }


def write_corpus(path, count):
    """Write the generated articles as JSONL (reused when it already holds ``count`` articles)."""
    marker = path.with_suffix(".articles")
    if path.exists() and marker.exists() and marker.read_text() == str(count):
        return path
    with open(path, "w", encoding="utf-8") as fh:
        for record in generate_articles(count):
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    marker.write_text(str(count))
    return path


def read_texts(path, count):
    """Return the text of the first ``count`` articles of the corpus."""
    texts = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            texts.append(json.loads(line)["text"])
            if len(texts) == count:
                break
    return texts


def measure_loops(predictor, texts, batch_size=BATCH_SIZE):
    """Articles/s of one process over articles in memory: ``article_rows`` on each article in turn, and
    ``corpus_rows`` on ``batch_size`` articles at a time (what each worker of ``stance analyze`` runs).

    The two take turns slice by slice, so a stretch of slower CPU hits both alike. Returns the
    figures and the rows of the per-article loop, to check the command's output against.
    """
    functions = {
        "article_rows": lambda part: [article_rows(predictor, text) for text in part],
        "corpus_rows": lambda part: [
            rows
            for begin in range(0, len(part), batch_size)
            for rows in corpus_rows(predictor, part[begin : begin + batch_size])
        ],
    }
    wall, cpu = dict.fromkeys(functions, 0.0), dict.fromkeys(functions, 0.0)
    rows = []
    for begin in range(0, len(texts), LOOP_SLICE):
        part = texts[begin : begin + LOOP_SLICE]
        for name, function in functions.items():
            start, cpu_start = time.perf_counter(), time.process_time()
            result = function(part)
            wall[name] += time.perf_counter() - start
            cpu[name] += time.process_time() - cpu_start
            if name == "article_rows":
                rows.extend(result)
    sentences = sum(len(article) for article in rows)
    figures = {
        name: {
            "articles": len(texts),
            "sentences": sentences,
            "seconds": round(wall[name], 2),
            "articles_per_second": round(len(texts) / wall[name], 1),
            "sentences_per_second": round(sentences / wall[name], 1),
            "articles_per_cpu_second": round(len(texts) / cpu[name], 1),
        }
        for name in functions
    }
    return figures, rows


def _rates(figures):
    """Format the in-process rates for the log."""
    return ", ".join(
        f"{name} {f['articles_per_second']:,.0f} articles/s ({f['articles_per_cpu_second']:,.0f} per CPU-second)"
        for name, f in figures.items()
    )


def run_analyze(model_dir, task, source, target, extra=()):
    """Run ``stance analyze`` as a user would; return its wall time, CPU time, peak tree RSS and output rows."""
    stance = Path(sys.executable).with_name("stance")
    command = [str(stance), "-q", "analyze", str(source), "-o", str(target), "--task", task]
    command += ["--model-dir", str(model_dir), *extra]
    seconds, cpu, peak = run_measured(command)
    articles, sentences, errors = count_output(target)
    return {
        "command": " ".join(command[2:]),
        "articles": articles,
        "sentences": sentences,
        "error_rows": errors,
        "seconds": round(seconds, 2),
        "articles_per_second": round(articles / seconds, 1),
        "sentences_per_second": round(sentences / seconds, 1),
        # CPU of the whole process tree, start-up included: other load on the machine hardly skews it.
        "cpu_seconds": round(cpu, 2),
        "articles_per_cpu_second": round(articles / cpu, 1),
        "peak_rss_mb": round(peak / 2**20, 1),
    }


def count_output(path):
    """Return (articles, sentence rows, error rows) of a sentence CSV, articles counted by distinct id."""
    articles, sentences, errors = set(), 0, 0
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            articles.add(row["id"])
            if row["error"]:
                errors += 1
            else:
                sentences += 1
    return len(articles), sentences, errors


def output_matches(path, expected):
    """Whether the output begins with exactly ``expected`` (lists of row dicts, one per article), value for value."""
    columns = list(expected[0][0])
    wanted = (["" if row[c] is None else str(row[c]) for c in columns] for article in expected for row in article)
    with open(path, encoding="utf-8", newline="") as fh:
        for want, got in zip(wanted, csv.DictReader(fh)):
            if want != [got[c] for c in columns]:
                return False
    return True


def main(argv=None):
    """Generate the corpora, run the measurements, log them and write bench-results/analyze_corpus.json."""
    parser = argparse.ArgumentParser(prog="python -m bench analyze_corpus", description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000, help="Articles in the large corpus (default 100,000).")
    parser.add_argument("--sample", type=int, default=5_000, help="Articles in each in-process loop (default 5,000).")
    parser.add_argument("--model-dir", default=os.environ.get("STANCE_MODEL_DIR", "artifacts"))
    parser.add_argument("--task", default=None)
    parser.add_argument("--skip-dask", action="store_true", help="Leave out the Dask run.")
    args = parser.parse_args(argv)
    task = get_task(args.task)
    load_at_start = round(os.getloadavg()[0], 2)
    RESULTS.mkdir(exist_ok=True)
    cores = os.cpu_count() or 1
    small_count = max(args.articles // 10, 1)
    large = write_corpus(RESULTS / f"analyze-corpus-{args.articles}.jsonl", args.articles)
    small = write_corpus(RESULTS / f"analyze-corpus-{small_count}.jsonl", small_count)
    log.info(
        "corpus: %s (%s articles), %s (%s articles); %d cores",
        large,
        f"{args.articles:,}",
        small,
        f"{small_count:,}",
        cores,
    )
    predictor = load_artifact(args.model_dir, task.name)
    texts = read_texts(large, min(args.sample, args.articles))
    output = RESULTS / "analyze-corpus-output.csv"

    small_run = run_analyze(args.model_dir, task.name, small, output)
    log.info("stance analyze %s articles: peak RSS %.0f MB", f"{small_count:,}", small_run["peak_rss_mb"])
    before, _ = measure_loops(predictor, texts)
    log.info("in-process, 1 process: %s", _rates(before))
    local = run_analyze(args.model_dir, task.name, large, output)
    after, expected = measure_loops(predictor, texts)
    log.info("in-process, 1 process: %s", _rates(after))
    # The output keeps input order: its first rows are the sample's, with the loop's values.
    same_rows = output_matches(output, expected)
    del expected
    around = {name: (before[name]["articles_per_second"] + after[name]["articles_per_second"]) / 2 for name in before}
    local["ratio_to_article_loop"] = round(local["articles_per_second"] / around["article_rows"], 2)
    local["ratio_to_corpus_rows"] = round(local["articles_per_second"] / around["corpus_rows"], 2)
    memory_ratio = local["peak_rss_mb"] / small_run["peak_rss_mb"]
    log.info(
        "stance analyze, %d workers: %s articles/s, %s sentences/s (%s articles per CPU-second) = %.2fx the "
        "article_rows loop (target >= 1.6x), %.2fx corpus_rows in one process; peak RSS %.0f MB = %.2fx the "
        "%s-article run (target <= 1.25x); rows of the first %s articles equal the loop's: %s",
        cores,
        f"{local['articles_per_second']:,.0f}",
        f"{local['sentences_per_second']:,.0f}",
        f"{local['articles_per_cpu_second']:,.0f}",
        local["ratio_to_article_loop"],
        local["ratio_to_corpus_rows"],
        local["peak_rss_mb"],
        memory_ratio,
        f"{small_count:,}",
        f"{len(texts):,}",
        same_rows,
    )
    results = {
        "articles": args.articles,
        "cores": cores,
        # Other work on the machine skews every figure here; the load average says how much there was.
        "load_average_1min_at_start": load_at_start,
        "in_process_before": before,
        "in_process_after": after,
        "local": local,
        "local_ratio_to_article_loop": local["ratio_to_article_loop"],
        "sample_rows_equal_loop": same_rows,
        "small_run": small_run,
        "peak_rss_ratio_large_to_small": round(memory_ratio, 2),
        "targets": {"local_ratio_min": 1.6, "peak_rss_ratio_max": 1.25},
    }
    if not args.skip_dask:
        dask = run_analyze(args.model_dir, task.name, small, output, ["--engine", "dask", "--workers", "2"])
        results["dask_small"] = dask
        results["dask_ratio_to_local_small"] = round(dask["articles_per_second"] / small_run["articles_per_second"], 2)
        log.info(
            "stance analyze --engine dask (LocalCluster, 2 workers), %s articles: %s articles/s = %.2fx the local engine",
            f"{small_count:,}",
            f"{dask['articles_per_second']:,.0f}",
            results["dask_ratio_to_local_small"],
        )
    output.unlink(missing_ok=True)
    results["load_average_1min_at_end"] = round(os.getloadavg()[0], 2)
    write_results(RESULTS / "analyze_corpus.json", results)
    return 0


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    sys.exit(main())
