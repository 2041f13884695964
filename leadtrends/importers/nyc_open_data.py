"""Preset ``nyc-open-data``: NYC Open Data's "Jobs NYC Postings" (dataset kpav-sd4t).

Reads the dataset as an xlsx conversion or as the portal's CSV export, with the xlsx column
names ("Job ID", "Business Title", ...; the SODA API's snake_case names match too). Choices:

* One posting per Job ID. Most jobs are listed twice (Internal and External posting type);
  the External one is kept, then the most recently updated, and it is dated with the earliest
  Posting Date of the job's listings (when the advert first appeared).
* ``company`` is the agency name exactly as the dataset gives it ("DEPT OF DESIGN &
  CONSTRUCTION"); every agency is a City of New York employer, ``country`` is "US".
* Dates: text cells are US ``MM/DD/YYYY``. In the xlsx conversion, dates that were
  ambiguous got stored as Excel datetimes read day-first, so month and day are swapped; a date
  column whose datetime cells never have a day above 12 is taken to be such a column and its
  datetime cells are swapped back (in the known file: Posting Date and Posting Updated; Post
  Until holds real datetimes). ``date_posted_raw`` keeps the cell as written (datetime cells
  in ISO form).
* ``url`` is the NYC Jobs applicant page for the Job ID (the PeopleSoft ``JobOpeningId`` link
  the dataset's own "To Apply" text points to, a127-jobs.nyc.gov); the newer cityjobs.nyc.gov
  pages use a different numbering that the dataset does not carry.
* A "Salary Range From" of 0 means no lower bound was stated; it stays in ``salary_raw`` only.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from datetime import date, datetime
from pathlib import Path
from typing import Any

from leadtrends.importers.columns import find_column
from leadtrends.importers.columns import require_mapped_column as mapped_column
from leadtrends.importers.dates import parse_date_text, parse_us_date, swap_day_month
from leadtrends.importers.preset import Converted, Preset, RowConverter
from leadtrends.importers.result import ImportFailed, RowSkipped
from leadtrends.importers.salary import format_usd_range, parse_amount
from leadtrends.importers.tables import Row, Table, read_csv, read_xlsx
from leadtrends.importers.text_repair import repair_mojibake
from leadtrends.model import SalaryPeriod

log = logging.getLogger(__name__)

NAME = "nyc-open-data"
POSTING_URL = ("https://a127-jobs.nyc.gov/psc/nycjobs/EMPLOYEE/HRMS/c/HRS_HRAM.HRS_APP_SCHJOB.GBL"
               "?Page=HRS_APP_JBPST&Action=U&FOCUS=Applicant&SiteId=1&JobOpeningId={job_id}"
               "&PostingSeq=1")

REQUIRED = ("Job ID", "Business Title", "Job Description")
OPTIONAL = ("Agency", "Posting Type", "Civil Service Title", "Title Code No", "Job Category",
            "Full-Time/Part-Time indicator", "Salary Range From", "Salary Range To",
            "Salary Frequency", "Work Location", "Minimum Qual Requirements", "Preferred Skills",
            "Additional Information", "Posting Date", "Post Until", "Posting Updated")
DATE_COLUMNS = ("Posting Date", "Post Until", "Posting Updated")
# Other spellings seen for the same column (the SODA API's field names differ a little).
_ALIASES = {"Full-Time/Part-Time indicator": ("full_time_part_time_indicator",)}
# Each description section's heading line, in the order the advert reads.
SECTIONS = (("Job Description", "Job Description"),
            ("Minimum Qualifications", "Minimum Qual Requirements"),
            ("Preferred Skills", "Preferred Skills"),
            ("Additional Information", "Additional Information"))

_FREQUENCIES: dict[str, SalaryPeriod] = {"annual": "year", "hourly": "hour", "daily": "day"}
_EMPLOYMENT = {"F": "FULL_TIME", "P": "PART_TIME"}
_BULLET = re.compile("[•·]")
_INTEGRAL = re.compile(r"^(\d+)\.0+$")


def default_source(_path: Path) -> str:
    return NAME


def read(path: Path) -> Table:
    suffix = path.suffix.lower()
    if suffix in {".xlsx", ".xlsm"}:
        return read_xlsx(path)
    if suffix == ".csv":
        return read_csv(path)
    raise ImportFailed(f"{path.name}: the {NAME} preset reads .xlsx or .csv files, "
                       f"not {suffix or 'files without an extension'}")


def clean_text(value: Any) -> str | None:
    """One line of text: mojibake repaired, whitespace runs collapsed; None when empty."""
    if value is None:
        return None
    return " ".join(repair_mojibake(_cell_text(value)).split()) or None


def _cell_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def section_lines(value: Any) -> list[str]:
    """A section's text as lines, one per bullet, so the NLP sees its list structure."""
    if value is None:
        return []
    # A lone "¿" is a bullet some upstream tool could not encode.
    text = repair_mojibake(_cell_text(value)).replace(" ¿ ", " • ")
    first, *bullets = (" ".join(part.split()) for part in _BULLET.split(text))
    return ([first] if first else []) + [f"• {bullet}" for bullet in bullets if bullet]


def build_description(cells: dict[str, Any]) -> str:
    """The advert text: each non-empty section under its own heading line."""
    lines: list[str] = []
    for heading, column in SECTIONS:
        body = section_lines(cells.get(column))
        if body:
            lines += [heading, *body]
    return "\n".join(lines)


def job_id(value: Any) -> str | None:
    text = clean_text(value)
    if text is None:
        return None
    match = _INTEGRAL.match(text)  # a numeric cell may render as "623668.0"
    return match.group(1) if match else text


