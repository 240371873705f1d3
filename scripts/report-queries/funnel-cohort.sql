-- report funnel --mode cohort --by source --period 2026-Q3 --as-of 2026-11-27 (TZ=UTC; a date-only --as-of means the end of that day):
-- leads created in the quarter, per source: how many reached each stage by the as-of date,
-- and the mean days between consecutive stages (SQLite has no median).
WITH cohort AS (
  SELECT l.source,
    coalesce(max(CASE e.to_stage WHEN 'mql' THEN 1 WHEN 'sal' THEN 2 WHEN 'sql' THEN 3
      WHEN 'opportunity' THEN 4 WHEN 'customer' THEN 5 ELSE 0 END), 0) AS furthest,
    julianday(min(CASE WHEN e.to_stage = 'lead' THEN e.at END)) AS lead_at,
    julianday(min(CASE WHEN e.to_stage = 'mql' THEN e.at END)) AS mql_at,
    julianday(min(CASE WHEN e.to_stage = 'sal' THEN e.at END)) AS sal_at,
    julianday(min(CASE WHEN e.to_stage = 'sql' THEN e.at END)) AS sql_at,
    julianday(min(CASE WHEN e.to_stage = 'opportunity' THEN e.at END)) AS opportunity_at,
    julianday(min(CASE WHEN e.to_stage = 'customer' THEN e.at END)) AS customer_at
  FROM leads l LEFT JOIN stage_events e ON e.lead_id = l.id AND e.at <= '2026-11-27T23:59:59.999Z'
  WHERE l.created_at >= '2026-07-01T00:00:00.000Z' AND l.created_at < '2026-10-01T00:00:00.000Z'
    AND l.created_at <= '2026-11-27T23:59:59.999Z'
  GROUP BY l.id
)
SELECT coalesce(source, '(no source)') AS source, count(*) AS leads,
  sum(furthest >= 1) AS mql, sum(furthest >= 2) AS sal, sum(furthest >= 3) AS sql,
  sum(furthest >= 4) AS opportunity, sum(furthest >= 5) AS customer,
  avg(CASE WHEN mql_at >= lead_at THEN mql_at - lead_at END) AS days_to_mql,
  avg(CASE WHEN sal_at >= mql_at THEN sal_at - mql_at END) AS days_to_sal,
  avg(CASE WHEN sql_at >= sal_at THEN sql_at - sal_at END) AS days_to_sql,
  avg(CASE WHEN opportunity_at >= sql_at THEN opportunity_at - sql_at END) AS days_to_opportunity,
  avg(CASE WHEN customer_at >= opportunity_at THEN customer_at - opportunity_at END) AS days_to_customer
FROM cohort GROUP BY source ORDER BY leads DESC;
