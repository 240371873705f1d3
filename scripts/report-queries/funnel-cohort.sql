-- report funnel --mode cohort --by source --period 2026-Q3 --as-of 2026-11-27 (TZ=UTC; a date-only --as-of means the end of that day):
-- leads created in the quarter, per source: how many reached each stage by the as-of date (from
-- the first-reached times that migration 6 keeps on leads), and the mean days between
-- consecutive stages over the leads seen arriving at both (SQLite has no median).
SELECT coalesce(source, '(no source)') AS source, count(*) AS leads,
  count(CASE WHEN mql_at <= '2026-11-27T23:59:59.999Z' THEN 1 END) AS mql,
  count(CASE WHEN sal_at <= '2026-11-27T23:59:59.999Z' THEN 1 END) AS sal,
  count(CASE WHEN sql_at <= '2026-11-27T23:59:59.999Z' THEN 1 END) AS sql,
  count(CASE WHEN opportunity_at <= '2026-11-27T23:59:59.999Z' THEN 1 END) AS opportunity,
  count(CASE WHEN customer_at <= '2026-11-27T23:59:59.999Z' THEN 1 END) AS customer,
  avg(CASE WHEN mql_arrived_at <= '2026-11-27T23:59:59.999Z' AND mql_arrived_at >= lead_arrived_at
    THEN julianday(mql_arrived_at) - julianday(lead_arrived_at) END) AS days_to_mql,
  avg(CASE WHEN sal_arrived_at <= '2026-11-27T23:59:59.999Z' AND sal_arrived_at >= mql_arrived_at
    THEN julianday(sal_arrived_at) - julianday(mql_arrived_at) END) AS days_to_sal,
  avg(CASE WHEN sql_arrived_at <= '2026-11-27T23:59:59.999Z' AND sql_arrived_at >= sal_arrived_at
    THEN julianday(sql_arrived_at) - julianday(sal_arrived_at) END) AS days_to_sql,
  avg(CASE WHEN opportunity_arrived_at <= '2026-11-27T23:59:59.999Z' AND opportunity_arrived_at >= sql_arrived_at
    THEN julianday(opportunity_arrived_at) - julianday(sql_arrived_at) END) AS days_to_opportunity,
  avg(CASE WHEN customer_arrived_at <= '2026-11-27T23:59:59.999Z' AND customer_arrived_at >= opportunity_arrived_at
    THEN julianday(customer_arrived_at) - julianday(opportunity_arrived_at) END) AS days_to_customer
FROM leads
WHERE created_at >= '2026-07-01T00:00:00.000Z' AND created_at < '2026-10-01T00:00:00.000Z'
  AND created_at <= '2026-11-27T23:59:59.999Z'
GROUP BY source ORDER BY leads DESC;
