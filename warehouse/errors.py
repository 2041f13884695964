"""The one exception the warehouse raises for problems a user can act on."""

from __future__ import annotations

from leadtrends.errors import LeadtrendsError


class WarehouseError(LeadtrendsError):
    """A warehouse problem explained in one line, fit for a CLI to print as it is."""

    def __init__(self, message: str) -> None:
        # DuckDB messages carry multi-line context; a CLI user needs the gist on one line.
        super().__init__(" ".join(message.split()))


def first_line(exc: BaseException) -> str:
    """The informative head of an exception message (DuckDB appends hints and SQL context)."""
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
