-- coverage: how much of each month's data each source supplies, so a researcher can tell a
-- trend from a source coming or going (a board added in March lifts whatever it favours
-- from March on). One row per month of date_posted and source with at least one posting;
-- undated postings have no month and are left out (count them in postings directly).

CREATE OR REPLACE VIEW coverage AS
WITH

dated AS (
    SELECT
        p.posting_key,
        p.source,
        CAST(date_trunc('month', p.date_posted) AS DATE) AS month,
        p.is_target,
        tp.posting_key IS NOT NULL AS in_trends
    FROM postings AS p
    LEFT JOIN trend_postings AS tp USING (posting_key)
    WHERE p.date_posted IS NOT NULL
),

per_source AS (
    SELECT
        month,
        source,
        count(*) AS postings,
        count(*) FILTER (WHERE is_target) AS target_postings,
        count(*) FILTER (WHERE in_trends) AS trend_postings
    FROM dated
    GROUP BY month, source
),

final AS (
    SELECT
        month,
        source,
        postings,
        target_postings,
        trend_postings,
        sum(postings) OVER (PARTITION BY month) AS month_postings,
        postings / sum(postings) OVER (PARTITION BY month) AS share_of_month_postings,
        trend_postings / nullif(sum(trend_postings) OVER (PARTITION BY month), 0)
            AS share_of_month_trend_postings,
        count(*) OVER (PARTITION BY month) AS sources_in_month
    FROM per_source
)

SELECT * FROM final;

COMMENT ON VIEW coverage IS 'Per month of date_posted and source: postings loaded (all, not only targets), target postings, trend postings, and the source''s share of the month. A trend that starts when a source starts, or that one source carries, may be an artefact of the source. Undated postings are left out.';
COMMENT ON COLUMN coverage.month IS 'First day of the month of date_posted.';
COMMENT ON COLUMN coverage.source IS 'Connector that collected the adverts.';
COMMENT ON COLUMN coverage.postings IS 'All postings of the source posted in the month (targets or not, duplicates included).';
COMMENT ON COLUMN coverage.target_postings IS 'Of those, tech-leadership postings (is_target).';
COMMENT ON COLUMN coverage.trend_postings IS 'Of those, postings the trend views count (target and canonical).';
COMMENT ON COLUMN coverage.month_postings IS 'All postings of every source posted in the month.';
COMMENT ON COLUMN coverage.share_of_month_postings IS 'postings / month_postings: the source''s share of the month''s postings.';
COMMENT ON COLUMN coverage.share_of_month_trend_postings IS 'The source''s share of the month''s trend postings; NULL when the month has none.';
COMMENT ON COLUMN coverage.sources_in_month IS 'Distinct sources with postings in the month.';
