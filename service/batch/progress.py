"""A one-line progress display on stderr (rows, rows/s, percent and ETA) and the final summary."""

import logging
import time
from collections import Counter
from dataclasses import dataclass, field

# Read at warning time, so the probe window in the message is the one the reader used.
from service.batch import readers

log = logging.getLogger(__name__)
MAX_EXAMPLES = 10


class Progress:
    """Redraws ``12,000 rows  4,100 rows/s  37%  ETA 0:21`` at most a few times a second."""

    def __init__(self, stream, total_bytes, enabled, unit="rows", on_progress=None):
        self.stream = stream
        self.unit = unit
        self.total_bytes = total_bytes
        self.enabled = enabled
        # Called as on_progress(units done, fraction of the input read or None) by a caller with no
        # terminal (the workbench's corpus job), at the pace of the redraws.
        self.on_progress = on_progress
        self.start = time.monotonic()
        self.last_draw = 0.0

    def update(self, rows, done_bytes):
        """Redraw with the rows (or other units) and input bytes done so far, and pass them to ``on_progress``."""
        now = time.monotonic()
        if not (self.enabled or self.on_progress) or now - self.last_draw < 0.2:
            return
        self.last_draw = now
        fraction = min(done_bytes / self.total_bytes, 1.0) if self.total_bytes and done_bytes else None
        if self.on_progress is not None:
            self.on_progress(rows, fraction)
        if not self.enabled:
            return
        elapsed = max(now - self.start, 1e-9)
        line = f"{rows:,} {self.unit}  {rows / elapsed:,.0f} {self.unit}/s"
        if fraction:
            remaining = elapsed * (1 - fraction) / fraction
            line += f"  {fraction:.0%}  ETA {int(remaining // 60)}:{int(remaining % 60):02d}"
        self.stream.write("\r" + line.ljust(60))
        self.stream.flush()

    def finish(self):
        """Clear the progress line."""
        if self.enabled and self.last_draw:
            self.stream.write("\r" + " " * 60 + "\r")
            self.stream.flush()


@dataclass
class Summary:
    """Counts gathered from chunk results: rows, errors, labels and a few bad rows to show."""

    rows: int = 0
    errors: int = 0
    bytes: int = 0
    # Rows per label, of the rows scored: the log line's "labels" (or "frames") and "not scored" parts add up.
    labels: Counter = field(default_factory=Counter)
    # Rows answered with the model's base rates (not English, no known word), per reason; in no label's count.
    unscored: Counter = field(default_factory=Counter)
    examples: list = field(default_factory=list)
    # Per input, the JSONL fields the output has no column for and the first line of each.
    new_fields: dict = field(default_factory=dict)
    start: float = field(default_factory=time.monotonic)

    def add(self, result):
        """Count one chunk's result."""
        self.rows += result.rows
        self.errors += result.errors
        self.bytes += result.size
        self.labels.update(result.labels)
        self.unscored.update(result.unscored)
        room = MAX_EXAMPLES - len(self.examples)
        self.examples.extend(result.examples[: max(room, 0)])
        for source, line, name in result.new_fields:
            fields = self.new_fields.setdefault(source, {})
            fields[name] = min(line, fields.get(name, line))

    def as_dict(self):
        """Return the summary as data."""
        seconds = time.monotonic() - self.start
        return {
            "rows": self.rows,
            "errors": self.errors,
            "seconds": round(seconds, 3),
            "rows_per_second": round(self.rows / seconds, 1) if seconds else None,
            "labels": dict(self.labels.most_common()),
            "not_scored": dict(self.unscored.most_common()),
            "fields_not_written": sum(len(fields) for fields in self.new_fields.values()),
        }

    def log(self):
        """Log the bad-row examples and the totals."""
        self.log_examples("rows")
        figures = self.as_dict()
        labels = ", ".join(f"{label} {count:,}" for label, count in figures["labels"].items()) or "none"
        log.info(
            "scored %s rows in %.1f s (%s rows/s), %s errors; labels: %s%s",
            f"{figures['rows']:,}",
            figures["seconds"],
            f"{figures['rows_per_second'] or 0:,.0f}",
            f"{figures['errors']:,}",
            labels,
            not_scored_text(figures["not_scored"], "warning"),
        )

    def log_examples(self, noun):
        """Log the fields not written, the bad rows kept as examples and how many more there are (``noun``: rows, articles)."""
        self.log_new_fields()
        for source, line, row_id, message in self.examples:
            # A text-file article is a whole file: it has no line to point at.
            where = (source if line is None else f"{source}:{line}") + (f" (id {row_id})" if row_id is not None else "")
            log.warning("%s: %s", where, message)
        if self.errors > len(self.examples):
            log.warning("... and %d more %s with errors (see the error column)", self.errors - len(self.examples), noun)

    def log_new_fields(self):
        """Warn once per input about JSONL fields that first appear after the probed lines and have no column."""
        window = f"{readers.JSONL_PROBE_LINES:,}"
        for source, fields in self.new_fields.items():
            names = sorted(fields, key=fields.get)
            if len(names) == 1:
                what = f"field {names[0]!r} first appears after the first {window} lines and is"
            else:
                listed = ", ".join(f"{name!r} (line {fields[name]:,})" for name in names)
                what = f"fields {listed} first appear after the first {window} lines and are"
            log.warning(
                "%s:%d: %s not in the output; put %s in one of the first %s lines, or write JSONL output, "
                "which keeps every field",
                source,
                fields[names[0]],
                what,
                "it" if len(names) == 1 else "each",
                window,
            )


def not_scored_text(counts, column):
    """The summary line's part on rows given base rates, e.g. ``; 3 not scored (see the warning column): not English 3``."""
    if not counts:
        return ""
    reasons = ", ".join(f"{reason} {count:,}" for reason, count in counts.items())
    return f"; {sum(counts.values()):,} not scored (see the {column} column): {reasons}"
