"""What the corpus dashboard shows of a summary: rows of numbers, each with the cell of sentences behind it.

The numbers are read from the summary dict untouched; charts are the report's own SVG
(:mod:`service.corpus.svg`). A cell names one number's sentences: ``g0-p1-f2`` (group 0, period 1,
frame 2), ``g0-p1`` (all sentences of that period), ``s3-speaker-f0`` (source 3 as speaker, frame 0),
``a2`` (alert 2).
"""

import re

from markupsafe import Markup

from service.corpus.alerts import baseline_words, p_words, rule_words
from service.corpus.articles import article_of, in_articles, sources_shown
from service.corpus.svg import bars_per_item, frame_charts, frame_colours
from service.wording import counted

UNCERTAIN = "uncertain"
ROLES = ("speaker", "disputed")
TOP_SOURCES = 20
# Outlets named beside a source; the others are counted ("and 2 more") and listed on demand.
QUOTED_BY_SHOWN = 3
_CELL = re.compile(r"^(?:g(\d+)-p(\d+)(?:-f(\d+))?|s(\d+)-(speaker|disputed)-f(\d+)|a(\d+))$")


class CellError(Exception):
    """A cell that names no number of this summary."""


def frames_of(summary):
    """The frames counted apart: the labels, and ``uncertain`` when a threshold is set."""
    uncertain = summary["options"]["min_confidence"] is not None
    return [*summary["labels"], UNCERTAIN] if uncertain else list(summary["labels"])


def _share(value):
    return None if value is None else round(value * 100)


def group_views(summary):
    """Per group: the two charts (counts and shares) and a row per period with cells."""
    frames, labels = frames_of(summary), summary["labels"]
    period_name = summary["options"]["period"]
    views = []
    for gi, group in enumerate(summary["groups"]):
        values = {p["period"]: {**p["counts"], UNCERTAIN: p["uncertain"]} for p in group["periods"] if p["period"]}
        what = f"{', '.join(labels)} per {period_name}"
        if not summary["periods"]:
            # Nothing is dated: a chart over time would be an empty frame; the table has the one undated row.
            counts = shares = ""
        else:
            counts, shares = _charts(gi, group["name"], what, summary["periods"], values, frames, labels)
        alerted = {(a["period"], a["label"]) for a in summary["alerts"] if a["group_index"] == gi}
        rows = []
        for pi, p in enumerate(group["periods"]):
            # A summary cached before articles per frame were counted has no articles_with.
            with_frame = p.get("articles_with") or {}
            cells = [
                {
                    "label": label,
                    "count": p["counts"][label],
                    "share": _share(p["shares"][label]),
                    "cell": f"g{gi}-p{pi}-f{frames.index(label)}",
                    "alert": (p["period"], label) in alerted,
                    "articles_with": with_frame.get(label),
                    "spread": in_articles(with_frame.get(label), p["articles"]),
                }
                for label in labels
            ]
            rows.append(
                {
                    "period": p["period"] or "undated",
                    "sentences": p["sentences"],
                    "articles": p["articles"],
                    "errors": p["article_errors"],
                    "uncertain": p["uncertain"],
                    "uncertain_cell": f"g{gi}-p{pi}-f{len(labels)}",
                    # In Sentences but in no frame (base rates); a summary cached before they were counted has none.
                    "unscored": p.get("unscored", 0),
                    "cell": f"g{gi}-p{pi}",
                    "frames": cells,
                }
            )
        views.append({"name": group["name"], "index": gi, "counts_svg": Markup(counts), "shares_svg": Markup(shares), "rows": rows, "sentences": group["sentences"], "articles": group["articles"]})  # fmt: skip
    return views


def _charts(gi, name, what, periods, values, frames, labels):
    """The counts and the shares of one group over time, as two SVG charts (the table is below them)."""
    return frame_charts(gi, name, what, periods, values, frames, labels, table="below")


def source_views(summary, role, top=TOP_SOURCES):
    """The ``top`` sources most cited in ``role`` (speaker or disputed), with a cell per frame, and their chart."""
    frames = frames_of(summary)
    indexed = [(si, s) for si, s in enumerate(summary["sources"]) if sum(s[role].values())]
    indexed.sort(key=lambda item: (-sum(item[1][role].values()), item[1]["key"]))
    shown = indexed[:top]
    # Who quotes each source in this role (a summary cached before roles were kept has only the total).
    quoted = {si: list(s.get("quoted_by_role", {}).get(role, s["quoted_by"]).items()) for si, s in shown}
    rows = [
        {
            "name": source["name"],
            "quoted_by": quoted[si][:QUOTED_BY_SHOWN],
            "quoted_more": quoted[si][QUOTED_BY_SHOWN:],
            "ambiguous": source["ambiguous"],
            "total": sum(source[role].values()),
            "frames": [
                {"frame": frame, "count": source[role][frame], "cell": f"s{si}-{role}-f{fi}"}
                for fi, frame in enumerate(frames)
            ],
            "disputed": sum(source["disputed"].values()),
        }
        for si, source in shown
    ]
    title = (
        "Top sources as speaker, per frame"
        if role == "speaker"
        else "Disputed sources, per frame of the rejected claim"
    )
    chart = ""
    if shown:
        chart = bars_per_item(
            "sp" if role == "speaker" else "dp",
            title,
            f"Horizontal stacked bars: the {counted(len(shown), 'source')} most cited as {role}, sentences per frame; "
            "the table beside has the numbers.",
            [(s["name"], s[role]) for _, s in shown],
            frames,
        )
    return {"rows": rows, "chart": Markup(chart), "count": len(indexed)}


