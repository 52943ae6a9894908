"""Find where CSV/TSV records end in raw bytes, the way Python's csv module splits them, with quoted fields bounded.

A quote opens a quoted field only at the start of a field (after a delimiter or a line end); anywhere
else, as in ``5" gun``, the csv module keeps it as plain text, and so does this scanner. A quoted
field that is still open after ``max_chars`` characters, or when the input ends, is almost always an
unbalanced quote: without a bound it would swallow the rest of the file into one field. So is a
field that swallowed whole lines and is ended by a quote followed by text (the next row's opening
quote, as the csv module reads it): that would silently merge rows.
"""

# UTF-8 continuation bytes: a field's length in characters is its length in bytes without them.
_CONTINUATION = bytes(range(0x80, 0xC0))
_QUOTE = ord('"')


class UnclosedQuote(Exception):
    """A quoted field is not closed within the field limit, or the input ends inside it."""


class RecordScanner:
    """Scan raw CSV/TSV bytes record by record, keeping the quoting state between calls.

    Parameters
    ----------
    delimiter : str
        The field delimiter, ``","`` or ``"\\t"``.
    max_chars : int
        The longest a quoted field may grow, in characters, before the file is refused.
    path : str
        The input's name, for the error message.
    line : int
        The physical line number the first byte scanned is on.
    """

    def __init__(self, delimiter, max_chars, path, line=1):
        # The bytes after which a quote opens a quoted field (a line end also starts a record). Not a CR: the
        # workers split lines at LF only, and the csv module refuses a line with a CR alone outside quotes.
        self._field_starts = b"\n" + delimiter.encode()
        # The bytes that may follow the quote closing a field: a delimiter or a line end (LF, or CRLF's CR).
        self._field_ends = b"\n\r" + delimiter.encode()
        self.max_chars = max_chars
        self.path = path
        self.line = line
        # The line the open quoted field started on, or None outside a quoted field.
        self._open_line = None
        self._open_chars = 0

    def find_end(self, buffer, pos, final=False):
        """Return ``(newline, resume)``: the index of the newline that ends the record being scanned.

        ``newline`` is -1 when ``buffer`` ends first; call again from ``resume`` with the same bytes
        followed by more input (``final`` when there is no more). ``buffer[0]`` must start a record.
        Raises :class:`UnclosedQuote` when a quoted field outgrows the limit, the input ends in it,
        or it spans lines and the quote that ends it is followed by text.
        """
        size = len(buffer)
        while True:
            if self._open_line is None:
                newline = buffer.find(b"\n", pos)
                stop = size if newline < 0 else newline
                quote = buffer.find(b'"', pos, stop)
                while quote > 0 and buffer[quote - 1] not in self._field_starts:
                    # A quote inside an unquoted field is plain text.
                    quote = buffer.find(b'"', quote + 1, stop)
                if quote < 0:
                    if newline >= 0:
                        self.line += 1
                    return newline, stop if newline < 0 else newline + 1
                self._open_line, self._open_chars, pos = self.line, 0, quote + 1
                continue
            quote = buffer.find(b'"', pos)
            stop = size if quote < 0 else quote
            self.line += buffer.count(b"\n", pos, stop)
            self._open_chars += len(buffer[pos:stop].translate(None, _CONTINUATION))
            self._check(final=False)
            if quote < 0 or quote + 1 == size:
                # Whether this quote closes the field or starts an escaped ``""`` needs the next byte.
                if not final:
                    return -1, stop
                self._check(final=quote < 0)
                self._open_line = None
                return -1, size
            following = buffer[quote + 1]
            if following == _QUOTE:
                self._open_chars += 1
                pos = quote + 2
                continue
            if following not in self._field_ends and self.line > self._open_line:
                # The csv module would glue the text after this quote to a field that swallowed whole
                # lines: the mark of a missing quote, which would merge rows without any error.
                raise UnclosedQuote(
                    f"{self.path}, line {self._open_line}: a quoted field opened here runs to line {self.line}, "
                    "where a quote followed by text ends it (is a closing quote missing?)"
                )
            self._open_line, pos = None, quote + 1

    def _check(self, final):
        """Refuse the input when the open quoted field is over the limit, or the input ends inside it."""
        if self._open_line is None:
            return
        if final:
            reason = "the input ends inside it; is a closing quote missing?"
        elif self._open_chars > self.max_chars:
            reason = "is a closing quote missing? A longer field needs a larger --max-field-chars"
        else:
            return
        raise UnclosedQuote(
            f"{self.path}, line {self._open_line}: a quoted field opened here is not closed "
            f"within {self.max_chars:,} characters ({reason})"
        )
