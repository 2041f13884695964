-- Re-extraction: the extraction columns of postings come from the current pipeline; the
-- source's columns and the lifecycle stay as they are.
UPDATE postings
SET role_family = i.role_family,
    seniority = i.seniority,
    is_target = i.is_target,
    min_years_experience = i.min_years_experience,
    pipeline_version = i.pipeline_version
FROM incoming_postings AS i
WHERE postings.posting_key = i.posting_key;
