-- PostgreSQL's quota-team.sql (see ../quota-team.sql): the same query in PostgreSQL's dialect.
WITH won AS (
  SELECT owner_id, count(*) FILTER (WHERE stage = 'won') AS won, coalesce(sum(CASE WHEN stage = 'won' THEN amount END), 0) AS won_amount,
    count(*) FILTER (WHERE stage = 'lost') AS lost
  FROM deals WHERE closed_at >= '2026-10-01T00:00:00.000Z' AND closed_at < '2026-11-27T23:59:59.999Z'
  GROUP BY owner_id
),
pipeline AS (
  SELECT d.owner_id, count(*) AS deals, coalesce(sum(d.amount), 0) AS amount,
    count(*) FILTER (WHERE coalesce((SELECT e.to_stage FROM deal_events e WHERE e.deal_id = d.id AND e.at <= '2026-11-27T23:59:59.999Z'
      ORDER BY e.at DESC, e.id DESC LIMIT 1), d.stage) IN ('prospecting', 'qualification')) AS early
  FROM deals d
  WHERE d.opened_at <= '2026-11-27T23:59:59.999Z'
    AND (d.closed_at IS NULL OR d.closed_at > '2026-11-27T23:59:59.999Z')
    AND d.expected_close >= '2026-11-27T00:00:00.000Z' AND d.expected_close < '2027-01-01T00:00:00.000Z'
  GROUP BY d.owner_id
),
quota AS (
  SELECT lower(team) AS team, sum(target) AS target FROM quotas
  WHERE metric = 'revenue' AND team IS NOT NULL AND period_from >= '2026-10-01' AND period_to <= '2027-01-01'
  GROUP BY lower(team)
)
SELECT coalesce(r.team, '(no team)') AS team, q.target, sum(w.won) AS won, sum(w.won_amount) AS won_amount,
  sum(w.lost) AS lost, sum(p.deals) AS pipeline_deals, sum(p.amount) AS pipeline_amount
FROM reps r LEFT JOIN quota q ON q.team = lower(r.team) LEFT JOIN won w ON w.owner_id = r.id
  LEFT JOIN pipeline p ON p.owner_id = r.id
GROUP BY r.team, q.target ORDER BY 1;
