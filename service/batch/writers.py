"""Parent side: write formatted chunks to a file atomically, or stream them to stdout."""

import csv
import io
import os
import stat
import tempfile
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from model.store import current_umask, output_target
from service.batch.formats import DELIMITERS, STDIO


class OutputError(Exception):
    """The output cannot be created or written."""


def _write_error(name, exc, kept):
    """An :class:`OutputError` naming the output, for an OSError (disk full, closed pipe) while writing it."""
    reason = getattr(exc, "strerror", None) or str(exc)
    what = "what was written is incomplete" if kept else "no output was written"
    return OutputError(f"{name}: cannot write ({reason}); {what}")


def _is_special(path):
    """True for an existing output that is not a regular file: a device (/dev/null), a FIFO, a socket."""
    try:
        return not stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False


def shows_as_written(output):
    """True when bytes written to ``output`` reach its reader at once (stdout, a device, a FIFO), rather than on commit."""
    return output == STDIO or _is_special(output)


class DirectFile:
    """An output that cannot be replaced by renaming (a device or a FIFO): written in place."""

    def __init__(self, path):
        self.path = Path(path)
        try:
            self.stream = open(path, "wb", buffering=1 << 20)
        except OSError as exc:
            raise OutputError(f"{path}: cannot open for writing ({exc.strerror})") from None

    def commit(self):
        """Flush and close."""
        self.stream.close()

    def abort(self):
        """Close without raising: there is no temporary file to remove."""
        _close_quietly(self.stream)


def _close_quietly(stream):
    """Close a stream whose buffered bytes may no longer be writable (the disk is full)."""
    try:
        stream.close()
    except OSError:
        # Flushing the buffer failed again; the file is being dropped, so its lost bytes do not matter.
        pass


class AtomicFile:
    """A temporary file next to ``path`` that replaces ``path`` only on :meth:`commit`.

    A crash or an interrupted run leaves at most a hidden ``.<name>.*.part`` file behind, never a
    half-written file under the final name, and an existing file under that name stays as it was.
    """

    def __init__(self, path):
        try:
            self.path, self.mode = output_target(path)
        except PermissionError as exc:
            raise OutputError(f"{path}: {exc.strerror} (permission denied); no output was written") from None
        folder = self.path.parent
        if not folder.is_dir():
            raise OutputError(f"{path}: the folder {folder} does not exist")
        try:
            fd, name = tempfile.mkstemp(dir=folder, prefix=f".{self.path.name}.", suffix=".part")
        except OSError as exc:
            raise OutputError(f"{path}: cannot create a file in {folder} ({exc.strerror})") from None
        self.temp = Path(name)
        try:
            self.stream = os.fdopen(fd, "wb", buffering=1 << 20)
        except BaseException:
            # Even an interrupt right after mkstemp must not leave the temporary file behind.
            os.close(fd)
            self.temp.unlink(missing_ok=True)
            raise

    def commit(self):
        """Flush, give the file the permissions of the one it replaces (or the usual ones) and move it to the final name."""
        self.stream.close()
        # mkstemp creates the file readable by its owner only; give it what a plain open() would.
        os.chmod(self.temp, 0o666 & ~current_umask() if self.mode is None else self.mode)
        os.replace(self.temp, self.path)

    def abort(self):
        """Delete the temporary file; the final name is left untouched."""
        try:
            _close_quietly(self.stream)
        finally:
            self.temp.unlink(missing_ok=True)


class Sink:
    """Writes the header (if the format has one) and then each chunk's formatted payload."""

    def __init__(self, output, fmt, columns, schema, stdout):
        self.fmt = fmt
        self.name = output
        if output == STDIO:
            if stdout is None:
                raise OutputError("-: stdout is closed; write to a file with --output")
            self.file = None
        else:
            # Renaming a temporary file onto /dev/null or a FIFO would replace it with a plain file.
            self.file = DirectFile(output) if _is_special(output) else AtomicFile(output)
        self.stream = self.file.stream if self.file else stdout
        self.parquet = None
        try:
            if fmt == "parquet":
                target = self.stream if self.file else pa.PythonFile(self.stream, mode="w")
                self.parquet = pq.ParquetWriter(target, schema)
            elif fmt in DELIMITERS:
                header = io.StringIO()
                csv.writer(header, delimiter=DELIMITERS[fmt], lineterminator="\n").writerow(columns)
                self.stream.write(header.getvalue().encode("utf-8"))
        except (OSError, pa.ArrowException) as exc:
            self.abort()
            raise _write_error(self.name, exc, self._kept) from None
        except BaseException:
            self.abort()
            raise

    @property
    def _kept(self):
        """Whether bytes already written stay where the reader sees them (stdout, a device, a FIFO)."""
        return not isinstance(self.file, AtomicFile)

    def write(self, payload):
        """Append one chunk's output."""
        try:
            if self.parquet is not None:
                if payload.num_rows:
                    self.parquet.write_batch(payload)
            else:
                self.stream.write(payload)
        except (OSError, pa.ArrowException) as exc:
            raise _write_error(self.name, exc, self._kept) from None

    def commit(self):
        """Finish the file and move it into place (or flush stdout)."""
        try:
            if self.parquet is not None:
                self.parquet.close()
            if self.file:
                self.file.commit()
            else:
                self.stream.flush()
        except (OSError, pa.ArrowException) as exc:
            raise _write_error(self.name, exc, self._kept) from None

    def abort(self):
        """Drop the partial output."""
        if self.file:
            self.file.abort()
