-- PostgreSQL's sources.sql (see ../sources.sql): the same queries in PostgreSQL's dialect.
SELECT coalesce(source, '(no source)') AS source, count(*) AS leads,
  count(CASE WHEN mql_at <= '2026-11-27T23:59:59.999Z' THEN 1 END) AS mqls,
  count(CASE WHEN sal_at <= '2026-11-27T23:59:59.999Z' THEN 1 END) AS accepted,
  count(CASE WHEN rejected_at <= '2026-11-27T23:59:59.999Z' THEN 1 END) AS rejected
FROM leads
WHERE created_at >= '2026-07-01T00:00:00.000Z' AND created_at < '2026-10-01T00:00:00.000Z'
  AND created_at <= '2026-11-27T23:59:59.999Z'
GROUP BY source;

SELECT l.source, e.reason, count(DISTINCT e.lead_id) AS leads
FROM leads l JOIN stage_events e ON e.lead_id = l.id
WHERE l.created_at >= '2026-07-01T00:00:00.000Z' AND l.created_at < '2026-10-01T00:00:00.000Z'
  AND l.created_at <= '2026-11-27T23:59:59.999Z' AND l.rejected_at <= '2026-11-27T23:59:59.999Z'
  AND e.to_stage = 'recycled' AND e.from_stage = 'mql' AND e.at <= '2026-11-27T23:59:59.999Z'
GROUP BY l.source, e.reason;

WITH handed AS MATERIALIZED (
  SELECT coalesce(l.source, '(no source)') AS source, h.lead_id,
    (SELECT round(extract(epoch FROM min(t.at)::timestamptz - h.at::timestamptz) * 1000) / 3600000.0 FROM touches t
      WHERE t.lead_id = h.lead_id AND t.at >= h.at AND t.at <= '2026-11-27T23:59:59.999Z') AS hours
  FROM handoffs h JOIN leads l ON l.id = h.lead_id
  WHERE h.at <= '2026-11-27T23:59:59.999Z'
    AND l.created_at >= '2026-07-01T00:00:00.000Z' AND l.created_at < '2026-10-01T00:00:00.000Z'
    AND l.created_at <= '2026-11-27T23:59:59.999Z'
),
-- Each source's touched handoffs, and all of them again for the total.
touched AS (
  SELECT source, hours FROM handed WHERE hours IS NOT NULL
  UNION ALL SELECT NULL::text, hours FROM handed WHERE hours IS NOT NULL
),
ranked AS (
  SELECT source, hours, row_number() OVER (PARTITION BY source ORDER BY hours) AS n,
    count(*) OVER (PARTITION BY source) AS samples
  FROM touched
),
medians AS (
  SELECT source, (min(hours) + max(hours)) / 2 AS hours FROM ranked
  WHERE n IN ((samples + 1) / 2, (samples + 2) / 2) GROUP BY source
)
SELECT coalesce(c.source, '(total)') AS source, c.handed_off, m.hours AS speed_to_lead_p50_hours
FROM (
  SELECT source, count(DISTINCT lead_id) AS handed_off FROM handed GROUP BY source
  UNION ALL SELECT NULL::text, count(DISTINCT lead_id) FROM handed
) AS c LEFT JOIN medians m ON m.source IS NOT DISTINCT FROM c.source;

SELECT l.source, count(*) AS deals, coalesce(sum(d.amount), 0) AS revenue,
  count(DISTINCT d.lead_id) AS leads
FROM deals d JOIN leads l ON l.id = d.lead_id
WHERE d.stage = 'won' AND d.closed_at <= '2026-11-27T23:59:59.999Z'
  AND l.created_at >= '2026-07-01T00:00:00.000Z' AND l.created_at < '2026-10-01T00:00:00.000Z'
  AND l.created_at <= '2026-11-27T23:59:59.999Z'
GROUP BY l.source;
