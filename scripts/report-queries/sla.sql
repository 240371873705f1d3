-- report sla --period 2026-Q3 --as-of 2026-11-27 (TZ=UTC): MQLs delivered per source in the
-- quarter (each lead once); per rep, the quarter's handoffs, how many were touched within the
-- 4-hour follow-up window and decided within 3 days (around the clock: business hours are
-- beyond plain SQL), and the mean hours to the first touch.
SELECT l.source, count(DISTINCT e.lead_id) AS mqls
FROM stage_events e JOIN leads l ON l.id = e.lead_id
WHERE e.to_stage = 'mql' AND e.at >= '2026-07-01T00:00:00.000Z' AND e.at < '2026-10-01T00:00:00.000Z'
  AND e.at <= '2026-11-27T23:59:59.999Z'
GROUP BY l.source;

WITH handed AS (
  SELECT h.rep_id, julianday(h.at) AS at,
    julianday((SELECT min(t.at) FROM touches t
      WHERE t.lead_id = h.lead_id AND t.at >= h.at AND t.at <= '2026-11-27T23:59:59.999Z')) AS touched,
    julianday((SELECT min(e.at) FROM stage_events e
      WHERE e.lead_id = h.lead_id AND e.at >= h.at AND e.at <= '2026-11-27T23:59:59.999Z'
        AND e.to_stage <> 'mql')) AS decided
  FROM handoffs h
  WHERE h.at >= '2026-07-01T00:00:00.000Z' AND h.at < '2026-10-01T00:00:00.000Z'
    AND h.at <= '2026-11-27T23:59:59.999Z'
)
SELECT r.handle, count(*) AS handoffs, sum(touched - at <= 4 / 24.0) AS followed_up_in_time,
  sum(decided - at <= 3) AS decided_in_time, avg((touched - at) * 24) AS hours_to_first_touch
FROM handed JOIN reps r ON r.id = handed.rep_id GROUP BY r.handle ORDER BY r.handle;