def alert_views(summary):
    """The frame-shift alerts with their cells, how many of the period's articles each rests on, its baseline, p and q."""
    return [
        {
            **alert,
            "cell": f"a{ai}",
            "spread": in_articles(alert.get("articles_with"), alert.get("articles")),
            "baseline": baseline_words(alert, " %"),
            "p": p_words(alert.get("p_value")),
            "q": p_words(alert.get("q_value")),
        }
        for ai, alert in enumerate(summary["alerts"])
    ]


def alert_rule(summary):
    """Say when a period is an alert and what its alert level is (the report's words)."""
    return rule_words(summary)


def error_views(summary):
    """The articles that could not be analysed: their count, the first error rows and the reasons among those.

    ``undecodable`` counts the rows that held bytes that are not UTF-8 (their articles are not analysed,
    the others are, as ``stance analyze`` does), so the page can say how many and what to do.
    """
    from service.batch.parse import UNDECODABLE

    # A summary cached before error rows were kept has only the count.
    errors = summary.get("errors") or {"rows": summary["totals"]["article_errors"], "examples": []}
    reasons = list(dict.fromkeys(e["error"] for e in errors["examples"]))
    undecodable = sum(n for reason, n in errors.get("reasons", {}).items() if reason.startswith(UNDECODABLE))
    return {
        "count": errors["rows"],
        "examples": errors["examples"],
        "reasons": reasons,
        "undecodable": undecodable,
        "undecodable_lines": [e["line"] for e in errors["examples"] if e["error"].startswith(UNDECODABLE)],
    }


def colour_keys(summary):
    """``(frame, colour)`` of every frame, for the legend."""
    colours = frame_colours(frames_of(summary))
    return list(colours.items())


def cell_refs(summary, cell):
    """Return ``(title, refs, total)`` of the number named by ``cell``, ``refs`` its kept sentences; raise :class:`CellError` if none."""
    if not cell:
        raise CellError("no number of this dashboard was chosen (the link has no cell)")
    match = _CELL.match(cell)
    if not match:
        raise CellError(f"{cell!r} names no number of this dashboard")
    g, p, f, s, role, sf, a = match.groups()
    frames = frames_of(summary)
    try:
        if a is not None:
            alert = summary["alerts"][int(a)]
            title = f"{alert['group']}, {alert['period']}: {alert['label']} (frame-shift alert)"
            refs, total = alert["evidence"], alert["count"]
        elif s is not None:
            source, frame = summary["sources"][int(s)], frames[int(sf)]
            title = f"{source['name']} as {role}: {frame}"
            refs, total = source["evidence"].get(role, {}).get(frame, []), source[role][frame]
        else:
            group = summary["groups"][int(g)]
            period = group["periods"][int(p)]
            name = f"{group['name']}, {period['period'] or 'undated'}"
            if f is None:
                title, total = f"{name}: every sentence", period["sentences"]
                refs = sorted({r for rs in period["evidence"].values() for r in rs}, key=lambda r: int(r[1:]))
            else:
                frame = frames[int(f)]
                title = f"{name}: {frame}"
                refs = period["evidence"].get(frame, [])
                total = period["uncertain"] if frame == UNCERTAIN else period["counts"][frame]
    except (IndexError, KeyError):
        raise CellError(f"{cell!r} names no number of this dashboard") from None
    return title, refs, total


def evidence(summary, cell):
    """Return ``(title, sentences, total)`` of the number named by ``cell``; raise :class:`CellError` if none.

    ``summary`` needs only the sentences :func:`cell_refs` names (and their articles).
    """
    title, refs, total = cell_refs(summary, cell)
    rows = [summary["sentences"][ref] for ref in refs]
    shown = [
        {**row, "origin": article_of(summary, row), "credited": {role: sources_shown(row, role) for role in ROLES}}
        for row in rows
    ]
    return title, shown, total


# What leaving out each optional column means, for the note on the job's pages.
_WITHOUT = {
    "id_column": ("id column", "articles are told apart by their rows"),
    "date_column": ("date column", "no dates: everything is in one undated period"),
    "group_column": ("group column", "no groups: one group of all articles"),
    "title_column": ("title column", "the sentences name their article without a title"),
}


def absent_note(params):
    """A sentence naming the form's default columns that the file does not have (left out), or '' when none."""
    absent = params.get("absent_columns") or {}
    parts = [f"{_WITHOUT[key][0]} {column!r} ({_WITHOUT[key][1]})" for key, column in absent.items() if key in _WITHOUT]
    if not parts:
        return ""
    return f"Not in the file, so left out (the form's defaults): {'; '.join(parts)}."
