"""Reading fields out of API records the same way in every connector's mapping."""

from __future__ import annotations

from typing import Any


class MalformedRecord(ValueError):
    """A record (or a whole answer) that does not have the documented shape."""


def clean_text(value: Any) -> str | None:
    """Whitespace-collapsed text of a string or number field; None for other types or blanks."""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return None
    text = " ".join(str(value).split())
    return text or None


def required_text(value: Any, what: str, record: str) -> str:
    """A field a Posting cannot do without (title, id...): a non-blank string, else
    :class:`MalformedRecord` naming the record kind and the field."""
    text = clean_text(value) if isinstance(value, str) else None
    if not text:
        raise MalformedRecord(f"{record} without a usable {what}")
    return text
