-- PostgreSQL's sla.sql (see ../sla.sql): the same queries in PostgreSQL's dialect (times as epoch days).
SELECT l.source, count(DISTINCT e.lead_id) AS mqls
FROM stage_events e JOIN leads l ON l.id = e.lead_id
WHERE e.to_stage = 'mql' AND e.at >= '2026-07-01T00:00:00.000Z' AND e.at < '2026-10-01T00:00:00.000Z'
  AND e.at <= '2026-11-27T23:59:59.999Z'
GROUP BY l.source;

WITH handed AS (
  SELECT h.rep_id, extract(epoch FROM h.at::timestamptz) / 86400 AS at,
    extract(epoch FROM (SELECT min(t.at) FROM touches t
      WHERE t.lead_id = h.lead_id AND t.at >= h.at AND t.at <= '2026-11-27T23:59:59.999Z')::timestamptz) / 86400 AS touched,
    extract(epoch FROM (SELECT min(e.at) FROM stage_events e
      WHERE e.lead_id = h.lead_id AND e.at >= h.at AND e.at <= '2026-11-27T23:59:59.999Z'
        AND e.to_stage <> 'mql')::timestamptz) / 86400 AS decided
  FROM handoffs h
  WHERE h.at >= '2026-07-01T00:00:00.000Z' AND h.at < '2026-10-01T00:00:00.000Z'
    AND h.at <= '2026-11-27T23:59:59.999Z'
)
SELECT r.handle, count(*) AS handoffs, count(*) FILTER (WHERE touched - at <= 4 / 24.0) AS followed_up_in_time,
  count(*) FILTER (WHERE decided - at <= 3) AS decided_in_time, avg((touched - at) * 24) AS hours_to_first_touch
FROM handed JOIN reps r ON r.id = handed.rep_id GROUP BY r.handle ORDER BY r.handle;
