"""Publication dates: read the few unambiguous formats news data comes in, and bucket them into periods.

Only the calendar date as written is used; a time of day and a time zone are ignored, so an article
dated ``2026-03-04T23:30:00-05:00`` belongs to 4 March, the day its outlet published it.
"""

import datetime as dt
import re
from email.utils import parsedate_tz

PERIODS = ("day", "week", "month")
# Shown in the error for a date in no known format.
KNOWN_FORMATS = "2026-03-04, 2026-03-04T10:15:00Z, 2026/03/04, 04.03.2026, 4 March 2026, March 4, 2026, Wed, 04 Mar 2026 10:15:00 +0000"

_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:$|[T ]\d)")
_SLASHED = re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})(?:$|[T ]\d)")
# Day first, as written across Europe; month-first dates with dots do not occur.
_DOTTED = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})\.?(?:$| \d)")
_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        1,
    )
    for name in names
}
# "4 March 2026" and "March 4, 2026", after an optional weekday: a written month is never ambiguous.
_WORDY = re.compile(r"(?:[a-z]+\.?,?\s+)??(?:(\d{1,2})\s+([a-z]+)\.?|([a-z]+)\.?\s+(\d{1,2}),?)\s+(\d{4})(?:$|\s)")
# Day and month as two numbers with a slash or dash between them, in an order nothing tells: 03/04/2026.
_NUMBERS_ONLY = re.compile(r"(\d{1,2})[/-](\d{1,2})[/-](\d{2}|\d{4})(?:$|[T ,]\s*\d)")

# Why :func:`parse_date` read no date from a value (see :func:`undated_reason`): the keys of the summary's
# undated "reasons" and the words of its warning.
NO_DATE = "no date"
NO_SUCH_DAY = "no such day"
ORDER_UNKNOWN = "day and month order unknown"
UNKNOWN_FORMAT = "no known format"


def parse_date(value):
    """Return the :class:`datetime.date` a value stands for, or None when it is empty or in no known format.

    Accepts dates and datetimes (Parquet gives those), ISO 8601 strings with or without a time,
    ``YYYY/MM/DD``, day-first ``DD.MM.YYYY``, a written month ("4 March 2026", "March 4, 2026") and
    RFC 2822 (RSS feeds). ``03/04/2026`` is refused: it is 4 March in Belgrade and 3 April in New York.

    Examples
    --------
    >>> parse_date("2026-03-04T23:30:00-05:00")
    datetime.date(2026, 3, 4)
    >>> parse_date("03/04/2026") is None
    True
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        return None
    text = value.strip()
    for pattern, order in ((_ISO, (0, 1, 2)), (_SLASHED, (0, 1, 2)), (_DOTTED, (2, 1, 0))):
        match = pattern.match(text)
        if match:
            parts = match.groups()
            return _date(*(int(parts[i]) for i in order))
    if " " not in text:
        return None
    match = _WORDY.match(text.lower())
    if match:
        day, month, month_first, day_second, year = match.groups()
        number = _MONTHS.get(month or month_first)
        return _date(int(year), number, int(day or day_second)) if number else None
    # RFC 2822 with a time and a zone: "Wed, 04 Mar 2026 10:15:00 +0000" (the pattern above takes most).
    parsed = parsedate_tz(text)
    return _date(*parsed[:3]) if parsed and parsed[0] > 0 else None


def undated_reason(value):
    """Say why :func:`parse_date` reads no date from ``value``: one of the four reasons above.

    A researcher fixing a file needs to know which of its dates to rewrite: an empty cell, an
    impossible day in a known format (2026-02-30), two numbers that may be day or month (03/04/2026,
    which is never guessed), or a format not read at all (20260304).

    >>> undated_reason("2026-02-30") == NO_SUCH_DAY
    True
    >>> undated_reason("03/04/2026") == ORDER_UNKNOWN
    True
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return NO_DATE
    if not isinstance(value, str):
        return UNKNOWN_FORMAT
    text = value.strip()
    if any(pattern.match(text) for pattern in (_ISO, _SLASHED, _DOTTED)):
        return NO_SUCH_DAY
    match = _WORDY.match(text.lower()) if " " in text else None
    if match and _MONTHS.get(match.group(2) or match.group(3)):
        return NO_SUCH_DAY
    if _NUMBERS_ONLY.match(text):
        return ORDER_UNKNOWN
    return UNKNOWN_FORMAT


def _date(year, month, day):
    """Return the date, or None for an impossible one (2026-02-30)."""
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def period_of(day, period):
    """Return the period a date falls in, as a string that sorts in time order.

    ``day``: ``2026-03-04``; ``week``: the ISO week, ``2026-W10`` (weeks start on Monday and the
    first week of a year holds its first Thursday, so 1 January 2027 is in ``2026-W53``);
    ``month``: ``2026-03``.
    """
    if period == "day":
        return day.isoformat()
    if period == "week":
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    if period == "month":
        return f"{day.year:04d}-{day.month:02d}"
    raise ValueError(f"unknown period {period!r}; use one of {', '.join(PERIODS)}")


def period_start(key):
    """Return the first day of a period key made by :func:`period_of`, as an ISO date string."""
    if "-W" in key:
        year, week = key.split("-W")
        return dt.date.fromisocalendar(int(year), int(week), 1).isoformat()
    if len(key) == 7:
        return key + "-01"
    return key
