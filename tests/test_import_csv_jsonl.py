"""The csv and jsonl presets, and the errors any import reports, on small invented dumps."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from leadtrends.errors import LeadtrendsError
from leadtrends.importers import (
    ImportFailed,
    default_source,
    import_file,
    parse_mapping_options,
)
from leadtrends.jsonl import read_models
from leadtrends.model import Posting

FILES = Path(__file__).parent / "files" / "import"
ODD_HEADERS_MAPPING = {"source_id": "Ref", "title": "Role Name", "company": "Employer",
                       "location_raw": "Where", "date_posted": "First Advertised",
                       "description": "Advert Text"}


def imported(path: Path, preset: str, tmp_path: Path, **kwargs) -> dict[str, Posting]:
    result = import_file(path, preset, tmp_path / "out.jsonl", **kwargs)
    return {p.source_id: p for p in read_models(result.output, Posting)}


def test_csv_columns_named_like_posting_fields_map_without_a_mapping(tmp_path):
    head = imported(FILES / "adverts.csv", "csv", tmp_path)["a-102"]
    assert head.title == "IT Operations Manager"
    assert head.company == "Contoso Sample plc"
    assert head.location_raw == "Bristol, UK"
    assert head.remote is False


def test_csv_mapping_names_the_columns_of_any_dump(tmp_path):
    postings = imported(FILES / "odd_headers.csv", "csv", tmp_path, mapping=ODD_HEADERS_MAPPING)
    assert postings["R-7"].title == "Infrastructure Manager"
    assert postings["R-7"].description == "Own networks and data centres for a sample retailer."


def test_csv_dates_are_read_from_iso_us_and_month_name_forms(tmp_path):
    postings = imported(FILES / "adverts.csv", "csv", tmp_path)
    assert postings["a-101"].date_posted == date(2024, 2, 1)
    assert postings["a-102"].date_posted == date(2024, 3, 15)
    assert postings["a-102"].date_posted_raw == "03/15/2024"
    assert postings["a-106"].date_posted == date(2024, 3, 1)
    odd = imported(FILES / "odd_headers.csv", "csv", tmp_path, mapping=ODD_HEADERS_MAPPING)
    assert odd["R-7"].date_posted == date(2024, 5, 22)


def test_csv_salary_is_parsed_from_amount_columns(tmp_path):
    ops = imported(FILES / "adverts.csv", "csv", tmp_path)["a-102"]
    assert (ops.salary_min, ops.salary_max, ops.salary_currency, ops.salary_period) == \
        (60000.0, 70000.0, "GBP", "year")


def test_csv_values_that_do_not_parse_stay_raw_and_are_counted(tmp_path):
    result = import_file(FILES / "adverts.csv", "csv", tmp_path / "out.jsonl")
    postings = {p.source_id: p for p in read_models(result.output, Posting)}
    vague = postings["a-104"]
    assert (vague.date_posted, vague.date_posted_raw) == (None, "soon")
    assert (vague.salary_min, vague.salary_raw) == (None, "competitive")
    assert vague.remote is None
    reversed_range = postings["a-106"]
    assert (reversed_range.salary_min, reversed_range.salary_max) == (None, None)
    assert reversed_range.salary_raw == "150000 - 120000"
    assert result.fields_unparsed == {"date_posted": 1, "salary_min": 1, "remote": 1,
                                      "salary": 1}


def test_csv_bad_rows_are_counted_per_reason(tmp_path):
    result = import_file(FILES / "adverts.csv", "csv", tmp_path / "out.jsonl")
    assert result.skipped == {"missing_title": 1, "wrong_field_count": 1}
    assert result.rows_read == 7
    assert result.rows_read == result.postings_written + result.duplicates + 2


def test_csv_repeated_id_keeps_the_later_row(tmp_path):
    result = import_file(FILES / "adverts.csv", "csv", tmp_path / "out.jsonl")
    postings = {p.source_id: p for p in read_models(result.output, Posting)}
    assert result.duplicates == 1
    assert postings["a-101"].title == "Head of Platform Engineering (updated)"
    assert postings["a-101"].valid_through == date(2024, 3, 15)


def test_import_without_ids_or_urls_gets_stable_ones(tmp_path):
    dump = tmp_path / "plain.csv"
    dump.write_text("title,description\nHead of IT,Run IT.\n", encoding="utf-8")
    first = imported(dump, "csv", tmp_path)
    second = imported(dump, "csv", tmp_path)
    assert list(first) == list(second)
    (posting,) = first.values()
    assert posting.url == f"urn:leadtrends:plain:{posting.source_id}"


def test_scraped_at_is_the_given_time(tmp_path):
    when = datetime(2024, 4, 1, 6, 0, tzinfo=UTC)
    postings = imported(FILES / "adverts.csv", "csv", tmp_path, scraped_at=when)
    assert {p.scraped_at for p in postings.values()} == {when}


def test_source_defaults_to_the_file_name(tmp_path):
    result = import_file(FILES / "adverts.csv", "csv", tmp_path / "out.jsonl")
    assert result.source == "adverts" == default_source(FILES / "adverts.csv", "csv")
    assert {p.source for p in read_models(result.output, Posting)} == {"adverts"}
    assert default_source(FILES / "nyc_jobs_export.csv", "nyc-open-data") == "nyc-open-data"


def test_jsonl_reads_nested_names_dotted_keys_and_html_descriptions(tmp_path):
    postings = imported(FILES / "adverts.jsonl", "jsonl", tmp_path,
                        mapping={"department": "org.team.label"})
    director = postings["5001"]
    assert director.company == "Adatum Sample Inc"
    assert director.description_html.startswith("<h2>")
    assert director.description.splitlines()[:2] == ["About the role",
                                                      "Run IT for a sample manufacturer."]
    assert postings["5004"].department == "Office of the CTO"


def test_jsonl_salary_line_is_parsed_and_kept(tmp_path):
    director = imported(FILES / "adverts.jsonl", "jsonl", tmp_path)["5001"]
    assert (director.salary_min, director.salary_max, director.salary_currency,
            director.salary_period) == (150000.0, 175000.0, "USD", "year")
    assert director.salary_raw == "$150,000 - $175,000 per year"


def test_jsonl_bad_lines_are_counted_per_reason(tmp_path):
    result = import_file(FILES / "adverts.jsonl", "jsonl", tmp_path / "out.jsonl")
    assert result.skipped == {"invalid_json": 1, "not_an_object": 1, "missing_description": 1}
    assert result.postings_written == 3


def test_mapping_key_that_is_not_a_posting_field_is_named(tmp_path):
    with pytest.raises(ImportFailed, match="mapping key 'job_title' is not a Posting field"):
        import_file(FILES / "odd_headers.csv", "csv", tmp_path / "out.jsonl",
                    mapping={"job_title": "Role Name"})


def test_mapping_to_a_missing_column_names_key_and_column(tmp_path):
    with pytest.raises(ImportFailed, match="mapping title='Job Title'.*no column 'Job Title'"):
        import_file(FILES / "odd_headers.csv", "csv", tmp_path / "out.jsonl",
                    mapping={"title": "Job Title"})


def test_missing_file_is_a_one_line_leadtrends_error(tmp_path):
    with pytest.raises(LeadtrendsError, match="no such file") as caught:
        import_file(tmp_path / "absent.csv", "csv", tmp_path / "out.jsonl")
    assert isinstance(caught.value, ImportFailed)
    assert "\n" not in str(caught.value)


def test_unknown_preset_lists_the_known_ones(tmp_path):
    with pytest.raises(ImportFailed, match="nyc-open-data, csv, jsonl"):
        import_file(FILES / "adverts.csv", "excel", tmp_path / "out.jsonl")


def test_non_utf8_csv_is_refused_with_a_hint(tmp_path):
    dump = tmp_path / "latin1.csv"
    dump.write_bytes("title,description\nDirecteur informatique,Gérer l'équipe\n".encode("cp1252"))
    with pytest.raises(ImportFailed, match="not UTF-8"):
        import_file(dump, "csv", tmp_path / "out.jsonl")


def test_unreadable_workbook_is_a_one_line_error(tmp_path):
    fake = tmp_path / "jobs.xlsx"
    fake.write_text("this is not a workbook", encoding="utf-8")
    with pytest.raises(ImportFailed, match="cannot read .* as an Excel workbook"):
        import_file(fake, "nyc-open-data", tmp_path / "out.jsonl")


def test_import_where_no_row_survives_fails_and_keeps_the_old_output(tmp_path):
    output = tmp_path / "out.jsonl"
    import_file(FILES / "adverts.csv", "csv", output)
    before = output.read_bytes()
    dump = tmp_path / "empty_titles.csv"
    dump.write_text("id,title,description\n1,,text\n2,,text\n", encoding="utf-8")
    with pytest.raises(ImportFailed, match="none of the 2 rows"):
        import_file(dump, "csv", output)
    assert output.read_bytes() == before


def test_source_names_that_are_not_file_names_are_refused(tmp_path):
    with pytest.raises(ImportFailed, match="source '../x'"):
        import_file(FILES / "adverts.csv", "csv", tmp_path / "out.jsonl", source="../x")


def test_mapping_options_parse_field_equals_column():
    assert parse_mapping_options(["title=Role Name", " company = Employer "]) == \
        {"title": "Role Name", "company": "Employer"}


@pytest.mark.parametrize("entry", ["title", "=Role Name", "title="])
def test_mapping_options_without_field_and_column_are_refused(entry):
    with pytest.raises(ImportFailed, match="not FIELD=COLUMN"):
        parse_mapping_options([entry])


def test_a_file_source_in_sources_toml_is_imported_as_its_crawl(tmp_path):
    from leadtrends import stages
    from leadtrends.paths import DataPaths
    from leadtrends.sources import parse_sources

    config = parse_sources(f'[[source]]\nname = "dump"\ntype = "file"\npreset = "csv"\n'
                           f'path = "{FILES / "adverts.csv"}"\n')
    paths = DataPaths(tmp_path).ensure()
    with stages.source_specs(config) as (spec,):
        result = stages.crawl_source(spec, paths)
    expected = import_file(FILES / "adverts.csv", "csv", tmp_path / "direct.jsonl", source="dump")
    crawled = list(read_models(paths.crawl_output("dump"), Posting))
    assert result.items_scraped == expected.postings_written == len(crawled) > 0
    assert {p.source for p in crawled} == {"dump"}
    assert result.dropped.get("duplicate_id") == expected.duplicates
