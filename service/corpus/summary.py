"""The corpus summary: one pass over per-sentence rows, counters only, and a plain dict at the end.

:func:`summarize` is the one function behind ``stance summarize`` (rows streamed from a file) and any
caller holding rows in memory. Memory grows with the number of groups, periods and source names,
never with the number of rows: each count is a counter, and only the first ``evidence`` sentences
of each cell (a group's frame in a period, a source's frame in a role) are kept, for the links,
and the article of each kept sentence once (id, title, outlet, date), which its sentences refer to.
"""

import re
from collections import Counter, defaultdict

from model.article import claim_frame
from model.article_rows import SOURCE_SEPARATOR
from model.source_names import merge_sources
from model.unscored import NOT_SCORED, unscored_reason
from service.corpus.alerts import alert_labels, find_alerts
from service.corpus.columns import (
    DEFAULT_EVIDENCE,
    DISPUTED_CLAIMS,
    NO_ID_COLUMN,
    NO_SOURCES,
    SPEAKER_CLAIMS,
    SummaryError,
    SummaryOptions,
    check_columns,
)
from service.corpus.dates import (
    KNOWN_FORMATS,
    NO_DATE,
    NO_SUCH_DAY,
    ORDER_UNKNOWN,
    UNKNOWN_FORMAT,
    parse_date,
    period_of,
    period_start,
    undated_reason,
)
from service.wording import counted, plural

# Re-exported: callers build options and catch errors through this module.
__all__ = [
    "BAD_CLAIMS",
    "DEFAULT_EVIDENCE",
    "NO_ID_COLUMN",
    "NO_SOURCES",
    "NOT_UTF8",
    "SIMILAR_GROUPS",
    "SKIPPED_ROWS",
    "UNDATED_ROWS",
    "UNDATED_WORDS",
    "SummaryError",
    "SummaryOptions",
    "replace_warning",
    "summarize",
]

# Undated rows, skipped rows and error rows named in the summary (the counts cover them all).
MAX_EXAMPLES = 10
# Undated values named per reason: distinct values, so that ten rows of one article do not hide the
# other reasons (3 per reason, 4 reasons: every reason is named within MAX_EXAMPLES).
UNDATED_PER_REASON = 3
# Each reason a date was not read, as the undated warning words it after a count.
UNDATED_WORDS = {
    NO_DATE: "with no date",
    NO_SUCH_DAY: "with no such day",
    ORDER_UNKNOWN: "with day and month in an unknown order (03/04/2026 is 3 April or 4 March: write 2026-04-03)",
    UNKNOWN_FORMAT: "in no known format",
}
# The claims column of each role (service.corpus.columns), named in the warning about claims that do not fit.
CLAIM_COLUMNS = {"speaker": SPEAKER_CLAIMS, "disputed": DISPUTED_CLAIMS}
# Distinct reasons of error rows counted one by one; any further reason is counted as OTHER_REASONS.
MAX_REASONS = 20
OTHER_REASONS = "other reasons"
# The line before the error of an input record that could not be parsed (service.batch.parse.errors_with_lines).
_LINE_PREFIX = re.compile(r"\Aline \d+: ")
# The sentence index remembered after an error row: above any real index, so the next row opens an article.
AFTER_ERROR = float("inf")
# Dates tried before a date column in which none parses is refused as an unknown format.
DATE_PROBE = 1000
# Distinct date strings remembered; a column of full timestamps would otherwise grow the cache per row.
DATE_CACHE = 100_000
UNDATED = None
# The kind of each warning, listed in the summary's "warning_kinds" beside "warnings" (the header's own
# kinds are in service.corpus.columns): a caller drops or rewrites a warning by its kind, never by its words.
UNDATED_ROWS = "undated_rows"
SKIPPED_ROWS = "skipped_rows"
BAD_CLAIMS = "bad_claims"
NOT_UTF8 = "not_utf8"
UNSCORED_ROWS = "unscored_rows"
SIMILAR_GROUPS = "similar_groups"
# What a decoder puts for bytes that are not UTF-8 (stance summarize reads with errors="replace", and
# stance analyze copies an undecodable row's metadata with it).
REPLACEMENT = "\ufffd"


def _text(value):
    """A cell as text: None is empty, numbers and dates are written out."""
    if value is None:
        return ""
    return value if isinstance(value, str) else str(value)


class _Cell:
    """Counts of one group in one period."""

    __slots__ = ("counts", "uncertain", "unscored", "articles", "errors", "evidence", "articles_with", "last_article")

    def __init__(self):
        self.counts = Counter()
        self.uncertain = 0
        # Sentences answered with the model's base rates (a warning): counted apart, never in a frame.
        self.unscored = 0
        self.articles = 0
        self.errors = 0
        # label -> articles with at least one (confident) sentence of it; label -> the last such article's number.
        self.articles_with = Counter()
        self.last_article = {}
        # label (or "uncertain") -> refs of the first sentences
        self.evidence = defaultdict(list)


