/**
 * What an engine gives store/'s modules through a transaction (internal to store/: nothing
 * above it imports this). A transaction is an engine's `TxParts`, typed as the opaque
 * ReadTx/WriteTx outside; `sql(tx)` and `engine(tx)` take them back out.
 *
 * - `Executor`: runs SQL that every engine understands unchanged, with bound parameters:
 *   positional `?` with an array, or `@name` with an object (the PostgreSQL executor numbers
 *   both as $1, $2, ...). Statements are prepared once per connection. PostgreSQL types each
 *   parameter as it prepares the statement, from where it first appears: one whose place says
 *   nothing (`@team IS NULL OR ...`) is written `CAST(@team AS TEXT)` there. NULLs sort first in
 *   SQLite and last in PostgreSQL: an ORDER BY on a column that may be NULL says NULLS FIRST.
 * - `EngineQueries`: the queries each engine writes in its own dialect (tuned report queries).
 * - `EngineImport`: the bulk writes of an import (and of a database copy), each awaited once per
 *   batch of rows (a lead import writes up to a million): plain rows in, counts out, so that
 *   each engine loads them its own way (SQLite a synchronous loop over prepared statements,
 *   PostgreSQL COPY).
 * A new engine implements both interfaces: they are the checklist of what is engine-specific.
 */
import type { RowValue } from "../csv/lead-row-layout.js";
import type { CohortField, CohortGaps, CohortStageCounts, StageMoveVisitor } from "./funnel.js";
import type { LeadFilter } from "./leads.js";
import type { SlaHandoffRow } from "./sla.js";
import type { ReadTx, WriteTx } from "./store.js";

export type Params = readonly unknown[] | Readonly<Record<string, unknown>>;

export interface Executor {
  all<Row>(sql: string, params?: Params): Promise<Row[]>;
  get<Row>(sql: string, params?: Params): Promise<Row | undefined>;
  /** A statement that returns no rows; how many rows it changed. */
  run(sql: string, params?: Params): Promise<{ changes: number }>;
}

export interface Dialect {
  /** The LIMIT parameter that means "no limit" (SQLite -1, PostgreSQL NULL). */
  readonly noLimit: number | null;
}

/** The engine-specific queries (see the module's comment). */
export interface EngineQueries {
  /** Per value of `field`, the cohort's leads and how many reached each stage by asOf. */
  cohortStageCounts(
    field: CohortField | undefined,
    from: string,
    to: string,
    asOf: string,
  ): Promise<CohortStageCounts[]>;
  /** Per value of `field`, the cohort's gaps between consecutive stage arrivals (ms). */
  cohortGaps(
    field: CohortField | undefined,
    from: string,
    to: string,
    asOf: string,
  ): Promise<CohortGaps[]>;
  /** Visits the moves into a funnel stage in [from, to), each lead's in time order. */
  forEachStageMove(
    range: { field: CohortField | undefined; from: string; to: string; withTime: boolean },
    visit: StageMoveVisitor,
    movesPerBatch?: number,
  ): Promise<void>;
  /** Per source of the cohort: leads, and how many reached mql, sal, rejection by asOf. */
  sourceStageCounts(
    from: string,
    to: string,
    asOf: string,
  ): Promise<
    { source: string | null; leads: number; mqls: number; accepted: number; rejected: number }[]
  >;
  /** Per source of the cohort: leads handed off by asOf, and each handoff's ms to first touch. */
  cohortHandoffs(
    from: string,
    to: string,
    asOf: string,
  ): Promise<{ source: string | null; handedOff: number; toFirstTouchMs: number[] }[]>;
  /** Visits each lead's arrival as an MQL in [from, to), with the lead's source. */
  forEachMqlArrival(
    from: string,
    to: string,
    visit: (source: string | null, at: string) => void,
  ): Promise<void>;
  /** Visits the handoffs of [from, to) by asOf with what became of their leads. */
  forEachSlaHandoff(
    range: { from: string; to: string; asOf: string },
    visit: (row: SlaHandoffRow) => void,
  ): Promise<void>;
  /** Attribute names of the leads matching `filter`, in order of first appearance. */
  attributeNames(filter: LeadFilter): Promise<string[]>;
}

/**
 * A batch of a lead import's rows as the reader lays them out (csv/lead-row-layout.ts), to be
 * inserted as new leads of import batch `batchId`.
 */
export interface LeadRowBatch {
  /** `leadRowWidth` values per row, in `leadRowColumns` order (the id null). */
  readonly rows: readonly RowValue[];
  /** `extrasWidth` values per row, the first the file's stage wording (the event's reason). */
  readonly extras: readonly RowValue[];
  readonly batchId: number;
}

/** The bulk writes of an import (see the module's comment); all are writes in the transaction. */
export interface EngineImport {
  /**
   * Prepares the rest of the transaction for a lead import of about `incomingLeads` leads:
   * whatever makes loading them faster (SQLite: a larger page cache; and when they are at
   * least as many as the table holds, the reports' cohort index is dropped, to be built once
   * by finishLeadImport). What it changes about the connection is put back when the
   * transaction ends; a rollback puts back what it changed in the database.
   */
  beginLeadImport(incomingLeads: number): Promise<void>;
  /** Builds again what beginLeadImport suspended, before the commit. */
  finishLeadImport(): Promise<void>;
  /**
   * Inserts the rows of `batch` from row `from` on as new leads, each with its creation event
   * (its stage at its created date; actor "import") and its first-reached times set from it,
   * in row order, up to the first row whose email or external id a lead holds already: how
   * many it inserted. The row after them, if any, is that row, left for the caller to merge.
   */
  insertNewLeads(batch: LeadRowBatch, from: number): Promise<number>;
  /** Sets the stage columns of the given leads afresh from their events (after events changed). */
  recomputeLeadStages(leadIds: readonly number[]): Promise<void>;
  /**
   * After rows were inserted with their ids (a copy): the next id each of `tables` gives is
   * past the largest there (PostgreSQL's identities do not move on their own; SQLite's do).
   */
  restartIdentities(tables: readonly string[]): Promise<void>;
  /**
   * Appends rows (ids and all, each with every one of `columns`) to `table` the fastest way the
   * engine has: multi-row INSERTs on SQLite, COPY on PostgreSQL (a database copy).
   */
  insertRows(
    table: string,
    columns: readonly string[],
    rows: readonly Readonly<Record<string, unknown>>[],
  ): Promise<void>;
}

/** What a transaction is inside store/. */
export interface TxParts {
  readonly executor: Executor;
  readonly queries: EngineQueries;
  readonly bulk: EngineImport;
  readonly dialect: Dialect;
}

/** The executor of a transaction. */
export function sql(tx: ReadTx): Executor {
  return (tx as unknown as TxParts).executor;
}

/** The engine-specific queries of a transaction's engine. */
export function engine(tx: ReadTx): EngineQueries {
  return (tx as unknown as TxParts).queries;
}

/** The bulk writes of an import, in a transaction's engine. */
export function engineImport(tx: WriteTx): EngineImport {
  return (tx as unknown as TxParts).bulk;
}

export function dialect(tx: ReadTx): Dialect {
  return (tx as unknown as TxParts).dialect;
}
