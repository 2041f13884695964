-- skill_movers_latest: skill_movers over the latest data: the last 12 months of trend
-- postings (by date_posted, up to the end of the latest month with data) against the 12
-- months before. When the data spans fewer than 24 months each window is half the span in
-- whole months (an odd first month is left out), so the windows never overlap. Skills in
-- fewer than 5 postings across both windows are left out. No rows with under two months.

CREATE OR REPLACE VIEW skill_movers_latest AS
WITH

span AS (
    SELECT
        max(month) AS last_month,
        least(12, (datediff('month', min(month), max(month)) + 1) // 2) AS window_months
    FROM trend_postings
),

latest_windows AS (
    SELECT
        CAST(last_month - to_months(2 * window_months - 1) AS DATE) AS w_early_start,
        CAST(last_month - to_months(window_months) + INTERVAL 1 MONTH - INTERVAL 1 DAY
            AS DATE) AS w_early_end,
        CAST(last_month - to_months(window_months - 1) AS DATE) AS w_late_start,
        CAST(last_day(last_month) AS DATE) AS w_late_end
    FROM span
    WHERE window_months >= 1
)

SELECT *
FROM skill_movers(
    (SELECT w_early_start FROM latest_windows),
    (SELECT w_early_end FROM latest_windows),
    (SELECT w_late_start FROM latest_windows),
    (SELECT w_late_end FROM latest_windows),
    min_postings := 5
);

COMMENT ON VIEW skill_movers_latest IS 'Emerging and declining skills over the latest data: skill_movers comparing the last 12 months of trend postings with the 12 before (each window half the span, in whole months, when the data is shorter than 24 months), min_postings 5. rank 1 = strongest riser by z; ORDER BY z for the strongest decliners.';
COMMENT ON COLUMN skill_movers_latest.skill_id IS 'Taxonomy id of the skill (skills.skill_id).';
COMMENT ON COLUMN skill_movers_latest.skill_name IS 'Display name of the skill.';
COMMENT ON COLUMN skill_movers_latest.skill_category IS 'technical, leadership, business, soft or certification.';
COMMENT ON COLUMN skill_movers_latest.early_start IS 'First day of the early window (inclusive).';
COMMENT ON COLUMN skill_movers_latest.early_end IS 'Last day of the early window (inclusive).';
COMMENT ON COLUMN skill_movers_latest.late_start IS 'First day of the late window (inclusive).';
COMMENT ON COLUMN skill_movers_latest.late_end IS 'Last day of the late window (inclusive): the end of the latest month with data.';
COMMENT ON COLUMN skill_movers_latest.early_postings_with_skill IS 'Trend postings in the early window mentioning the skill.';
COMMENT ON COLUMN skill_movers_latest.early_postings IS 'Trend postings in the early window.';
COMMENT ON COLUMN skill_movers_latest.early_share IS 'early_postings_with_skill / early_postings.';
COMMENT ON COLUMN skill_movers_latest.late_postings_with_skill IS 'Trend postings in the late window mentioning the skill.';
COMMENT ON COLUMN skill_movers_latest.late_postings IS 'Trend postings in the late window.';
COMMENT ON COLUMN skill_movers_latest.late_share IS 'late_postings_with_skill / late_postings.';
COMMENT ON COLUMN skill_movers_latest.share_change IS 'late_share - early_share.';
COMMENT ON COLUMN skill_movers_latest.z IS 'Pooled two-proportion z statistic of the change; positive = growing. NULL when the skill is in all or none of the postings of both windows.';
COMMENT ON COLUMN skill_movers_latest.p_value IS 'Two-sided p-value of z (normal approximation, CDF by Abramowitz-Stegun 7.1.26).';
COMMENT ON COLUMN skill_movers_latest.rank IS '1 = the strongest riser by z (ties: larger share_change, then skill_id).';
