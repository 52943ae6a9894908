"""Attribution benchmark: cost per sentence of splitting and attribution, and analyze latency on an article.

Measures, in-process:

1. ``attribute()`` over every sentence of the task's training and test files: ms per sentence;
2. ``split_sentences()`` over those sentences joined into one text: ms per sentence;
3. ``analyze_article()`` with the current model on an article (``--article PATH``, or the test file's
   first 40 sentences joined into paragraphs): p50 and p99 latency over ``--repeat`` runs, and the share
   of it spent in ``predictor.predict``.

Usage: ``python -m bench attribution`` or ``python -m bench.attribution [--article PATH] [--model-dir DIR]``.
Writes ``bench-results/attribution.json``.
"""

import argparse
import csv
import json
import logging
import os
import statistics
import sys
import time
from pathlib import Path

from model.article import analyze_article
from model.artifact import ArtifactError, load_artifact
from model.attribution import attribute
from model.sentences import split_sentences
from training.tasks import get_task

logger = logging.getLogger("bench.attribution")


def parse_args(argv):
    """Parse the command line."""
    parser = argparse.ArgumentParser(prog="python -m bench.attribution", description=__doc__.splitlines()[0])
    parser.add_argument("--model-dir", default=os.environ.get("STANCE_MODEL_DIR", "artifacts"))
    parser.add_argument("--task", default="framing")
    parser.add_argument("--article", help="A text file to analyse (default: test sentences joined).")
    parser.add_argument("--repeat", type=int, default=50, help="Runs of analyze_article to time.")
    parser.add_argument("--out", default="bench-results/attribution.json")
    return parser.parse_args(argv)


def corpus_sentences(task):
    """Every sentence of the task's training and test files."""
    texts = []
    for path in (task.data, task.test):
        with open(path, encoding="utf-8", newline="") as fh:
            texts.extend(row[task.text_column] for row in csv.DictReader(fh))
    return texts


def per_sentence_ms(function, items, rounds=3):
    """Best-of-``rounds`` wall time of ``function(items)``, in ms per item."""
    best = min(_timed(function, items) for _ in range(rounds))
    return 1000 * best / len(items)


def _timed(function, items):
    """Seconds taken by one call of ``function(items)``."""
    started = time.perf_counter()
    function(items)
    return time.perf_counter() - started


def main(argv):
    """Measure, log and write the results; return 0."""
    args = parse_args(argv)
    task = get_task(args.task)
    sentences = corpus_sentences(task)
    results = {"sentences": len(sentences)}
    results["attribute_ms_per_sentence"] = round(per_sentence_ms(lambda xs: [attribute(x) for x in xs], sentences), 4)
    joined = "\n".join(" ".join(sentences[i : i + 5]) for i in range(0, len(sentences), 5))
    results["split_ms_per_sentence"] = round(per_sentence_ms(lambda _: split_sentences(joined), sentences), 4)
    logger.info(
        "attribute: %.3f ms/sentence, split: %.4f ms/sentence over %d sentences",
        results["attribute_ms_per_sentence"],
        results["split_ms_per_sentence"],
        len(sentences),
    )
    if args.article:
        article = Path(args.article).read_text(encoding="utf-8")
        results["article"] = args.article
    else:
        test = sentences[-40:]
        article = "\n".join(" ".join(test[i : i + 4]) for i in range(0, len(test), 4))
        results["article"] = "40 test-file sentences in 10 paragraphs"
    try:
        predictor = load_artifact(args.model_dir, args.task)
    except ArtifactError as exc:
        logger.warning("skipping analyze latency: %s", exc)
    else:
        results.update(_analyze_latency(predictor, article, args.repeat))
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    logger.info("wrote %s", out)
    return 0


def _analyze_latency(predictor, article, repeat):
    """Time ``analyze_article`` and, for the same sentences, ``predictor.predict`` alone."""
    analyze_article(predictor, article)  # warm-up: first predict builds caches
    times = sorted(_timed(lambda a: analyze_article(predictor, a), article) for _ in range(repeat))
    texts = [article[s:e] for s, e in split_sentences(article)]
    predict = statistics.median(_timed(predictor.predict, texts) for _ in range(repeat))
    result = {
        "article_chars": len(article),
        "article_sentences": len(texts),
        "analyze_p50_ms": round(1000 * statistics.median(times), 3),
        "analyze_p99_ms": round(1000 * times[min(len(times) - 1, int(0.99 * len(times)))], 3),
        "predict_share": round(predict / statistics.median(times), 3),
    }
    logger.info(
        "analyze_article on %d sentences (%d chars): p50 %.2f ms, p99 %.2f ms, predict %.0f%% of it",
        len(texts),
        len(article),
        result["analyze_p50_ms"],
        result["analyze_p99_ms"],
        100 * result["predict_share"],
    )
    return result


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    sys.exit(main(sys.argv[1:]))
