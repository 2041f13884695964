-- Issue 5 (warehouse): what the extract stage reads beyond skills, provenance on every
-- skill fact, the skills' ESCO/O*NET references, advert lifecycle and duplicate clusters.

-- ---- postings: rebuilt with lifecycle columns ---------------------------------------------
-- Rebuilt rather than altered: its CHECK (posting_key = source || ':' || source_id) names the
-- key column, which made DuckDB rewrite row and index on every UPDATE (~100 rows/ms; a daily
-- re-load of 1 M adverts would have taken hours). The load builds the key itself
-- (warehouse.frames) and a schema test checks the rule. Comments carry over (migrate.py).
CREATE TABLE postings_v3 (
    posting_key                 VARCHAR   PRIMARY KEY,
    source                      VARCHAR   NOT NULL,
    source_id                   VARCHAR   NOT NULL,
    url                         VARCHAR   NOT NULL,
    title                       VARCHAR   NOT NULL,
    company                     VARCHAR,
    location_raw                VARCHAR,
    country                     VARCHAR,
    remote                      BOOLEAN,
    employment_type             VARCHAR,
    date_posted_raw             VARCHAR,
    date_posted                 DATE,
    valid_through_raw           VARCHAR,
    valid_through               DATE,
    salary_raw                  VARCHAR,
    salary_min                  DOUBLE,
    salary_max                  DOUBLE,
    salary_currency             VARCHAR,
    salary_period               VARCHAR,
    description                 VARCHAR   NOT NULL,
    content_hash                VARCHAR   NOT NULL,
    role_family                 VARCHAR,
    seniority                   VARCHAR,
    is_target                   BOOLEAN   NOT NULL,
    min_years_experience        DOUBLE,
    pipeline_version            VARCHAR,
    scraped_at                  TIMESTAMP NOT NULL,
    first_seen_at               TIMESTAMP NOT NULL,
    last_seen_at                TIMESTAMP NOT NULL,
    first_run_id                VARCHAR   NOT NULL,
    last_run_id                 VARCHAR   NOT NULL,
    department                  VARCHAR,
    occupational_category       VARCHAR,
    experience_requirements_raw VARCHAR,
    education_requirements_raw  VARCHAR,
    likely_target               BOOLEAN,
    version                     INTEGER   DEFAULT 1,
    canonical_url               VARCHAR,
    missed_runs                 INTEGER   NOT NULL DEFAULT 0,
    closed_at                   TIMESTAMP,
    closed_run_id               VARCHAR
);
INSERT INTO postings_v3 BY NAME SELECT *, url AS canonical_url, 0 AS missed_runs
FROM postings;
DROP TABLE postings;
ALTER TABLE postings_v3 RENAME TO postings;

COMMENT ON COLUMN postings.canonical_url IS 'url normalised for matching: lower-case scheme and host, no fragment, no tracking parameters (utm_*, gh_src, ref, source...), no trailing slash. Equal canonical URLs are exact duplicates.';
COMMENT ON COLUMN postings.missed_runs IS 'Consecutive load runs of the posting''s source that did not include it; 0 whenever a run sees it.';
COMMENT ON COLUMN postings.closed_at IS 'Start of the load run that closed the advert after it went unseen for the configured number of consecutive runs of its source (UTC); NULL while open. Cleared if the advert comes back.';
COMMENT ON COLUMN postings.closed_run_id IS 'The load run that closed the advert (runs.run_id); NULL while open.';

ALTER TABLE runs ADD COLUMN postings_closed INTEGER DEFAULT 0;
COMMENT ON COLUMN runs.postings_closed IS 'Adverts the run closed (unseen for the configured number of consecutive runs of their source).';

CREATE TABLE source_runs (
    run_id          VARCHAR NOT NULL,
    source          VARCHAR NOT NULL,
    postings_seen   INTEGER NOT NULL CHECK (postings_seen >= 0),
    postings_missed INTEGER NOT NULL CHECK (postings_missed >= 0),
    postings_closed INTEGER NOT NULL CHECK (postings_closed >= 0),
    PRIMARY KEY (run_id, source)
);

COMMENT ON TABLE source_runs IS 'Which sources each load run covered: a source is in a run when the run brought at least one of its adverts (new, changed or seen again). Lifecycle counts misses only in runs of the posting''s own source.';
COMMENT ON COLUMN source_runs.run_id IS 'The load run (runs.run_id).';
COMMENT ON COLUMN source_runs.source IS 'A source the run brought adverts from.';
COMMENT ON COLUMN source_runs.postings_seen IS 'Adverts of the source the run included.';
COMMENT ON COLUMN source_runs.postings_missed IS 'Open adverts of the source the run did not include.';
COMMENT ON COLUMN source_runs.postings_closed IS 'Adverts of the source the run closed.';

