-- Stored postings get the incoming content; first_seen_at and first_run_id are not in the
-- SET list, so they keep their first values. An UPDATE plus an INSERT of the new keys is
-- ~20x faster in DuckDB than INSERT ... ON CONFLICT DO UPDATE on large batches.
UPDATE postings
SET version = CASE WHEN postings.content_hash <> i.content_hash
                   THEN postings.version + 1 ELSE postings.version END,
    url = i.url,
    title = i.title,
    company = i.company,
    location_raw = i.location_raw,
    country = i.country,
    remote = i.remote,
    employment_type = i.employment_type,
    date_posted_raw = i.date_posted_raw,
    date_posted = i.date_posted,
    valid_through_raw = i.valid_through_raw,
    valid_through = i.valid_through,
    salary_raw = i.salary_raw,
    salary_min = i.salary_min,
    salary_max = i.salary_max,
    salary_currency = i.salary_currency,
    salary_period = i.salary_period,
    description = i.description,
    content_hash = i.content_hash,
    role_family = i.role_family,
    seniority = i.seniority,
    is_target = i.is_target,
    min_years_experience = i.min_years_experience,
    pipeline_version = i.pipeline_version,
    scraped_at = i.scraped_at,
    department = i.department,
    occupational_category = i.occupational_category,
    experience_requirements_raw = i.experience_requirements_raw,
    education_requirements_raw = i.education_requirements_raw,
    likely_target = i.likely_target,
    canonical_url = i.canonical_url,
    last_seen_at = $seen_at,
    last_run_id = $run_id
FROM incoming_postings AS i
WHERE postings.posting_key = i.posting_key;

INSERT INTO postings (
    posting_key, source, source_id, url, title, company, location_raw, country, remote,
    employment_type, date_posted_raw, date_posted, valid_through_raw, valid_through,
    salary_raw, salary_min, salary_max, salary_currency, salary_period, description,
    content_hash, role_family, seniority, is_target, min_years_experience, pipeline_version,
    scraped_at, first_seen_at, last_seen_at, first_run_id, last_run_id,
    department, occupational_category, experience_requirements_raw, education_requirements_raw,
    likely_target, version, canonical_url, missed_runs
)
SELECT
    posting_key, source, source_id, url, title, company, location_raw, country, remote,
    employment_type, date_posted_raw, date_posted, valid_through_raw, valid_through,
    salary_raw, salary_min, salary_max, salary_currency, salary_period, description,
    content_hash, role_family, seniority, is_target, min_years_experience, pipeline_version,
    scraped_at, $seen_at, $seen_at, $run_id, $run_id,
    department, occupational_category, experience_requirements_raw, education_requirements_raw,
    likely_target, 1, canonical_url, 0
FROM incoming_postings AS i
WHERE NOT EXISTS (SELECT 1 FROM postings AS p WHERE p.posting_key = i.posting_key);
