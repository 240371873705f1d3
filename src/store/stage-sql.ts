/**
 * Stage rules as SQL expressions, shared by the queries and the migrations (this module
 * imports nothing that opens a database, so migrations.ts can load it).
 */

/** A stage's place in the funnel, in SQL: lead 0 … customer 5, NULL for the off-ramps. */
export function funnelRankSql(column: string): string {
  return `CASE ${column} WHEN 'lead' THEN 0 WHEN 'mql' THEN 1 WHEN 'sal' THEN 2 WHEN 'sql' THEN 3
    WHEN 'opportunity' THEN 4 WHEN 'customer' THEN 5 END`;
}

/**
 * Whether stage event \`alias\` took its lead into the funnel stage of rank \`rank\` (a SQL
 * expression) or past it: from nowhere (a new lead), from an earlier stage, or from an
 * off-ramp (starting again). An import straight at sql crossed mql and sal. The one
 * definition of "became an MQL" (rank 1), "was accepted" (rank 2) and so on, for every report.
 */
export function crossedIntoSql(alias: string, rank: string): string {
  return `(${funnelRankSql(`${alias}.to_stage`)} >= ${rank}
    AND coalesce(${funnelRankSql(`${alias}.from_stage`)}, -1) < ${rank})`;
}
