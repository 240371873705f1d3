import { moveLeadAlong } from "../app/deals.js";
import {
  type DealReferences,
  dealProblem,
  type IncomingDeal,
  mergeDeal,
  newDealValues,
} from "../domain/deal-record.js";
import { isValidEmail, normaliseEmail } from "../domain/email.js";
import { isClosedStage, type Pipeline } from "../domain/pipeline.js";
import { handleFromName, RepIndex, uniqueHandle } from "../domain/reps.js";
import { importMovesStage } from "../domain/stages.js";
import { UserError } from "../errors.js";
import {
  type DealValues,
  findDealByExternalId,
  insertDeal,
  insertDealEvent,
  type StoredDeal,
  updateDeal,
} from "../store/deals.js";
import { saveRevision } from "../store/lead-revisions.js";
import {
  findLeadByEmail,
  findLeadByExternalId,
  getLeadById,
  type StoredLead,
} from "../store/leads.js";
import { insertRep, listReps, type Rep } from "../store/reps.js";
import { saveEntityRevision } from "../store/revisions.js";
import { databaseCurrency } from "../store/settings.js";
import { stageHistory } from "../store/stage-events.js";
import type { Store, WriteTx } from "../store/store.js";
import type { DealRow } from "./deal-format.js";
import {
  type BatchContext,
  importBatch,
  type RowOutcome,
  type RowTally,
  type RowWriter,
} from "./import-batch.js";
import type { ImportCounts } from "./import-counts.js";
import type { OnDuplicate } from "./import-leads.js";

export interface ImportDealsOptions {
  readonly file: string;
  readonly pipeline: Pipeline;
  readonly map?: readonly string[] | undefined;
  /** `--stage` and `--owner`: for rows that have none. */
  readonly stage?: string | undefined;
  readonly owner?: string | undefined;
  /** Add owners who are not reps yet (as ae) instead of rejecting their rows. */
  readonly createReps?: boolean | undefined;
  readonly dateFormat?: string | undefined;
  readonly delimiter?: string | undefined;
  readonly onDuplicate?: OnDuplicate | undefined;
  readonly rejects?: string | undefined;
  readonly dryRun?: boolean | undefined;
  readonly now?: () => Date;
  readonly signal?: AbortSignal | undefined;
}

export interface ImportDealsSummary extends ImportCounts {
  readonly kind: "deals";
  /** Rows that matched a deal already in the database or earlier in the file. */
  readonly duplicates: number;
  readonly onDuplicate: OnDuplicate;
  /** Open stages the pipeline does not know, kept under their own names, with their deals. */
  readonly unknownStages: readonly { stage: string; deals: number }[];
  readonly repsCreated: readonly { handle: string; name: string }[];
  /** Leads that moved to opportunity or customer with their deals. */
  readonly leadsMoved: number;
  /** New deals the file gives no open (nor close) date: opened at the import. */
  readonly undated: number;
}

/**
 * Imports deals from a CRM export as one batch (see importBatch). Rows are matched to deals by
 * external id; owners to reps by handle, name or email; the lead reference by email or external
 * id. Each deal gets its events (opened, and closed when the file says so) and moves its lead
 * along.
 */
export async function importDeals(
  store: Store,
  options: ImportDealsOptions,
): Promise<ImportDealsSummary> {
  const onDuplicate = options.onDuplicate ?? "update";
  let writer: DealRowWriter | undefined;
  const summary = await importBatch(store, {
    kind: "deals",
    file: options.file,
    map: options.map,
    dateFormat: options.dateFormat,
    delimiter: options.delimiter,
    options: {
      stage: options.stage,
      owner: options.owner,
      createReps: options.createReps === true,
      onDuplicate,
    },
    rejects: options.rejects,
    dryRun: options.dryRun === true,
    now: options.now ?? (() => new Date()),
    signal: options.signal,
    settings: async ({ tx }) => ({
      kind: "deals",
      pipeline: options.pipeline,
      currency: await databaseCurrency(tx),
      dateFormat: options.dateFormat,
      defaultStage: options.stage,
      defaultOwner: options.owner,
    }),
    writer: async (context) => {
      writer = new DealRowWriter(context, { ...options, onDuplicate }, await listReps(context.tx));
      return writer;
    },
  });
  // What the rows did is undone when nothing is applied again; which deals they matched is not.
  const report = summary.applied ? writer?.report() : undefined;
  return {
    ...summary,
    kind: "deals",
    onDuplicate,
    duplicates: writer?.report().duplicates ?? 0,
    unknownStages: report?.unknownStages ?? [],
    repsCreated: report?.repsCreated ?? [],
    leadsMoved: report?.leadsMoved ?? 0,
    undated: report?.undated ?? 0,
  };
}

class DealRowWriter implements RowWriter {
  private readonly reps: RepDirectory;
  private duplicates = 0;
  private undated = 0;
  private readonly unknownStages = new Map<string, number>();
  private readonly leadsMoved = new Set<number>();

