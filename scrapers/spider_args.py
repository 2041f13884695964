"""Parsing of ``-a name=value`` spider arguments, which always arrive as strings."""

from __future__ import annotations


def split_list_arg(value: str | list[str] | None) -> list[str]:
    """``"a, b,,c"`` -> ``["a", "b", "c"]``; a list (from Python callers) is passed through."""
    if value is None:
        return []
    parts = value if isinstance(value, list) else value.split(",")
    return [part.strip() for part in parts if part and part.strip()]


def positive_int_arg(value: str | int | None, name: str, default: int,
                     most: int | None = None) -> int:
    """A whole-number argument such as ``max_pages``: ``default`` when absent, else 1..most."""
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a whole number, got {value!r}") from None
    if number < 1 or (most is not None and number > most):
        bounds = f"1..{most}" if most is not None else "at least 1"
        raise ValueError(f"{name} must be {bounds}, got {number}")
    return number
