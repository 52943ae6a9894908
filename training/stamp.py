"""The stamp ``make train`` trains by: the training and test files' names and SHA-256, rewritten only on a change.

Make compares times, and a file's time is not enough: a sentence added while a training ran, or before
a rollback or a promote (both rewrite ``CURRENT``), leaves the data older than ``CURRENT``, and make
would call the model up to date. The stamp changes whenever a file's name or content does, so the
next ``make train`` trains. Run as ``python -m training.stamp STAMP FILE...``; it needs only the
standard library, so it runs before the virtual environment exists.
"""

import hashlib
import sys
from pathlib import Path

from model.store import write_atomic

BLOCK = 1 << 20


def file_line(path):
    """Return ``path`` and the SHA-256 of its content, or ``missing`` when it cannot be read."""
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as stream:
            while block := stream.read(BLOCK):
                digest.update(block)
    except OSError:
        # The training run that follows names the missing or unreadable file.
        return f"{path}\tmissing"
    return f"{path}\t{digest.hexdigest()}"


def stamp_text(paths):
    """Return the stamp for ``paths``: one line per file, its name and content digest."""
    return "".join(file_line(path) + "\n" for path in paths)


def write_stamp(stamp, paths):
    """Write the stamp of ``paths`` to ``stamp`` unless it already holds it; return whether it changed."""
    stamp = Path(stamp)
    text = stamp_text(paths)
    try:
        if stamp.read_text(encoding="utf-8") == text:
            return False
    except (OSError, UnicodeDecodeError):
        pass
    stamp.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(stamp, text)
    return True


def main(argv=None):
    """Command-line entry point: ``python -m training.stamp STAMP FILE...``."""
    args = sys.argv[1:] if argv is None else argv
    if not args:
        print("usage: python -m training.stamp STAMP FILE...", file=sys.stderr)
        return 2
    write_stamp(args[0], args[1:])
    return 0


if __name__ == "__main__":
    sys.exit(main())
