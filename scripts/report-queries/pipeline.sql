-- report pipeline --as-of 2026-11-27 (TZ=UTC): deals open at the as-of moment by the stage they
-- were at then: count, value, mean age in days, and stale deals (idle over 30 days, the default).
WITH open AS (
  SELECT d.amount, d.opened_at,
    coalesce((SELECT e.to_stage FROM deal_events e WHERE e.deal_id = d.id AND e.at <= '2026-11-27T23:59:59.999Z'
      ORDER BY e.at DESC, e.id DESC LIMIT 1), d.stage) AS stage,
    (SELECT max(e.at) FROM deal_events e WHERE e.deal_id = d.id AND e.at <= '2026-11-27T23:59:59.999Z') AS last_at
  FROM deals d JOIN reps r ON r.id = d.owner_id
  WHERE d.opened_at <= '2026-11-27T23:59:59.999Z'
    AND (d.closed_at IS NULL OR d.closed_at > '2026-11-27T23:59:59.999Z')
)
SELECT stage, count(*) AS deals, sum(coalesce(amount, 0)) AS value,
  avg(julianday('2026-11-27T23:59:59.999Z') - julianday(opened_at)) AS average_age_days,
  sum(CAST(julianday('2026-11-27T23:59:59.999Z') - julianday(coalesce(last_at, opened_at)) AS INTEGER) > 30) AS stale
FROM open GROUP BY stage ORDER BY stage;
