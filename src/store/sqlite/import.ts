/**
 * SQLite's side of EngineImport: the bulk writes of an import as synchronous loops over
 * prepared statements, one call per batch of rows (better-sqlite3 runs each statement when
 * called: awaiting per row would only add a turn of the event loop per row).
 */
import { extrasWidth, leadRowColumns, leadRowWidth } from "../../csv/lead-row-layout.js";
import type { Stage } from "../../domain/stages.js";
import type { EngineImport, LeadRowBatch } from "../engine.js";
import { columnsOfNewLead, derivedColumnsSql, leadStageColumns } from "../lead-stages-sql.js";
import { type Db, enlargePageCache, prepared } from "./database.js";

// 16 MiB: measured faster than the 2 MiB default on a 1M-row import; more costs memory.
const importCacheKiB = 16 * 1024;

const insertLeadSql = `INSERT INTO leads (${[...leadRowColumns, ...leadStageColumns].join(", ")})
  VALUES (${[...leadRowColumns, ...leadStageColumns].map(() => "?").join(", ")}) ON CONFLICT DO NOTHING`;
const insertCreationEventSql = `INSERT INTO stage_events (lead_id, from_stage, to_stage, at, actor, reason, batch_id)
  VALUES (?, NULL, ?, ?, 'import', ?, ?)`;
const createdAtOffset = leadRowColumns.indexOf("created_at");
const stageOffset = leadRowColumns.indexOf("stage");

export class SqliteImport implements EngineImport {
  /** What beginLeadImport changed, put back when the transaction ends (see endTransaction). */
  private restorePageCache: (() => void) | undefined;
  private cohortIndexSql: string | undefined;

  constructor(private readonly db: Db) {}

  async beginLeadImport(incomingLeads: number): Promise<void> {
    // Index inserts in random key order (emails) need the index pages in memory: a larger page
    // cache for the import, within the import's memory budget.
    this.restorePageCache ??= enlargePageCache(this.db, importCacheKiB);
    this.suspendCohortIndex(incomingLeads);
  }

  async finishLeadImport(): Promise<void> {
    if (this.cohortIndexSql === undefined) return;
    this.db.exec(this.cohortIndexSql);
    this.cohortIndexSql = undefined;
  }

  /**
   * One row per statement on purpose: a multi-row INSERT needs a statement journal, which
   * copies every index page it touches; with emails in random order that made the import
   * twice as slow (measured). The lead goes in with its first-reached times already set from
   * its creation event; the events follow in one loop.
   */
  async insertNewLeads(batch: LeadRowBatch, from: number): Promise<number> {
    const { rows: r, extras, batchId } = batch;
    const insertLead = prepared(this.db, insertLeadSql);
    const count = r.length / leadRowWidth;
    const events: (number | string | null)[] = [];
    let row = from;
    for (; row < count; row++) {
      const at = row * leadRowWidth;
      const stage = r[at + stageOffset] as Stage;
      const createdAt = r[at + createdAtOffset] as string;
      // Nineteen arguments, not a slice: no array per row in an import of millions.
      const result = insertLead.run(
        r[at],
        r[at + 1],
        r[at + 2],
        r[at + 3],
        r[at + 4],
        r[at + 5],
        r[at + 6],
        r[at + 7],
        r[at + 8],
        r[at + 9],
        r[at + 10],
        r[at + 11],
        r[at + 12],
        r[at + 13],
        r[at + 14],
        r[at + 15],
        r[at + 16],
        r[at + 17],
        r[at + 18],
        ...columnsOfNewLead(stage, createdAt),
      );
      if (result.changes === 0) break;
      events.push(
        Number(result.lastInsertRowid),
        stage ?? "lead",
        createdAt ?? null,
        extras[row * extrasWidth] ?? null,
      );
    }
    const insertEvent = prepared(this.db, insertCreationEventSql);
    for (let at = 0; at < events.length; at += 4)
      insertEvent.run(events[at], events[at + 1], events[at + 2], events[at + 3], batchId);
    return row - from;
  }

  /** Two statements per lead, in one synchronous loop (a revert may recompute thousands). */
  async recomputeLeadStages(leadIds: readonly number[]): Promise<void> {
    const clear = prepared(
      this.db,
      `UPDATE leads SET ${leadStageColumns.map((name) => `${name} = NULL`).join(", ")} WHERE id = ?`,
    );
    const derive = prepared(
      this.db,
      `UPDATE leads SET ${leadStageColumns.map((name) => `${name} = derived.${name}`).join(", ")}
       FROM (${derivedColumnsSql("WHERE e.lead_id = @id")}) AS derived WHERE leads.id = @id`,
    );
    for (const id of leadIds) {
      clear.run(id);
      derive.run({ id });
    }
  }

  /** Nothing to do: SQLite's next rowid is past the largest in the table already. */
  async restartIdentities(): Promise<void> {}

  /** Multi-row INSERTs, each under SQLite's 32,766 bound parameters. */
  async insertRows(
    table: string,
    columns: readonly string[],
    rows: readonly Readonly<Record<string, unknown>>[],
  ): Promise<void> {
    const perInsert = Math.max(1, Math.floor(30_000 / columns.length));
    const tuple = `(${columns.map(() => "?").join(", ")})`;
    for (let start = 0; start < rows.length; start += perInsert) {
      const chunk = rows.slice(start, start + perInsert);
      const values: unknown[] = [];
      for (const row of chunk) for (const column of columns) values.push(row[column]);
      prepared(
        this.db,
        `INSERT INTO ${table} (${columns.join(", ")}) VALUES ${chunk.map(() => tuple).join(", ")}`,
      ).run(values);
    }
  }

  /** Called by the store when a transaction ends: puts the connection back as it was. */
  endTransaction(): void {
    this.restorePageCache?.();
    this.restorePageCache = undefined;
    // A rollback brought the index back; a commit came after finishLeadImport built it.
    this.cohortIndexSql = undefined;
  }

  /**
   * For an import that brings at least as many leads as the table holds: drops the reports'
   * covering index `leads_cohort` (in the transaction), for finishLeadImport to build again
   * before the commit. Each new lead and each stage it reaches changes that index at a random
   * place (leads arrive in no created_at order); building it once from the finished table
   * sorts instead: on 1,000,000 leads about 3 s against about 9 s of updates. A smaller import
   * keeps the index, which is then cheaper to update than to rebuild. The index's own SQL
   * (from the migrations) is read back, so the rebuild is exactly what was there.
   */
  private suspendCohortIndex(incomingLeads: number): void {
    if (incomingLeads <= 0 || this.cohortIndexSql !== undefined) return;
    const sql = prepared(
      this.db,
      "SELECT sql FROM sqlite_schema WHERE type = 'index' AND name = 'leads_cohort'",
    )
      .pluck()
      .get() as string | undefined;
    if (sql === undefined) return;
    const leads = prepared(this.db, "SELECT count(*) FROM leads").pluck().get() as number;
    if (incomingLeads < leads) return;
    this.db.exec("DROP INDEX leads_cohort");
    this.cohortIndexSql = sql;
  }
}
