-- Issue 3 (sources): structured requirement fields from connectors, the crawl-time title
-- prefilter, content versions of changed adverts, and "seen again" bookkeeping.

ALTER TABLE postings ADD COLUMN department VARCHAR;
ALTER TABLE postings ADD COLUMN occupational_category VARCHAR;
ALTER TABLE postings ADD COLUMN experience_requirements_raw VARCHAR;
ALTER TABLE postings ADD COLUMN education_requirements_raw VARCHAR;
ALTER TABLE postings ADD COLUMN likely_target BOOLEAN;
ALTER TABLE postings ADD COLUMN version INTEGER DEFAULT 1;
UPDATE postings SET version = 1 WHERE version IS NULL;

COMMENT ON COLUMN postings.department IS 'Team, department or job category label the source gave, if any.';
COMMENT ON COLUMN postings.occupational_category IS 'The source''s occupation code or label (e.g. O*NET-SOC, civil service title), if any.';
COMMENT ON COLUMN postings.experience_requirements_raw IS 'The source''s structured experience requirement as given (JSON-LD experienceRequirements, minimum qualifications).';
COMMENT ON COLUMN postings.education_requirements_raw IS 'The source''s structured education requirement as given (JSON-LD educationRequirements).';
COMMENT ON COLUMN postings.likely_target IS 'Crawl-time title prefilter: the title looks like a tech-leadership role. A cheap hint; role_family from the extract stage is authoritative.';
COMMENT ON COLUMN postings.version IS 'Content version: 1 when first stored, +1 each time a load brings a different content_hash. Earlier versions are in posting_versions.';

CREATE TABLE posting_versions (
    posting_key          VARCHAR   NOT NULL,
    version              INTEGER   NOT NULL,
    content_hash         VARCHAR   NOT NULL,
    title                VARCHAR   NOT NULL,
    company              VARCHAR,
    location_raw         VARCHAR,
    date_posted_raw      VARCHAR,
    salary_raw           VARCHAR,
    description          VARCHAR   NOT NULL,
    role_family          VARCHAR,
    seniority            VARCHAR,
    pipeline_version     VARCHAR,
    first_seen_at        TIMESTAMP NOT NULL,
    superseded_at        TIMESTAMP NOT NULL,
    superseded_by_run_id VARCHAR   NOT NULL,
    PRIMARY KEY (posting_key, version)
);

COMMENT ON TABLE posting_versions IS 'Earlier content of adverts that changed: one row per superseded version. The current version is in postings.';
COMMENT ON COLUMN posting_versions.posting_key IS 'The advert (postings.posting_key).';
COMMENT ON COLUMN posting_versions.version IS 'Which version this was (postings.version counts on from it).';
COMMENT ON COLUMN posting_versions.content_hash IS 'Hash of this version''s content.';
COMMENT ON COLUMN posting_versions.title IS 'Title in this version.';
COMMENT ON COLUMN posting_versions.company IS 'Company in this version.';
COMMENT ON COLUMN posting_versions.location_raw IS 'Location text in this version.';
COMMENT ON COLUMN posting_versions.date_posted_raw IS 'Posting date as given in this version.';
COMMENT ON COLUMN posting_versions.salary_raw IS 'Salary text in this version.';
COMMENT ON COLUMN posting_versions.description IS 'Plain-text description in this version.';
COMMENT ON COLUMN posting_versions.role_family IS 'Role family extracted from this version.';
COMMENT ON COLUMN posting_versions.seniority IS 'Seniority extracted from this version.';
COMMENT ON COLUMN posting_versions.pipeline_version IS 'Extract pipeline that produced this version''s fields.';
COMMENT ON COLUMN posting_versions.first_seen_at IS 'When the advert was first stored (UTC), copied for convenience.';
COMMENT ON COLUMN posting_versions.superseded_at IS 'When a load replaced this version (UTC).';
COMMENT ON COLUMN posting_versions.superseded_by_run_id IS 'The load run that replaced it (runs.run_id).';

ALTER TABLE runs ADD COLUMN postings_seen_unchanged BIGINT DEFAULT 0;
COMMENT ON COLUMN runs.postings_seen_unchanged IS 'Adverts crawled again with unchanged content and already extracted: not re-extracted, only last_seen_at/last_run_id moved on.';