def swapped_date_columns(table: Table, columns: dict[str, str | None]) -> set[str]:
    """Date columns whose datetime cells look read day-first (see the module docstring)."""
    swapped: set[str] = set()
    for name in DATE_COLUMNS:
        column = columns.get(name)
        days = [row.values.get(column) for row in table.rows] if column else []
        cells = [v for v in days if isinstance(v, datetime)]
        if cells and max(c.day for c in cells) <= 12:
            swapped.add(name)
    if swapped:
        log.info("%s: month and day swapped back in datetime cells of %s", table.path.name,
                 ", ".join(sorted(swapped)))
    return swapped


def read_date(value: Any, swapped: bool) -> tuple[date | None, str | None]:
    """(date, raw text) of one date cell."""
    if isinstance(value, datetime):
        stored = value.date()
        return (swap_day_month(stored) if swapped else stored), value.isoformat()
    raw = clean_text(value)
    if raw is None:
        return None, None
    parsed = parse_us_date(raw) or (None if "/" in raw else parse_date_text(raw))
    return parsed, raw


def _resolve_columns(table: Table, mapping: dict[str, str]) -> dict[str, str | None]:
    known = REQUIRED + OPTIONAL
    for key in mapping:
        if key not in known:
            raise ImportFailed(f"mapping key {key!r} is not a column the {NAME} preset reads "
                               f"(one of: {', '.join(known)})")
    columns: dict[str, str | None] = {}
    for name in known:
        if name in mapping:
            columns[name] = mapped_column(table, name, mapping[name])
        else:
            columns[name] = find_column(table.columns, (name, *_ALIASES.get(name, ())))
    missing = [name for name in REQUIRED if columns[name] is None]
    if missing:
        raise ImportFailed(f"{table.path.name} has no {missing[0]!r} column; is it the NYC Jobs "
                           f"dataset? (map another column with --map '{missing[0]}=COLUMN')")
    absent = [name for name in OPTIONAL if columns[name] is None]
    if absent:
        log.warning("%s: no column for %s; those fields stay empty", table.path.name,
                    ", ".join(absent))
    return columns


def prepare(table: Table, mapping: dict[str, str], source: str,
            unparsed: Counter[str]) -> RowConverter:
    columns = _resolve_columns(table, mapping)
    swapped = swapped_date_columns(table, columns)

    def convert(row: Row) -> Converted:
        cells = {name: (row.values.get(col) if col else None) for name, col in columns.items()}
        return _convert(cells, row.number, swapped, unparsed)

    return convert


def _salary(cells: dict[str, Any], unparsed: Counter[str]) -> dict[str, Any]:
    low_raw, high_raw = cells.get("Salary Range From"), cells.get("Salary Range To")
    low, high = parse_amount(clean_text(low_raw)), parse_amount(clean_text(high_raw))
    frequency = clean_text(cells.get("Salary Frequency"))
    fields: dict[str, Any] = {"salary_raw": format_usd_range(low, high, frequency)}
    if fields["salary_raw"] is None:
        if clean_text(low_raw) or clean_text(high_raw):
            unparsed["salary"] += 1
            fields["salary_raw"] = " - ".join(t for t in (clean_text(low_raw),
                                                          clean_text(high_raw)) if t)
        return fields
    if low == 0:
        low = None
    if low is not None and high is not None and low > high:
        unparsed["salary"] += 1
        return fields
    period = _FREQUENCIES.get((frequency or "").lower())
    if frequency and period is None:
        unparsed["salary_period"] += 1
    fields.update(salary_min=low, salary_max=high, salary_currency="USD", salary_period=period)
    return fields


def _convert(cells: dict[str, Any], number: int, swapped: set[str],
             unparsed: Counter[str]) -> Converted:
    source_id = job_id(cells["Job ID"])
    if source_id is None:
        raise RowSkipped("missing_id", "no Job ID")
    posted, posted_raw = read_date(cells.get("Posting Date"), "Posting Date" in swapped)
    until, until_raw = read_date(cells.get("Post Until"), "Post Until" in swapped)
    updated, _ = read_date(cells.get("Posting Updated"), "Posting Updated" in swapped)
    for field, (parsed, raw) in {"date_posted": (posted, posted_raw),
                                 "valid_through": (until, until_raw)}.items():
        if raw is not None and parsed is None:
            unparsed[field] += 1
    code, civil_title = clean_text(cells.get("Title Code No")), clean_text(
        cells.get("Civil Service Title"))
    qualifications = clean_text(cells.get("Minimum Qual Requirements"))
    employment = clean_text(cells.get("Full-Time/Part-Time indicator"))
    fields: dict[str, Any] = {
        "source_id": source_id,
        "url": POSTING_URL.format(job_id=source_id),
        "title": clean_text(cells["Business Title"]),
        "company": clean_text(cells.get("Agency")),
        "location_raw": clean_text(cells.get("Work Location")),
        "country": "US",
        "employment_type": _EMPLOYMENT.get((employment or "").upper(), employment),
        "date_posted": posted, "date_posted_raw": posted_raw,
        "valid_through": until, "valid_through_raw": until_raw,
        "description": build_description(cells),
        "department": clean_text(cells.get("Job Category")),
        "occupational_category": " ".join(p for p in (code, civil_title) if p) or None,
        "experience_requirements_raw": qualifications,
        "education_requirements_raw": qualifications,
        **_salary(cells, unparsed),
    }
    external = (clean_text(cells.get("Posting Type")) or "").lower() == "external"
    return Converted(fields, (external, updated or posted or date.min, number))


PRESET = Preset(NAME, default_source, read, prepare)
