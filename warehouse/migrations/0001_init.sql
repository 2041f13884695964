-- 0001: the four tables of the warehouse.
-- Timestamps are UTC stored as plain TIMESTAMP so month boundaries never depend on the
-- session time zone of whoever queries the file.

CREATE TABLE postings (
    posting_key          VARCHAR   PRIMARY KEY,
    source               VARCHAR   NOT NULL,
    source_id            VARCHAR   NOT NULL,
    url                  VARCHAR   NOT NULL,
    title                VARCHAR   NOT NULL,
    company              VARCHAR,
    location_raw         VARCHAR,
    country              VARCHAR,
    remote               BOOLEAN,
    employment_type      VARCHAR,
    date_posted_raw      VARCHAR,
    date_posted          DATE,
    valid_through_raw    VARCHAR,
    valid_through        DATE,
    salary_raw           VARCHAR,
    salary_min           DOUBLE,
    salary_max           DOUBLE,
    salary_currency      VARCHAR,
    salary_period        VARCHAR,
    description          VARCHAR   NOT NULL,
    content_hash         VARCHAR   NOT NULL,
    role_family          VARCHAR,
    seniority            VARCHAR,
    is_target            BOOLEAN   NOT NULL,
    min_years_experience DOUBLE,
    pipeline_version     VARCHAR,
    scraped_at           TIMESTAMP NOT NULL,
    first_seen_at        TIMESTAMP NOT NULL,
    last_seen_at         TIMESTAMP NOT NULL,
    first_run_id         VARCHAR   NOT NULL,
    last_run_id          VARCHAR   NOT NULL,
    CHECK (posting_key = source || ':' || source_id),
    CHECK (last_seen_at >= first_seen_at)
);

COMMENT ON TABLE postings IS 'One row per job advert (latest loaded version), keyed by source and the source''s own id.';
COMMENT ON COLUMN postings.posting_key IS 'Stable identity across runs: "source:source_id".';
COMMENT ON COLUMN postings.source IS 'Connector that collected the advert, e.g. sample-jsonld.';
COMMENT ON COLUMN postings.source_id IS 'The source''s own id for the advert.';
COMMENT ON COLUMN postings.url IS 'Where the advert was found.';
COMMENT ON COLUMN postings.title IS 'Job title as advertised.';
COMMENT ON COLUMN postings.company IS 'Hiring organisation as advertised, if given.';
COMMENT ON COLUMN postings.location_raw IS 'Location text exactly as the source gave it.';
COMMENT ON COLUMN postings.country IS 'Country normalised from the location, if known.';
COMMENT ON COLUMN postings.remote IS 'True when the advert allows remote work; NULL when it does not say.';
COMMENT ON COLUMN postings.employment_type IS 'Employment type as normalised by the crawler (e.g. full_time).';
COMMENT ON COLUMN postings.date_posted_raw IS 'Posting date text exactly as the source gave it.';
COMMENT ON COLUMN postings.date_posted IS 'Posting date parsed from date_posted_raw; trend months are taken from it.';
COMMENT ON COLUMN postings.valid_through_raw IS 'Closing date text exactly as the source gave it.';
COMMENT ON COLUMN postings.valid_through IS 'Closing date parsed from valid_through_raw.';
COMMENT ON COLUMN postings.salary_raw IS 'Salary text exactly as the source gave it.';
COMMENT ON COLUMN postings.salary_min IS 'Lower salary bound parsed from salary_raw, in salary_currency per salary_period.';
COMMENT ON COLUMN postings.salary_max IS 'Upper salary bound parsed from salary_raw, in salary_currency per salary_period.';
COMMENT ON COLUMN postings.salary_currency IS 'ISO 4217 currency of the salary bounds.';
COMMENT ON COLUMN postings.salary_period IS 'Period the salary bounds cover: hour, day, week, month or year.';
COMMENT ON COLUMN postings.description IS 'Plain-text advert body, kept so history can be re-extracted with a newer pipeline.';
COMMENT ON COLUMN postings.content_hash IS 'Hash of what the advert says; a change marks the posting as changed on load.';
COMMENT ON COLUMN postings.role_family IS 'Role family from the extract stage: technology_management, technical_operations_management, other_management or individual_contributor.';
COMMENT ON COLUMN postings.seniority IS 'Seniority from the extract stage: individual, lead, manager, director or executive.';
COMMENT ON COLUMN postings.is_target IS 'True for technology-leadership adverts, the population the trend views study.';
COMMENT ON COLUMN postings.min_years_experience IS 'Minimum years of experience the advert asks for, if stated.';
COMMENT ON COLUMN postings.pipeline_version IS 'Version of the extract pipeline that produced role_family, seniority and the skill facts.';
COMMENT ON COLUMN postings.scraped_at IS 'When the loaded version of the advert was crawled (UTC).';
COMMENT ON COLUMN postings.first_seen_at IS 'Start of the load run that first stored the advert (UTC); never changes.';
COMMENT ON COLUMN postings.last_seen_at IS 'Start of the most recent load run that included the advert (UTC).';
COMMENT ON COLUMN postings.first_run_id IS 'Load run that first stored the advert (runs.run_id).';
COMMENT ON COLUMN postings.last_run_id IS 'Most recent load run that included the advert (runs.run_id).';

