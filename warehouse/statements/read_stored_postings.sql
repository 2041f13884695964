-- Stored postings as Posting fields, for re-extraction: every posting when
-- $pipeline_version is NULL, else those another pipeline version extracted.
SELECT
    source, source_id, url, scraped_at, title, company, location_raw, country,
    employment_type, remote, date_posted_raw, date_posted, valid_through_raw, valid_through,
    salary_raw, salary_min, salary_max, salary_currency, salary_period, description,
    department, occupational_category, experience_requirements_raw,
    education_requirements_raw, likely_target
FROM postings
WHERE $pipeline_version IS NULL OR pipeline_version IS DISTINCT FROM $pipeline_version
ORDER BY posting_key;
