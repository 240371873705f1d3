/**
 * PostgreSQL's side of EngineImport: a batch of rows goes in with COPY into a staging table
 * (temporary, dropped at the commit), and from there in set-based statements: the run of new
 * leads up to the first row whose email or external id is taken (by a lead already there, or
 * by an earlier row of the batch) goes into leads with one INSERT … SELECT in row order (so ids
 * follow the rows, as on SQLite), and their creation events with the same statement. A batch is
 * staged once: the calls for the runs after each duplicate (which the caller merges in between)
 * read the same staging table.
 */
import { once } from "node:events";
import { finished } from "node:stream/promises";
import type { TransactionSql } from "postgres";
import { extrasWidth, leadRowColumns, leadRowWidth } from "../../csv/lead-row-layout.js";
import { type FunnelStage, funnelStages } from "../../domain/stages.js";
import type { EngineImport, LeadRowBatch } from "../engine.js";
import {
  arrivedColumn,
  derivedColumnsSql,
  leadStageColumns,
  reachedColumn,
} from "../lead-stages-sql.js";
import { funnelRankSql } from "../stage-sql.js";
import { copyLine } from "./copy-text.js";

/** The staged columns: the row's own (its id is the identity's to give). */
const stagedColumns = leadRowColumns.filter((name) => name !== "id");

/**
 * A new lead's first-reached columns from its creation event (stage at created_at), as
 * columnsOfNewLead sets them: every funnel stage up to its own reached, its own arrived at,
 * no rejection.
 */
const newLeadColumnsSql = leadStageColumns
  .map((name) => {
    const reached = funnelStages.findIndex((stage) => reachedColumn[stage] === name);
    if (reached >= 0)
      return `CASE WHEN ${funnelRankSql("stage")} >= ${reached} THEN created_at END`;
    const arrived = funnelStages.find((stage: FunnelStage) => arrivedColumn[stage] === name);
    return arrived === undefined ? "NULL" : `CASE WHEN stage = '${arrived}' THEN created_at END`;
  })
  .join(", ");

export class PostgresImport implements EngineImport {
  /**
   * The rows in the staging table, if any (the table lives as long as the transaction): the
   * caller passes a batch's same rows again for each run after a duplicate.
   */
  private staged: LeadRowBatch["rows"] | undefined;
  private hasStagingTable = false;

  /** One per transaction (see PostgresStore.parts). */
  constructor(private readonly tx: TransactionSql) {}

  async beginLeadImport(): Promise<void> {}

  async finishLeadImport(): Promise<void> {}

  async insertNewLeads(batch: LeadRowBatch, from: number): Promise<number> {
    const count = batch.rows.length / leadRowWidth;
    if (from >= count) return 0;
    if (this.staged !== batch.rows) await this.stage(batch);
    // The first row from `from` on whose key a lead holds (rows before it in the batch were
    // inserted or matched a lead, so an earlier row's key is a lead's or is in the run).
    const stop = await this.firstTaken(from, count);
    if (stop === from) return 0;
    await this.tx.unsafe(
      `WITH inserted AS (
         INSERT INTO leads (${[...stagedColumns, ...leadStageColumns].join(", ")})
         SELECT ${stagedColumns.join(", ")}, ${newLeadColumnsSql}
         FROM (SELECT * FROM staged_leads WHERE n >= $1 AND n < $2 ORDER BY n OFFSET 0) AS run
         RETURNING id
       ),
       numbered AS (SELECT id, row_number() OVER (ORDER BY id) - 1 + $1 AS n FROM inserted)
       INSERT INTO stage_events (lead_id, from_stage, to_stage, at, actor, reason, batch_id)
       SELECT i.id, NULL, coalesce(s.stage, 'lead'), s.created_at, 'import', s.reason, $3
       FROM numbered i JOIN staged_leads s ON s.n = i.n
       ORDER BY i.id`,
      [from, stop, batch.batchId],
      { prepare: true },
    );
    return stop - from;
  }

  /**
   * The first row from `from` on whose email or external id a lead holds now, else `count`.
   * Staging marked the rows whose key a lead held then (`taken`) or an earlier row of the batch
   * has (`repeated`): only those can be taken now, as a key comes to a lead during a batch only
   * from a row of it. A row marked taken is looked up again, since a merge may have changed
   * the lead that held its key. (EXISTS under an OR at each call was a hashed subplan reading
   * every lead: 100,000 rows took 280 s.)
   */
  private async firstTaken(from: number, count: number): Promise<number> {
    let next = from;
    for (;;) {
      const [row] = await this.tx.unsafe(
        `SELECT n, repeated, email, external_id FROM staged_leads
         WHERE n >= $1 AND (repeated OR taken) ORDER BY n LIMIT 1`,
        [next],
        { prepare: true },
      );
      if (row === undefined) return count;
      const n = Number(row.n);
      if (row.repeated === true) return n;
      const [held] = await this.tx.unsafe(
        `SELECT 1 FROM leads WHERE email = $1
         UNION ALL SELECT 1 FROM leads WHERE external_id = $2 LIMIT 1`,
        [row.email, row.external_id],
        { prepare: true },
      );
      if (held !== undefined) return n;
      next = n + 1;
    }
  }