  private readonly tx: WriteTx;

  constructor(
    private readonly context: BatchContext,
    private readonly options: ImportDealsOptions & { onDuplicate: OnDuplicate },
    reps: readonly Rep[],
  ) {
    this.tx = context.tx;
    this.reps = new RepDirectory(context.tx, context.batchId, reps);
  }

  async header(): Promise<void> {
    if (this.options.owner !== undefined) {
      const match = this.reps.match(this.options.owner, this.options.createReps === true);
      if ("reject" in match) throw new UserError(`--owner: ${match.reject}`, "see funnel rep list");
    }
  }

  async write(values: unknown, lines: readonly number[], tally: RowTally): Promise<void> {
    const rows = values as DealRow[];
    for (const [index, row] of rows.entries()) {
      const line = lines[index] ?? 0;
      const outcome = await this.row(row.deal, line);
      if (typeof outcome === "string") tally.count(outcome);
      else tally.reject(line, row.cells, outcome.reject);
    }
  }

  private async row(
    incoming: IncomingDeal,
    line: number,
  ): Promise<RowOutcome | { reject: string }> {
    const owner = this.reps.match(incoming.owner, this.options.createReps === true);
    if ("reject" in owner) return owner;
    let lead: StoredLead | undefined;
    if (incoming.lead !== null) {
      lead = await findLeadOf(this.tx, incoming.lead);
      if (lead === undefined)
        return {
          reject: `no lead "${incoming.lead}" (import the leads first, or leave the lead column blank)`,
        };
    }
    const existing =
      incoming.external_id === null
        ? undefined
        : await findDealByExternalId(this.tx, incoming.external_id);
    // An owner still to be created has no id yet; 0 stands in until the row is known to be good.
    const references = async (): Promise<DealReferences> => ({
      owner_id:
        "rep" in owner
          ? owner.rep.id
          : (await this.reps.create(owner.create, this.context.importedAt)).id,
      lead_id: lead?.id ?? null,
    });
    const placeholder = { owner_id: "rep" in owner ? owner.rep.id : 0, lead_id: lead?.id ?? null };
    if (existing === undefined) {
      const values = newDealValues(incoming, placeholder, this.context.importedAt);
      const problem = dealProblem(values);
      if (problem !== undefined) return { reject: problem };
      if (incoming.opened_at === null && incoming.closed_at === null) this.undated++;
      await this.insert(
        newDealValues(incoming, await references(), this.context.importedAt),
        incoming,
      );
      return "inserted";
    }
    return this.update(existing, incoming, line, placeholder, references);
  }

  private async insert(values: DealValues, incoming: IncomingDeal): Promise<void> {
    const { batchId, importedAt } = this.context;
    const id = await insertDeal(this.tx, values, { batchId, at: importedAt });
    const closed = isClosedStage(values.stage);
    // A deal imported closed was open first: at the stage it closed from when the file says,
    // else at the pipeline's first stage, as far as we know.
    const openedAt = closed
      ? (incoming.closedFrom ?? this.options.pipeline.stages[0]?.name ?? "open")
      : values.stage;
    await this.event(id, null, openedAt, values.opened_at, values);
    if (closed) await this.event(id, openedAt, values.stage, values.closed_at as string, values);
    this.countStage(incoming, values);
    if (values.lead_id !== null) await this.moveLead(values.lead_id, id, values);
  }

  private async update(
    existing: StoredDeal,
    incoming: IncomingDeal,
    line: number,
    placeholder: DealReferences,
    references: () => Promise<DealReferences>,
  ): Promise<RowOutcome | { reject: string }> {
    this.duplicates++;
    if (this.options.onDuplicate === "error")
      throw new UserError(
        `line ${line}: duplicate of deal ${existing.id} (external id "${existing.external_id}"); nothing was imported`,
        "--on-duplicate error stops at the first duplicate: use update or skip, or remove the duplicate rows",
      );
    if (this.options.onDuplicate === "skip") return "unchanged";
    const { id, owner: _owner, batch_id, updated_at, ...current } = existing;
    const trial = mergeDeal(current, incoming, placeholder);
    if (trial.conflict !== undefined) return { reject: trial.conflict };
    if (trial.changed) {
      const problem = dealProblem(trial.next);
      if (problem !== undefined) return { reject: problem };
    }
    const { next, changed, stageChange } = mergeDeal(current, incoming, await references());
    this.countStage(incoming, next);
    if (!changed) return "unchanged";
    // The first snapshot per batch is what a revert restores; deals of this batch are removed.
    if (batch_id !== this.context.batchId)
      await saveEntityRevision(this.tx, this.context.batchId, "deal", id, {
        ...current,
        updated_at,
      });
    await updateDeal(this.tx, id, next, this.context.importedAt);
    if (stageChange !== null) {
      const at = isClosedStage(next.stage) ? (next.closed_at as string) : this.context.importedAt;
      await this.event(id, stageChange.from, stageChange.to, at, next);
    }
    const leadChanged = next.lead_id !== current.lead_id;
    if (next.lead_id !== null && (leadChanged || stageChange?.to === "won"))
      await this.moveLead(next.lead_id, id, next);
    return "updated";
  }

