-- PostgreSQL's pipeline.sql (see ../pipeline.sql): the same queries in PostgreSQL's dialect.
CREATE TEMP TABLE open_deals AS
SELECT d.id, d.external_id, d.name, d.account, r.handle AS owner, r.team, d.opened_at,
  CASE WHEN e.id IS NULL THEN d.amount ELSE e.amount END AS amount,
  coalesce(e.to_stage, d.stage) AS stage, coalesce(e.at, d.opened_at) AS last_at
FROM deals d JOIN reps r ON r.id = d.owner_id
  LEFT JOIN deal_events e ON e.id = (SELECT last.id FROM deal_events last
    WHERE last.deal_id = d.id AND last.at <= '2026-11-27T23:59:59.999Z'
    ORDER BY last.at DESC, last.id DESC LIMIT 1)
WHERE d.opened_at <= '2026-11-27T23:59:59.999Z'
  AND (d.closed_at IS NULL OR d.closed_at > '2026-11-27T23:59:59.999Z');

SELECT stage, count(*) AS deals, sum(coalesce(amount, 0)) AS value,
  avg(extract(epoch FROM '2026-11-27T23:59:59.999Z'::timestamptz - opened_at::timestamptz) / 86400) AS average_age_days,
  count(*) FILTER (WHERE trunc(extract(epoch FROM '2026-11-27T23:59:59.999Z'::timestamptz - last_at::timestamptz) / 86400) > 30) AS stale
FROM open_deals GROUP BY stage ORDER BY stage;

SELECT * FROM (
  SELECT id, external_id, name, account, owner, team, stage, amount, opened_at, last_at,
    trunc(extract(epoch FROM '2026-11-27T23:59:59.999Z'::timestamptz - opened_at::timestamptz) / 86400) AS age_days,
    trunc(extract(epoch FROM '2026-11-27T23:59:59.999Z'::timestamptz - last_at::timestamptz) / 86400) AS idle_days
  FROM open_deals
) AS aged WHERE idle_days > 30 ORDER BY idle_days DESC, id;
