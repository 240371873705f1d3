-- report pipeline --as-of 2026-11-27 (TZ=UTC): deals open at the as-of moment by the stage they
-- were at then: count, value (the amount as of their last event), mean age in days, and stale
-- deals (idle over 30 days, the default); then the stale deals themselves, longest idle first,
-- which the report lists too. The open deals are computed once, into a temporary table.
CREATE TEMP TABLE open AS
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
  avg(julianday('2026-11-27T23:59:59.999Z') - julianday(opened_at)) AS average_age_days,
  sum(CAST(julianday('2026-11-27T23:59:59.999Z') - julianday(last_at) AS INTEGER) > 30) AS stale
FROM open GROUP BY stage ORDER BY stage;

SELECT id, external_id, name, account, owner, team, stage, amount, opened_at, last_at,
  CAST(julianday('2026-11-27T23:59:59.999Z') - julianday(opened_at) AS INTEGER) AS age_days,
  CAST(julianday('2026-11-27T23:59:59.999Z') - julianday(last_at) AS INTEGER) AS idle_days
FROM open WHERE idle_days > 30 ORDER BY idle_days DESC, id;
