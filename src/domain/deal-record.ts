import type { DealValues } from "../store/deals.js";
import { type Attributes, attributesOf } from "./attributes.js";
import type { ColumnMapping } from "./column-mapping.js";
import { acceptedDateFormats, parseDateStrict } from "./dates.js";
import {
  type DealColumn,
  type DealStatus,
  parseDealKind,
  parseDealStatus,
  parseYesNo,
} from "./deal-header-mapping.js";
import { contactEmail } from "./email.js";
import { parseAmount, parseCurrency } from "./money.js";
import { isClosedStage, type Pipeline, resolveDealStage } from "./pipeline.js";
import { type DealKind, dealKinds } from "./quota-metrics.js";

/**
 * A deal as read from one CSV row, normalised. `null` means the cell was blank: on an update
 * a blank never clears what the database holds. Owner and lead are still text here.
 */
export interface IncomingDeal {
  readonly external_id: string | null;
  readonly name: string | null;
  readonly account: string | null;
  readonly owner: string;
  /** A lead's email or external id. */
  readonly lead: string | null;
  readonly amount: number | null;
  readonly stage: string;
  /** False for an open stage the pipeline does not know, kept under its own name. */
  readonly stageKnown: boolean;
  readonly kind: DealKind | null;
  readonly opened_at: string | null;
  readonly expected_close: string | null;
  /** Set exactly when the stage is won or lost. */
  readonly closed_at: string | null;
  /**
   * The pipeline stage a won or lost deal closed from, when a status column closed it and its
   * stage column says where it was (Pipedrive's `Negotiations Started`).
   */
  readonly closedFrom: string | null;
  readonly lost_reason: string | null;
  /** Unmapped columns with a value, by header. */
  readonly attributes: Attributes;
}

export interface DealRowOptions {
  readonly mapping: ColumnMapping<DealColumn>;
  readonly headerCount: number;
  readonly pipeline: Pipeline;
  /** The database's currency: amounts are parsed into its minor units. */
  readonly currency: string;
  readonly dateFormat?: string | undefined;
  /** `--stage` and `--owner`: for rows that have none. */
  readonly defaultStage?: string | undefined;
  readonly defaultOwner?: string | undefined;
}

/** A rejected row's reason, and the column whose value did not fit (when one did not). */
export type DealRowResult =
  | { ok: true; deal: IncomingDeal }
  | { ok: false; reason: string; field?: DealColumn };

