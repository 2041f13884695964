"""Imports of job-advert dumps (``leadtrends import FILE --preset ...``).

An import writes the same Posting JSON Lines a crawl does, so extract and load treat an
imported source like any crawled one. Presets: ``nyc-open-data`` (NYC Jobs Postings, xlsx or
CSV), ``csv`` and ``jsonl`` (any dump, with a field-to-column mapping).
"""

from leadtrends.importers.result import ImportFailed, ImportResult
from leadtrends.importers.run import (
    PRESETS,
    default_source,
    import_file,
    parse_mapping_options,
)

__all__ = ["PRESETS", "ImportFailed", "ImportResult", "default_source", "import_file",
           "parse_mapping_options"]
