-- trend_postings: the population every trend in the analysis layer counts, one row per
-- posting, with the columns an analyst slices by and the requirements read from the text.
-- Every analysis view and macro reads postings through this view, so the population rules
-- live in exactly one place:
--   * tech-leadership adverts only (postings.is_target);
--   * dated only: an undated advert cannot be placed in a period, and stamping it with the
--     crawl date would pile a backfill into one month;
--   * canonical only: a duplicate (the same advert on another board, or re-posted) counts
--     once, through its cluster's canonical member. A posting without a posting_clusters row
--     counts as canonical, because clustering may not have run yet.

CREATE OR REPLACE VIEW trend_postings AS
WITH

population AS (
    SELECT p.*
    FROM postings AS p
    WHERE p.is_target
        AND p.date_posted IS NOT NULL
        AND NOT EXISTS (
            SELECT 1
            FROM posting_clusters AS c
            WHERE c.posting_key = p.posting_key AND NOT c.is_canonical
        )
),

-- The source's structured salary wins over pay read from the text: it is what the board
-- published in its own field. A one-sided range uses the side given.
source_salary AS (
    SELECT
        posting_key,
        (coalesce(salary_min, salary_max) + coalesce(salary_max, salary_min)) / 2
            * periods_per_year(salary_period) AS annual
    FROM population
),

final AS (
    SELECT
        p.posting_key,
        p.source,
        p.title,
        p.company,
        p.country,
        -- The advert's own wording first; a source's remote flag can only say "remote".
        coalesce(r.work_arrangement, CASE WHEN p.remote THEN 'remote' END, 'unknown')
            AS work_arrangement,
        p.role_family,
        coalesce(p.seniority, 'unknown') AS seniority,
        r.soc_code,
        p.date_posted,
        CAST(date_trunc('month', p.date_posted) AS DATE) AS month,
        CAST(date_trunc('quarter', p.date_posted) AS DATE) AS quarter,
        CAST(date_trunc('year', p.date_posted) AS DATE) AS year,
        p.min_years_experience,
        r.max_years_experience,
        r.leadership_years,
        r.min_degree,
        coalesce(s.annual, r.salary_text_annual) AS salary_annual,
        CASE
            WHEN s.annual IS NOT NULL THEN p.salary_currency
            WHEN r.salary_text_annual IS NOT NULL THEN r.salary_text_currency
        END AS salary_currency,
        CASE
            WHEN s.annual IS NOT NULL THEN 'source'
            WHEN r.salary_text_annual IS NOT NULL THEN 'text'
        END AS salary_origin
    FROM population AS p
    LEFT JOIN posting_requirements AS r USING (posting_key)
    LEFT JOIN source_salary AS s USING (posting_key)
)

SELECT * FROM final;

COMMENT ON VIEW trend_postings IS 'The trend population, one row per posting: tech-leadership adverts (is_target) with a posting date that are canonical in their duplicate cluster (a posting without a posting_clusters row counts as canonical). Every analysis view and macro counts these postings; join posting_skills on posting_key for their skills.';
COMMENT ON COLUMN trend_postings.posting_key IS 'The posting (postings.posting_key).';
COMMENT ON COLUMN trend_postings.source IS 'Connector that collected the advert.';
COMMENT ON COLUMN trend_postings.title IS 'Job title as advertised.';
COMMENT ON COLUMN trend_postings.company IS 'Hiring organisation, if given.';
COMMENT ON COLUMN trend_postings.country IS 'Country normalised from the location (ISO code), NULL if unknown.';
COMMENT ON COLUMN trend_postings.work_arrangement IS 'remote, hybrid or on_site from the advert''s wording (posting_requirements.work_arrangement); else remote when the source flags the advert remote; else unknown.';
COMMENT ON COLUMN trend_postings.role_family IS 'technology_management or technical_operations_management.';
COMMENT ON COLUMN trend_postings.seniority IS 'individual, lead, manager, director, executive, or unknown when the extractor could not tell.';
COMMENT ON COLUMN trend_postings.soc_code IS 'O*NET-SOC 2019 code given to the title, if any.';
COMMENT ON COLUMN trend_postings.date_posted IS 'Posting date; every period below is taken from it.';
COMMENT ON COLUMN trend_postings.month IS 'First day of the month of date_posted.';
COMMENT ON COLUMN trend_postings.quarter IS 'First day of the quarter of date_posted.';
COMMENT ON COLUMN trend_postings.year IS 'First day of the year of date_posted (a DATE, e.g. 2024-01-01).';
COMMENT ON COLUMN trend_postings.min_years_experience IS 'Minimum years of experience asked for, if stated.';
COMMENT ON COLUMN trend_postings.max_years_experience IS 'Most years of experience any qualifying route asks for, if stated.';
COMMENT ON COLUMN trend_postings.leadership_years IS 'Years of supervisory or leadership experience explicitly required, if stated.';
COMMENT ON COLUMN trend_postings.min_degree IS 'Lowest degree accepted: none, high_school, associate, bachelor, master or doctorate; NULL when not stated.';
COMMENT ON COLUMN trend_postings.salary_annual IS 'Yearly pay: the source''s salary midpoint (one-sided ranges use the side given) times periods per year (hour 2080, day 260, week 52, month 12, year 1) when the source gave a salary, else the yearly pay read from the advert text; NULL when neither. In salary_currency; never mix currencies.';
COMMENT ON COLUMN trend_postings.salary_currency IS 'ISO 4217 currency of salary_annual.';
COMMENT ON COLUMN trend_postings.salary_origin IS 'Where salary_annual comes from: source (the board''s salary field), text (read from the advert) or NULL (no pay stated).';
