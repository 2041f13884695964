"""Parsing of ``-a name=value`` spider arguments, which always arrive as strings."""

from __future__ import annotations


def split_list_arg(value: str | list[str] | None) -> list[str]:
    """``"a, b,,c"`` -> ``["a", "b", "c"]``; a list (from Python callers) is passed through."""
    if value is None:
        return []
    parts = value if isinstance(value, list) else value.split(",")
    return [part.strip() for part in parts if part and part.strip()]