/** Validates and normalises one data row; the reason says what is wrong with it. */
export function readDealRow(cells: readonly string[], options: DealRowOptions): DealRowResult {
  const { mapping } = options;
  const width = options.headerCount;
  if (cells.length < width || cells.slice(width).some((cell) => cell.trim() !== ""))
    return reject(`has ${cells.length} fields, the header has ${width}`);
  const cell = (column: DealColumn): string | null => {
    const index = mapping.fieldIndex[column];
    const value = index === undefined ? "" : (cells[index] ?? "").trim();
    return value === "" ? null : value;
  };
  const header = (column: DealColumn): string =>
    mapping.columns[mapping.fieldIndex[column] ?? 0]?.header ?? column;
  // Mapped columns whose value this deal does not use: kept as attributes, as the file said them.
  const unused = new Set<DealColumn>();

  const statuses = allowedStatuses(cell, header);
  if ("reason" in statuses) return reject(statuses.reason, statuses.field);
  const stageText = cell("stage") ?? options.defaultStage ?? null;
  let resolved = stageText === null ? undefined : resolveDealStage(stageText, options.pipeline);
  let closedFrom: string | null = null;
  if (resolved === undefined || !statuses.allowed.includes(statusOf(resolved.stage))) {
    // A status beside the stage says the deal closed (Pipedrive keeps a won deal at the stage it
    // was won from): it is won or lost, and the stage it was at is kept as an attribute.
    const [only, ...others] = statuses.allowed;
    if (only === undefined || only === "open" || others.length > 0) {
      if (resolved === undefined) return reject("no stage (fill the stage column or pass --stage)");
      const stageStatus = statusOf(resolved.stage);
      return reject(
        `${statuses.columns.join(" and ")} say${statuses.columns.length === 1 ? "s" : ""} the deal is ${statuses.allowed.join(" or ")}, but its stage "${stageText}" is ${stageStatus}${stageStatus === "open" ? " (name the stage in pipeline.stageNames in the configuration: funnel config export, then funnel config load)" : ""}`,
      );
    }
    if (resolved?.known === true) closedFrom = resolved.stage;
    resolved = { stage: only, known: true };
    unused.add("stage");
  }
  const owner = cell("owner") ?? options.defaultOwner ?? null;
  if (owner === null) return reject("no owner (fill the owner column or pass --owner)");

  const currencyText = cell("currency");
  if (currencyText !== null) {
    const currency = parseCurrency(currencyText);
    if (currency === undefined)
      return reject(`unknown currency "${currencyText}" in ${header("currency")}`, "currency");
    if (currency !== options.currency)
      return reject(
        `amount in ${currency}, but this database keeps ${options.currency} (convert it first)`,
      );
  }
  let amount: number | null = null;
  const amountText = cell("amount");
  if (amountText !== null) {
    const parsed = parseAmount(amountText, options.currency);
    if (!parsed.ok) return reject(`${parsed.why} in ${header("amount")}`, "amount");
    amount = parsed.minor;
  }

  const dates: Partial<Record<DealColumn, string>> = {};
  for (const column of dateColumns) {
    const text = cell(column);
    if (text === null) continue;
    const parsed = parseDateStrict(text, options.dateFormat);
    if (parsed === undefined) {
      const expected =
        options.dateFormat === undefined
          ? acceptedDateFormats
          : `${options.dateFormat} or ISO 8601`;
      return reject(
        `invalid date "${text}" in ${header(column)} (expected ${expected}; see --date-format)`,
        column,
      );
    }
    dates[column] = parsed;
  }
  const closed = isClosedStage(resolved.stage);
  // A close date is when a closed deal closed, and when an open one is expected to; so is a won
  // deal's won time, a lost deal's lost time.
  const closedTime = resolved.stage === "won" ? dates.won_at : dates.lost_at;
  const closedAt = closed ? (dates.closed_at ?? closedTime ?? dates.close_date ?? null) : null;
  if (closed && closedAt === null)
    return reject(
      `a ${resolved.stage} deal needs its close date (fill ${mapping.fieldIndex.close_date === undefined ? "a Close Date column" : header("close_date")})`,
    );
  if (!closed && dates.closed_at !== undefined)
    return reject(
      `${header("closed_at")} is set but stage "${stageText}" is open (won or lost deals close)`,
    );
  if (resolved.stage !== "won") unused.add("won_at");
  if (resolved.stage !== "lost") unused.add("lost_at");
  const expectedClose = dates.expected_close ?? (closed ? null : (dates.close_date ?? null));

  let kind: DealKind | null = null;
  const kindText = cell("kind");
  if (kindText !== null) {
    kind = parseDealKind(kindText) ?? null;
    if (kind === null)
      return reject(
        `unknown deal kind "${kindText}" in ${header("kind")} (known: ${dealKinds.join(", ")})`,
        "kind",
      );
  }

  // The lead by the lead column (an email, an external id, or a "Name (email)" cell), else by the
  // email in a contact cell; a contact cell without one is only kept.
  const leadText = cell("lead");
  const contactText = cell("contact");
  const contactLead = contactText === null ? undefined : contactEmail(contactText);
  const lead = leadText === null ? (contactLead ?? null) : (contactEmail(leadText) ?? leadText);
  if (leadText !== null || contactLead === undefined) unused.add("contact");

  // A reason given for a deal that is not lost is kept, as what the file said.
  if (resolved.stage !== "lost") unused.add("lost_reason");
  const attributes = attributesOf();
  for (const column of mapping.columns) {
    const keep = column.field === undefined ? !column.ignored : unused.has(column.field);
    const value = (cells[column.index] ?? "").trim();
    if (keep && value !== "") attributes[column.attribute] = value;
  }

  return {
    ok: true,
    deal: {
      external_id: cell("external_id"),
      name: cell("name"),
      account: cell("account"),
      owner,
      lead,
      amount,
      stage: resolved.stage,
      stageKnown: resolved.known,
      kind,
      opened_at: dates.opened_at ?? null,
      expected_close: expectedClose,
      closed_at: closedAt,
      closedFrom,
      lost_reason: resolved.stage === "lost" ? cell("lost_reason") : null,
      attributes,
    },
  };
}

const dateColumns = [
  "opened_at",
  "expected_close",
  "closed_at",
  "close_date",
  "won_at",
  "lost_at",
] as const satisfies readonly DealColumn[];

const allStatuses: readonly DealStatus[] = ["open", "won", "lost"];

function statusOf(stage: string): DealStatus {
  return isClosedStage(stage) ? stage : "open";
}

/**
 * The statuses a row's status columns leave open, and the columns that said so: each narrows
 * them (`won` to won, Closed = yes to won or lost, Won = no to open or lost). Blank says nothing.
 */