class _Source:
    """Counts of one source name as written."""

    __slots__ = ("speaker", "disputed", "quoted_by", "quoted_by_role", "evidence")

    def __init__(self):
        self.speaker = Counter()
        self.disputed = Counter()
        self.quoted_by = Counter()
        # Who quotes the source in each role: a source disputed once is not "quoted by" its speaker rows' outlets.
        self.quoted_by_role = {"speaker": Counter(), "disputed": Counter()}
        # (role, frame or "uncertain") -> refs
        self.evidence = defaultdict(list)


class _Replaced:
    """Rows of one column holding U+FFFD, and the first line of each such value (the first MAX_EXAMPLES values)."""

    __slots__ = ("rows", "examples", "values", "more")

    def __init__(self):
        self.rows = 0
        self.examples = []
        self.values = set()
        # Whether there are such values beyond the examples.
        self.more = False


class _Aggregator:
    """Counts rows as they come; :meth:`result` turns the counters into the summary dict."""

    def __init__(self, columns, options):
        self.columns = columns
        self.options = options
        self.labels = list(columns.labels)
        self.known_labels = frozenset(columns.labels)
        self.cells = {}
        # group -> the place of its first row, for the warning about groups spelt two ways.
        self.group_places = {}
        # (speakers, disputed, frame[, speaker_claims, disputed_claims]) -> (Counter of who quotes them,
        # refs of the first sentences, the place of the first row): the claims only when the rows have them.
        self.credits = {}
        # (place, column) of the rows whose claims do not fit their names, and how many rows; see _expand_credits.
        self.bad_claims = []
        self.bad_claim_rows = 0
        self.sentences = {}
        # ref -> id, title, outlet and date of the article of kept sentences, stored once per article.
        self.kept_articles = {}
        self.counts_articles = columns.id is not None or columns.sentence is not None
        self.rows = 0
        self.error_rows = 0
        self.error_examples = []
        self.error_reasons = Counter()
        # reason (model.unscored.unscored_reason) -> sentences not scored.
        self.unscored = Counter()
        # With options.article_lines, places are lines of the analysed file, from the rows' line column.
        self.article_lines = options.article_lines and columns.line is not None
        self.skipped = Counter()
        self.skipped_examples = []
        self.undated = 0
        self.undated_examples = []
        # Why dates were not read: reason -> rows (articles, with article_lines), for the warning.
        self.undated_reasons = Counter()
        # Articles among the undated rows (with article_lines): their rows share one line.
        self.undated_articles = 0
        self.last_undated = None
        self.dates = {}
        self.dated = 0
        self.tried_dates = 0
        self.first_bad_date = None
        self.articles = 0
        # column -> _Replaced: the --by and outlet values holding U+FFFD. "Nov\ufffd Sad" would be a group
        # (and a source's outlet) of its own, apart from "Novi Sad", without a word.
        self.replaced = {}
        # The id and sentence index of the previous row: where an article starts.
        self.previous_article = (object(), -1)

    def add(self, rows, lines):
        """Count a batch of rows (sequences in column order) with their line numbers.

        The hottest loop of a summary (a million rows in seconds): column positions and counters are
        local names, and the rare paths (new dates, skipped rows, kept sentences) are method calls.
        """
        c = self.columns
        cap = self.options.evidence
        min_confidence = self.options.min_confidence
        cells, dates, known = self.cells, self.dates, self.known_labels
        by, n_by = c.by, len(c.by)
        by_first = by[0] if by else None
        date_at, label_at, error_at, id_at, index_at = c.date, c.label, c.error, c.id, c.sentence
        warning_at = c.warning
        speakers_at, disputed_at, outlet_at = c.speakers, c.disputed, c.outlet
        has_sources = speakers_at is not None or disputed_at is not None
        speaker_claims_at, disputed_claims_at = c.speaker_claims, c.disputed_claims
        has_claims = speaker_claims_at is not None or disputed_claims_at is not None
        credits = self.credits
        # The outlet column when it is not a --by column (then it is tested with the group).
        outlet_apart = outlet_at if outlet_at not in by else None
        counts_articles = id_at is not None or index_at is not None
        previous_id, previous_index = self.previous_article
        # The number of the current article (self.articles), for the articles with each frame.
        serial = self.articles
        self.rows += len(rows)
        if date_at is None:
            # No date column: every row is in the one undated period.
            self.undated += len(rows)
        period = UNDATED
        for row, line in zip(rows, lines):
            if date_at is not None:
                value = row[date_at]
                try:
                    period = dates[value]
                except (KeyError, TypeError):
                    # Not seen yet, or a JSON list or object where a date should be.
                    period = self._period(value, line, row)
            # A group value (and an outlet not grouped by) is tested for U+FFFD; a hit (rare) is a method call.
            if n_by == 1:
                value = row[by_first]
                if value.__class__ is str:
                    group = (value,)
                    if REPLACEMENT in value:
                        self._replaced(by_first, value, row, line)
                else:
                    group = (_text(value),)
            else:
                group = tuple(_text(row[i]) for i in by)
                if REPLACEMENT in "".join(group):
                    self._replaced_group(group, row, line)
            if outlet_apart is not None:
                value = row[outlet_apart]
                if value.__class__ is str and REPLACEMENT in value:
                    self._replaced(outlet_apart, value, row, line)
            cell = cells.get((group, period))
            if cell is None:
                cell = self._new_cell(group, period, row, line)
            error = row[error_at] if error_at is not None else None
            if counts_articles:
                # An article starts with a new id, with a sentence index that does not grow (a duplicate
                # id, or no id column), or as an error row of its own.
                article = row[id_at] if id_at is not None else None
                index = 0
                if index_at is not None:
                    try:
                        index = int(row[index_at])
                    except (TypeError, ValueError):
                        index = -1
                if error or article != previous_id or (index_at is not None and index <= previous_index):
                    cell.articles += 1
                    self.articles += 1
                    serial += 1
                # After an error row (an article of its own) the next row starts another article, even
                # without an id column: no sentence index is above this one.
                previous_id, previous_index = article, (index if not error else AFTER_ERROR)
            if error:
                cell.errors += 1
                self.error_rows += 1
                self._error(row, line, error)
                continue
            label = row[label_at]
            if label not in known:
                if not self._new_label(label, self._place(row, line)):
                    continue
                known = self.known_labels
            if warning_at is not None and row[warning_at].startswith(NOT_SCORED):
                # Its label is the model's base rates, not a reading of the sentence: no frame, no source's claim.
                cell.unscored += 1
                self.unscored[unscored_reason(_text(row[warning_at]))] += 1
                continue
            frame = label
            if min_confidence is not None:
                try:
                    if float(row[c.confidence]) < min_confidence:
                        frame = "uncertain"
                except (TypeError, ValueError):
                    self._skip(self._place(row, line), f"confidence {row[c.confidence]!r} is not a number")
                    continue
            if frame is label:
                count = cell.counts[label] = cell.counts[label] + 1
                # An article's rows come together: its first sentence of a frame counts it once for that frame.
                if counts_articles:
                    last = cell.last_article
                    try:
                        if last[label] != serial:
                            last[label] = serial
                            cell.articles_with[label] += 1
                    except KeyError:
                        last[label] = serial
                        cell.articles_with[label] += 1
            else:
                cell.uncertain += 1
                count = cell.uncertain
            ref = None
            if count <= cap:
                ref = self._keep(row, line, group, period, label)
                cell.evidence[frame].append(ref)
            if has_sources:
                speakers = row[speakers_at] if speakers_at is not None else None
                disputed = row[disputed_at] if disputed_at is not None else None
                if speakers or disputed:
                    # One counter per distinct (speakers, disputed, frame) and claims: names are split once, at the end.
                    if has_claims:
                        key = (
                            speakers,
                            disputed,
                            frame,
                            row[speaker_claims_at] if speaker_claims_at is not None else None,
                            row[disputed_claims_at] if disputed_claims_at is not None else None,
                        )
                    else:
                        key = (speakers, disputed, frame)
                    try:
                        credit = credits[key]
                    except (KeyError, TypeError):
                        credit = self._new_credit(key, row, line)
                    credit[0][row[outlet_at] if outlet_at is not None else group] += 1
                    if len(credit[1]) < cap:
                        credit[1].append(ref or self._keep(row, line, group, period, label))
        self.previous_article = (previous_id, previous_index)

    def _new_cell(self, group, period, row, line):
        """Add the cell of a group and period not seen yet; note where a new group is first met."""
        cell = self.cells[(group, period)] = _Cell()
        if group not in self.group_places:
            self.group_places[group] = self._place(row, line)
        return cell

    def _similar_groups_warnings(self):
        """One warning per --by column whose values differ only in case or spaces ("HARBOUR GAZETTE", "Harbour Gazette ").

        They are counted as groups apart, each with part of one outlet's numbers, and nothing on the
        page shows why: the spellings are named with their first line and rows, for the file to be fixed.
        """
        warnings = []
        for position, at in enumerate(self.columns.by):
            if at in self.columns.by[:position]:
                # A column named twice in --by: its values are the same at both places.
                continue
            rows, places = Counter(), {}
            for (group, _), cell in self.cells.items():
                rows[group[position]] += sum(cell.counts.values()) + cell.uncertain + cell.unscored + cell.errors
            for group, place in self.group_places.items():
                value = group[position]
                places[value] = min(places.get(value, place), place, key=lambda p: _number(p) or 0)
            spellings = defaultdict(list)
            for value in rows:
                spellings[" ".join(value.split()).casefold()].append(value)
            similar = [sorted(values, key=lambda v: -rows[v]) for values in spellings.values() if len(values) > 1]
            if not similar:
                continue
            similar.sort(key=lambda values: -sum(rows[v] for v in values))
            shown = "; ".join(
                ", ".join(f"{v!r} (line {places[v]}, {counted(rows[v], 'row')})" for v in values)
                for values in similar[:MAX_EXAMPLES]
            )
            more = f"; and {len(similar) - MAX_EXAMPLES:,} more" if len(similar) > MAX_EXAMPLES else ""
            n = len(similar)
            warnings.append(
                (
                    SIMILAR_GROUPS,
                    f"{self.options.name}: column {self.columns.names[at]!r} has {counted(n, 'name')} spelt in "
                    f"several ways that differ only in case or spaces, each spelling counted as a group apart "
                    f"(write each one way in the file to count it once): {shown}{more}{self._lines_note()}",
                )
            )
        return warnings

    def _new_credit(self, key, row, line):
        """Return the counter of a credits key not seen yet, its cells as text (a JSON list or null becomes text)."""
        key = (_text(key[0]), _text(key[1]), key[2], *(_text(v) for v in key[3:]))
        try:
            return self.credits[key]
        except KeyError:
            credit = self.credits[key] = (Counter(), [], self._place(row, line))
            return credit

    def _new_label(self, label, line):
        """Accept a label not seen yet (when the rows declare no p_<label> columns); False skips the row."""
        if not isinstance(label, str) or not label:
            self._skip(line, "no label")
            return False
        if self.columns.labels:
            self._skip(line, f"label {label!r} has no p_{label} column")
            return False
        self.labels.append(label)
        self.known_labels = frozenset(self.labels)
        return True

    def _place(self, row, line):
        """The line a message names for a row: its article's line in the analysed file (article_lines), else its own."""
        if self.article_lines:
            article_line = _number(row[self.columns.line])
            if article_line is not None:
                return article_line
        return line

    def _period(self, value, line, row):
        """Return the period of a date value (caching it), or None for an undated row."""
        day = parse_date(value)
        if day is None:
            self.undated += 1
            place = self._place(row, line)
            # The rows of one article share its date and its line: it is named once.
            first_of_article = not self.article_lines or place != self.last_undated
            if first_of_article:
                self.undated_articles += 1
                self.last_undated = place
                self._undated(place, value)
            if _text(value).strip():
                self.tried_dates += 1
                if self.first_bad_date is None:
                    self.first_bad_date = (place, _text(value))
                if not self.dated and self.tried_dates >= DATE_PROBE:
                    self._refuse_dates()
            return UNDATED
        self.dated += 1
        period = period_of(day, self.options.period)
        if len(self.dates) >= DATE_CACHE:
            self.dates.clear()
        self.dates[value] = period
        return period

    def _undated(self, place, value):
        """Count an undated row (or article) by why its date was not read; keep the first of each distinct value."""
        reason = undated_reason(value)
        self.undated_reasons[reason] += 1
        if len(self.undated_examples) >= MAX_EXAMPLES:
            return
        text = _text(value)
        shown = [e["value"] for e in self.undated_examples if e["reason"] == reason]
        if text not in shown and len(shown) < UNDATED_PER_REASON:
            self.undated_examples.append({"line": place, "value": text, "reason": reason})

    def _undated_warning(self):
        """The warning for the rows without a readable date: how many, and per reason the first distinct values."""
        options = self.options
        column = repr(options.date_column)
        if self.article_lines:
            n = self.undated_articles
            rows = "" if self.undated == n else f" ({counted(self.undated, 'sentence row')})"
            what = f"{counted(n, 'article')}{rows} without a readable date in {column}"
        else:
            n = self.undated
            articles = sum(c.articles for (_, period), c in self.cells.items() if period is UNDATED)
            of = f" ({counted(articles, 'article')})" if self.counts_articles else ""
            what = f"{counted(n, 'row')} without a readable date in {column}{of}"
        parts = []
        for reason, count in self.undated_reasons.most_common():
            shown = ", ".join(
                f"line {e['line']} ({e['value']!r})" for e in self.undated_examples if e["reason"] == reason
            )
            parts.append(f"{count:,} {UNDATED_WORDS[reason]}: {shown}")
        readable = (
            f". Dates are read in these formats: {KNOWN_FORMATS}" if set(self.undated_reasons) - {NO_DATE} else ""
        )
        lines = "" if self.article_lines else self._lines_note()
        return f"{options.name}: {what} {plural(n, 'is')} counted apart as undated; {'; '.join(parts)}{readable}{lines}"

    def _refuse_dates(self):
        """Raise the error for a date column in which no value parses."""
        line, value = self.first_bad_date
        raise SummaryError(
            f"{self.options.name}, line {line}: date {value!r} in column {self.options.date_column!r} is in no "
            f"known format, nor is any other date tried ({self.tried_dates:,}); use one of: {KNOWN_FORMATS}"
        )

    def _error(self, row, line, error):
        """Count an error row (an article that could not be analysed) by reason; keep the first few for messages."""
        # A reason's details after a colon (which byte, which column) vary by row; its kind does not.
        # Nor does the "line 7: " that stance analyze puts before the error of a record it could not parse.
        reason = _LINE_PREFIX.sub("", _text(error), count=1).split(": ", 1)[0]
        if reason in self.error_reasons or len(self.error_reasons) < MAX_REASONS:
            self.error_reasons[reason] += 1
        else:
            self.error_reasons[OTHER_REASONS] += 1
        if len(self.error_examples) < MAX_EXAMPLES:
            id_at = self.columns.id
            self.error_examples.append(
                {
                    "line": self._place(row, line),
                    "id": _text(row[id_at]) if id_at is not None else "",
                    "error": _text(error),
                }
            )

    def _replaced(self, at, value, row, line):
        """Count a row whose group or outlet value holds U+FFFD; keep the first line of each such value."""
        found = self.replaced.get(at)
        if found is None:
            found = self.replaced[at] = _Replaced()
        found.rows += 1
        if value in found.values:
            return
        if len(found.examples) < MAX_EXAMPLES:
            found.values.add(value)
            found.examples.append({"line": self._place(row, line), "value": value})
        else:
            found.more = True

    def _replaced_group(self, group, row, line):
        """Count a row whose values of several --by columns hold U+FFFD, column by column (a column named twice once)."""
        for at, value in dict(zip(self.columns.by, group)).items():
            if REPLACEMENT in value:
                self._replaced(at, value, row, line)

    def add_unreadable(self, line, reason):
        """Count a row the reader could not parse (a malformed CSV record or JSON line)."""
        self.rows += 1
        self._skip(line, reason)

    def _skip(self, line, reason):
        """Count a row that is neither a sentence nor an article's error row."""
        self.skipped[reason] += 1
        if len(self.skipped_examples) < MAX_EXAMPLES:
            self.skipped_examples.append({"line": line, "reason": reason})

    def _keep(self, row, line, group, period, label):
        """Keep a sentence for the links and return its reference."""
        c = self.columns
        ref = f"r{line}"
        if ref not in self.sentences:
            self.sentences[ref] = {
                "line": line,
                "id": _text(row[c.id]) if c.id is not None else "",
                "sentence": _text(row[c.sentence]) if c.sentence is not None else "",
                "text": _text(row[c.text]) if c.text is not None else "",
                "label": label,
                "confidence": _text(row[c.confidence]) if c.confidence is not None else "",
                "group": list(group),
                "period": period,
                "speakers": _text(row[c.speakers]) if c.speakers is not None else "",
                "disputed": _text(row[c.disputed]) if c.disputed is not None else "",
                "speaker_claims": _text(row[c.speaker_claims]) if c.speaker_claims is not None else "",
                "disputed_claims": _text(row[c.disputed_claims]) if c.disputed_claims is not None else "",
                "article": self._keep_article(row, line),
            }
            if self.article_lines:
                # "line" stays the row's own (its reference); this is where its article is in the analysed file.
                self.sentences[ref]["article_line"] = _number(row[c.line])
        return ref

    def _keep_article(self, row, line):
        """Keep the article of a kept sentence (once per article) and return its reference.

        Articles are numbered as they are counted (``a1`` is the first in the file). Without an id or
        sentence column they cannot be told apart, so each kept sentence refers to its own row.
        """
        c = self.columns
        ref = f"a{self.articles}" if self.counts_articles else f"r{line}"
        if ref not in self.kept_articles:
            # The day, not the raw value: a timestamp or an RFC 2822 date reads as the day it was counted in.
            day = parse_date(row[c.date]) if c.date is not None else None
            self.kept_articles[ref] = {
                "id": _text(row[c.id]) if c.id is not None else "",
                "title": _text(row[c.title]) if c.title is not None else "",
                "outlet": _text(row[c.outlet]) if c.outlet is not None else "",
                "date": day.isoformat() if day is not None else "",
            }
        return ref

    def _expand_credits(self):
        """Split the counted speaker and disputed strings into names: one :class:`_Source` per name as written.

        Each name is credited with its own claim frame, from the ``speaker_claims`` / ``disputed_claims``
        columns (a speaker with a clause of its own beside another speaker's has that clause's frame).
        Rows without those columns (written before them, or by hand) credit a speaker with the row's
        label and a disputed source with the claim that label rejects (:func:`model.article.claim_frame`),
        and so does a row whose claims do not fit its names (another count, an unknown frame): those
        rows are counted in ``bad_claims`` for a warning. A sentence below ``--min-confidence`` credits
        every source with ``uncertain``, whatever its claims.

        A combination keeps its first sentences; a name's first sentences are among those of its
        combinations, since no combination holds more of the name's earlier sentences than the name.
        """
        sources = defaultdict(_Source)
        self.bad_claims, self.bad_claim_rows = [], 0
        c = self.columns
        with_claims = {"speaker": c.speaker_claims is not None, "disputed": c.disputed_claims is not None}
        for key, (quoted, refs, place) in self.credits.items():
            speakers, disputed, frame = key[:3]
            claims = dict(zip(("speaker", "disputed"), key[3:]))
            total = sum(quoted.values())
            # Who quotes the source: the outlet column, else the group; with neither, nobody is named.
            quoted_by = Counter()
            for who, n in quoted.items():
                if isinstance(who, tuple):
                    if who:
                        quoted_by[" / ".join(who)] += n
                else:
                    quoted_by[_text(who)] += n
            malformed = False
            for role, names in (("speaker", speakers), ("disputed", disputed)):
                if not names:
                    continue
                fallback = frame if role == "speaker" or frame == "uncertain" else self._claim(frame)
                listed = [n.strip() for n in _text(names).split(SOURCE_SEPARATOR)]
                own = None
                if with_claims[role]:
                    own = own_claims(listed, claims[role], self.known_labels)
                    if own is None:
                        malformed = True
                        self.bad_claims.append((place, CLAIM_COLUMNS[role]))
                credited = set()
                for position, name in enumerate(listed):
                    if not name or name in credited:
                        continue
                    # A name twice in one cell is one source of the sentence: its first claim counts, once.
                    credited.add(name)
                    claim = fallback if own is None or frame == "uncertain" else own[position]
                    source = sources[name]
                    (source.speaker if role == "speaker" else source.disputed)[claim] += total
                    source.quoted_by.update(quoted_by)
                    source.quoted_by_role[role].update(quoted_by)
                    source.evidence[(role, claim)].extend(refs)
            if malformed:
                self.bad_claim_rows += total
        return sources

    def _claim(self, label):
        """The frame of the claim a disputed source is credited with (as ``stance analyze`` counts it)."""
        return claim_frame({"role": "disputed"}, label, self.labels)

    def result(self):
        """Return the summary as plain data (see :func:`summarize`)."""
        if not self.dated and self.first_bad_date is not None:
            self._refuse_dates()
        labels = self.labels if self.columns.labels else sorted(self.labels)
        groups = self._groups(labels)
        sentences_total = sum(sum(c.counts.values()) + c.uncertain + c.unscored for c in self.cells.values())
        skipped = sum(self.skipped.values())
        totals = Counter()
        for cell in self.cells.values():
            totals.update(cell.counts)
        options = self.options
        # (kind, message) pairs: "warnings" lists the messages and "warning_kinds" their kinds, in step.
        warnings = list(self.columns.warnings)
        if self.undated and self.columns.date is not None:
            warnings.append((UNDATED_ROWS, self._undated_warning()))
        if skipped:
            shown = ", ".join(f"line {e['line']} ({e['reason']})" for e in self.skipped_examples)
            warnings.append(
                (
                    SKIPPED_ROWS,
                    f"{options.name}: {counted(skipped, 'row')} {plural(skipped, 'is')} neither "
                    f"{plural(skipped, 'a sentence nor an error row', 'sentences nor error rows')}: {shown}"
                    f"{self._lines_note()}",
                )
            )
        for at in sorted(self.replaced):
            warnings.append((NOT_UTF8, self._replaced_warning(at)))
        warnings += self._similar_groups_warnings()
        if self.unscored:
            warnings.append((UNSCORED_ROWS, self._unscored_warning()))
        # Before the warnings are complete: splitting the credits finds the claims that do not fit their names.
        sources = self._sources(labels)
        if self.bad_claim_rows:
            warnings.append((BAD_CLAIMS, self._bad_claims_warning()))
        alerts, alert_test = self._alerts(groups, labels)
        return {
            "input": options.name,
            "options": {
                "by": list(options.by),
                "period": options.period,
                "date_column": options.date_column or None,
                "id_column": self.columns.names[self.columns.id] if self.columns.id is not None else None,
                "min_confidence": options.min_confidence,
                "alert_min_count": options.alert_min_count,
                "alert_min_articles": options.alert_min_articles,
                "alert_fdr": options.alert_fdr,
                "evidence": options.evidence,
                # Whether the lines named are those of the analysed file (see SummaryOptions).
                "article_lines": self.article_lines,
            },
            "labels": list(labels),
            "alert_labels": alert_labels(labels),
            "totals": {
                "rows": self.rows,
                "sentences": sentences_total,
                "uncertain": sum(c.uncertain for c in self.cells.values()),
                "unscored": sum(self.unscored.values()),
                "counts": {label: totals[label] for label in labels},
                "articles": self.articles if self.columns.id is not None or self.columns.sentence is not None else None,
                "article_errors": self.error_rows,
                "undated_rows": self.undated,
                "skipped_rows": skipped,
            },
            "undated": {
                "rows": self.undated,
                "examples": self.undated_examples,
                # Rows (articles, with article_lines) per reason their date was not read; none without a date column.
                "reasons": dict(self.undated_reasons.most_common()),
                **self._undated_articles(),
            },
            "errors": {
                "rows": self.error_rows,
                "examples": self.error_examples,
                "reasons": dict(self.error_reasons.most_common()),
            },
            "skipped": {
                "rows": skipped,
                "reasons": dict(self.skipped.most_common()),
                "examples": self.skipped_examples,
            },
            "warnings": [message for _, message in warnings],
            "warning_kinds": [kind for kind, _ in warnings],
            "periods": sorted({period for _, period in self.cells if period is not UNDATED}),
            "groups": groups,
            "sources": sources,
            "alerts": alerts,
            "alert_test": alert_test,
            "sentences": self.sentences,
            "articles": self.kept_articles,
        }

    def _unscored_warning(self):
        """The warning for sentences that were not scored, with how many of each reason."""
        n = sum(self.unscored.values())
        shown = ", ".join(f"{reason} {count:,}" for reason, count in self.unscored.most_common())
        return (
            f"{self.options.name}: {counted(n, 'sentence')} {plural(n, 'was', 'were')} not scored ({shown}; see the "
            f"{self.columns.names[self.columns.warning]!r} column): {plural(n, 'its label is', 'their labels are')} "
            f"the model's base rates, so {plural(n, 'it is', 'they are')} counted apart as unscored, out of the "
            "frame counts, shares, alerts and sources"
        )

    def _bad_claims_warning(self):
        """The warning for rows whose claims columns do not fit their names, naming the first of them."""
        n = self.bad_claim_rows
        first = sorted(set(self.bad_claims), key=lambda item: (_number(item[0]) or 0, item[1]))[:MAX_EXAMPLES]
        shown = ", ".join(f"line {place} ({column!r})" for place, column in first)
        return (
            f"{self.options.name}: {counted(n, 'row')} {plural(n, 'has', 'have')} claims that do not fit "
            f"{plural(n, 'its', 'their')} sources (one known frame per name, joined with {SOURCE_SEPARATOR}); "
            f"{plural(n, 'its', 'their')} sources are credited with the sentence's frame: {shown}{self._lines_note()}"
        )

    def _replaced_warning(self, at):
        """The warning for a group or outlet column with U+FFFD in it, naming the first line of each such value."""
        found = self.replaced[at]
        n = found.rows
        named = "group" if at in self.columns.by else "outlet"
        shown = ", ".join(f"line {e['line']} ({e['value']!r})" for e in found.examples)
        more = ", and more values" if found.more else ""
        return (
            f"{self.options.name}: {counted(n, 'row')} {plural(n, 'has', 'have')} bytes that were not UTF-8 in "
            f"column {self.columns.names[at]!r} (read as U+FFFD, {REPLACEMENT}), so {plural(n, 'its', 'their')} "
            f"{named} is named apart from the one spelled right; the first line of each such value: "
            f"{shown}{more}{self._lines_note()}"
        )

    def _undated_articles(self):
        """``{"articles": n}`` of the undated rows with article_lines and a date column (read row by row), else {}."""
        if self.article_lines and self.columns.date is not None:
            return {"articles": self.undated_articles}
        return {}

    def _lines_note(self):
        """Say whose lines a message names when the rows also carry their articles' lines (else '')."""
        if self.columns.line is None or self.article_lines:
            return ""
        return (
            f" (lines of {self.options.name}; its {self.columns.names[self.columns.line]!r} column gives each "
            "article's line in the file analysed)"
        )

    def _groups(self, labels):
        """One entry per group: its periods in time order (undated last), counts, shares and evidence."""
        by_group = defaultdict(list)
        for (group, period), cell in self.cells.items():
            by_group[group].append((period, cell))
        groups = []
        for group in sorted(by_group):
            entries = sorted(by_group[group], key=lambda item: (item[0] is UNDATED, item[0] or ""))
            periods = [_period_entry(period, cell, labels, self.counts_articles) for period, cell in entries]
            groups.append(
                {
                    "name": " / ".join(v or "(empty)" for v in group) if group else "all rows",
                    "values": dict(zip(self.options.by, group)),
                    "sentences": sum(p["sentences"] for p in periods),
                    "articles": sum(p["articles"] for p in periods),
                    "periods": periods,
                }
            )
        return groups

    def _sources(self, labels):
        """The sources, merged across spellings, most cited first."""
        sources = self._expand_credits()
        mentions = Counter()
        for name, source in sources.items():
            mentions[name] = sum(source.speaker.values()) + sum(source.disputed.values())
        merged = merge_sources(mentions)
        combined = defaultdict(_Source)
        for name, source in sources.items():
            into = combined[merged.canonical[name]]
            into.speaker.update(source.speaker)
            into.disputed.update(source.disputed)
            into.quoted_by.update(source.quoted_by)
            for role, quoted in source.quoted_by_role.items():
                into.quoted_by_role[role].update(quoted)
            for key, refs in source.evidence.items():
                into.evidence[key].extend(refs)
        frames = [*labels, "uncertain"] if self.options.min_confidence is not None else list(labels)
        result = []
        for key, source in combined.items():
            evidence = {}
            for (role, frame), refs in source.evidence.items():
                # Each spelling kept its first sentences; the merged source keeps the first of all of them.
                ordered = sorted(set(refs), key=lambda ref: int(ref[1:]))[: self.options.evidence]
                evidence.setdefault(role, {})[frame] = ordered
            result.append(
                {
                    "name": merged.display[key],
                    "key": key,
                    "variants": merged.variants[key],
                    "ambiguous": merged.ambiguous.get(key, []),
                    "speaker": {frame: source.speaker[frame] for frame in frames},
                    "disputed": {frame: source.disputed[frame] for frame in frames},
                    "mentions": sum(source.speaker.values()) + sum(source.disputed.values()),
                    "quoted_by": _most_first(source.quoted_by),
                    "quoted_by_role": {role: _most_first(quoted) for role, quoted in source.quoted_by_role.items()},
                    "evidence": evidence,
                }
            )
        result.sort(key=lambda s: (-s["mentions"], s["key"]))
        return result

    def _alerts(self, groups, labels):
        """The frame-shift alerts of every group, in time order, and what the run's test was (see service.corpus.alerts)."""
        told_apart = self.counts_articles
        series = {}
        for number, group in enumerate(groups):
            dated = [p for p in group["periods"] if p["period"] is not UNDATED]
            for label in alert_labels(labels):
                series[(number, label)] = [
                    (
                        p["period"],
                        p["counts"][label],
                        p["sentences"] - p["uncertain"] - p["unscored"],
                        p["articles"] if told_apart else None,
                        p["articles_with"][label] if told_apart else None,
                    )
                    for p in dated
                ]
        options = self.options
        found, test = find_alerts(series, options.alert_fdr, options.alert_min_count, options.alert_min_articles)
        alerts = []
        for (number, label), shift in found:
            group = groups[number]
            entry = next(p for p in group["periods"] if p["period"] == shift["period"])
            alerts.append(
                {
                    "group": group["name"],
                    "group_index": number,
                    "values": group["values"],
                    "label": label,
                    # articles_with and articles: of the period (None when the rows tell no articles apart).
                    **shift,
                    "evidence": entry["evidence"].get(label, []),
                }
            )
        alerts.sort(key=lambda a: (a["period"], a["group"], a["label"]))
        return alerts, test


