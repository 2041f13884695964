"""Property-based tests: the JSON-LD, salary and description parsers never raise on any input.

A crawl meets whatever a site publishes; these parsers must map it or return nothing, and
what they return must have the types the Posting model expects.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scrapers.description_text import html_to_text
from scrapers.jsonld import MalformedJsonLd, find_job_postings, load_jsonld, map_job_posting
from scrapers.middlewares import backoff_seconds, retry_after_seconds
from scrapers.salary import map_salary
from scrapers.salary_text import parse_salary_text

URL = "https://careers.example.com/jobs/1.html"
JOB_POSTING_KEYS = [
    "@type", "title", "name", "description", "identifier", "datePosted", "validThrough",
    "employmentType", "hiringOrganization", "jobLocation", "jobLocationType", "baseSalary",
    "experienceRequirements", "educationRequirements", "occupationalCategory", "industry",
    "department", "value", "minValue", "maxValue", "unitText", "currency", "address",
    "addressCountry", "addressLocality", "monthsOfExperience", "credentialCategory",
    "codeValue", "@graph", "mainEntity", "@value",
]
SALARY_WORDS = ["£", "$", "€", "k", "K", "-", "–", " to ", " per annum", "/hr", " a year",
                "USD", "GBP", " pa", ",", ".", " ", "+", "up to ", "from "]

json_scalars = (st.none() | st.booleans() | st.integers() | st.text(max_size=30)
                | st.floats(allow_nan=True, allow_infinity=True))
json_values = st.recursive(
    json_scalars,
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.sampled_from(JOB_POSTING_KEYS) | st.text(max_size=8), children,
                      max_size=6),
    max_leaves=30,
)
# JobPosting-shaped objects reach the deeper mapping code more often than arbitrary dicts.
job_postings = st.dictionaries(st.sampled_from(JOB_POSTING_KEYS), json_values, max_size=12).map(
    lambda d: {**d, "@type": "JobPosting"})
salary_text = st.lists(st.sampled_from(SALARY_WORDS) | st.integers(0, 10**7).map(str)
                       | st.text(max_size=5), max_size=10).map("".join)

_STR_OR_NONE = ("title", "company", "location_raw", "country", "employment_type",
                "date_posted_raw", "valid_through_raw", "salary_raw", "salary_currency",
                "salary_period", "description_html", "description", "department",
                "occupational_category", "experience_requirements_raw",
                "education_requirements_raw")


def _check_salary(fields: dict[str, Any]) -> None:
    for key in ("salary_min", "salary_max"):
        value = fields.get(key)
        assert value is None or (isinstance(value, float) and math.isfinite(value)
                                 and value >= 0)
    if fields.get("salary_min") is not None and fields.get("salary_max") is not None:
        assert fields["salary_min"] <= fields["salary_max"]
    assert fields.get("salary_period") in (None, "hour", "day", "week", "month", "year")


@given(json_values)
def test_find_job_postings_never_raises_and_yields_only_job_postings(value: Any) -> None:
    for job in find_job_postings(value):
        assert isinstance(job, dict)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(json_values | job_postings)
def test_map_job_posting_never_raises_and_returns_model_types(job: Any) -> None:
    fields = map_job_posting(job, URL)

    assert fields["url"] == URL
    assert isinstance(fields["source_id"], str) and fields["source_id"]
    assert isinstance(fields["remote"], bool)
    for key in _STR_OR_NONE:
        assert fields[key] is None or isinstance(fields[key], str), key
    _check_salary(fields)


@given(st.text(max_size=200))
def test_load_jsonld_returns_a_value_or_raises_only_malformed_jsonld(text: str) -> None:
    try:
        load_jsonld(text)
    except MalformedJsonLd:
        pass


@given(salary_text)
def test_salary_text_parser_never_raises(text: str) -> None:
    _check_salary(parse_salary_text(text))


@given(st.text(max_size=300))
def test_salary_text_parser_never_raises_on_any_text(text: str) -> None:
    _check_salary(parse_salary_text(text))


@given(json_values | salary_text)
def test_base_salary_mapping_never_raises(value: Any) -> None:
    fields = map_salary(value)
    _check_salary(fields)
    assert fields.get("salary_raw") is None or isinstance(fields["salary_raw"], str)


@given(st.text(max_size=300) | st.lists(st.sampled_from(
    ["<p>", "</p>", "<ul>", "<li>", "</li>", "&lt;li&gt;", "&amp;", "<br>", "<script>",
     "</script>", "<!--", "-->", "<h2>", "\x00", "text", " ", "\n", "&#0;", "<![CDATA["]),
    max_size=30).map("".join))
def test_html_to_text_never_raises_and_has_no_blank_lines(markup: str) -> None:
    text = html_to_text(markup)
    assert all(line.strip() for line in text.splitlines())


@given(st.text(max_size=60) | st.binary(max_size=60))
def test_retry_after_parser_never_raises_and_never_goes_negative(value: str | bytes) -> None:
    seconds = retry_after_seconds(value, now=datetime(2025, 1, 1, tzinfo=UTC))
    assert seconds is None or seconds >= 0


@given(st.integers(0, 10_000), st.floats(0, 100), st.floats(0, 1000))
def test_backoff_never_exceeds_its_cap(retries: int, base: float, cap: float) -> None:
    assert 0 <= backoff_seconds(retries, base, cap) <= max(cap, 0)
