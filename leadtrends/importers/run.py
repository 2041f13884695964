"""``import_file``: a dump in, one crawl-stage JSON Lines file of postings out."""

from __future__ import annotations

import logging
import re
import time
from collections import Counter
from collections.abc import Iterable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from leadtrends.importers.generic import CSV_PRESET, JSONL_PRESET
from leadtrends.importers.nyc_open_data import PRESET as NYC_PRESET
from leadtrends.importers.preset import Preset
from leadtrends.importers.result import ImportFailed, ImportResult, RowSkipped
from leadtrends.jsonl import write_models
from leadtrends.model import Posting
from leadtrends.prefilter import likely_tech_leadership

log = logging.getLogger(__name__)

PRESETS: dict[str, Preset] = {p.name: p for p in (NYC_PRESET, CSV_PRESET, JSONL_PRESET)}
# A source names a file in the crawl directory, so it must be a plain file-name stem.
_SOURCE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


def get_preset(name: str) -> Preset:
    try:
        return PRESETS[name]
    except KeyError:
        raise ImportFailed(f"unknown preset {name!r} (choose one of: "
                           f"{', '.join(PRESETS)})") from None


def default_source(path: Path, preset: str) -> str:
    """The source name an import of ``path`` uses when none is given (the caller needs it
    first, to pick the output file ``DataPaths.crawl_output(source)``)."""
    return get_preset(preset).default_source(Path(path))


def parse_mapping_options(entries: Iterable[str]) -> dict[str, str]:
    """``["title=Job Title", ...]`` (the CLI's repeated ``--map``) as a mapping."""
    mapping: dict[str, str] = {}
    for entry in entries:
        key, sep, column = entry.partition("=")
        key, column = key.strip(), column.strip()
        if not sep or not key or not column:
            raise ImportFailed(f"mapping {entry!r} is not FIELD=COLUMN")
        if key in mapping:
            raise ImportFailed(f"mapping key {key!r} is given twice")
        mapping[key] = column
    return mapping


def _skip_reason(error: ValidationError, fields: dict[str, Any]) -> tuple[str, str]:
    first = error.errors()[0]
    name = str(first["loc"][0]) if first["loc"] else "record"
    value = fields.get(name)
    blank = value is None or (isinstance(value, str) and not value.strip())
    return (f"missing_{name}" if blank else f"invalid_{name}"), first["msg"]


def build_posting(fields: dict[str, Any], source: str, scraped_at: datetime) -> Posting:
    """A Posting from converted fields; an invalid one raises ``RowSkipped`` with the reason."""
    data = {"scraped_at": scraped_at, **fields, "source": source}
    try:
        posting = Posting.model_validate(data)
    except ValidationError as exc:
        raise RowSkipped(*_skip_reason(exc, data)) from None
    if posting.likely_target is None:
        posting.likely_target = likely_tech_leadership(posting.title)
    return posting


def _note_first_posted(first_posted: dict[str, tuple[date, str | None]],
                       posting: Posting) -> None:
    if posting.date_posted is None:
        return
    seen = first_posted.get(posting.source_id)
    if seen is None or posting.date_posted < seen[0]:
        first_posted[posting.source_id] = (posting.date_posted, posting.date_posted_raw)


def _dated_first_posted(posting: Posting,
                        first_posted: dict[str, tuple[date, str | None]]) -> Posting:
    # An advert listed more than once (NYC: internally, then externally) was first posted on
    # the earliest of its dates; trends count it from then, whichever listing is kept.
    first = first_posted.get(posting.source_id)
    if first is None or first[0] == posting.date_posted:
        return posting
    return posting.model_copy(update={"date_posted": first[0], "date_posted_raw": first[1]})


def import_file(path: Path, preset: str, output: Path, source: str | None = None,
                mapping: dict[str, str] | None = None,
                scraped_at: datetime | None = None) -> ImportResult:
    """Import the dump at ``path`` with ``preset`` and write its postings to ``output``.

    ``output`` is replaced atomically, so the extract stage picks the import up like a crawl
    when it is ``DataPaths.crawl_output(source)``. Bad rows are skipped and counted; repeated
    ids keep the row the preset prefers, dated with the earliest ``date_posted`` among them. ``scraped_at`` defaults to now (UTC). Raises
    ``ImportFailed`` when the file is missing or unreadable, the mapping names an unknown
    field or column, or no row at all could be imported (the old output is then kept).
    """
    started = time.perf_counter()
    chosen = get_preset(preset)
    path, output = Path(path), Path(output)
    if not path.exists():
        raise ImportFailed(f"{path}: no such file")
    if not path.is_file():
        raise ImportFailed(f"{path} is not a file")
    source = source or chosen.default_source(path)
    if not _SOURCE_NAME.match(source):
        raise ImportFailed(f"source {source!r} must be letters, digits, '.', '_' or '-'")
    stamp = scraped_at or datetime.now(UTC)

    table = chosen.read(path)
    unparsed: Counter[str] = Counter()
    convert = chosen.prepare(table, dict(mapping or {}), source, unparsed)
    skipped: Counter[str] = Counter(table.skipped)
    kept: dict[str, tuple[tuple[Any, ...], Posting]] = {}
    first_posted: dict[str, tuple[date, str | None]] = {}
    duplicates = 0
    for row in table.rows:
        try:
            converted = convert(row)
            posting = build_posting(converted.fields, source, stamp)
        except RowSkipped as skip:
            skipped[skip.reason] += 1
            log.warning("%s:%d skipped (%s): %s", path.name, row.number, skip.reason,
                        skip.detail)
            continue
        _note_first_posted(first_posted, posting)
        earlier = kept.get(posting.source_id)
        if earlier is not None:
            duplicates += 1
            log.debug("%s:%d duplicate_id %s", path.name, row.number, posting.source_id)
            if converted.preference <= earlier[0]:
                continue
        # Replacing a dict value keeps its first position, so output order is first-seen order.
        kept[posting.source_id] = (converted.preference, posting)

    if table.records_read and not kept:
        raise ImportFailed(f"none of the {table.records_read} rows of {path.name} could be "
                           f"imported ({dict(skipped)}); check --preset and --map")
    postings = (_dated_first_posted(posting, first_posted) for _, posting in kept.values())
    written = write_models(output, postings)
    result = ImportResult(source=source, output=output, rows_read=table.records_read,
                          postings_written=written, duplicates=duplicates, skipped=dict(skipped),
                          fields_unparsed=dict(unparsed),
                          elapsed_seconds=time.perf_counter() - started)
    log.info("imported %s: %d rows, %d postings, %d duplicates, skipped %s, unparsed %s",
             path.name, result.rows_read, written, duplicates, result.skipped,
             result.fields_unparsed)
    return result