-- ---- skills dimension: cross-references ---------------------------------------------------
ALTER TABLE skills ADD COLUMN esco_uri VARCHAR;
ALTER TABLE skills ADD COLUMN onet_commodity_code VARCHAR;
COMMENT ON COLUMN skills.esco_uri IS 'ESCO v1.1.1 skill concept URI the taxonomy maps the skill to, if any.';
COMMENT ON COLUMN skills.onet_commodity_code IS 'UNSPSC commodity code O*NET 29.3 Technology Skills lists the skill under, if any.';

-- ---- skill facts: provenance, and no index ------------------------------------------------
-- Rebuilt without the primary key: DuckDB maintains an index on every insert, which held
-- bulk loads of facts near 0.7 M rows/s against 12 M without. The load inserts one row per
-- (posting, skill, offset) itself, and a schema test checks that uniqueness.
CREATE TABLE posting_skills_v3 (
    posting_key      VARCHAR NOT NULL,
    skill_id         VARCHAR NOT NULL,
    start_char       INTEGER NOT NULL CHECK (start_char >= 0),
    end_char         INTEGER NOT NULL,
    matched_text     VARCHAR NOT NULL,
    section          VARCHAR,
    pipeline_version VARCHAR,
    label            VARCHAR,
    requirement      VARCHAR,
    extractor        VARCHAR,
    sentence_start   INTEGER,
    sentence_end     INTEGER,
    CHECK (end_char > start_char)
);
INSERT INTO posting_skills_v3 BY NAME SELECT * FROM posting_skills;
DROP TABLE posting_skills;
ALTER TABLE posting_skills_v3 RENAME TO posting_skills;

COMMENT ON TABLE posting_skills IS 'Skill facts: each mention of a taxonomy skill in a posting, one row per (posting_key, skill_id, start_char); replaced whenever the posting is loaded or re-extracted.';
COMMENT ON COLUMN posting_skills.posting_key IS 'The posting mentioning the skill (postings.posting_key).';
COMMENT ON COLUMN posting_skills.skill_id IS 'The skill mentioned (skills.skill_id).';
COMMENT ON COLUMN posting_skills.start_char IS 'Offset of the first character of the mention in postings.description.';
COMMENT ON COLUMN posting_skills.end_char IS 'Offset just past the last character of the mention in postings.description.';
COMMENT ON COLUMN posting_skills.matched_text IS 'The mention as written in the advert.';
COMMENT ON COLUMN posting_skills.section IS 'Advert section heading the mention sits under, if known.';
COMMENT ON COLUMN posting_skills.pipeline_version IS 'Version of the extract pipeline that found the mention.';
COMMENT ON COLUMN posting_skills.label IS 'SkillSpan layer of the span: SKILL (an ability) or KNOWLEDGE (a body of knowledge, tool or certificate).';
COMMENT ON COLUMN posting_skills.requirement IS 'required or preferred, from the section heading and cue words ("a plus", "desirable"); NULL when the advert does not say.';
COMMENT ON COLUMN posting_skills.extractor IS 'What found the mention: taxonomy (phrase match) or model (trained span model, text named by the taxonomy).';
COMMENT ON COLUMN posting_skills.sentence_start IS 'Offset in postings.description where the sentence (or bullet) holding the mention starts.';
COMMENT ON COLUMN posting_skills.sentence_end IS 'Offset in postings.description where that sentence ends; substr(description, sentence_start + 1, sentence_end - sentence_start) is the evidence.';

-- ---- requirements read from the advert text ---------------------------------------------
CREATE TABLE posting_requirements (
    posting_key          VARCHAR   PRIMARY KEY,
    soc_code             VARCHAR,
    max_years_experience DOUBLE,
    leadership_years     DOUBLE,
    min_degree           VARCHAR,
    fields_of_study      VARCHAR[] NOT NULL,
    certifications       VARCHAR[] NOT NULL,
    team_size            INTEGER,
    direct_reports       INTEGER,
    budget_amount        DOUBLE,
    budget_currency      VARCHAR,
    reports_to           VARCHAR,
    work_arrangement     VARCHAR,
    salary_text_min      DOUBLE,
    salary_text_max      DOUBLE,
    salary_text_currency VARCHAR,
    salary_text_period   VARCHAR,
    salary_text_annual   DOUBLE,
    pipeline_version     VARCHAR
);

