"""Render a corpus summary as one self-contained HTML page: charts, their data tables, and the sentences.

The page holds no script, no external file and no URL: charts are inline SVG, styles are inline, and
every link is an anchor within the page. Every count and share links to the sentences behind it (the
first ones of each cell, as the summary kept them). Everything from the data is HTML-escaped.
"""

from html import escape

from model.source_names import source_key
from service.corpus.alerts import baseline_words, p_words, rule_words
from service.corpus.articles import article_of, in_articles, sources_shown
from service.corpus.summary import SKIPPED_ROWS, UNDATED_ROWS, UNDATED_WORDS
from service.corpus.svg import bars_per_item, frame_charts, frame_colours
from service.wording import counted, plural

DEFAULT_TOP_SOURCES = 20
UNCERTAIN = "uncertain"

# A section of sentences or a group's charts and table is laid out only when scrolled near (content-visibility):
# a report of 60 groups over two years (24 MB) was painted in 13 s in Chromium, now 1.3 s. Links to its anchors,
# finding text and printing still reach every part.
_CSS = """
body{font-family:system-ui,sans-serif;margin:2em auto;max-width:1700px;padding:0 1em;color:#1a1a1a;background:#fff;line-height:1.4}
h1{font-size:1.5em}h2{font-size:1.25em;margin-top:2em;border-bottom:1px solid #999}h3{font-size:1.1em;margin-top:1.5em}
h4{font-size:1em;margin:1em 0 .3em}a{color:#0b57a4}a:focus{outline:2px solid #1a1a1a}
table{border-collapse:collapse;margin:.5em 0;font-size:.85em}caption{text-align:left;font-weight:600;padding:.3em 0}
td,th{border:1px solid #bbb;padding:.2em .5em;text-align:left;vertical-align:top}th{background:#eee}
tbody th small{font-weight:normal}
td.n{text-align:right;font-variant-numeric:tabular-nums}.pair{display:flex;flex-wrap:wrap;gap:1.5em;align-items:flex-start}
.pair figure{margin:0 0 1em}.charts{display:flex;flex-direction:column}figcaption{font-size:.88em;max-width:40em}.note{color:#3d3d3d;font-size:.92em}
section,.pair{content-visibility:auto;contain-intrinsic-size:auto 40em}
ol.ev li{margin:.3em 0}ol.ev small{color:#3d3d3d}.key{display:inline-block;width:.8em;height:.8em;margin-right:.3em;border:1px solid #4d4d4d}
"""


def render_report(summary, top_sources=DEFAULT_TOP_SOURCES, evidence=None):
    """Return the HTML page of a summary made by :func:`service.corpus.summary.summarize`.

    Parameters
    ----------
    summary : dict
        The summary.
    top_sources : int
        Sources shown in the who-says-what charts and tables (``summary.csv`` lists them all).
    evidence : int or None
        Sentences shown behind each number, the first ones (None: all the summary kept). The page
        holds every cell's sentences: a summary that kept 20 per cell of a large corpus makes a page
        of a hundred megabytes.

    Returns
    -------
    str
        A complete HTML document.
    """
    if evidence is not None and evidence < summary["options"]["evidence"]:
        summary = with_evidence(summary, evidence)
    report = _Report(summary, top_sources)
    return report.render()


def with_evidence(summary, cap):
    """Return a copy of a summary keeping the first ``cap`` sentences behind each number, and only their sentences.

    Every count stays; the evidence lists (in file order) are cut, and ``sentences`` and ``articles``
    keep what the cut lists refer to. The summary given is not changed.
    """
    groups = [
        {
            **g,
            "periods": [{**p, "evidence": {f: refs[:cap] for f, refs in p["evidence"].items()}} for p in g["periods"]],
        }
        for g in summary["groups"]
    ]
    sources = [
        {
            **s,
            "evidence": {role: {f: refs[:cap] for f, refs in frames.items()} for role, frames in s["evidence"].items()},
        }
        for s in summary["sources"]
    ]
    alerts = [{**a, "evidence": a["evidence"][:cap]} for a in summary["alerts"]]
    kept = evidence_refs(summary, cap)
    sentences = {ref: sentence for ref, sentence in summary["sentences"].items() if ref in kept}
    # A summary made before articles were kept has none; its sentences name their id themselves.
    articles = summary.get("articles")
    if articles is not None:
        used = {sentence.get("article") for sentence in sentences.values()}
        articles = {ref: article for ref, article in articles.items() if ref in used}
    return {
        **summary,
        "options": {**summary["options"], "evidence": cap},
        "groups": groups,
        "sources": sources,
        "alerts": alerts,
        "sentences": sentences,
        **({} if articles is None else {"articles": articles}),
    }


