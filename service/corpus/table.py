"""The summary as one CSV table: frame counts per group and period, then sources, then alerts.

The ``table`` column says which of the three a row belongs to; each kind fills its own columns and
leaves the others empty, so the file loads as one table and filters by kind (``table == "sources"``).
Counts per frame share the columns named after the frames in all three kinds.
"""

import csv
import io

UNCERTAIN = "uncertain"


def by_columns(summary):
    """Return the header names of the ``--by`` columns: their own, or ``by_<name>`` when the table has one."""
    fixed = set(_FIXED) | set(summary["labels"]) | {f"share_{label}" for label in summary["labels"]}
    return [f"by_{name}" if name in fixed else name for name in summary["options"]["by"]]


def table_columns(summary):
    """Return the CSV header for a summary."""
    labels = summary["labels"]
    return [
        "table",
        *by_columns(summary),
        "period",
        "period_start",
        "sentences",
        "articles",
        "article_errors",
        UNCERTAIN,
        *labels,
        *(f"share_{label}" for label in labels),
        "source",
        "role",
        "variants",
        "ambiguous_with",
        "quoted_by",
        "frame",
        "share",
        "baseline_mean",
        "baseline_sd",
        "threshold",
        "previous_periods",
        "evidence_lines",
        "evidence",
    ]


_FIXED = (
    "table period period_start sentences articles article_errors uncertain source role variants ambiguous_with "
    "quoted_by frame share baseline_mean baseline_sd threshold previous_periods evidence_lines evidence"
).split()


def _share(value):
    """A share rounded to four places, or empty when the period has no sentence to share."""
    return "" if value is None else f"{value:.4f}"


def _joined(counts):
    """``{"A": 3, "B": 1}`` as ``A (3); B (1)``."""
    return "; ".join(f"{name} ({n})" for name, n in counts.items())


def table_rows(summary):
    """Yield the summary's rows as dicts keyed by :func:`table_columns`."""
    labels = summary["labels"]
    by = list(zip(summary["options"]["by"], by_columns(summary)))
    sentences = summary["sentences"]
    for group in summary["groups"]:
        for p in group["periods"]:
            row = {"table": "frames", **{header: group["values"].get(name, "") for name, header in by}}
            row.update(
                period=p["period"] or "undated",
                period_start=p["start"] or "",
                sentences=p["sentences"],
                articles=p["articles"],
                article_errors=p["article_errors"],
                uncertain=p["uncertain"],
            )
            row.update({label: p["counts"][label] for label in labels})
            row.update({f"share_{label}": _share(p["shares"][label]) for label in labels})
            yield row
    for source in summary["sources"]:
        for role in ("speaker", "disputed"):
            counts = source[role]
            if not sum(counts.values()):
                continue
            row = {
                "table": "sources",
                "source": source["name"],
                "role": role,
                "sentences": sum(counts.values()),
                "variants": _joined(source["variants"]),
                "ambiguous_with": "; ".join(source["ambiguous"]),
                "quoted_by": _joined(source["quoted_by"]),
                **counts,
            }
            yield row
    for alert in summary["alerts"]:
        refs = alert["evidence"]
        yield {
            "table": "alerts",
            **{header: alert["values"].get(name, "") for name, header in by},
            "period": alert["period"],
            "sentences": alert["total"],
            alert["label"]: alert["count"],
            "frame": alert["label"],
            "share": _share(alert["share"]),
            "baseline_mean": _share(alert["baseline_mean"]),
            "baseline_sd": _share(alert["baseline_sd"]),
            "threshold": _share(alert["threshold"]),
            "previous_periods": alert["previous_periods"],
            "evidence_lines": " ".join(str(sentences[ref]["line"]) for ref in refs),
            "evidence": " | ".join(sentences[ref]["text"] for ref in refs),
        }


def format_table(summary):
    """Return the summary table as CSV text."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, table_columns(summary), restval="", lineterminator="\n")
    writer.writeheader()
    writer.writerows(table_rows(summary))
    return buffer.getvalue()
