-- postings_stock_monthly: adverts open at the end of each month, per source. Open at a
-- month end means first stored before the month ended and not closed by then:
-- first_seen_at < first instant of the next month AND (closed_at IS NULL OR closed_at >=
-- first instant of the next month), timestamps in UTC. So an advert closed by a load at
-- 00:00 on the 1st counts as open at the end of the previous month and as closed in the
-- new one, which keeps stock(m) = stock(m - 1) + postings_flow.net_change(m).
-- One row per source and month, from the source's first load month to the month of the
-- latest load (the last month is "so far"), 0 where nothing was open.

CREATE OR REPLACE VIEW postings_stock_monthly AS
WITH

source_start AS (
    SELECT source, date_trunc('month', min(first_seen_at)) AS first_month
    FROM postings
    GROUP BY source
),

latest AS (
    SELECT date_trunc('month', max(greatest(last_seen_at, coalesce(closed_at, last_seen_at))))
        AS last_month
    FROM postings
),

months AS (
    SELECT
        s.source,
        unnest(generate_series(s.first_month, l.last_month, INTERVAL 1 MONTH)) AS month_start
    FROM source_start AS s
    CROSS JOIN latest AS l
),

final AS (
    SELECT
        CAST(m.month_start AS DATE) AS month,
        CAST(last_day(m.month_start) AS DATE) AS month_end,
        m.source,
        count(p.posting_key) AS open_postings,
        count(p.posting_key) FILTER (WHERE p.is_target) AS open_target_postings
    FROM months AS m
    LEFT JOIN postings AS p
        ON p.source = m.source
        AND p.first_seen_at < m.month_start + INTERVAL 1 MONTH
        AND (p.closed_at IS NULL OR p.closed_at >= m.month_start + INTERVAL 1 MONTH)
    GROUP BY m.month_start, m.source
)

SELECT * FROM final;

COMMENT ON VIEW postings_stock_monthly IS 'Adverts open at each month end, per source: first stored before the month ended and not closed by then (UTC). From each source''s first load month to the month of the latest load, which is therefore "so far". All postings count, duplicates included.';
COMMENT ON COLUMN postings_stock_monthly.month IS 'First day of the month.';
COMMENT ON COLUMN postings_stock_monthly.month_end IS 'Last day of the month; the stock is as at the end of this day (UTC).';
COMMENT ON COLUMN postings_stock_monthly.source IS 'Connector that collected the adverts.';
COMMENT ON COLUMN postings_stock_monthly.open_postings IS 'Adverts open at the month end: first_seen_at before the next month and closed_at NULL or not before the next month.';
COMMENT ON COLUMN postings_stock_monthly.open_target_postings IS 'Of open_postings, tech-leadership ones (is_target).';
