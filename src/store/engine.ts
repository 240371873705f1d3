/**
 * What an engine gives store/'s modules through a transaction (internal to store/: nothing
 * above it imports this). A transaction is an engine's `TxParts`, typed as the opaque
 * ReadTx/WriteTx outside; `sql(tx)` and `engine(tx)` take them back out.
 *
 * - `Executor`: runs SQL that every engine understands unchanged, with bound parameters:
 *   positional `?` with an array, or `@name` with an object (the PostgreSQL executor numbers
 *   both as $1, $2, ...). Statements are prepared once per connection.
 * - `EngineQueries`: the queries each engine writes in its own dialect (tuned report queries,
 *   the bulk writes of an import, schema tricks). A new engine implements this interface; it
 *   is the checklist of what is engine-specific.
 */
import type { CohortField, CohortGaps, CohortStageCounts, StageMoveVisitor } from "./funnel.js";
import type { LeadFilter } from "./leads.js";
import type { SlaHandoffRow } from "./sla.js";
import type { ReadTx } from "./store.js";

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
  /** Sets the stage columns of the given leads afresh from their events (a write). */
  recomputeLeadStages(leadIds: readonly number[]): Promise<void>;
}

/** What a transaction is inside store/. */
export interface TxParts {
  readonly executor: Executor;
  readonly queries: EngineQueries;
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

export function dialect(tx: ReadTx): Dialect {
  return (tx as unknown as TxParts).dialect;
}
