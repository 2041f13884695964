-- first_seen_at and first_run_id are absent from the SET list, so an existing posting keeps them.
INSERT INTO postings (
    posting_key, source, source_id, url, title, company, location_raw, country, remote,
    employment_type, date_posted_raw, date_posted, valid_through_raw, valid_through,
    salary_raw, salary_min, salary_max, salary_currency, salary_period, description,
    content_hash, role_family, seniority, is_target, min_years_experience, pipeline_version,
    scraped_at, first_seen_at, last_seen_at, first_run_id, last_run_id,
    department, occupational_category, experience_requirements_raw, education_requirements_raw,
    likely_target, version, canonical_url
)
SELECT
    posting_key, source, source_id, url, title, company, location_raw, country, remote,
    employment_type, date_posted_raw, date_posted, valid_through_raw, valid_through,
    salary_raw, salary_min, salary_max, salary_currency, salary_period, description,
    content_hash, role_family, seniority, is_target, min_years_experience, pipeline_version,
    scraped_at, $seen_at, $seen_at, $run_id, $run_id,
    department, occupational_category, experience_requirements_raw, education_requirements_raw,
    likely_target, 1, canonical_url
FROM incoming_postings
ON CONFLICT (posting_key) DO UPDATE SET
    version = CASE WHEN postings.content_hash <> excluded.content_hash
                   THEN postings.version + 1 ELSE postings.version END,
    url = excluded.url,
    title = excluded.title,
    company = excluded.company,
    location_raw = excluded.location_raw,
    country = excluded.country,
    remote = excluded.remote,
    employment_type = excluded.employment_type,
    date_posted_raw = excluded.date_posted_raw,
    date_posted = excluded.date_posted,
    valid_through_raw = excluded.valid_through_raw,
    valid_through = excluded.valid_through,
    salary_raw = excluded.salary_raw,
    salary_min = excluded.salary_min,
    salary_max = excluded.salary_max,
    salary_currency = excluded.salary_currency,
    salary_period = excluded.salary_period,
    description = excluded.description,
    content_hash = excluded.content_hash,
    role_family = excluded.role_family,
    seniority = excluded.seniority,
    is_target = excluded.is_target,
    min_years_experience = excluded.min_years_experience,
    pipeline_version = excluded.pipeline_version,
    scraped_at = excluded.scraped_at,
    department = excluded.department,
    occupational_category = excluded.occupational_category,
    experience_requirements_raw = excluded.experience_requirements_raw,
    education_requirements_raw = excluded.education_requirements_raw,
    likely_target = excluded.likely_target,
    canonical_url = excluded.canonical_url,
    last_seen_at = excluded.last_seen_at,
    last_run_id = excluded.last_run_id;