def own_claims(names, claims, labels):
    """Return the claim frame of each of ``names`` (a list) from a claims cell, or None when it does not fit them.

    It fits with one frame per name, joined with ``|`` like the names, each one of ``labels`` (the
    frame beside an empty name is not checked: no source is credited there).

    >>> own_claims(["athens", "ankara"], "stability|threat", {"stability", "threat"})
    ['stability', 'threat']
    >>> own_claims(["athens", "ankara"], "threat", {"stability", "threat"}) is None
    True
    """
    frames = [c.strip() for c in _text(claims).split(SOURCE_SEPARATOR)]
    if len(frames) != len(names):
        return None
    if any(name and frame not in labels for name, frame in zip(names, frames)):
        return None
    return frames


def _number(value):
    """A line number from a cell (an int, or its text in CSV), or None when it holds none."""
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _most_first(counts):
    """A counter as a dict, most first (ties: alphabetical)."""
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def _period_entry(period, cell, labels, counts_articles):
    """The counts of one group in one period as data (``articles_with`` None when articles cannot be told apart)."""
    confident = sum(cell.counts.values())
    return {
        "period": period,
        "start": period_start(period) if period is not UNDATED else None,
        "sentences": confident + cell.uncertain + cell.unscored,
        "uncertain": cell.uncertain,
        "unscored": cell.unscored,
        "articles": cell.articles,
        "article_errors": cell.errors,
        "counts": {label: cell.counts[label] for label in labels},
        "articles_with": {label: cell.articles_with[label] for label in labels} if counts_articles else None,
        "shares": {label: (cell.counts[label] / confident if confident else None) for label in labels},
        "evidence": {frame: list(refs) for frame, refs in cell.evidence.items()},
    }


