"""Load labeled rows from CSV, TSV or JSONL and validate every one of them."""

import csv
import difflib
import hashlib
import io
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from model.json_kind import json_kind
from model.json_text import json_error, load_json
from model.text import find_problem, is_blank

MAX_REPORTED_PROBLEMS = 20
FORMATS = {".csv": "csv", ".tsv": "tsv", ".jsonl": "jsonl", ".ndjson": "jsonl"}
# The csv module's own default. Its limit is process-wide and the batch readers set theirs (down to a
# few hundred characters in tests), so a labelled file sets this one again before every read.
MAX_FIELD_CHARS = 131072


class DataError(Exception):
    """Labeled data is unreadable or has bad rows; the message names the file, line and problem."""

    def __init__(self, problems):
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        shown = self.problems[:MAX_REPORTED_PROBLEMS]
        more = len(self.problems) - len(shown)
        message = "\n".join(shown) + (f"\n... and {more} more problems" if more > 0 else "")
        super().__init__(message)


@dataclass
class LabeledData:
    """Validated labeled rows: ``X`` (texts) and ``y`` (labels), with where each row came from."""

    path: str
    X: list
    y: list
    lines: list
    rows: list = field(repr=False)
    sha256: str = ""
    # The target of each row (a claim or an entity) for a task with a target column, else None.
    targets: list | None = None

    def __len__(self):
        return len(self.X)

    @property
    def inputs(self):
        """What the pipeline takes: the texts, or ``(text, target)`` pairs for a target task."""
        if self.targets is None:
            return self.X
        if len(self.targets) != len(self.X):
            # Rows added without a target (e.g. merged corrections) would silently shift the pairs.
            raise ValueError(f"{self.path}: {len(self.X)} texts but {len(self.targets)} targets")
        return list(zip(self.X, self.targets))

    def without_lines(self, drop):
        """Return a copy without the rows whose line is in ``drop`` (the file is not touched)."""
        keep = [i for i, line in enumerate(self.lines) if line not in drop]
        return LabeledData(
            path=self.path,
            X=[self.X[i] for i in keep],
            y=[self.y[i] for i in keep],
            lines=[self.lines[i] for i in keep],
            rows=[self.rows[i] for i in keep],
            sha256=self.sha256,
            targets=None if self.targets is None else [self.targets[i] for i in keep],
        )

    @property
    def shown(self):
        """The rows as people read them in reports: the text, followed by its target if there is one."""
        if self.targets is None:
            return self.X
        return [f"{text} [target: {target}]" for text, target in zip(self.X, self.targets)]


def closest(name, known):
    """Return the one of ``known`` that ``name`` is most likely a slip for (other case, a typo), or None."""
    folded = {k.casefold(): k for k in known}
    key = name.strip().casefold()
    if key in folded:
        return folded[key]
    close = difflib.get_close_matches(key, list(folded), n=1, cutoff=0.75)
    return folded[close[0]] if close else None


def did_you_mean(name, known):
    """Return "; did you mean 'x'?" when ``name`` looks like a slip for one of ``known``, else ""."""
    guess = closest(name, known)
    return f"; did you mean {guess!r}?" if guess is not None and guess != name else ""


def expected_labels(label, allowed):
    """Return "expected one of ..." for a refused ``label`` (labels are case-sensitive), with a guess at the slip."""
    return f"expected one of {', '.join(sorted(allowed))}{did_you_mean(label, allowed)}"


def detect_format(path):
    """Return ``csv``, ``tsv`` or ``jsonl`` from the file extension, or raise :class:`DataError`."""
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise DataError(f"{path}: unknown file type {suffix!r}; use one of {', '.join(sorted(FORMATS))}")
    return FORMATS[suffix]


def decode_utf8(raw, path):
    """Decode bytes as UTF-8 (a BOM is allowed), naming the line of the first bad byte on failure."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise DataError(
            f"{path}:{line}: byte 0x{raw[exc.start]:02x} at column {column} is not valid UTF-8; save the file as UTF-8"
        ) from None


def read_records(path, text_column="text", label_column="label", target_column=None):
    """Yield ``(line, record)`` for each row of a CSV/TSV/JSONL file after structural checks.

    Structural problems (missing columns, wrong field counts, bad JSON) raise :class:`DataError`
    at the end, listing every bad line.
    """
    kind = detect_format(path)
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise DataError(f"{path}: no such file") from None
    except OSError as exc:
        raise DataError(f"{path}: cannot read ({exc.strerror})") from None
    text = decode_utf8(raw, path)
    required = [text_column, label_column] + ([target_column] if target_column else [])
    if kind == "jsonl":
        return _read_jsonl(text, path, required)
    return _read_delimited(text, path, required, "\t" if kind == "tsv" else ",")


def repeated_names(names):
    """The non-empty names that ``names`` holds more than once, sorted: a header's columns named twice."""
    counts = Counter(name for name in names if name)
    return sorted(name for name, count in counts.items() if count > 1)


