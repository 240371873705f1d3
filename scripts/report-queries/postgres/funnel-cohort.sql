-- PostgreSQL's funnel-cohort.sql (see ../funnel-cohort.sql): the same query in PostgreSQL's dialect.
WITH cohort AS (
  SELECT coalesce(source, '(no source)') AS source, mql_at, sal_at, sql_at, opportunity_at, customer_at,
    lead_arrived_at, mql_arrived_at, sal_arrived_at, sql_arrived_at, opportunity_arrived_at, customer_arrived_at
  FROM leads
  WHERE created_at >= '2026-07-01T00:00:00.000Z' AND created_at < '2026-10-01T00:00:00.000Z'
    AND created_at <= '2026-11-27T23:59:59.999Z'
),
counts AS (
  SELECT source, count(*) AS leads,
    count(CASE WHEN mql_at <= '2026-11-27T23:59:59.999Z' THEN 1 END) AS mql,
    count(CASE WHEN sal_at <= '2026-11-27T23:59:59.999Z' THEN 1 END) AS sal,
    count(CASE WHEN sql_at <= '2026-11-27T23:59:59.999Z' THEN 1 END) AS sql,
    count(CASE WHEN opportunity_at <= '2026-11-27T23:59:59.999Z' THEN 1 END) AS opportunity,
    count(CASE WHEN customer_at <= '2026-11-27T23:59:59.999Z' THEN 1 END) AS customer
  FROM cohort GROUP BY source
),
arrivals AS (
  SELECT source, lead_arrived_at AS a0, mql_arrived_at AS a1, sal_arrived_at AS a2, sql_arrived_at AS a3,
    opportunity_arrived_at AS a4, customer_arrived_at AS a5
  FROM cohort
  WHERE (mql_arrived_at <= '2026-11-27T23:59:59.999Z' AND lead_arrived_at <= mql_arrived_at)
    OR (sal_arrived_at <= '2026-11-27T23:59:59.999Z' AND mql_arrived_at <= sal_arrived_at)
    OR (sql_arrived_at <= '2026-11-27T23:59:59.999Z' AND sal_arrived_at <= sql_arrived_at)
    OR (opportunity_arrived_at <= '2026-11-27T23:59:59.999Z' AND sql_arrived_at <= opportunity_arrived_at)
    OR (customer_arrived_at <= '2026-11-27T23:59:59.999Z' AND opportunity_arrived_at <= customer_arrived_at)
),
gaps AS (
  SELECT source, stage, round(extract(epoch FROM arrived::timestamptz - before::timestamptz) * 1000) / 86400000.0 AS days
  FROM (
    SELECT source, 1 AS stage, a0 AS before, a1 AS arrived FROM arrivals
    UNION ALL SELECT source, 2, a1, a2 FROM arrivals
    UNION ALL SELECT source, 3, a2, a3 FROM arrivals
    UNION ALL SELECT source, 4, a3, a4 FROM arrivals
    UNION ALL SELECT source, 5, a4, a5 FROM arrivals
  ) AS pairs
  WHERE arrived <= '2026-11-27T23:59:59.999Z' AND before <= arrived
),
-- Each source's gaps, and all of them again for the total.
samples AS (SELECT source, stage, days FROM gaps UNION ALL SELECT NULL::text, stage, days FROM gaps),
ranked AS (
  SELECT source, stage, days, row_number() OVER (PARTITION BY source, stage ORDER BY days) AS n,
    count(*) OVER (PARTITION BY source, stage) AS samples
  FROM samples
),
medians AS (
  SELECT source, stage, (min(days) + max(days)) / 2 AS days FROM ranked
  WHERE n IN ((samples + 1) / 2, (samples + 2) / 2) GROUP BY source, stage
),
totals AS (
  SELECT NULL::text AS source, sum(leads) AS leads, sum(mql) AS mql, sum(sal) AS sal, sum(sql) AS sql,
    sum(opportunity) AS opportunity, sum(customer) AS customer FROM counts
)
SELECT coalesce(c.source, '(total)') AS source, leads, mql, sal, sql, opportunity, customer,
  (SELECT days FROM medians m WHERE m.source IS NOT DISTINCT FROM c.source AND m.stage = 1) AS days_to_mql,
  (SELECT days FROM medians m WHERE m.source IS NOT DISTINCT FROM c.source AND m.stage = 2) AS days_to_sal,
  (SELECT days FROM medians m WHERE m.source IS NOT DISTINCT FROM c.source AND m.stage = 3) AS days_to_sql,
  (SELECT days FROM medians m WHERE m.source IS NOT DISTINCT FROM c.source AND m.stage = 4) AS days_to_opportunity,
  (SELECT days FROM medians m WHERE m.source IS NOT DISTINCT FROM c.source AND m.stage = 5) AS days_to_customer
FROM (SELECT * FROM totals UNION ALL SELECT * FROM counts) AS c
ORDER BY c.source IS NOT NULL, leads DESC;
