"""Parse JSON that users wrote (request bodies, JSON lines): every way it can fail is a JSONDecodeError."""

import json
import re
import sys


def load_json(text, **kwargs):
    """Return ``json.loads(text, **kwargs)``; a number too long to convert fails like a syntax error.

    Python refuses to turn a string of more than ``sys.get_int_max_str_digits()`` digits (4,300 by
    default) into an int, a guard against quadratic conversion time, with a plain ValueError that
    names no place. Every caller already turns :class:`json.JSONDecodeError` into a message with the
    line and column, so this raises one at the first digit of the long number.

    Examples
    --------
    >>> load_json('{"id": 7}')
    {'id': 7}
    >>> load_json('{"id": ' + "9" * 5000 + "}")
    Traceback (most recent call last):
    json.decoder.JSONDecodeError: a number has more than 4300 digits: line 1 column 8 (char 7)
    """
    try:
        return json.loads(text, **kwargs)
    except json.JSONDecodeError:
        raise
    except ValueError as exc:
        limit = sys.get_int_max_str_digits()
        if "integer string conversion" not in str(exc) or not limit:
            raise
        # json.loads takes bytes too, and reports places in the text they decode to.
        doc = text.decode(json.detect_encoding(text), "surrogatepass") if isinstance(text, bytes | bytearray) else text
        found = re.search(rf"-?\d{{{limit + 1},}}", doc)
        raise json.JSONDecodeError(
            f"a number has more than {limit} digits", doc, found.start() if found else 0
        ) from None


# A lone surrogate can reach parsed JSON only through a \ud800-\udfff escape in the text.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def without_surrogates(text, value):
    """Return ``(value, found)``: ``value`` parsed from ``text`` with unpaired surrogates replaced by U+FFFD.

    "\\ud800" is valid JSON but no text: no UTF-8 output can hold it, so a row that has one anywhere
    (a key, a value, a nested list) is kept with its code points replaced and ``found`` True, and
    the caller flags the row. A pair that makes one character ("\\ud83d\\ude00") is text and stays.

    Examples
    --------
    >>> without_surrogates('{"a": "x\\\\ud800"}', {"a": "x\\ud800"})
    ({'a': 'x�'}, True)
    """
    if not _SURROGATE_ESCAPE.search(text if isinstance(text, str) else text.decode("utf-8", "replace")):
        return value, False
    found = False

    def clean(item):
        nonlocal found
        if isinstance(item, str):
            if _SURROGATE.search(item):
                found = True
                return _SURROGATE.sub("\ufffd", item)
            return item
        if isinstance(item, dict):
            return {clean(k): clean(v) for k, v in item.items()}
        if isinstance(item, list):
            return [clean(v) for v in item]
        return item

    cleaned = clean(value)
    return (cleaned, True) if found else (value, False)


def json_error(exc, with_line=False):
    """Say where a :class:`json.JSONDecodeError` is: "Expecting value at column 9" (or "at line 2 column 9").

    The decoder's own message may end in "at" ("Unterminated string starting at"), which the place
    completes rather than repeats.
    """
    place = f"line {exc.lineno} column {exc.colno}" if with_line else f"column {exc.colno}"
    return f"{exc.msg.removesuffix(' at')} at {place}"
