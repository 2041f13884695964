-- remote_share: how trend postings split between remote, hybrid, on-site and unknown work
-- arrangements (trend_postings.work_arrangement), per grain ('month', 'quarter' or 'year';
-- filter on grain) and period. The four shares of a period add up to 1.

CREATE OR REPLACE VIEW remote_share AS
WITH

periods AS (
    SELECT 'month' AS grain, month AS period, work_arrangement FROM trend_postings
    UNION ALL
    SELECT 'quarter' AS grain, quarter AS period, work_arrangement FROM trend_postings
    UNION ALL
    SELECT 'year' AS grain, year AS period, work_arrangement FROM trend_postings
),

counts AS (
    SELECT
        grain,
        period,
        count(*) AS postings,
        count(*) FILTER (WHERE work_arrangement = 'remote') AS remote_postings,
        count(*) FILTER (WHERE work_arrangement = 'hybrid') AS hybrid_postings,
        count(*) FILTER (WHERE work_arrangement = 'on_site') AS on_site_postings,
        count(*) FILTER (WHERE work_arrangement = 'unknown') AS unknown_postings
    FROM periods
    GROUP BY grain, period
),

final AS (
    SELECT
        *,
        remote_postings / postings AS remote_share,
        hybrid_postings / postings AS hybrid_share,
        on_site_postings / postings AS on_site_share,
        unknown_postings / postings AS unknown_share
    FROM counts
)

SELECT * FROM final;

COMMENT ON VIEW remote_share IS 'Work arrangement of trend postings per grain (month, quarter or year: filter on grain) and period: counts and shares of remote, hybrid, on_site and unknown (trend_postings.work_arrangement). The four shares add up to 1.';
COMMENT ON COLUMN remote_share.grain IS 'month, quarter or year: the length of period. Filter on it; rows of the grains overlap.';
COMMENT ON COLUMN remote_share.period IS 'First day of the month, quarter or year of date_posted.';
COMMENT ON COLUMN remote_share.postings IS 'Trend postings in the period.';
COMMENT ON COLUMN remote_share.remote_postings IS 'Postings whose work_arrangement is remote.';
COMMENT ON COLUMN remote_share.hybrid_postings IS 'Postings whose work_arrangement is hybrid.';
COMMENT ON COLUMN remote_share.on_site_postings IS 'Postings whose work_arrangement is on_site.';
COMMENT ON COLUMN remote_share.unknown_postings IS 'Postings that do not say (work_arrangement unknown).';
COMMENT ON COLUMN remote_share.remote_share IS 'remote_postings / postings.';
COMMENT ON COLUMN remote_share.hybrid_share IS 'hybrid_postings / postings.';
COMMENT ON COLUMN remote_share.on_site_share IS 'on_site_postings / postings.';
COMMENT ON COLUMN remote_share.unknown_share IS 'unknown_postings / postings.';
