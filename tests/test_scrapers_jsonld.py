"""schema.org JobPosting JSON-LD -> Posting fields, one field per test."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

from scrapers.jsonld import (
    MalformedJsonLd,
    find_job_postings,
    load_jsonld,
    map_job_posting,
    url_hash,
)

URL = "https://careers.example.com/jobs/42.html"


def posting(**overrides: Any) -> dict[str, Any]:
    job: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "JobPosting",
        "title": "Head of IT Service Delivery",
        "description": "<h3>Requirements</h3><ul><li>ITIL</li></ul>",
        "datePosted": "2024-05-01",
        "validThrough": "2024-06-30T23:59:59+00:00",
        "employmentType": "FULL_TIME",
        "hiringOrganization": {"@type": "Organization", "name": "Initech",
                               "sameAs": "https://initech.example"},
        "jobLocation": {"@type": "Place", "address": {
            "@type": "PostalAddress", "addressLocality": "Manchester",
            "addressRegion": "Greater Manchester", "addressCountry": "GB"}},
        "identifier": {"@type": "PropertyValue", "name": "Initech", "value": "IT-42"},
    }
    job.update(overrides)
    return {k: v for k, v in job.items() if v is not None}


def mapped(**overrides: Any) -> dict[str, Any]:
    return map_job_posting(posting(**overrides), URL)


# --- finding JobPosting objects -------------------------------------------------------


def test_finds_a_top_level_job_posting() -> None:
    assert [j["title"] for j in find_job_postings(posting())] == ["Head of IT Service Delivery"]


def test_finds_job_postings_in_a_list() -> None:
    value = [{"@type": "BreadcrumbList"}, posting(title="A"), posting(title="B")]
    assert [j["title"] for j in find_job_postings(value)] == ["A", "B"]


def test_finds_a_job_posting_inside_graph() -> None:
    value = {"@context": "https://schema.org", "@graph": [
        {"@type": "Organization", "name": "Initech"},
        {"@type": "WebPage", "name": "Careers"},
        posting(title="In a graph"),
    ]}
    assert [j["title"] for j in find_job_postings(value)] == ["In a graph"]


def test_accepts_type_as_a_list_or_a_full_iri() -> None:
    value = [posting(**{"@type": ["JobPosting", "Thing"]}),
             posting(**{"@type": "http://schema.org/JobPosting"})]
    assert len(list(find_job_postings(value))) == 2


def test_ignores_objects_that_are_not_job_postings() -> None:
    value = {"@type": "Organization", "name": "Initech",
             "subOrganization": posting()}  # not a page-level posting
    assert list(find_job_postings(value)) == []


def test_malformed_json_raises_malformed_jsonld() -> None:
    with pytest.raises(MalformedJsonLd, match="invalid JSON-LD"):
        load_jsonld('{"@type": "JobPosting", "title": "x"')


def test_raw_newlines_inside_strings_are_tolerated() -> None:
    assert load_jsonld('{"title": "two\nlines"}') == {"title": "two\nlines"}


def test_script_wrapped_in_an_html_comment_is_parsed() -> None:
    assert load_jsonld('<!-- {"@type": "JobPosting"} -->') == {"@type": "JobPosting"}


# --- mapping one JobPosting --------------------------------------------------------------


def test_title() -> None:
    assert mapped()["title"] == "Head of IT Service Delivery"


def test_title_entities_and_whitespace_are_cleaned() -> None:
    assert mapped(title="  Head of IT &amp;\n Digital ")["title"] == "Head of IT & Digital"


def test_missing_title_maps_to_none_for_the_pipeline_to_drop() -> None:
    assert mapped(title=None)["title"] is None


def test_company_from_nested_hiring_organization() -> None:
    assert mapped()["company"] == "Initech"


def test_company_from_a_plain_string() -> None:
    assert mapped(hiringOrganization="Globex Ltd")["company"] == "Globex Ltd"


def test_location_raw_joins_locality_region_country() -> None:
    assert mapped()["location_raw"] == "Manchester, Greater Manchester, GB"


def test_location_raw_skips_missing_parts() -> None:
    job = mapped(jobLocation={"@type": "Place", "address": {"addressLocality": "Berlin",
                                                             "addressCountry": "DE"}})
    assert job["location_raw"] == "Berlin, DE"


def test_several_locations_are_joined() -> None:
    places = [{"address": {"addressLocality": "Leeds", "addressCountry": "GB"}},
              {"address": {"addressLocality": "York", "addressCountry": "GB"}}]
    assert mapped(jobLocation=places)["location_raw"] == "Leeds, GB; York, GB"


def test_country_from_a_string() -> None:
    assert mapped()["country"] == "GB"


def test_country_from_a_country_object() -> None:
    place = {"address": {"addressLocality": "Cork",
                         "addressCountry": {"@type": "Country", "name": "IE"}}}
    job = mapped(jobLocation=place)
    assert job["country"] == "IE"
    assert job["location_raw"] == "Cork, IE"


def test_telecommute_means_remote() -> None:
    assert mapped(jobLocationType="TELECOMMUTE")["remote"] is True
    assert mapped(jobLocationType=["TELECOMMUTE"])["remote"] is True


def test_no_job_location_type_means_on_site() -> None:
    assert mapped()["remote"] is False


def test_employment_type_string() -> None:
    assert mapped()["employment_type"] == "FULL_TIME"


def test_employment_type_list_is_joined() -> None:
    assert mapped(employmentType=["FULL_TIME", "CONTRACTOR"])["employment_type"] \
        == "FULL_TIME, CONTRACTOR"


def test_date_posted_from_an_iso_date() -> None:
    job = mapped()
    assert job["date_posted_raw"] == "2024-05-01"
    assert job["date_posted"] == date(2024, 5, 1)


def test_date_posted_from_an_iso_datetime_keeps_the_raw_value() -> None:
    job = mapped(datePosted="2024-05-01T09:30:00-07:00")
    assert job["date_posted_raw"] == "2024-05-01T09:30:00-07:00"
    assert job["date_posted"] == date(2024, 5, 1)


def test_unparseable_date_keeps_raw_and_leaves_date_empty() -> None:
    job = mapped(datePosted="last Tuesday")
    assert job["date_posted_raw"] == "last Tuesday"
    assert job["date_posted"] is None


def test_valid_through() -> None:
    job = mapped()
    assert job["valid_through_raw"] == "2024-06-30T23:59:59+00:00"
    assert job["valid_through"] == date(2024, 6, 30)


def test_salary_range_per_year() -> None:
    base = {"@type": "MonetaryAmount", "currency": "GBP",
            "value": {"@type": "QuantitativeValue", "minValue": 70000, "maxValue": 80000,
                      "unitText": "YEAR"}}
    job = mapped(baseSalary=base)
    assert (job["salary_min"], job["salary_max"]) == (70000.0, 80000.0)
    assert job["salary_currency"] == "GBP"
    assert job["salary_period"] == "year"


def test_salary_single_value_per_hour() -> None:
    base = {"@type": "MonetaryAmount", "currency": "USD",
            "value": {"@type": "QuantitativeValue", "value": 95.5, "unitText": "HOUR"}}
    job = mapped(baseSalary=base)
    assert (job["salary_min"], job["salary_max"]) == (95.5, 95.5)
    assert job["salary_period"] == "hour"


@pytest.mark.parametrize(("unit", "period"), [("MONTH", "month"), ("WEEK", "week"),
                                              ("DAY", "day"), ("year", "year")])
def test_salary_unit_text_maps_to_period(unit: str, period: str) -> None:
    base = {"currency": "EUR", "value": {"value": 1, "unitText": unit}}
    assert mapped(baseSalary=base)["salary_period"] == period


def test_salary_numbers_given_as_strings() -> None:
    base = {"currency": "EUR", "value": {"minValue": "60,000", "maxValue": "70000.50",
                                         "unitText": "YEAR"}}
    job = mapped(baseSalary=base)
    assert (job["salary_min"], job["salary_max"]) == (60000.0, 70000.5)


def test_salary_raw_is_the_compact_json_of_base_salary() -> None:
    base = {"@type": "MonetaryAmount", "currency": "GBP",
            "value": {"@type": "QuantitativeValue", "value": 500, "unitText": "DAY"}}
    raw = mapped(baseSalary=base)["salary_raw"]
    assert json.loads(raw) == base
    assert " " not in raw


def test_no_base_salary_leaves_salary_empty() -> None:
    job = mapped()
    assert job["salary_raw"] is None
    assert job["salary_min"] is None and job["salary_period"] is None


def test_description_is_plain_text_with_one_line_per_heading_and_bullet() -> None:
    job = mapped()
    assert job["description_html"] == "<h3>Requirements</h3><ul><li>ITIL</li></ul>"
    assert job["description"] == "Requirements\n- ITIL"


def test_source_id_from_property_value_identifier() -> None:
    assert mapped()["source_id"] == "IT-42"


def test_source_id_from_a_string_identifier() -> None:
    assert mapped(identifier="REQ-7")["source_id"] == "REQ-7"


def test_source_id_falls_back_to_a_hash_of_the_url() -> None:
    source_id = mapped(identifier=None)["source_id"]
    assert source_id == url_hash(URL)
    assert source_id != url_hash("https://careers.example.com/jobs/43.html")


def test_url_is_the_page_url() -> None:
    assert mapped()["url"] == URL


# --- requirements, category, department ------------------------------------------------


def test_experience_requirements_as_text() -> None:
    assert mapped(experienceRequirements="Five years leading infrastructure teams")[
        "experience_requirements_raw"] == "Five years leading infrastructure teams"


def test_experience_requirements_in_months_of_experience() -> None:
    value = {"@type": "OccupationalExperienceRequirements", "monthsOfExperience": 60,
             "description": "managing service desks"}
    assert mapped(experienceRequirements=value)["experience_requirements_raw"] \
        == "60 months of experience; managing service desks"


def test_education_requirements_as_text_or_credential_category() -> None:
    assert mapped(educationRequirements="Degree in computing")[
        "education_requirements_raw"] == "Degree in computing"
    credential = {"@type": "EducationalOccupationalCredential",
                  "credentialCategory": "bachelor degree"}
    assert mapped(educationRequirements=credential)["education_requirements_raw"] \
        == "bachelor degree"
    defined_term = {"@type": "EducationalOccupationalCredential", "credentialCategory": {
        "@type": "DefinedTerm", "name": "postgraduate degree", "termCode": "PG"}}
    assert mapped(educationRequirements=[defined_term, credential])[
        "education_requirements_raw"] == "postgraduate degree; bachelor degree"


def test_occupational_category_as_text_or_category_code() -> None:
    assert mapped(occupationalCategory="11-3021.00 Computer and Information Systems Managers")[
        "occupational_category"] == "11-3021.00 Computer and Information Systems Managers"
    code = {"@type": "CategoryCode", "codeValue": "1330",
            "name": "ICT service managers", "inCodeSet": "ISCO-08"}
    assert mapped(occupationalCategory=code)["occupational_category"] \
        == "1330 ICT service managers"


def test_department_prefers_the_hiring_organisations_department_over_industry() -> None:
    org = {"@type": "Organization", "name": "Initech",
           "department": {"@type": "Organization", "name": "Digital Services"}}
    assert mapped(hiringOrganization=org, industry="Insurance")["department"] \
        == "Digital Services"
    assert mapped(industry={"@type": "DefinedTerm", "name": "Insurance"})["department"] \
        == "Insurance"
    assert mapped()["department"] is None


def test_absent_requirements_map_to_none() -> None:
    fields = mapped()
    assert fields["experience_requirements_raw"] is None
    assert fields["education_requirements_raw"] is None
    assert fields["occupational_category"] is None


# --- salary shapes and wrong types -----------------------------------------------------


def test_salary_min_and_max_directly_on_the_monetary_amount() -> None:
    fields = mapped(baseSalary={"@type": "MonetaryAmount", "currency": "EUR",
                                "minValue": 70000, "maxValue": 85000, "unitText": "YEAR"})
    assert (fields["salary_min"], fields["salary_max"], fields["salary_currency"],
            fields["salary_period"]) == (70000, 85000, "EUR", "year")


def test_salary_given_as_text_is_parsed_and_kept_raw() -> None:
    fields = mapped(baseSalary="£70,000 - £80,000 per annum")
    assert (fields["salary_min"], fields["salary_max"], fields["salary_currency"],
            fields["salary_period"]) == (70000, 80000, "GBP", "year")
    assert fields["salary_raw"] == "£70,000 - £80,000 per annum"


def test_salary_text_value_uses_the_amounts_currency() -> None:
    fields = mapped(baseSalary={"@type": "MonetaryAmount", "currency": "GBP",
                                "value": "65,000 to 72,000", "unitText": "YEAR"})
    assert (fields["salary_min"], fields["salary_max"], fields["salary_currency"]) \
        == (65000, 72000, "GBP")


def test_reversed_salary_range_is_put_in_order() -> None:
    fields = mapped(baseSalary={"currency": "USD", "value": {
        "minValue": 150000, "maxValue": 120000, "unitText": "YEAR"}})
    assert (fields["salary_min"], fields["salary_max"]) == (120000, 150000)


@pytest.mark.parametrize("bad", [-5, "NaN", "Infinity", True, {"x": 1}, 10**400])
def test_unusable_salary_numbers_map_to_none(bad: Any) -> None:
    fields = mapped(baseSalary={"currency": "GBP", "value": {"value": bad, "unitText": "YEAR"}})
    assert fields["salary_min"] is None and fields["salary_max"] is None


def test_salary_text_without_an_amount_keeps_only_the_raw_text() -> None:
    fields = mapped(baseSalary="Competitive")
    assert fields["salary_raw"] == "Competitive" and fields["salary_min"] is None


def test_wrong_types_map_to_none_instead_of_raising() -> None:
    fields = mapped(title={"@type": "Thing"}, hiringOrganization=42, datePosted=20240501,
                    jobLocation=7, employmentType={"x": 1}, description=["<p>x</p>"])
    assert fields["title"] is None
    assert fields["company"] is None
    assert fields["date_posted"] is None and fields["date_posted_raw"] is None
    assert fields["location_raw"] is None
    assert fields["employment_type"] is None
    assert fields["description"] is None


def test_title_falls_back_to_name() -> None:
    job = posting(title=None)
    job["name"] = "Director of IT"
    assert map_job_posting(job, URL)["title"] == "Director of IT"


def test_deeply_nested_json_is_malformed_not_a_crash() -> None:
    with pytest.raises(MalformedJsonLd, match="nested too deeply"):
        load_jsonld("[" * 50_000 + "]" * 50_000)


def test_job_postings_nested_beyond_page_structure_depth_are_ignored() -> None:
    value: Any = posting(title="Deep")
    for _ in range(20):
        value = [value]
    assert list(find_job_postings(value)) == []
    assert [j["title"] for j in find_job_postings([[posting(title="Shallow")]])] == ["Shallow"]