  private async event(
    id: number,
    from: string | null,
    to: string,
    at: string,
    deal: DealValues,
  ): Promise<void> {
    await insertDealEvent(this.tx, {
      deal_id: id,
      from_stage: from,
      to_stage: to,
      at,
      actor: "import",
      amount: deal.amount,
      reason: to === "lost" ? deal.lost_reason : null,
      batch_id: this.context.batchId,
    });
  }

  private countStage(incoming: IncomingDeal, deal: DealValues): void {
    if (incoming.stageKnown || deal.stage !== incoming.stage) return;
    this.unknownStages.set(deal.stage, (this.unknownStages.get(deal.stage) ?? 0) + 1);
  }

  /**
   * A deal's lead becomes an opportunity when the deal opens and a customer when it is won,
   * never moving backwards; what it was before is kept so that a revert can restore it.
   */
  private async moveLead(leadId: number, dealId: number, deal: DealValues): Promise<void> {
    const moves: ["opportunity" | "customer", string][] = [["opportunity", deal.opened_at]];
    if (deal.stage === "won") moves.push(["customer", deal.closed_at as string]);
    for (const [to, wanted] of moves) {
      const lead = await getLeadById(this.tx, leadId);
      if (lead === undefined || !importMovesStage(lead.stage, to)) continue;
      const { id, batch_id: _batch, ...snapshot } = lead;
      await saveRevision(this.tx, this.context.batchId, id, snapshot);
      // Never before the lead's last event: its history must stay in time order.
      const last = (await stageHistory(this.tx, id)).at(-1)?.at;
      const at = last !== undefined && last > wanted ? last : wanted;
      await moveLeadAlong(this.tx, id, to, {
        at,
        actor: "import",
        dealId,
        batchId: this.context.batchId,
      });
      this.leadsMoved.add(id);
    }
  }

  report(): Pick<
    ImportDealsSummary,
    "duplicates" | "unknownStages" | "repsCreated" | "leadsMoved" | "undated"
  > {
    return {
      duplicates: this.duplicates,
      unknownStages: [...this.unknownStages]
        .map(([stage, deals]) => ({ stage, deals }))
        .sort((a, b) => b.deals - a.deals || a.stage.localeCompare(b.stage)),
      repsCreated: this.reps.created.map((rep) => ({ handle: rep.handle, name: rep.name })),
      leadsMoved: this.leadsMoved.size,
      undated: this.undated,
    };
  }
}

type OwnerMatch = { rep: Rep } | { create: string } | { reject: string };

/** The reps an owner cell can name, and those the import adds (--create-reps). */
class RepDirectory {
  private readonly reps: RepIndex<Rep>;
  readonly created: Rep[] = [];

  /** Every rep's handle, the ones the import adds too: a new handle must differ from all. */
  private readonly handles: Set<string>;

  constructor(
    private readonly tx: WriteTx,
    private readonly batchId: number,
    reps: readonly Rep[],
  ) {
    this.reps = new RepIndex(reps);
    this.handles = new Set(reps.map((rep) => rep.handle));
  }

  match(text: string, createMissing: boolean): OwnerMatch {
    const match = this.reps.match(text);
    if (match !== undefined && "rep" in match) return match;
    if (match !== undefined)
      return {
        reject: `owner "${text}" could be any of ${match.ambiguous.map((rep) => rep.handle).join(", ")} (write the handle)`,
      };
    if (createMissing) return { create: text.trim() };
    return { reject: `unknown owner "${text}" (add the rep, or pass --create-reps)` };
  }

  /** A new active ae for an owner no rep matches (--create-reps). */
  async create(owner: string, importedAt: string): Promise<Rep> {
    const email = normaliseEmail(owner);
    const isEmail = isValidEmail(email);
    const base = handleFromName(isEmail ? (email.split("@")[0] ?? owner) : owner);
    const handle = uniqueHandle(base, (candidate) => this.handles.has(candidate));
    const rep = await insertRep(
      this.tx,
      {
        handle,
        name: owner,
        email: isEmail ? email : null,
        role: "ae",
        team: null,
        territory: null,
        manager: null,
        active: true,
        weight: 1,
        capacity: null,
      },
      importedAt,
      this.batchId,
    );
    this.reps.add(rep);
    this.handles.add(rep.handle);
    this.created.push(rep);
    return rep;
  }
}

/** A lead by email (when the reference looks like one) or external id. */
async function findLeadOf(tx: WriteTx, reference: string): Promise<StoredLead | undefined> {
  const email = normaliseEmail(reference);
  const byEmail = isValidEmail(email) ? await findLeadByEmail(tx, email) : undefined;
  return byEmail ?? (await findLeadByExternalId(tx, reference));
}
