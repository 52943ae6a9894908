"""The summary as one CSV table: frame counts per group and period, then sources, then alerts.

The ``table`` column says which of the three a row belongs to; each kind fills its own columns and
leaves the others empty, so the file loads as one table and filters by kind (``table == "sources"``).
Counts per frame share the columns named after the frames in all three kinds; ``articles_<frame>``
holds the articles with at least one sentence of the frame (empty when the rows tell no articles
apart). A source's ``quoted_by`` is that of its row's role: who quotes it as speaker, or as disputed.
An alert's row also holds what it was tested with: its baseline, design effect, p-value and q-value.
"""

import csv
import io

UNCERTAIN = "uncertain"
# Sentences answered with the model's base rates (a warning in the rows): counted apart from the frames.
UNSCORED = "unscored"


def by_columns(summary):
    """Return the header names of the ``--by`` columns: their own, or ``by_<name>`` when the table has one."""
    labels = summary["labels"]
    fixed = set(_FIXED) | set(labels) | {f"{prefix}_{label}" for label in labels for prefix in ("share", "articles")}
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
        *(f"articles_{label}" for label in labels),
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
        *_TEST_COLUMNS,
        "evidence_lines",
        "evidence",
        # Last, so the columns before it keep their places in files read by position.
        UNSCORED,
    ]


# What an alert was tested with (service.corpus.alerts.find_alerts); empty for a summary saved before the test.
_TEST_COLUMNS = ("baseline_count", "baseline_total", "baseline_share", "design_effect", "p_value", "q_value")
_FIXED = (
    "table period period_start sentences articles article_errors uncertain source role variants ambiguous_with "
    "quoted_by frame share baseline_mean baseline_sd threshold previous_periods evidence_lines evidence unscored"
).split() + list(_TEST_COLUMNS)


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
                # A summary made before unscored sentences were counted apart has none.
                unscored=p.get("unscored", 0),
            )
            row.update({label: p["counts"][label] for label in labels})
            row.update({f"share_{label}": _share(p["shares"][label]) for label in labels})
            # Summaries made before articles per frame were counted have none: the columns stay empty.
            with_frame = p.get("articles_with")
            if with_frame is not None:
                row.update({f"articles_{label}": with_frame[label] for label in labels})
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
                # Who quotes it in this row's role (a summary made before roles were kept has only the total).
                "quoted_by": _joined(source.get("quoted_by_role", {}).get(role, source["quoted_by"])),
                **counts,
            }
            yield row
    for alert in summary["alerts"]:
        refs = alert["evidence"]
        with_frame = alert.get("articles_with")
        yield {
            "table": "alerts",
            **{header: alert["values"].get(name, "") for name, header in by},
            "period": alert["period"],
            "sentences": alert["total"],
            "articles": "" if with_frame is None else alert["articles"],
            alert["label"]: alert["count"],
            f"articles_{alert['label']}": "" if with_frame is None else with_frame,
            "frame": alert["label"],
            "share": _share(alert["share"]),
            "baseline_mean": _share(alert["baseline_mean"]),
            "baseline_sd": _share(alert["baseline_sd"]),
            "threshold": _share(alert["threshold"]),
            "previous_periods": alert["previous_periods"],
            **_test_cells(alert),
            "evidence_lines": " ".join(str(sentences[ref]["line"]) for ref in refs),
            "evidence": " | ".join(sentences[ref]["text"] for ref in refs),
        }


def _test_cells(alert):
    """The CSV cells of what an alert was tested with (none for a summary saved before the test)."""
    if "p_value" not in alert:
        return {}
    return {
        "baseline_count": alert["baseline_count"],
        "baseline_total": alert["baseline_total"],
        "baseline_share": _share(alert["baseline_share"]),
        "design_effect": f"{alert['design_effect']:.2f}",
        "p_value": f"{alert['p_value']:.4g}",
        "q_value": f"{alert['q_value']:.4g}",
    }


def format_table(summary):
    """Return the summary table as CSV text."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, table_columns(summary), restval="", lineterminator="\n")
    writer.writeheader()
    writer.writerows(table_rows(summary))
    return buffer.getvalue()
