"""Calendar dates from the ways dumps write them."""

from __future__ import annotations

import re
from datetime import date, datetime

# ISO date, optionally followed by a time (with "T" or a space), fraction and offset:
# Socrata's SODA API writes "2024-01-23T00:00:00.000", spreadsheets "2024-01-23 00:00:00".
_ISO = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[T ][0-9:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$")
# Numeric dates with slashes, optionally followed by a time ("01/23/2024 12:00:00 AM").
_SLASHED = re.compile(
    r"^(\d{1,2})/(\d{1,2})/(\d{4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp][Mm])?)?$")
_NAMED_FORMATS = ("%d-%b-%Y", "%d %b %Y", "%d %B %Y", "%b %d, %Y", "%B %d, %Y", "%b %d %Y",
                  "%B %d %Y", "%Y%m%d")


def parse_date_text(text: str) -> date | None:
    """The date in ``text``, or None if it is not a date this understands.

    Understood: ISO 8601 dates and datetimes (the date as written; an offset is not applied),
    US ``MM/DD/YYYY`` (with an optional time; a first number above 12 is read as the day,
    since then it cannot be a month), and month names ("22-MAY-2024", "May 22, 2024").
    """
    text = text.strip()
    if not text:
        return None
    if match := _ISO.match(text):
        return _safe_date(*map(int, match.group(1).split("-")))
    if match := _SLASHED.match(text):
        first, second, year = (int(g) for g in match.groups())
        if first > 12:
            return _safe_date(year, second, first)
        return _safe_date(year, first, second)
    for pattern in _NAMED_FORMATS:
        try:
            return datetime.strptime(text, pattern).date()  # month names: any case
        except ValueError:
            continue
    return None


def parse_us_date(text: str) -> date | None:
    """A ``MM/DD/YYYY`` date (time ignored), or an ISO one; never reads day-first."""
    text = text.strip()
    if match := _SLASHED.match(text):
        month, day, year = (int(g) for g in match.groups())
        return _safe_date(year, month, day)
    if match := _ISO.match(text):
        return _safe_date(*map(int, match.group(1).split("-")))
    return None


def swap_day_month(value: date) -> date | None:
    """The date with day and month exchanged (None if that is no calendar date)."""
    return _safe_date(value.year, value.day, value.month)


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None