def summarize(columns, batches, options):
    """Summarise per-sentence rows: frames per group and period, who says what, frame-shift alerts.

    Parameters
    ----------
    columns : sequence of str
        The column names, in the order of each row's values.
    batches : iterable of (rows, lines) or (rows, lines, unreadable)
        Rows as sequences of values in column order, with the line (or row number) of each, for messages
        and links, and optionally ``(line, reason)`` of rows that could not be parsed (counted apart).
        Read lazily, so a file is streamed.
    options : SummaryOptions

    Returns
    -------
    dict
        Plain data (JSON-ready): ``input``, ``options``, ``labels``, ``alert_labels``, ``totals``,
        ``undated``, ``skipped``, ``errors`` (the first error rows: line, article id, reason; and
        ``reasons``: error rows per reason, its details after a colon left out),
        ``warnings``, ``periods`` (in time order), ``groups`` (each with its
        ``periods``: counts, shares, uncertain, articles, ``articles_with`` (per label, the articles
        with at least one sentence of it; None when the rows tell no articles apart), evidence refs),
        ``sources`` (merged, each with speaker and disputed counts per frame, ``quoted_by`` (both
        roles) and ``quoted_by_role`` (``speaker`` and ``disputed`` apart), evidence refs), ``alerts``
        (each with ``articles_with`` and ``articles`` of its period, its baseline, p-value and q-value:
        see :func:`service.corpus.alerts.find_alerts`), ``alert_test`` (the cells tested, the FDR, the
        p-value cutoff and each frame's design),
        ``sentences`` (ref -> the kept sentence, whose ``article`` is a ref into ``articles``; with
        ``options.article_lines``, its ``article_line`` too) and
        ``articles`` (ref -> id, title, outlet and date, ``""`` when unknown or undated, of the
        articles of kept sentences only).

    Raises
    ------
    SummaryError
        A column is missing, the dates are in no known format, or there are no rows.
    """
    checked = check_columns(columns, options)
    aggregator = _Aggregator(checked, options)
    for batch in batches:
        aggregator.add(batch[0], batch[1])
        for line, reason in batch[2] if len(batch) > 2 else ():
            aggregator.add_unreadable(line, reason)
    if not aggregator.rows:
        raise SummaryError(f"{options.name}: no rows to summarise (an empty corpus)")
    summary = aggregator.result()
    return summary


def replace_warning(summary, kind, message=None):
    """Replace the summary's warnings of ``kind`` with ``message``, or drop them when it is None.

    ``warnings`` and ``warning_kinds`` stay in step; a caller that knows better words for a warning
    (``POST /v1/analyze`` names articles, not row numbers) swaps it here, by kind, never by its text.
    """
    kept = []
    for warning, warning_kind in zip(summary["warnings"], summary["warning_kinds"]):
        if warning_kind != kind:
            kept.append((warning, warning_kind))
        elif message is not None:
            kept.append((message, kind))
            message = None
    summary["warnings"] = [warning for warning, _ in kept]
    summary["warning_kinds"] = [warning_kind for _, warning_kind in kept]
