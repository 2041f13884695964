"""The item spiders yield: a plain dict of :class:`leadtrends.model.Posting` fields."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any


def posting_item(fields: Mapping[str, Any], *, source: str) -> dict[str, Any]:
    """Add the provenance fields to mapped advert fields; validation happens in the pipeline."""
    return {"source": source, "scraped_at": datetime.now(UTC), **fields}
