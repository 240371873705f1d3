-- PostgreSQL's funnel-activity.sql (see ../funnel-activity.sql): the same query, timestamps
-- subtracted as timestamptz (the ISO texts are UTC).
WITH ranks (stage, r) AS (
  VALUES ('lead', 0), ('mql', 1), ('sal', 2), ('sql', 3), ('opportunity', 4), ('customer', 5)
),
moves AS MATERIALIZED (
  SELECT e.lead_id, l.source, e.at,
    CASE e.to_stage WHEN 'lead' THEN 0 WHEN 'mql' THEN 1 WHEN 'sal' THEN 2 WHEN 'sql' THEN 3
      WHEN 'opportunity' THEN 4 WHEN 'customer' THEN 5 END AS to_r,
    CASE WHEN e.from_stage IS NULL THEN -1 ELSE coalesce(CASE e.from_stage WHEN 'lead' THEN 0
      WHEN 'mql' THEN 1 WHEN 'sal' THEN 2 WHEN 'sql' THEN 3 WHEN 'opportunity' THEN 4
      WHEN 'customer' THEN 5 END, 0) END AS from_r,
    (SELECT min(p.at) FROM stage_events p WHERE p.lead_id = e.lead_id AND p.to_stage =
      CASE e.to_stage WHEN 'mql' THEN 'lead' WHEN 'sal' THEN 'mql' WHEN 'sql' THEN 'sal'
        WHEN 'opportunity' THEN 'sql' WHEN 'customer' THEN 'opportunity' END) AS previous_at
  FROM stage_events e JOIN leads l ON l.id = e.lead_id
  WHERE e.at >= '2026-07-01T00:00:00.000Z' AND e.at < '2026-10-01T00:00:00.000Z'
    AND e.to_stage IN ('lead', 'mql', 'sal', 'sql', 'opportunity', 'customer')
)
SELECT coalesce(m.source, '(no source)') AS source, k.stage, count(DISTINCT m.lead_id) AS leads,
  avg(CASE WHEN k.r = m.to_r THEN extract(epoch FROM m.at::timestamptz - m.previous_at::timestamptz) / 86400 END) AS days_from_previous
FROM moves m JOIN ranks k ON k.r > m.from_r AND k.r <= m.to_r
GROUP BY m.source, k.r, k.stage ORDER BY 1, k.r;
