"""Parent side: write formatted chunks to a file atomically, or stream them to stdout."""

import csv
import io
import os
import tempfile
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from service.batch.formats import DELIMITERS, STDIO


class OutputError(Exception):
    """The output cannot be created or written."""


class AtomicFile:
    """A temporary file next to ``path`` that replaces ``path`` only on :meth:`commit`.

    A crash or an interrupted run leaves at most a hidden ``.<name>.*.part`` file behind, never a
    half-written file under the final name, and an existing file under that name stays as it was.
    """

    def __init__(self, path):
        self.path = Path(path)
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
        """Flush, give the file the usual permissions and move it to the final name."""
        self.stream.close()
        # mkstemp creates the file readable by its owner only; give it what a plain open() would.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(self.temp, 0o666 & ~umask)
        os.replace(self.temp, self.path)

    def abort(self):
        """Delete the temporary file; the final name is left untouched."""
        self.stream.close()
        self.temp.unlink(missing_ok=True)


class Sink:
    """Writes the header (if the format has one) and then each chunk's formatted payload."""

    def __init__(self, output, fmt, columns, schema, stdout):
        self.fmt = fmt
        self.file = AtomicFile(output) if output != STDIO else None
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
        except BaseException:
            self.abort()
            raise

    def write(self, payload):
        """Append one chunk's output."""
        if self.parquet is not None:
            if payload.num_rows:
                self.parquet.write_batch(payload)
        else:
            self.stream.write(payload)

    def commit(self):
        """Finish the file and move it into place (or flush stdout)."""
        if self.parquet is not None:
            self.parquet.close()
        if self.file:
            self.file.commit()
        else:
            self.stream.flush()

    def abort(self):
        """Drop the partial output."""
        if self.file:
            self.file.abort()
