"""The file formats batch scoring reads and writes, and how a format is chosen for a path."""

from pathlib import Path

INPUT_FORMATS = ("csv", "tsv", "jsonl", "txt", "parquet")
OUTPUT_FORMATS = INPUT_FORMATS
STDIO = "-"

_EXTENSIONS = {
    ".csv": "csv",
    ".tsv": "tsv",
    ".tab": "tsv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".txt": "txt",
    ".text": "txt",
    ".parquet": "parquet",
    ".pq": "parquet",
}
DELIMITERS = {"csv": ",", "tsv": "\t"}


class FormatError(Exception):
    """The format of a file cannot be told or is not supported."""


def format_of(path, explicit=None):
    """Return the format named by ``explicit``, or the one the file name's extension implies."""
    if explicit:
        return explicit
    if path == STDIO:
        # A pipe has no name to go by; CSV is what analysts pipe most often.
        return "csv"
    suffix = Path(path).suffix.lower()
    if suffix == ".gz":
        raise FormatError(f"{path}: compressed files are not supported; decompress it or pipe it in with --format")
    try:
        return _EXTENSIONS[suffix]
    except KeyError:
        raise FormatError(
            f"{path}: cannot tell the format from the extension {suffix or '(none)'!r}; "
            f"pass --format ({'|'.join(INPUT_FORMATS)})"
        ) from None


def output_format_of(output, input_format, explicit=None):
    """Return the output format: ``explicit``, else the output's extension, else the input's.

    Plain text cannot hold extra columns, so text input is written as JSONL unless asked otherwise.
    """
    if explicit:
        return explicit
    if output and output != STDIO and Path(output).suffix.lower() in _EXTENSIONS:
        return _EXTENSIONS[Path(output).suffix.lower()]
    return "jsonl" if input_format == "txt" else input_format