CREATE TABLE skills (
    skill_id         VARCHAR   PRIMARY KEY,
    name             VARCHAR   NOT NULL,
    category         VARCHAR   NOT NULL,
    aliases          VARCHAR[] NOT NULL,
    taxonomy_version VARCHAR   NOT NULL
);

COMMENT ON TABLE skills IS 'The skill taxonomy, upserted from the snapshot the extract stage used; skills dropped from a later taxonomy stay so old facts keep their names.';
COMMENT ON COLUMN skills.skill_id IS 'Stable taxonomy id of the skill.';
COMMENT ON COLUMN skills.name IS 'Display name of the skill.';
COMMENT ON COLUMN skills.category IS 'technical, leadership, business, soft or certification.';
COMMENT ON COLUMN skills.aliases IS 'Other spellings the extractor matches for the skill.';
COMMENT ON COLUMN skills.taxonomy_version IS 'Content hash of the taxonomy snapshot that last wrote this row.';

CREATE TABLE posting_skills (
    posting_key      VARCHAR NOT NULL,
    skill_id         VARCHAR NOT NULL,
    start_char       INTEGER NOT NULL CHECK (start_char >= 0),
    end_char         INTEGER NOT NULL,
    matched_text     VARCHAR NOT NULL,
    section          VARCHAR,
    pipeline_version VARCHAR,
    PRIMARY KEY (posting_key, skill_id, start_char),
    CHECK (end_char > start_char)
);

COMMENT ON TABLE posting_skills IS 'Skill facts: each mention of a taxonomy skill in a posting; replaced whenever the posting is loaded again.';
COMMENT ON COLUMN posting_skills.posting_key IS 'The posting mentioning the skill (postings.posting_key).';
COMMENT ON COLUMN posting_skills.skill_id IS 'The skill mentioned (skills.skill_id).';
COMMENT ON COLUMN posting_skills.start_char IS 'Offset of the first character of the mention in postings.description.';
COMMENT ON COLUMN posting_skills.end_char IS 'Offset just past the last character of the mention in postings.description.';
COMMENT ON COLUMN posting_skills.matched_text IS 'The mention as written in the advert.';
COMMENT ON COLUMN posting_skills.section IS 'Advert section heading the mention sits under, if known.';
COMMENT ON COLUMN posting_skills.pipeline_version IS 'Version of the extract pipeline that found the mention.';

CREATE TABLE runs (
    run_id             VARCHAR   PRIMARY KEY,
    started_at         TIMESTAMP NOT NULL,
    finished_at        TIMESTAMP,
    status             VARCHAR   NOT NULL,
    postings_file      VARCHAR   NOT NULL,
    skills_file        VARCHAR   NOT NULL,
    postings_in        INTEGER   NOT NULL CHECK (postings_in >= 0),
    postings_new       INTEGER   NOT NULL CHECK (postings_new >= 0),
    postings_changed   INTEGER   NOT NULL CHECK (postings_changed >= 0),
    postings_unchanged INTEGER   NOT NULL CHECK (postings_unchanged >= 0),
    skill_facts        INTEGER   NOT NULL CHECK (skill_facts >= 0),
    skills_in          INTEGER   NOT NULL CHECK (skills_in >= 0),
    skipped_records    INTEGER   NOT NULL CHECK (skipped_records >= 0),
    CHECK (postings_new + postings_changed + postings_unchanged = postings_in)
);

COMMENT ON TABLE runs IS 'One row per committed load run. A failed load rolls back entirely and leaves no row.';
COMMENT ON COLUMN runs.run_id IS 'Id of the load run (given by the caller or generated from the start time).';
COMMENT ON COLUMN runs.started_at IS 'When the load run started (UTC); also the seen time it stamps on postings.';
COMMENT ON COLUMN runs.finished_at IS 'When the load run committed (UTC).';
COMMENT ON COLUMN runs.status IS 'Outcome of the run; only succeeded runs are committed.';
COMMENT ON COLUMN runs.postings_file IS 'Postings JSON Lines file the run loaded.';
COMMENT ON COLUMN runs.skills_file IS 'Skill taxonomy JSON Lines file the run loaded.';
COMMENT ON COLUMN runs.postings_in IS 'Distinct valid postings read (new + changed + unchanged).';
COMMENT ON COLUMN runs.postings_new IS 'Postings the warehouse had not stored before.';
COMMENT ON COLUMN runs.postings_changed IS 'Stored postings whose content_hash changed.';
COMMENT ON COLUMN runs.postings_unchanged IS 'Stored postings loaded again with the same content_hash.';
COMMENT ON COLUMN runs.skill_facts IS 'Skill facts written for the loaded postings.';
COMMENT ON COLUMN runs.skills_in IS 'Taxonomy entries upserted from the skills file.';
COMMENT ON COLUMN runs.skipped_records IS 'Input lines skipped: invalid JSON, invalid records and repeated keys.';
