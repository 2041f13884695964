"""The nyc-open-data preset, on the real NYC Jobs Postings workbook and on a small CSV export.

Expected values for specific Job IDs were read from the workbook's raw cells with openpyxl:
datetime cells hold month and day swapped (see the dataset's SOURCE.md), text cells are
MM/DD/YYYY.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from leadtrends import stages
from leadtrends.importers import ImportFailed, ImportResult, import_file
from leadtrends.jsonl import read_models
from leadtrends.lake import read_models_parquet
from leadtrends.model import Posting
from leadtrends.paths import DataPaths

NYC_XLSX = (Path(__file__).resolve().parents[1].parent / "shared" / "data" / "nyc-jobs-postings"
            / "Jobs_NYC_Postings.xlsx")
EXPORT_CSV = Path(__file__).parent / "files" / "import" / "nyc_jobs_export.csv"

needs_workbook = pytest.mark.skipif(
    not NYC_XLSX.is_file(), reason=f"NYC Jobs workbook not present at {NYC_XLSX}")


@pytest.fixture(scope="module")
def workbook_import(tmp_path_factory: pytest.TempPathFactory) -> tuple[ImportResult,
                                                                        dict[str, Posting]]:
    if not NYC_XLSX.is_file():
        pytest.skip(f"NYC Jobs workbook not present at {NYC_XLSX}")
    output = tmp_path_factory.mktemp("nyc") / "nyc-open-data.jsonl"
    result = import_file(NYC_XLSX, "nyc-open-data", output)
    postings = {p.source_id: p for p in read_models(output, Posting)}
    return result, postings


@needs_workbook
def test_workbook_imports_one_posting_per_job_id(workbook_import):
    result, postings = workbook_import
    assert result.rows_read == 5120
    assert result.postings_written == len(postings) == 2626
    assert result.duplicates == 5120 - 2626
    assert result.skipped == {}


@needs_workbook
def test_workbook_posting_dates_span_june_2020_to_march_2024(workbook_import):
    _, postings = workbook_import
    dates = [p.date_posted for p in postings.values()]
    assert None not in dates
    assert all(date(2020, 6, 1) <= d <= date(2024, 3, 31) for d in dates)
    assert min(dates) == date(2020, 6, 30)
    assert max(dates) == date(2024, 3, 4)


@needs_workbook
def test_workbook_datetime_cells_get_month_and_day_swapped_back(workbook_import):
    _, postings = workbook_import
    # Cell datetime(2024, 4, 3) in both listings of Job ID 628726.
    assert postings["628726"].date_posted == date(2024, 3, 4)
    assert postings["628726"].date_posted_raw == "2024-04-03T00:00:00"
    # Cell datetime(2024, 1, 2) for Job ID 625094.
    assert postings["625094"].date_posted == date(2024, 2, 1)


@needs_workbook
def test_workbook_text_dates_are_read_month_first(workbook_import):
    _, postings = workbook_import
    assert postings["624248"].date_posted == date(2024, 1, 23)
    assert postings["624248"].date_posted_raw == "01/23/2024"
    assert postings["605344"].date_posted == date(2023, 9, 28)


@needs_workbook
def test_workbook_post_until_datetimes_are_taken_as_stored(workbook_import):
    _, postings = workbook_import
    # Post Until holds real datetimes (days up to 31), so it is not swapped: 2024-03-14.
    assert postings["628244"].valid_through == date(2024, 3, 14)
    assert postings["628244"].valid_through > postings["628244"].date_posted


@needs_workbook
def test_workbook_salaries_match_the_cells(workbook_import):
    _, postings = workbook_import
    cio = postings["624248"]
    assert (cio.salary_min, cio.salary_max, cio.salary_currency, cio.salary_period) == \
        (88936.0, 223761.0, "USD", "year")
    assert cio.salary_raw == "$88,936 - $223,761 Annual"
    hourly = postings["605344"]
    assert (hourly.salary_min, hourly.salary_max, hourly.salary_period) == (22.9267, 28.0, "hour")
    daily = postings["628244"]
    assert (daily.salary_min, daily.salary_max, daily.salary_period) == (298.24, 347.2, "day")
    assert daily.salary_raw == "$298.24 - $347.20 Daily"


@needs_workbook
def test_workbook_has_no_salary_minimum_above_its_maximum(workbook_import):
    _, postings = workbook_import
    assert not [p.source_id for p in postings.values()
                if p.salary_min is not None and p.salary_max is not None
                and p.salary_min > p.salary_max]


@needs_workbook
def test_workbook_output_lines_all_validate_as_postings(workbook_import):
    result, _ = workbook_import
    skipped: Counter[str] = Counter()
    assert sum(1 for _ in read_models(result.output, Posting, skipped)) == 2626
    assert not skipped


@needs_workbook
def test_workbook_descriptions_carry_section_heading_lines(workbook_import):
    _, postings = workbook_import
    assert all(p.description.splitlines()[0] == "Job Description" for p in postings.values())
    lines = postings["624248"].description.splitlines()
    assert {"Job Description", "Minimum Qualifications", "Preferred Skills"} <= set(lines)


@needs_workbook
def test_workbook_text_has_no_mis_decoded_utf8_left(workbook_import):
    _, postings = workbook_import
    garbled = [p.source_id for p in postings.values()
               if any(s in p.description for s in ("â€", "â\x80", "Ã¢"))]
    assert garbled == []
    assert "Law Department’s" in postings["624248"].description


@needs_workbook
def test_workbook_maps_agency_category_and_civil_service_title(workbook_import):
    _, postings = workbook_import
    cio = postings["624248"]
    assert cio.company == "LAW DEPARTMENT"
    assert cio.department == "Technology, Data & Innovation"
    assert cio.occupational_category == "10050 COMPUTER SYSTEMS MANAGER"
    assert cio.employment_type == "FULL_TIME" and cio.country == "US"
    assert "JobOpeningId=624248" in cio.url


def test_csv_export_keeps_the_external_listing_dated_by_the_first(tmp_path):
    result = import_file(EXPORT_CSV, "nyc-open-data", tmp_path / "out.jsonl")
    postings = {p.source_id: p for p in read_models(result.output, Posting)}
    kept = postings["900002"]
    assert kept.title == "IT Service Delivery Manager"  # the External listing's title
    assert kept.date_posted == date(2024, 2, 14)  # the Internal listing was posted first
    assert kept.valid_through == date(2024, 3, 20)
    assert result.duplicates == 1


def test_csv_export_reads_soda_iso_dates_and_hourly_pay(tmp_path):
    result = import_file(EXPORT_CSV, "nyc-open-data", tmp_path / "out.jsonl")
    tech = {p.source_id: p for p in read_models(result.output, Posting)}["900004"]
    assert tech.date_posted == date(2023, 11, 7)
    assert (tech.salary_min, tech.salary_max, tech.salary_period) == (31.5, 38.25, "hour")
    assert tech.employment_type == "PART_TIME"


def test_csv_export_rows_without_id_or_title_are_counted_not_written(tmp_path):
    result = import_file(EXPORT_CSV, "nyc-open-data", tmp_path / "out.jsonl")
    assert result.skipped == {"missing_id": 1, "missing_title": 1}
    assert result.rows_read == result.postings_written + result.duplicates + 2


def test_nyc_mapping_key_outside_the_dataset_is_rejected_by_name(tmp_path):
    with pytest.raises(ImportFailed, match="'Job Title'"):
        import_file(EXPORT_CSV, "nyc-open-data", tmp_path / "out.jsonl",
                    mapping={"Job Title": "Business Title"})


def test_nyc_preset_refuses_other_file_types(tmp_path):
    dump = tmp_path / "jobs.jsonl"
    dump.write_text("{}\n", encoding="utf-8")
    with pytest.raises(ImportFailed, match=r"\.xlsx or \.csv"):
        import_file(dump, "nyc-open-data", tmp_path / "out.jsonl")


def test_extract_stage_reads_an_import_like_a_crawl(tmp_path):
    paths = DataPaths(tmp_path).ensure()
    import_file(EXPORT_CSV, "nyc-open-data", paths.crawl_output("nyc-open-data"))
    result = stages.extract(paths, "run-1", date(2026, 11, 23))
    extracted = {p.source_id: p for p in read_models_parquet(result.outputs, Posting)}
    assert set(extracted) == {"900002", "900004"}
    manager = extracted["900002"]
    assert manager.is_target
    # Skills named under the "Preferred Skills" heading land in that section.
    assert manager.skills and all(s.section == "nice_to_have" for s in manager.skills)