function allowedStatuses(
  cell: (column: DealColumn) => string | null,
  header: (column: DealColumn) => string,
):
  | { allowed: readonly DealStatus[]; columns: readonly string[] }
  | { reason: string; field?: DealColumn } {
  let allowed = allStatuses;
  const columns: string[] = [];
  const statusText = cell("status");
  if (statusText !== null) {
    const status = parseDealStatus(statusText);
    if (status === undefined)
      return {
        reason: `unknown status "${statusText}" in ${header("status")} (known: ${allStatuses.join(", ")})`,
        field: "status",
      };
    allowed = [status];
    columns.push(header("status"));
  }
  const flags: [DealColumn, DealStatus[], DealStatus[]][] = [
    ["is_won", ["won"], ["open", "lost"]],
    ["is_lost", ["lost"], ["open", "won"]],
    ["is_closed", ["won", "lost"], ["open"]],
  ];
  for (const [column, ifYes, ifNo] of flags) {
    const text = cell(column);
    if (text === null) continue;
    const yes = parseYesNo(text);
    if (yes === undefined)
      return {
        reason: `"${text}" in ${header(column)} is not yes or no (true/false, 1/0)`,
        field: column,
      };
    const narrowed = allowed.filter((status) => (yes ? ifYes : ifNo).includes(status));
    columns.push(header(column));
    if (narrowed.length === 0) return { reason: `${columns.join(" and ")} contradict each other` };
    allowed = narrowed;
  }
  return { allowed, columns };
}

function reject(reason: string, field?: DealColumn): DealRowResult {
  return field === undefined ? { ok: false, reason } : { ok: false, reason, field };
}

/** The owner and lead of a row, once found among the reps and leads. */
export interface DealReferences {
  readonly owner_id: number;
  readonly lead_id: number | null;
}

/**
 * A new deal from a row: opened when the file says, else when it closed, else now (the
 * import time); `new` business unless the file says otherwise.
 */
export function newDealValues(
  incoming: IncomingDeal,
  references: DealReferences,
  importedAt: string,
): DealValues {
  return {
    external_id: incoming.external_id,
    name: incoming.name,
    account: incoming.account,
    lead_id: references.lead_id,
    owner_id: references.owner_id,
    amount: incoming.amount,
    stage: incoming.stage,
    kind: incoming.kind ?? "new",
    opened_at: incoming.opened_at ?? incoming.closed_at ?? importedAt,
    expected_close: incoming.expected_close,
    closed_at: incoming.closed_at,
    lost_reason: incoming.lost_reason,
    attributes: incoming.attributes,
  };
}

export interface DealMerge {
  /** The deal after the merge; equal to `current` when nothing changed. */
  readonly next: DealValues;
  readonly changed: boolean;
  /** Set when the stage moves. */
  readonly stageChange: { from: string; to: string } | null;
  /** Why the row cannot apply: it contradicts a closed deal. */
  readonly conflict?: string;
}

const overwritable = [
  "name",
  "account",
  "lead_id",
  "owner_id",
  "amount",
  "kind",
  "opened_at",
  "expected_close",
] as const;

/**
 * What an `--on-duplicate update` import does to a deal it already has: non-empty cells
 * overwrite, blank cells never clear a field, attributes merge by name. A closed deal is
 * final: its stage and close date stay whatever a file says.
 */
export function mergeDeal(
  current: DealValues,
  incoming: IncomingDeal,
  references: DealReferences,
): DealMerge {
  // A closed deal is final: a row that says otherwise is an error in one of the two, not news.
  if (isClosedStage(current.stage) && incoming.stage !== current.stage)
    return {
      next: current,
      changed: false,
      stageChange: null,
      conflict: `the deal is ${current.stage} already and closed deals are final, but the row says ${incoming.stage}`,
    };
  const values: Record<(typeof overwritable)[number], unknown> = {
    name: incoming.name,
    account: incoming.account,
    lead_id: references.lead_id,
    owner_id: references.owner_id,
    amount: incoming.amount,
    kind: incoming.kind,
    opened_at: incoming.opened_at,
    expected_close: incoming.expected_close,
  };
  const next: Record<string, unknown> = {
    ...current,
    attributes: attributesOf(current.attributes),
  };
  let changed = false;
  for (const field of overwritable) {
    const value = values[field];
    if (value !== null && value !== current[field]) {
      next[field] = value;
      changed = true;
    }
  }
  const attributes = next.attributes as Attributes;
  for (const [key, value] of Object.entries(incoming.attributes)) {
    if (attributes[key] !== value) {
      attributes[key] = value;
      changed = true;
    }
  }
  let stageChange: DealMerge["stageChange"] = null;
  if (!isClosedStage(current.stage) && incoming.stage !== current.stage) {
    next.stage = incoming.stage;
    next.closed_at = incoming.closed_at;
    stageChange = { from: current.stage, to: incoming.stage };
    changed = true;
  }
  if (
    next.stage === "lost" &&
    incoming.lost_reason !== null &&
    incoming.lost_reason !== current.lost_reason
  ) {
    next.lost_reason = incoming.lost_reason;
    changed = true;
  }
  return { next: next as unknown as DealValues, changed, stageChange };
}

/** What keeps a deal from being stored as it is, or undefined when nothing does. */
export function dealProblem(deal: DealValues): string | undefined {
  if (deal.stage === "won" && deal.amount === null)
    return "a won deal needs its amount (fill the amount column)";
  if (deal.closed_at !== null && deal.closed_at < deal.opened_at)
    return `closes (${deal.closed_at.slice(0, 10)}) before it was opened (${deal.opened_at.slice(0, 10)})`;
  return undefined;
}