def _read_delimited(text, path, required, delimiter):
    csv.field_size_limit(MAX_FIELD_CHARS)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise DataError(f"{path}: empty file; expected a header line with {', '.join(required)}") from None
    header = [h.strip() for h in header]
    repeated = repeated_names(header)
    if repeated:
        # dict(zip(header, values)) would keep the last of the two columns, silently.
        raise DataError(f"{path}:1: the header names {', '.join(map(repr, repeated))} twice; rename one of them")
    missing = [c for c in required if c not in header]
    if missing:
        raise DataError(
            f"{path}:1: missing column(s) {', '.join(map(repr, missing))}; the header has {', '.join(map(repr, header))}"
            + header_hint(header, missing, delimiter)
        )
    records, problems = [], []
    start = reader.line_num + 1
    while True:
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(f"{path}:{start}: malformed CSV ({exc})")
            break
        # A blank line, or a row a spreadsheet saved with every cell empty (",,,"), holds no data.
        blank = not any(value.strip() for value in values)
        if not blank and len(values) != len(header):
            problems.append(f"{path}:{start}: expected {len(header)} fields, found {len(values)}")
        elif not blank:
            records.append((start, dict(zip(header, values))))
        start = reader.line_num + 1
    if problems:
        raise DataError(problems)
    return records


# Other separators a spreadsheet may save a "CSV" with, and what to do about each.
_OTHER_SEPARATORS = {
    ";": "it is separated by ';' (as Excel saves CSV in some locales); save it as comma-separated 'CSV UTF-8'",
    "\t": "it is separated by tabs; name the file .tsv or save it comma-separated",
    ",": "it is separated by commas; name the file .csv or save it tab-separated",
}


def separator_hint(header, missing, delimiter):
    """Return ``"; it is separated by ..."`` when a one-column header holds ``missing`` split by another separator, else ``""``."""
    for separator, hint in _OTHER_SEPARATORS.items():
        if (
            separator != delimiter
            and len(header) == 1
            and set(missing) <= {h.strip() for h in header[0].split(separator)}
        ):
            return f"; {hint}"
    return ""


def header_hint(header, missing, delimiter):
    """Say why the header lacks ``missing``: another separator than ``delimiter``, or a slip in a column's name."""
    found = separator_hint(header, missing, delimiter)
    if found:
        return found
    renames = [(closest(name, header), name) for name in missing]
    renames = [f"{found!r} to {name!r}" for found, name in renames if found is not None]
    return f"; rename column {', '.join(renames)} (names are case-sensitive)" if renames else ""


def _read_jsonl(text, path, required):
    records, problems = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = load_json(line)
        except json.JSONDecodeError as exc:
            problems.append(f"{path}:{number}: not valid JSON ({json_error(exc)})")
            continue
        if not isinstance(record, dict):
            problems.append(f"{path}:{number}: expected a JSON object, found {json_kind(record)}")
            continue
        missing = [c for c in required if c not in record]
        if missing:
            problems.append(f"{path}:{number}: missing field(s) {', '.join(map(repr, missing))}")
            continue
        records.append((number, record))
    if problems:
        raise DataError(problems)
    return records


def load_labeled(path, text_column="text", label_column="label", labels=None, target_column=None):
    """Read and validate a labeled file; return :class:`LabeledData` or raise :class:`DataError`.

    Parameters
    ----------
    path : str or Path
        A ``.csv``, ``.tsv`` or ``.jsonl`` file, UTF-8.
    text_column, label_column : str
        Names of the text and label columns (fields in JSONL).
    labels : iterable of str, optional
        The allowed labels; any other label is an error. ``None`` accepts any non-empty label.
    target_column : str, optional
        The column with each row's target (claim or entity); an empty target is an error.

    Returns
    -------
    LabeledData
        Every row, none dropped: a bad row makes the whole load fail, naming each bad line.
    """
    allowed = set(labels) if labels is not None else None
    X, y, lines, rows, problems = [], [], [], [], []
    targets = [] if target_column else None
    for line, record in read_records(path, text_column, label_column, target_column):
        text, label = record.get(text_column), record.get(label_column)
        if not isinstance(text, str):
            problems.append(f"{path}:{line}: field {text_column!r} must be a string, got {json_kind(text)}")
            continue
        # Blank (zero-width characters too: such a row has no feature and would only pull the intercept
        # toward its label) or holding a NUL: the check the API and scoring make (model/text.py).
        problem = find_problem(text)
        if problem is not None:
            problems.append(f"{path}:{line}: column {text_column!r} {problem.what}")
            continue
        label = label.strip() if isinstance(label, str) else label
        if not isinstance(label, str) or is_blank(label):
            problems.append(f"{path}:{line}: empty label in column {label_column!r}")
            continue
        if allowed is not None and label not in allowed:
            problems.append(
                f"{path}:{line}: unknown label {label!r} in column {label_column!r}; {expected_labels(label, allowed)}"
            )
            continue
        if target_column:
            target = _check_target(record.get(target_column), path, line, target_column, problems)
            if target is None:
                continue
            targets.append(target)
        X.append(text.strip())
        y.append(label)
        lines.append(line)
        rows.append(record)
    if problems:
        raise DataError(problems)
    if not X:
        raise DataError(f"{path}: no labeled rows")
    digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    return LabeledData(path=str(path), X=X, y=y, lines=lines, rows=rows, sha256=digest, targets=targets)


def _check_target(target, path, line, column, problems):
    """Return the stripped target, or record the problem and return None."""
    if not isinstance(target, str):
        problems.append(f"{path}:{line}: field {column!r} must be a string, got {json_kind(target)}")
    elif (problem := find_problem(target)) is not None:
        problems.append(f"{path}:{line}: column {column!r} {problem.what}")
    else:
        return target.strip()
    return None
