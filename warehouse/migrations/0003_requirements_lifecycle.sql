-- Issue 5 (warehouse): what the extract stage reads beyond skills, provenance on every
-- skill fact, the skills' ESCO/O*NET references, advert lifecycle and duplicate clusters.

-- ---- lifecycle ---------------------------------------------------------------------------
ALTER TABLE postings ADD COLUMN canonical_url VARCHAR;
ALTER TABLE postings ADD COLUMN missed_runs INTEGER DEFAULT 0;
ALTER TABLE postings ADD COLUMN closed_at TIMESTAMP;
ALTER TABLE postings ADD COLUMN closed_run_id VARCHAR;
UPDATE postings SET missed_runs = 0 WHERE missed_runs IS NULL;

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

-- ---- skill facts: provenance ------------------------------------------------------------
ALTER TABLE posting_skills ADD COLUMN label VARCHAR;
ALTER TABLE posting_skills ADD COLUMN requirement VARCHAR;
ALTER TABLE posting_skills ADD COLUMN extractor VARCHAR;
ALTER TABLE posting_skills ADD COLUMN sentence_start INTEGER;
ALTER TABLE posting_skills ADD COLUMN sentence_end INTEGER;
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
    PRIMARY KEY (posting_key, start_char),
    CHECK (end_char > start_char)
);

COMMENT ON TABLE posting_experience IS 'Evidence for the experience fields: every duration of experience the extractor accepted, with its offsets. Replaced whenever the posting is loaded or re-extracted.';
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
