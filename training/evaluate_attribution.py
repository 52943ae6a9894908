"""Score rule-based attribution against the gold ``speaker`` and ``disputed`` columns of a labeled file.

Run as ``python -m training.evaluate_attribution training/data/framing_test.csv [--errors 20]``.
"""

import argparse
import csv
import json
import logging
import sys
import time
from collections import Counter

from model.attribution import attribute, head_noun

logger = logging.getLogger(__name__)
ROLES = ("speaker", "disputed")


class GoldError(ValueError):
    """The file lacks the text, speaker or disputed column."""


def read_gold(path):
    """Return ``[(text, {"speaker": [...], "disputed": [...]}), ...]`` from a CSV with gold attribution columns."""
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = {"text", *ROLES} - set(reader.fieldnames or ())
        if missing:
            raise GoldError(f"{path}: missing column(s) {', '.join(sorted(missing))}")
        return [(row["text"], {role: _split(row[role]) for role in ROLES}) for row in reader]


def _split(cell):
    """Split a ``|``-joined gold cell into source phrases."""
    return [part.strip() for part in (cell or "").split("|") if part.strip()]


def evaluate_attribution(rows):
    """Return precision, recall and F1 per role, role accuracy and the cost per sentence.

    Parameters
    ----------
    rows : list of (str, dict)
        As returned by :func:`read_gold`.

    Returns
    -------
    dict
        ``{"n", "speaker": {"precision","recall","f1","tp","predicted","gold"}, "disputed": {...},
        "role_accuracy", "ms_per_sentence", "errors": [...]}``. A predicted source counts when its
        head noun matches a gold source's head noun for the same role; role accuracy is over predicted
        sources whose head matches a gold source of either role.
    """
    counts = {role: Counter() for role in ROLES}
    role_right = role_total = 0
    errors = []
    started = time.perf_counter()
    predictions = [attribute(text) for text, _ in rows]
    elapsed = time.perf_counter() - started
    for (text, gold), predicted in zip(rows, predictions):
        gold_heads = {role: Counter(head_noun(s) for s in gold[role]) for role in ROLES}
        pred_heads = {role: Counter(head_noun(a["source"]) for a in predicted if a["role"] == role) for role in ROLES}
        for role in ROLES:
            tp = sum((gold_heads[role] & pred_heads[role]).values())
            counts[role].update(tp=tp, predicted=sum(pred_heads[role].values()), gold=sum(gold_heads[role].values()))
        for item in predicted:
            head = head_noun(item["source"])
            roles = [role for role in ROLES if gold_heads[role][head]]
            if roles:
                role_total += 1
                role_right += item["role"] in roles
        if pred_heads != gold_heads:
            errors.append(
                {
                    "text": text,
                    "gold": gold,
                    "predicted": {role: [a["source"] for a in predicted if a["role"] == role] for role in ROLES},
                }
            )
    report = {"n": len(rows)}
    for role in ROLES:
        report[role] = _scores(counts[role])
    report["role_accuracy"] = round(role_right / role_total, 4) if role_total else None
    report["ms_per_sentence"] = round(1000 * elapsed / max(len(rows), 1), 4)
    report["errors"] = errors
    return report


def _scores(count):
    """Precision, recall and F1 from true positives, predicted and gold counts."""
    precision = count["tp"] / count["predicted"] if count["predicted"] else 0.0
    recall = count["tp"] / count["gold"] if count["gold"] else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "tp": count["tp"],
        "predicted": count["predicted"],
        "gold": count["gold"],
    }


def main(argv=None):
    """Print the attribution scores of a gold file as JSON (with ``--errors N``, the first N mismatches too)."""
    parser = argparse.ArgumentParser(prog="python -m training.evaluate_attribution", description=__doc__)
    parser.add_argument("path", help="CSV with text, speaker and disputed columns")
    parser.add_argument("--errors", type=int, default=0, metavar="N", help="also list the first N mismatches")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")
    try:
        rows = read_gold(args.path)
    except (OSError, GoldError) as exc:
        logger.error("%s", exc)
        return 1
    report = evaluate_attribution(rows)
    errors = report.pop("errors")
    report = {"path": args.path, **report, "mismatches": len(errors)}
    if args.errors:
        report["errors"] = errors[: args.errors]
    json.dump(report, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