COMMENT ON TABLE posting_requirements IS 'What the extract stage read from each advert''s text beyond skills: role code, experience, education, scope, work arrangement and pay stated in the text. One row per posting, replaced whenever the posting is loaded or re-extracted.';
COMMENT ON COLUMN posting_requirements.posting_key IS 'The posting (postings.posting_key).';
COMMENT ON COLUMN posting_requirements.soc_code IS 'O*NET-SOC 2019 code given to the title (e.g. 11-3021.00 Computer and Information Systems Managers).';
COMMENT ON COLUMN posting_requirements.max_years_experience IS 'Most years of experience any qualifying route asks for (or the top of a "3-5 years" range).';
COMMENT ON COLUMN posting_requirements.leadership_years IS 'Years of supervisory, managerial or leadership experience explicitly required (smallest across routes).';
COMMENT ON COLUMN posting_requirements.min_degree IS 'Lowest degree any qualifying route accepts: none, high_school, associate, bachelor, master or doctorate.';
COMMENT ON COLUMN posting_requirements.fields_of_study IS 'Fields named after a degree ("computer science", "engineering"), lower case.';
COMMENT ON COLUMN posting_requirements.certifications IS 'Certifications the advert names (ITIL, PMP, CISSP...).';
COMMENT ON COLUMN posting_requirements.team_size IS 'Size of the team the role manages, when stated.';
COMMENT ON COLUMN posting_requirements.direct_reports IS 'Number of direct reports, when stated.';
COMMENT ON COLUMN posting_requirements.budget_amount IS 'Largest budget the role holds, in budget_currency, when stated.';
COMMENT ON COLUMN posting_requirements.budget_currency IS 'ISO 4217 currency of budget_amount.';
COMMENT ON COLUMN posting_requirements.reports_to IS 'Title the role reports to ("Chief Information Officer"), when stated.';
COMMENT ON COLUMN posting_requirements.work_arrangement IS 'remote, hybrid or on_site from the advert''s wording; NULL when it does not say.';
COMMENT ON COLUMN posting_requirements.salary_text_min IS 'Lower pay bound read from the advert text, in salary_text_currency per salary_text_period.';
COMMENT ON COLUMN posting_requirements.salary_text_max IS 'Upper pay bound read from the advert text.';
COMMENT ON COLUMN posting_requirements.salary_text_currency IS 'ISO 4217 currency of the pay read from the text.';
COMMENT ON COLUMN posting_requirements.salary_text_period IS 'hour, day, week, month or year of the pay read from the text.';
COMMENT ON COLUMN posting_requirements.salary_text_annual IS 'Yearly equivalent of the pay read from the text (midpoint times periods per year).';
COMMENT ON COLUMN posting_requirements.pipeline_version IS 'Extract pipeline version that produced the row.';

CREATE TABLE posting_experience (
    posting_key      VARCHAR NOT NULL,
    start_char       INTEGER NOT NULL CHECK (start_char >= 0),
    end_char         INTEGER NOT NULL,
    matched_text     VARCHAR NOT NULL,
    years            DOUBLE  NOT NULL CHECK (years >= 0),
    requirement      VARCHAR,
    pipeline_version VARCHAR,
    CHECK (end_char > start_char)
);

COMMENT ON TABLE posting_experience IS 'Evidence for the experience fields: every duration of experience the extractor accepted, with its offsets, one row per (posting_key, start_char). Replaced whenever the posting is loaded or re-extracted.';
COMMENT ON COLUMN posting_experience.posting_key IS 'The posting (postings.posting_key).';
COMMENT ON COLUMN posting_experience.start_char IS 'Offset of the duration in postings.description.';
COMMENT ON COLUMN posting_experience.end_char IS 'Offset just past the duration.';
COMMENT ON COLUMN posting_experience.matched_text IS 'The duration as written ("5+ years").';
COMMENT ON COLUMN posting_experience.years IS 'Lower bound of the duration in years ("18 months" = 1.5).';
COMMENT ON COLUMN posting_experience.requirement IS 'required or preferred, when the advert says.';
COMMENT ON COLUMN posting_experience.pipeline_version IS 'Extract pipeline version that found it.';

-- ---- duplicates -------------------------------------------------------------------------
CREATE TABLE posting_clusters (
    posting_key  VARCHAR   PRIMARY KEY,
    cluster_id   VARCHAR   NOT NULL,
    is_canonical BOOLEAN   NOT NULL,
    method       VARCHAR   NOT NULL,
    similarity   DOUBLE,
    clustered_at TIMESTAMP NOT NULL
);

COMMENT ON TABLE posting_clusters IS 'Duplicate clusters: the same advert across sources or re-posted. Every posting has a row (a singleton is its own cluster); one member per cluster is canonical and the trend views count only canonical postings. Rebuilt after every load.';
COMMENT ON COLUMN posting_clusters.posting_key IS 'The posting (postings.posting_key).';
COMMENT ON COLUMN posting_clusters.cluster_id IS 'Id of the cluster: the posting_key of its canonical member.';
COMMENT ON COLUMN posting_clusters.is_canonical IS 'True for the one member the trend views count.';
COMMENT ON COLUMN posting_clusters.method IS 'How the posting joined its cluster: self (singleton or canonical), exact_url, exact_content or near_text.';
COMMENT ON COLUMN posting_clusters.similarity IS 'Estimated Jaccard similarity to the canonical member for near_text; 1 for exact matches.';
COMMENT ON COLUMN posting_clusters.clustered_at IS 'When the clusters were last rebuilt (UTC).';
