import { funnelRank } from "../domain/funnel-math.js";
import { type FunnelStage, funnelStages, type Stage } from "../domain/stages.js";
import { crossedIntoSql } from "./stage-sql.js";

/**
 * When each lead first got somewhere in the funnel, kept on the lead itself: a projection of
 * its stage events (which stay the record of truth), so that cohort reports count leads from
 * one index instead of joining a million leads with their events.
 *
 * - `<stage>_at`: the first event that crossed into the stage or past it (`crossedIntoSql`),
 *   the one definition of "reached the stage" every report uses; an import straight at sql
 *   reached mql and sal at that moment too.
 * - `<stage>_arrived_at`: the first event that went to exactly that stage; the median days
 *   between consecutive stages count only leads seen arriving at both.
 * - `rejected_at`: the first time sales sent the lead back to marketing (mql → recycled).
 *
 * Every column is a minimum over the lead's events, so appending an event only ever lowers
 * (or fills) columns, in any order; removing events (an import revert) recomputes the lead.
 */
export const reachedColumn: Readonly<Record<FunnelStage, string>> = {
  lead: "lead_at",
  mql: "mql_at",
  sal: "sal_at",
  sql: "sql_at",
  opportunity: "opportunity_at",
  customer: "customer_at",
};

export const arrivedColumn: Readonly<Record<FunnelStage, string>> = {
  lead: "lead_arrived_at",
  mql: "mql_arrived_at",
  sal: "sal_arrived_at",
  sql: "sql_arrived_at",
  opportunity: "opportunity_arrived_at",
  customer: "customer_arrived_at",
};

/** Every projected column, in one fixed order (inserts and recomputation use it). */
export const leadStageColumns: readonly string[] = [
  ...funnelStages.map((stage) => reachedColumn[stage]),
  ...funnelStages.map((stage) => arrivedColumn[stage]),
  "rejected_at",
];

/** Each column's value as an aggregate over stage events `e` of one lead. */
function columnAggregates(): string[] {
  return [
    ...funnelStages.map(
      (_, rank) => `min(CASE WHEN ${crossedIntoSql("e", String(rank))} THEN e.at END)`,
    ),
    ...funnelStages.map((stage) => `min(CASE WHEN e.to_stage = '${stage}' THEN e.at END)`),
    "min(CASE WHEN e.from_stage = 'mql' AND e.to_stage = 'recycled' THEN e.at END)",
  ];
}

/** The columns of every lead, derived from all its events, as rows (lead_id, ...columns). */
export function derivedColumnsSql(where: string): string {
  const aggregates = columnAggregates();
  return `SELECT e.lead_id AS lead_id, ${leadStageColumns
    .map((name, index) => `${aggregates[index]} AS ${name}`)
    .join(", ")}
    FROM stage_events e ${where} GROUP BY e.lead_id`;
}

/**
 * SQL that sets the columns of every lead from its events (leads without events get nulls):
 * one pass over the events in lead order, for the migration that adds the columns.
 */
export function backfillLeadStagesSql(): string {
  return `UPDATE leads SET ${leadStageColumns.map((name) => `${name} = derived.${name}`).join(", ")}
    FROM (${derivedColumnsSql("")}) AS derived WHERE derived.lead_id = leads.id`;
}

/**
 * The columns one event lowers or fills: the stages it crossed into (after `from`, up to and
 * including `to`), the stage it arrived at, and the rejection. Empty for a move between
 * off-ramps or onto one other than a rejection.
 */
export function columnsSetByEvent(from: Stage | null, to: Stage): string[] {
  const fromRank = from === null ? -1 : (funnelRank(from) ?? -1);
  const toRank = funnelRank(to);
  const columns: string[] = [];
  if (toRank !== undefined) {
    for (let rank = fromRank + 1; rank <= toRank; rank++)
      columns.push(reachedColumn[funnelStages[rank] as FunnelStage]);
    columns.push(arrivedColumn[to as FunnelStage]);
  }
  if (from === "mql" && to === "recycled") columns.push("rejected_at");
  return columns;
}

/**
 * The column values of a lead inserted with its first event (`stage` at `at`), in
 * `leadStageColumns` order: what appending that event would set on a lead without events.
 */
export function columnsOfNewLead(stage: Stage, at: string): (string | null)[] {
  let mask = newLeadMasks.get(stage);
  if (mask === undefined) {
    const set = new Set(columnsSetByEvent(null, stage));
    mask = leadStageColumns.map((name) => set.has(name));
    newLeadMasks.set(stage, mask);
  }
  return mask.map((isSet) => (isSet ? at : null));
}

/** Per stage, which columns a lead's creation event at that stage sets (an import asks 1M times). */
const newLeadMasks = new Map<Stage, boolean[]>();

/**
 * Shared by both engines' report queries. Over stage events `e` joined to leads `l`: the lead's
 * first arrival at the stage before the event's funnel stage (none before lead).
 */
export const previousArrivedSql = `CASE e.to_stage ${funnelStages
  .slice(1)
  .map(
    (stage, index) => `WHEN '${stage}' THEN l.${arrivedColumn[funnelStages[index] as FunnelStage]}`,
  )
  .join(" ")} END`;

/**
 * Consecutive funnel stages' arrival columns, each pair with the SQL that says a lead was seen
 * arriving at both, in order, by @asOf (the cohort's gaps).
 */
export function arrivalPairs(): { before: string; after: string; seen: string }[] {
  const columns = funnelStages.map((stage) => arrivedColumn[stage]);
  return columns.slice(1).map((after, index) => {
    const before = columns[index] as string;
    return { before, after, seen: `(${after} <= @asOf AND ${before} <= ${after})` };
  });
}