  /** Two set-based statements for all the leads (a revert may recompute thousands). */
  async recomputeLeadStages(leadIds: readonly number[]): Promise<void> {
    if (leadIds.length === 0) return;
    const ids = [...leadIds];
    await this.tx.unsafe(
      `UPDATE leads SET ${leadStageColumns.map((name) => `${name} = NULL`).join(", ")}
       WHERE id = ANY ($1::bigint[])`,
      [ids as never],
      { prepare: true },
    );
    await this.tx.unsafe(
      `UPDATE leads SET ${leadStageColumns.map((name) => `${name} = derived.${name}`).join(", ")}
       FROM (${derivedColumnsSql("WHERE e.lead_id = ANY ($1::bigint[])")}) AS derived
       WHERE leads.id = derived.lead_id`,
      [ids as never],
      { prepare: true },
    );
  }

  async restartIdentities(tables: readonly string[]): Promise<void> {
    for (const table of tables)
      await this.tx.unsafe(
        `SELECT setval(pg_get_serial_sequence('${table}', 'id'), coalesce(max(id), 0) + 1, false) FROM ${table}`,
      );
  }

  /** COPY: a database copy's rows, as they are. */
  async insertRows(
    table: string,
    columns: readonly string[],
    rows: readonly Readonly<Record<string, unknown>>[],
  ): Promise<void> {
    if (rows.length === 0) return;
    await this.copy(`COPY ${table} (${columns.join(", ")}) FROM STDIN`, rows.length, (row) =>
      copyLine(columns.map((column) => (rows[row] as Record<string, unknown>)[column])),
    );
  }

  /** Streams `count` lines (`line(n)` each) to a COPY … FROM STDIN, a megabyte at a time. */
  private async copy(statement: string, count: number, line: (row: number) => string) {
    const stream = await this.tx.unsafe(statement).writable();
    let text = "";
    for (let row = 0; row < count; row++) {
      text += line(row);
      if (text.length > 1 << 20) {
        if (!stream.write(text)) await once(stream, "drain");
        text = "";
      }
    }
    stream.end(text);
    await finished(stream);
  }

  /**
   * The batch's rows into the staging table with COPY, numbered from 0, each marked when an
   * earlier row of the batch has its email or external id.
   */
  private async stage(batch: LeadRowBatch): Promise<void> {
    if (this.hasStagingTable) await this.tx.unsafe("TRUNCATE staged_leads");
    else {
      await this.tx.unsafe(
        `CREATE TEMPORARY TABLE staged_leads ON COMMIT DROP AS
           SELECT ${stagedColumns.join(", ")} FROM leads WITH NO DATA;
         ALTER TABLE staged_leads ADD COLUMN n bigint, ADD COLUMN reason text COLLATE "C",
           ADD COLUMN repeated boolean NOT NULL DEFAULT false,
           ADD COLUMN taken boolean NOT NULL DEFAULT false;
         CREATE INDEX ON staged_leads (n)`,
      );
      this.hasStagingTable = true;
    }
    const { rows, extras } = batch;
    await this.copy(
      `COPY staged_leads (${[...stagedColumns, "reason", "n"].join(", ")}) FROM STDIN`,
      rows.length / leadRowWidth,
      (row) => {
        const values: unknown[] = rows.slice(row * leadRowWidth + 1, (row + 1) * leadRowWidth);
        values.push(extras[row * extrasWidth] ?? null, row);
        return copyLine(values);
      },
    );
    await this.tx.unsafe(
      `UPDATE staged_leads s SET repeated = true FROM (
         SELECT n FROM (SELECT n, min(n) OVER (PARTITION BY email) AS first
           FROM staged_leads WHERE email IS NOT NULL) AS e WHERE n > first
         UNION
         SELECT n FROM (SELECT n, min(n) OVER (PARTITION BY external_id) AS first
           FROM staged_leads WHERE external_id IS NOT NULL) AS x WHERE n > first
       ) AS later WHERE s.n = later.n;
       ANALYZE staged_leads;
       UPDATE staged_leads s SET taken = true FROM (
         SELECT s.n FROM staged_leads s JOIN leads l ON l.email = s.email
         UNION
         SELECT s.n FROM staged_leads s JOIN leads l ON l.external_id = s.external_id
       ) AS held WHERE s.n = held.n`,
    );
    this.staged = batch.rows;
  }
}
