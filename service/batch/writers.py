"""Parent side: write formatted chunks to a file atomically, or stream them to stdout."""

import os
import stat
import tempfile
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from model.store import current_umask, output_target
from service.batch.encode import delimited_record
from service.batch.formats import DELIMITERS, STDIO

# Rows per Parquet row group. Each chunk written as its own row group made the file follow --batch-size:
# chunks of 10 rows gave 20,000 row groups for 200,000 rows, a 22 MB footer and 7-12 s to read back.
ROW_GROUP_ROWS = 65_536
# Rows held for a row group are written early once they take this much memory (long texts, explanations).
ROW_GROUP_BYTES = 64 << 20


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


class _Severable:
    """A binary stream that passes writes on until :meth:`sever`, and drops them after."""

    def __init__(self, stream):
        self.stream = stream
        self.severed = False

    def write(self, data):
        """Write ``data``, or drop it once severed."""
        if not self.severed:
            self.stream.write(data)
        return len(data)

    def flush(self):
        """Flush the stream, unless severed."""
        if not self.severed:
            self.stream.flush()

    @property
    def closed(self):
        """Whether the stream is closed; once severed never, so that a late write is dropped rather than an error."""
        return not self.severed and self.stream.closed

    def sever(self):
        """Drop every write from now on."""
        self.severed = True


class RowGroups:
    """A Parquet writer to ``stream`` that gathers the chunks' record batches into row groups of ``rows`` rows.

    At most one row group's rows are held: they are written once there are ``rows`` of them, or
    earlier (as a smaller group) once they take ``max_bytes``; :meth:`close` writes the rest.
    """

    def __init__(self, stream, schema, rows=ROW_GROUP_ROWS, max_bytes=ROW_GROUP_BYTES):
        # Arrow writes the footer when a writer is garbage-collected, even one never closed: after a
        # failed run that would make the rows written so far a whole-looking file on stdout.
        self.target = _Severable(stream)
        self.writer = pq.ParquetWriter(pa.PythonFile(self.target, mode="w"), schema)
        self.schema = schema
        self.rows, self.max_bytes = rows, max_bytes
        self.held, self.held_rows, self.held_bytes = [], 0, 0

    def write(self, batch):
        """Hold one record batch; write the row groups it completes."""
        if not batch.num_rows:
            return
        self.held.append(batch)
        self.held_rows += batch.num_rows
        # The buffers' size: a tenth of the cost of nbytes, and exact for the fresh batches the workers send.
        self.held_bytes += batch.get_total_buffer_size()
        if self.held_rows >= self.rows:
            self._flush(whole_groups=True)
        elif self.held_bytes >= self.max_bytes:
            self._flush(whole_groups=False)

    def close(self):
        """Write the rows still held as the last row group and finish the file."""
        if self.held_rows:
            self._flush(whole_groups=False)
        self.writer.close()

    def abort(self):
        """Drop the rows held, and anything the writer would still write (its footer above all)."""
        self.target.sever()
        self.held, self.held_rows, self.held_bytes = [], 0, 0

    def _flush(self, whole_groups):
        """Write the held rows as row groups of ``rows`` rows; with ``whole_groups``, hold back what does not fill one."""
        table = pa.Table.from_batches(self.held, self.schema)
        count = table.num_rows - table.num_rows % self.rows if whole_groups else table.num_rows
        # One array per column: the writer cuts pages at each chunk of a column, so written in chunks the
        # bytes would still depend on the batch size (and take twice as long to write).
        self.writer.write_table(table.slice(0, count).combine_chunks(), row_group_size=self.rows)
        # Slices share the batches' memory: nothing is copied to keep the rest.
        self.held = table.slice(count).to_batches()
        self.held_rows = table.num_rows - count
        self.held_bytes = sum(batch.get_total_buffer_size() for batch in self.held)


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
                self.parquet = RowGroups(self.stream, schema)
            elif fmt in DELIMITERS:
                # Quoted as the rows are (a JSONL field's name may hold a CR).
                self.stream.write(delimited_record(columns, DELIMITERS[fmt]).encode("utf-8"))
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
                self.parquet.write(payload)
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
        if self.parquet is not None:
            self.parquet.abort()
        if self.file:
            self.file.abort()
