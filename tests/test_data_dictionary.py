"""docs/DATA_DICTIONARY.md is generated from the schema's comments and kept in step with it."""

from __future__ import annotations

from warehouse.dictionary import DEFAULT_OUTPUT, generate


def test_the_committed_data_dictionary_matches_the_schema() -> None:
    generated = generate()
    assert DEFAULT_OUTPUT.read_text(encoding="utf-8") == generated, (
        "docs/DATA_DICTIONARY.md is stale: run `make docs` (python -m warehouse.dictionary)")
    # every table and view the analysts query has a section with a column table
    for name in ("postings", "posting_skills", "posting_requirements", "trend_postings",
                 "skill_share_monthly", "skill_pairs", "coverage"):
        assert f"### `{name}`" in generated