def evidence_refs(summary, cap=None):
    """The references of the sentences behind the numbers: the first ``cap`` of each list (None: every one kept)."""
    refs = {ref for g in summary["groups"] for p in g["periods"] for listed in p["evidence"].values() for ref in listed[:cap]}  # fmt: skip
    refs.update(ref for s in summary["sources"] for frames in s["evidence"].values() for listed in frames.values() for ref in listed[:cap])  # fmt: skip
    refs.update(ref for a in summary["alerts"] for ref in a["evidence"][:cap])
    return refs


def _other_warnings(summary):
    """The summary's warnings but those the notes already tell in their own words (undated and skipped rows)."""
    told = (UNDATED_ROWS, SKIPPED_ROWS)
    kinds = summary.get("warning_kinds")
    if kinds is None:
        # A summary written before warnings had kinds: its words are all there is to go by.
        return [w for w in summary["warnings"] if "undated" not in w and "neither" not in w]
    return [w for w, kind in zip(summary["warnings"], kinds) if kind not in told]


def _undated_examples(undated):
    """The first undated values, per reason their date was not read (a summary saved before reasons: in file order)."""
    if not undated.get("reasons"):
        return ", ".join(f"line {e['line']} ({escape(e['value'])!s})" for e in undated["examples"])
    parts = []
    for reason, count in undated["reasons"].items():
        shown = ", ".join(
            f"line {e['line']} ({escape(e['value'])!s})" for e in undated["examples"] if e.get("reason") == reason
        )
        parts.append(f"{count:,} {escape(UNDATED_WORDS.get(reason, reason))}: {shown}")
    return "; ".join(parts)


def _pct(share):
    """A share as a percentage, or a dash when there is none."""
    return "–" if share is None else f"{share:.0%}"


def _link(text, anchor, anchors):
    """``text`` as a link to ``#anchor`` when that anchor will exist, else plain (a zero has no sentences)."""
    return f'<a href="#{anchor}">{text}</a>' if anchor in anchors else text


def _count(count, anchor, anchors):
    """A count as a link to ``#anchor``, or plain when it is zero or there is nothing to link to."""
    return _link(f"{count:,}", anchor, anchors) if count else "0"


def _table(caption, header, rows, numeric_from=1, text_last=False):
    """An HTML table with a caption; cells are HTML already. Columns from ``numeric_from`` are right-aligned
    numbers, except the last one when ``text_last``."""
    head = "".join(f'<th scope="col">{h}</th>' for h in header)
    numeric_to = len(header) - 1 if text_last else len(header)
    body = []
    for row in rows:
        cells = [f'<th scope="row">{row[0]}</th>']
        cells += [
            f'<td class="n">{c}</td>' if numeric_from <= i < numeric_to else f"<td>{c}</td>"
            for i, c in enumerate(row[1:], 1)
        ]
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><caption>{caption}</caption><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


