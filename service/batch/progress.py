"""A one-line progress display on stderr (rows, rows/s, percent and ETA) and the final summary."""

import logging
import time
from collections import Counter
from dataclasses import dataclass, field

log = logging.getLogger(__name__)
MAX_EXAMPLES = 10


class Progress:
    """Redraws ``12,000 rows  4,100 rows/s  37%  ETA 0:21`` at most a few times a second."""

    def __init__(self, stream, total_bytes, enabled, unit="rows"):
        self.stream = stream
        self.unit = unit
        self.total_bytes = total_bytes
        self.enabled = enabled
        self.start = time.monotonic()
        self.last_draw = 0.0

    def update(self, rows, done_bytes):
        """Redraw with the rows (or other units) and input bytes done so far."""
        now = time.monotonic()
        if not self.enabled or now - self.last_draw < 0.2:
            return
        self.last_draw = now
        elapsed = max(now - self.start, 1e-9)
        line = f"{rows:,} {self.unit}  {rows / elapsed:,.0f} {self.unit}/s"
        if self.total_bytes and done_bytes:
            fraction = min(done_bytes / self.total_bytes, 1.0)
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
    labels: Counter = field(default_factory=Counter)
    examples: list = field(default_factory=list)
    start: float = field(default_factory=time.monotonic)

    def add(self, result):
        """Count one chunk's result."""
        self.rows += result.rows
        self.errors += result.errors
        self.bytes += result.size
        self.labels.update(result.labels)
        room = MAX_EXAMPLES - len(self.examples)
        self.examples.extend(result.examples[: max(room, 0)])

    def as_dict(self):
        """Return the summary as data."""
        seconds = time.monotonic() - self.start
        return {
            "rows": self.rows,
            "errors": self.errors,
            "seconds": round(seconds, 3),
            "rows_per_second": round(self.rows / seconds, 1) if seconds else None,
            "labels": dict(self.labels.most_common()),
        }

    def log(self):
        """Log the bad-row examples and the totals."""
        self.log_examples("rows")
        figures = self.as_dict()
        labels = ", ".join(f"{label} {count:,}" for label, count in figures["labels"].items()) or "none"
        log.info(
            "scored %s rows in %.1f s (%s rows/s), %s errors; labels: %s",
            f"{figures['rows']:,}",
            figures["seconds"],
            f"{figures['rows_per_second'] or 0:,.0f}",
            f"{figures['errors']:,}",
            labels,
        )

    def log_examples(self, noun):
        """Log the bad rows kept as examples, and how many more there are (``noun``: rows, articles)."""
        for source, line, row_id, message in self.examples:
            # A text-file article is a whole file: it has no line to point at.
            where = (source if line is None else f"{source}:{line}") + (f" (id {row_id})" if row_id is not None else "")
            log.warning("%s: %s", where, message)
        if self.errors > len(self.examples):
            log.warning("... and %d more %s with errors (see the error column)", self.errors - len(self.examples), noun)
