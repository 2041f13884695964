-- postings_flow: adverts coming and going, per month and source, from the load lifecycle:
-- new = first stored by a load in the month (postings.first_seen_at), closed = closed by a
-- load in the month (postings.closed_at: unseen for the configured number of consecutive
-- runs of its source). Months are load months, not posting months. Every posting counts,
-- targets or not, duplicates included; *_target_* columns count the tech-leadership ones.
-- An advert that comes back after closing is open again and its closing is no longer
-- counted. With postings_stock_monthly: stock(m) = stock(m - 1) + new(m) - closed(m).

CREATE OR REPLACE VIEW postings_flow AS
WITH

opened AS (
    SELECT
        CAST(date_trunc('month', first_seen_at) AS DATE) AS month,
        source,
        count(*) AS new_postings,
        count(*) FILTER (WHERE is_target) AS new_target_postings
    FROM postings
    GROUP BY ALL
),

closed AS (
    SELECT
        CAST(date_trunc('month', closed_at) AS DATE) AS month,
        source,
        count(*) AS closed_postings,
        count(*) FILTER (WHERE is_target) AS closed_target_postings
    FROM postings
    WHERE closed_at IS NOT NULL
    GROUP BY ALL
),

final AS (
    SELECT
        month,
        source,
        coalesce(o.new_postings, 0) AS new_postings,
        coalesce(c.closed_postings, 0) AS closed_postings,
        coalesce(o.new_postings, 0) - coalesce(c.closed_postings, 0) AS net_change,
        coalesce(o.new_target_postings, 0) AS new_target_postings,
        coalesce(c.closed_target_postings, 0) AS closed_target_postings
    FROM opened AS o
    FULL JOIN closed AS c USING (month, source)
)

SELECT * FROM final;

COMMENT ON VIEW postings_flow IS 'Adverts opened (first stored) and closed per load month and source, from postings.first_seen_at and postings.closed_at. All postings count, duplicates included. stock at a month end (postings_stock_monthly) = previous stock + new_postings - closed_postings.';
COMMENT ON COLUMN postings_flow.month IS 'First day of the month (UTC) of the load that opened or closed the adverts.';
COMMENT ON COLUMN postings_flow.source IS 'Connector that collected the adverts.';
COMMENT ON COLUMN postings_flow.new_postings IS 'Adverts first stored in the month (first_seen_at).';
COMMENT ON COLUMN postings_flow.closed_postings IS 'Adverts closed in the month (closed_at) and not seen again since.';
COMMENT ON COLUMN postings_flow.net_change IS 'new_postings - closed_postings: the change of the open stock over the month.';
COMMENT ON COLUMN postings_flow.new_target_postings IS 'Of new_postings, tech-leadership ones (is_target).';
COMMENT ON COLUMN postings_flow.closed_target_postings IS 'Of closed_postings, tech-leadership ones (is_target).';