class _Report:
    """Builds the page; knows which evidence anchors exist so that no link points nowhere."""

    def __init__(self, summary, top_sources):
        self.s = summary
        self.labels = summary["labels"]
        self.uncertain = summary["options"]["min_confidence"] is not None
        # Sentences answered with base rates are in a period's Sentences but in no frame: a column says how many.
        # A summary made before they were counted apart has no unscored.
        self.unscored = summary["totals"].get("unscored", 0) > 0
        self.frames = [*self.labels, UNCERTAIN] if self.uncertain else list(self.labels)
        self.colours = frame_colours(self.frames)
        self.cap = summary["options"]["evidence"]
        speakers = [s for s in summary["sources"] if sum(s["speaker"].values())]
        speakers.sort(key=lambda s: (-sum(s["speaker"].values()), s["key"]))
        self.top = speakers[:top_sources]
        disputed = [s for s in summary["sources"] if sum(s["disputed"].values())]
        disputed.sort(key=lambda s: (-sum(s["disputed"].values()), s["key"]))
        self.disputed = disputed[:top_sources]
        self.anchors = self._evidence_anchors()

    def _frame_id(self, frame):
        """A short, safe anchor part for a frame (labels may hold any character)."""
        return "u" if frame == UNCERTAIN else f"l{self.labels.index(frame)}"

    def _evidence_anchors(self):
        """Every anchor the evidence section will have."""
        anchors = {"frames", "sources", "disputed", "alerts", "notes", "sentences"}
        for gi, group in enumerate(self.s["groups"]):
            for pi, period in enumerate(group["periods"]):
                if period["evidence"]:
                    anchors.add(f"g{gi}-p{pi}")
                for frame, refs in period["evidence"].items():
                    if refs:
                        anchors.add(f"g{gi}-p{pi}-{self._frame_id(frame)}")
        for si, source in enumerate(self._shown_sources()):
            if source["evidence"]:
                anchors.add(f"s{si}")
            for role, frames in source["evidence"].items():
                for frame, refs in frames.items():
                    if refs:
                        anchors.add(f"s{si}-{role}-{self._frame_id(frame)}")
        anchors.update(f"a{ai}" for ai in range(len(self.s["alerts"])))
        return anchors

    def _shown_sources(self):
        """Sources with a section of sentences: the top speakers, then the top disputed ones not among them."""
        shown = list(self.top)
        keys = {s["key"] for s in shown}
        shown += [s for s in self.disputed if s["key"] not in keys]
        return shown

    def _source_index(self, source):
        """The position of a source among those shown (its anchor number)."""
        return next(i for i, s in enumerate(self._shown_sources()) if s["key"] == source["key"])

    def render(self):
        """Return the whole page."""
        s = self.s
        title = f"Corpus summary: {s['input']}"
        sections = [
            self._overview(),
            self._alerts(),
            self._frames(),
            self._who_says_what(),
            self._disputed_sources(),
            self._notes(),
            self._sentences(),
        ]
        return (
            '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{escape(title)}</title><style>{_CSS}</style></head><body><main>"
            f"<h1>{escape(title)}</h1>" + "".join(sections) + "</main></body></html>\n"
        )

    def _overview(self):
        """The totals, the options and the contents."""
        t, o = self.s["totals"], self.s["options"]
        by = ", ".join(o["by"]) or "none (one group: all rows)"
        articles = "–" if t["articles"] is None else _count(t["articles"], "frames", self.anchors)
        rows = [
            ("Rows read", f"{t['rows']:,}"),
            ("Sentences", _count(t["sentences"], "frames", self.anchors)),
            ("Articles", articles),
            (
                "Articles that could not be analysed (error rows)",
                _count(t["article_errors"], "frames", self.anchors),
            ),
        ]
        if self.uncertain:
            rows.append(
                (
                    f"Uncertain sentences (confidence below {o['min_confidence']:g})",
                    _count(t["uncertain"], "frames", self.anchors),
                )
            )
        if t.get("unscored"):
            # Sentences given the model's base rates (not English, no known word): in no frame (see the notes).
            rows.append(("Sentences not scored (not English, or no word the model knows)", _count(t["unscored"], "notes", self.anchors)))  # fmt: skip
        rows += [
            ("Rows without a readable date (undated)", _count(t["undated_rows"], "notes", self.anchors)),
            ("Rows skipped (neither sentence nor error row)", _count(t["skipped_rows"], "notes", self.anchors)),
            ("Alerts", _count(len(self.s["alerts"]), "alerts", self.anchors)),
        ]
        nav = (
            '<nav aria-label="Contents"><ul>'
            '<li><a href="#alerts">Frame-shift alerts</a></li><li><a href="#frames">Frames over time per group</a></li>'
            '<li><a href="#sources">Who says what</a></li><li><a href="#disputed">Disputed sources</a></li>'
            '<li><a href="#notes">How to read this page</a></li><li><a href="#sentences">The sentences behind the numbers</a></li>'
            "</ul></nav>"
        )
        # Rows without a date column are all in one undated period (see summarize).
        when = (
            f"per {escape(o['period'])} of <code>{escape(o['date_column'])}</code>"
            if o["date_column"]
            else "without dates (no date column: one undated period)"
        )
        facts = (
            f"<p>Grouped by {escape(by)}, {when}. "
            f"Frames: {', '.join(self._key(f) + escape(f) for f in self.frames)}. Every number links to the sentences "
            f"behind it: the first {self.cap} of each cell, in file order.</p>"
        )
        return facts + _table("Totals", ["", "Count"], rows) + nav

    def _key(self, frame):
        """A colour swatch for a frame, hidden from screen readers (the name follows it)."""
        return f'<span class="key" aria-hidden="true" style="background:{self.colours[frame]}"></span>'

    def _alerts(self):
        """The alerts table, then each alert's sentences."""
        alerts = self.s["alerts"]
        intro = (
            f'<h2 id="alerts">Frame-shift alerts</h2><p class="note">{escape(rule_words(self.s))} <em>Baseline</em> '
            "is the earlier periods pooled (sentences of the frame of all their sentences), <em>p</em> the "
            "period's p-value and <em>q</em> the same corrected for every cell tested. <em>Articles</em> says how "
            "many of the period's articles the frame's sentences come from: one long article can make a share.</p>"
        )
        if not alerts:
            return intro + "<p>No alerts.</p>"
        rows = []
        for ai, a in enumerate(alerts):
            anchor = f"a{ai}"
            rows.append(
                (
                    escape(a["group"]),
                    escape(a["period"]),
                    escape(a["label"]),
                    _count(a["count"], anchor, self.anchors),
                    f"{a['total']:,}",
                    _link(_pct(a["share"]), anchor, self.anchors),
                    baseline_words(a),
                    f"{a['threshold']:.0%}",
                    f"{a['previous_periods']}",
                    # Alerts of a summary saved before the test have no p-value.
                    p_words(a.get("p_value")),
                    p_words(a.get("q_value")),
                    # Alerts of a summary made before articles per frame were counted have no such field.
                    in_articles(a.get("articles_with"), a.get("articles")) or "–",
                )
            )
        header = ["Group", "Period", "Frame", "Sentences of the frame", "All sentences", "Share", "Baseline", "Alert level", "Earlier periods", "p", "q", "Articles"]  # fmt: skip
        table = _table("Alerts, in time order", header, rows, numeric_from=3, text_last=True)
        lists = []
        for ai, a in enumerate(alerts):
            heading = f"{escape(a['group'])}, {escape(a['period'])}: {escape(a['label'])} {_pct(a['share'])} (alert level {a['threshold']:.0%})"
            lists.append(
                f'<section id="a{ai}"><h3>{heading}</h3>{self._evidence_list(a["evidence"], a["count"])}</section>'
            )
        return intro + table + "".join(lists)

    def _frames(self):
        """Per group: counts and shares over time as charts, with the table of the same numbers."""
        periods = self.s["periods"]
        parts = [
            '<h2 id="frames">Frames over time per group</h2><p class="note">Each group has two charts of the same '
            "counts: sentences per frame (top) and each frame's share of the period's sentences (bottom)"
            + (", uncertain sentences left out of the shares" if self.uncertain else "")
            + (", sentences not scored (the model's base rates) left out of both" if self.unscored else "")
            + ". The table beside them holds the numbers; each links to its sentences. Under a frame's count, "
            'the articles its sentences come from: a share made by one long article reads "in 1 of 20 articles".</p>'
        ]
        alerted = {(a["group"], a["period"], a["label"]) for a in self.s["alerts"]}
        for gi, group in enumerate(self.s["groups"]):
            values = {p["period"]: {**p["counts"], UNCERTAIN: p["uncertain"]} for p in group["periods"] if p["period"]}
            name = escape(group["name"])
            shares_of = f"{', '.join(self.labels)} per {self.s['options']['period']}"
            counts_svg, shares_svg = frame_charts(
                gi, group["name"], shares_of, periods, values, self.frames, self.labels, table="beside"
            )
            header = ["Period", "Sentences", "Articles", "Errors"]
            header += ["Uncertain"] if self.uncertain else []
            header += ["Not scored"] if self.unscored else []
            header += [f"{escape(label)}: n (share)" for label in self.labels]
            rows = []
            for pi, p in enumerate(group["periods"]):
                block = f"g{gi}-p{pi}"
                period = escape(p["period"] or "undated")
                row = [
                    period,
                    _count(p["sentences"], block, self.anchors),
                    _count(p["articles"], block, self.anchors),
                    f"{p['article_errors']:,}",
                ]
                if self.uncertain:
                    row.append(_count(p["uncertain"], f"{block}-u", self.anchors))
                if self.unscored:
                    # No evidence is kept for them (they are no frame's evidence), so the number links nowhere.
                    row.append(f"{p.get('unscored', 0):,}")
                for label in self.labels:
                    cell = f"{block}-{self._frame_id(label)}"
                    share = _pct(p["shares"][label])
                    if (group["name"], p["period"], label) in alerted:
                        share = f"<strong>{share} (alert)</strong>"
                    count = f"{p['counts'][label]:,}"
                    # Summaries made before articles per frame were counted have no articles_with.
                    spread = in_articles((p.get("articles_with") or {}).get(label), p["articles"])
                    spread = f"<br><small>{spread}</small>" if spread else ""
                    row.append(f"{_link(count, cell, self.anchors)} ({_link(share, cell, self.anchors)}){spread}")
                rows.append(row)
            caption = f"{name}: {group['sentences']:,} sentences in {group['articles']:,} articles"
            parts.append(
                f'<h3 id="g{gi}">{name}</h3><div class="pair"><div class="charts"><figure>{counts_svg}<figcaption>'
                f"Sentences per frame and {escape(self.s['options']['period'])}.</figcaption></figure><figure>{shares_svg}"
                f"<figcaption>Share of each frame.</figcaption></figure></div>{_table(caption, header, rows)}</div>"
            )
        return "".join(parts)

    def _who_says_what(self):
        """The most cited sources with their frames as speaker, and the groups that quote them."""
        sources = self.s["sources"]
        head = (
            '<h2 id="sources">Who says what</h2><p class="note">Sources named as the speaker of a sentence, merged across '
            f"spellings and titles (see the notes): the {len(self.top)} most cited as speakers, of {len(sources):,} "
            "sources. summary.csv lists them all.</p>"
        )
        if not self.top:
            return head + "<p>No sentence credits a source.</p>"
        chart = bars_per_item(
            "sp",
            "Top sources as speaker, per frame",
            f"Horizontal stacked bars: for each of the {len(self.top)} most cited sources, the sentences it is "
            "credited with, per frame; the table beside has the numbers.",
            [(s["name"], s["speaker"]) for s in self.top],
            self.frames,
        )
        header = ["Source (and who quotes it)", *(escape(f) for f in self.frames), "Disputed"]
        rows = []
        for source in self.top:
            si = self._source_index(source)
            row = [self._source_name(source, si, "speaker")]
            for frame in self.frames:
                anchor = f"s{si}-speaker-{self._frame_id(frame)}"
                row.append(_count(source["speaker"][frame], anchor, self.anchors))
            disputed = sum(source["disputed"].values())
            row.append(_count(disputed, f"s{si}", self.anchors))
            rows.append(row)
        table = _table("Top sources: sentences credited to them, per frame", header, rows)
        return (
            head
            + f'<div class="pair"><figure>{chart}<figcaption>Sentences per source and frame.</figcaption></figure>{table}</div>'
        )

    def _source_name(self, source, si, role):
        """A source's name, the other spellings merged into it, who quotes it in ``role``, and a note when it is ambiguous."""
        # Spellings that differ only in case or a leading "the" are not worth listing.
        others = [name for name in source["variants"] if source_key(name) != source["key"]]
        text = f"<strong>{escape(source['name'])}</strong>"
        if others:
            shown = ", ".join(escape(n) for n in others[:4]) + (
                f" and {len(others) - 4} more" if len(others) > 4 else ""
            )
            text += f"<br><small>also: {shown}</small>"
        if source["ambiguous"]:
            text += f"<br><small>could be any of: {escape(', '.join(source['ambiguous']))}</small>"
        # Who quotes it in the table's role: a source disputed once is not quoted by its speaker rows' outlets.
        items = list(source.get("quoted_by_role", {}).get(role, source["quoted_by"]).items())
        if items:
            shown = [f"{escape(name or '(empty)')} {_count(n, f's{si}', self.anchors)}" for name, n in items[:3]]
            more = f" and {len(items) - 3} more" if len(items) > 3 else ""
            text += f"<br><small>quoted by {', '.join(shown)}{more}</small>"
        return text

    def _disputed_sources(self):
        """Sources whose claims sentences reject, with the frame of the rejected claim."""
        head = (
            '<h2 id="disputed">Disputed sources</h2><p class="note">Sources cited in order to be rejected ("as '
            'claimed by X", "dismissed claims by X"). The frame is that of the rejected claim: a sentence that calls '
            "the drones defensive against Belgrade's claims credits Belgrade with a threat claim, as "
            "<code>stance analyze</code> counts it.</p>"
        )
        if not self.disputed:
            return head + "<p>No sentence disputes a source.</p>"
        chart = bars_per_item(
            "dp",
            "Disputed sources, per frame of the rejected claim",
            f"Horizontal stacked bars: for each of the {len(self.disputed)} most disputed sources, the sentences "
            "rejecting its claims, per frame of the claim; the table beside has the numbers.",
            [(s["name"], s["disputed"]) for s in self.disputed],
            self.frames,
        )
        header = ["Source (and who quotes it)", *(escape(f) for f in self.frames)]
        rows = []
        for source in self.disputed:
            si = self._source_index(source)
            row = [self._source_name(source, si, "disputed")]
            for frame in self.frames:
                anchor = f"s{si}-disputed-{self._frame_id(frame)}"
                row.append(_count(source["disputed"][frame], anchor, self.anchors))
            rows.append(row)
        table = _table("Disputed sources: sentences rejecting their claims, per frame of the claim", header, rows)
        return (
            head
            + f'<div class="pair"><figure>{chart}<figcaption>Rejections per source and frame.</figcaption></figure>{table}</div>'
        )

    def _notes(self):
        """How the numbers are made, and the warnings of the run."""
        s = self.s
        items = [
            f"Each number links to the first {self.cap} sentences behind it, in file order; the counts cover every row.",
            "A period is a calendar day, an ISO week (Monday to Sunday, 2026-W10) or a month of the date as written; "
            "times and time zones are ignored.",
            "Articles are counted once, in the group and period of their first row; an article that could not be "
            "analysed has one error row and no sentences. Under each frame's count, the articles with at least one "
            "sentence of that frame (when the rows tell articles apart: an id or a sentence column).",
            "Sources are merged across articles: case, leading articles and diacritics are ignored; a title "
            '("President", "Defence Minister") is dropped before a personal name, and a title or description set off by a '
            'comma ("Kosovo\'s prime minister, Albin Kurti") beside it; a phrase joining two people with "and" is kept '
            "whole; a bare surname joins the full name with that surname when the corpus holds only one, and stays apart "
            "(marked with its candidates) when it holds several; a word that is no one's surname joins the one full name "
            'it opens ("Jun" and "Jun Haeri").',
        ]
        undated = s["undated"]
        if undated["rows"] and not s["options"]["date_column"]:
            items.append(f"There is no date column: all {counted(undated['rows'], 'row')} are in one undated period.")
        elif undated["rows"]:
            shown = _undated_examples(undated)
            if "articles" in undated:
                # The workbench's own analysis: each article is named once, by its line in the uploaded file.
                n = undated["articles"]
                what = counted(n, "article")
                if undated["rows"] != n:
                    what += f" ({counted(undated['rows'], 'sentence row')})"
            else:
                n = undated["rows"]
                what = counted(n, "row")
            items.append(
                f"{what} {plural(n, 'has')} no readable date and {plural(n, 'is')} counted as undated: {shown}."
            )
        # Summaries written before error rows were kept have no "errors".
        errors = s.get("errors", {"rows": 0})
        if errors["rows"]:
            shown = "; ".join(
                f"line {e['line']}" + (f" (article {escape(e['id'])})" if e["id"] else "") + f": {escape(e['error'])}"
                for e in errors["examples"]
            )
            items.append(f"{counted(errors['rows'], 'article')} could not be analysed; the first: {shown}.")
        if s["skipped"]["rows"]:
            shown = ", ".join(f"line {e['line']}: {escape(e['reason'])}" for e in s["skipped"]["examples"])
            n = s["skipped"]["rows"]
            items.append(
                f"{counted(n, 'row')} {plural(n, 'was')} neither "
                f"{plural(n, 'a sentence nor an error row', 'sentences nor error rows')} and {plural(n, 'is')} not counted: {shown}."  # fmt: skip
            )
        items += [escape(w) for w in _other_warnings(s)]
        return '<h2 id="notes">How to read this page</h2><ul>' + "".join(f"<li>{i}</li>" for i in items) + "</ul>"

    def _evidence_list(self, refs, total):
        """An ordered list of kept sentences, with how many of the total it shows."""
        sentences = self.s["sentences"]
        shown = f"{total:,} sentences" + (f"; the first {len(refs)} in file order" if total > len(refs) else "")
        items = []
        for ref in refs:
            s = sentences[ref]
            # The workbench's rows name their article's line in the uploaded file; a sentence is then its index.
            where = [f"line {s.get('article_line') or s['line']}"]
            if s["sentence"] != "":
                where.append(f"sentence {escape(s['sentence'])}")
            where.append(escape(s["label"]) + (f" {escape(s['confidence'])}" if s["confidence"] else ""))
            for role in ("speaker", "disputed"):
                credited = sources_shown(s, role)
                if credited:
                    where.append(f"{role}: {escape(credited)}")
            items.append(
                f"<li>{escape(s['text']) or '<em>(no text column)</em>'}<br>{self._article_line(s)}"
                f"<br><small>{'; '.join(where)}</small></li>"
            )
        return f'<p class="note">{shown}</p><ol class="ev">{"".join(items)}</ol>'

    def _article_line(self, sentence):
        """The article of a sentence in one line, as the workbench shows it: id, title, group or outlet, date."""
        a = article_of(self.s, sentence)
        line = "Article" + (f" <strong>{escape(a['id'])}</strong>" if a["id"] else "")
        line += f": <cite>{escape(a['title'])}</cite>" if a["title"] else ""
        line += f" · {escape(a['where'])}" if a["where"] else ""
        date = f'<time datetime="{escape(a["date"])}">{escape(a["date"])}</time>' if a["date"] else "undated"
        return f'<small class="article-of">{line} · {date}</small>'

    def _sentences(self):
        """Every cell's kept sentences, under the anchors the numbers link to."""
        parts = ['<h2 id="sentences">The sentences behind the numbers</h2>']
        for gi, group in enumerate(self.s["groups"]):
            for pi, p in enumerate(group["periods"]):
                if not p["evidence"]:
                    continue
                period = escape(p["period"] or "undated")
                parts.append(f'<section id="g{gi}-p{pi}"><h3>{escape(group["name"])}, {period}</h3>')
                for frame in self.frames:
                    refs = p["evidence"].get(frame)
                    if not refs:
                        continue
                    total = p["uncertain"] if frame == UNCERTAIN else p["counts"][frame]
                    parts.append(
                        f'<div id="g{gi}-p{pi}-{self._frame_id(frame)}"><h4>{self._key(frame)}{escape(frame)}</h4>'
                        f"{self._evidence_list(refs, total)}</div>"
                    )
                parts.append("</section>")
        for si, source in enumerate(self._shown_sources()):
            if not source["evidence"]:
                continue
            parts.append(f'<section id="s{si}"><h3>{escape(source["name"])}</h3>')
            for role in ("speaker", "disputed"):
                for frame in self.frames:
                    refs = source["evidence"].get(role, {}).get(frame)
                    if not refs:
                        continue
                    what = "credited with" if role == "speaker" else "a claim rejected, framed"
                    parts.append(
                        f'<div id="s{si}-{role}-{self._frame_id(frame)}"><h4>{self._key(frame)}{escape(role)}: '
                        f"{what} {escape(frame)}</h4>{self._evidence_list(refs, source[role][frame])}</div>"
                    )
            parts.append("</section>")
        return "".join(parts)
