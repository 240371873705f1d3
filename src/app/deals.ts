import { attributesOf } from "../domain/attributes.js";
import { localDay } from "../domain/dates.js";
import { parseAmount } from "../domain/money.js";
import { isClosedStage, type Pipeline, resolveDealStage } from "../domain/pipeline.js";
import { importMovesStage } from "../domain/stages.js";
import { UserError } from "../errors.js";
import {
  type DealKind,
  type DealValues,
  dealHistory,
  findDeal,
  findDealByExternalId,
  getDeal,
  insertDeal,
  insertDealEvent,
  type StoredDeal,
  updateDeal,
} from "../store/deals.js";
import { getLeadById, setLeadStageAndOwner } from "../store/leads.js";
import { databaseCurrency } from "../store/settings.js";
import { insertStageEvent } from "../store/stage-events.js";
import type { ReadTx, Store, WriteTx } from "../store/store.js";
import { requireLead } from "./decisions.js";
import { requireRep } from "./reps.js";

export async function requireDeal(tx: ReadTx, reference: string): Promise<StoredDeal> {
  const deal = await findDeal(tx, reference);
  if (deal === undefined)
    throw new UserError(
      `no deal "${reference}"`,
      "give a deal id or external id (see funnel deals)",
    );
  return deal;
}

/** Text of an amount in the database's currency, as minor units; a clear error otherwise. */
export async function requireAmount(tx: ReadTx, text: string, what = "--amount"): Promise<number> {
  const currency = await databaseCurrency(tx);
  const parsed = parseAmount(text, currency);
  if (!parsed.ok)
    throw new UserError(
      `${what}: ${parsed.why}`,
      `write it like 12500, 12,500.00 or 12.5k (${currency})`,
    );
  return parsed.minor;
}

/** An open stage of the pipeline, by any of its names; closed stages have their own commands. */
export function requireOpenStage(text: string, pipeline: Pipeline): string {
  const resolved = resolveDealStage(text, pipeline);
  const known = pipeline.stages.map((stage) => stage.name).join(", ");
  if (resolved === undefined || !resolved.known)
    throw new UserError(
      `"${text}" is not a stage of the pipeline`,
      `stages: ${known} (change them in the configuration ("pipeline"): funnel config export, then funnel config load)`,
    );
  if (isClosedStage(resolved.stage))
    throw new UserError(
      `a deal is closed with funnel deal ${resolved.stage}, not by moving it`,
      `funnel deal ${resolved.stage} <deal>${resolved.stage === "lost" ? ' --reason "..."' : ""}`,
    );
  return resolved.stage;
}

/**
 * Moves a deal's lead along with the deal: to `opportunity` when a deal opens, to `customer`
 * when one is won; never backwards (a customer's expansion deal leaves it a customer).
 */
export async function moveLeadAlong(
  tx: WriteTx,
  leadId: number,
  to: "opportunity" | "customer",
  event: { at: string; actor: string; dealId: number; batchId: number | null },
): Promise<boolean> {
  const lead = await getLeadById(tx, leadId);
  if (lead === undefined || !importMovesStage(lead.stage, to)) return false;
  await setLeadStageAndOwner(tx, lead.id, to, lead.owner, event.at);
  const reason = `deal ${event.dealId} ${to === "customer" ? "won" : "opened"}`;
  await insertStageEvent(tx, {
    leadId: lead.id,
    from: lead.stage,
    to,
    at: event.at,
    actor: event.actor,
    reason,
    batchId: event.batchId,
  });
  return true;
}

export interface NewDeal {
  readonly lead?: string | undefined;
  readonly owner: string;
  readonly amount?: string | undefined;
  readonly account?: string | undefined;
  readonly name?: string | undefined;
  readonly stage?: string | undefined;
  readonly expectedClose?: Date | undefined;
  readonly kind?: DealKind | undefined;
  readonly externalId?: string | undefined;
  readonly at: Date;
}

/** Opens a deal at the first stage of the pipeline (or `stage`); its lead becomes an opportunity. */
export async function openDeal(
  store: Store,
  input: NewDeal,
  pipeline: Pipeline,
): Promise<{ deal: StoredDeal; leadMoved: boolean }> {
  return store.write(async (tx) => {
    const owner = await requireRep(tx, input.owner);
    const lead = input.lead === undefined ? undefined : await requireLead(tx, input.lead);
    const stage =
      input.stage === undefined
        ? (pipeline.stages[0]?.name as string)
        : requireOpenStage(input.stage, pipeline);
    const externalId = input.externalId?.trim() || null;
    if (externalId !== null && (await findDealByExternalId(tx, externalId)) !== undefined)
      throw new UserError(
        `a deal with external id "${externalId}" exists already`,
        "see funnel deal show",
      );
    const at = input.at.toISOString();
    const values: DealValues = {
      external_id: externalId,
      name: input.name?.trim() || null,
      account: input.account?.trim() || lead?.company || null,
      lead_id: lead?.id ?? null,
      owner_id: owner.id,
      amount: input.amount === undefined ? null : await requireAmount(tx, input.amount),
      stage,
      kind: input.kind ?? "new",
      opened_at: at,
      expected_close: input.expectedClose?.toISOString() ?? null,
      closed_at: null,
      lost_reason: null,
      attributes: attributesOf(),
    };
    const id = await insertDeal(tx, values, { batchId: null, at });
    await insertDealEvent(tx, {
      deal_id: id,
      from_stage: null,
      to_stage: stage,
      at,
      actor: owner.handle,
      amount: values.amount,
      reason: null,
      batch_id: null,
    });
    const leadMoved =
      lead !== undefined &&
      (await moveLeadAlong(tx, lead.id, "opportunity", {
        at,
        actor: owner.handle,
        dealId: id,
        batchId: null,
      }));
    return { deal: (await getDeal(tx, id)) as StoredDeal, leadMoved };
  });
}

function requireOpen(deal: StoredDeal, verb: string): void {
  if (deal.closed_at !== null)
    throw new UserError(
      `deal ${deal.id} is ${deal.stage} already (on ${localDay(deal.closed_at)}); cannot ${verb} it`,
      "closed deals are final; open a new deal for new business",
    );
}

/** A change cannot predate the deal's last recorded change: its history stays in time order. */
async function requireAfterOpening(tx: ReadTx, deal: StoredDeal, at: Date): Promise<void> {
  const last = (await dealHistory(tx, deal.id)).at(-1)?.at ?? deal.opened_at;
  if (at.toISOString() < last)
    throw new UserError(
      `--at ${at.toISOString()} is before deal ${deal.id}'s last change (${last})`,
      "give a later --at",
    );
}

export interface DealChange {
  readonly deal: StoredDeal;
  readonly from: string;
  readonly leadMoved: boolean;
}

/** Moves an open deal to another open stage. */
export async function moveDeal(
  store: Store,
  reference: string,
  stageText: string,
  options: { at: Date; expectedClose?: Date | undefined; amount?: string | undefined },
  pipeline: Pipeline,
): Promise<DealChange> {
  return store.write(async (tx) => {
    const deal = await requireDeal(tx, reference);
    requireOpen(deal, "move");
    await requireAfterOpening(tx, deal, options.at);
    const stage = requireOpenStage(stageText, pipeline);
    return change(tx, deal, {
      stage,
      at: options.at,
      amount: options.amount === undefined ? deal.amount : await requireAmount(tx, options.amount),
      expectedClose: options.expectedClose?.toISOString() ?? deal.expected_close,
    });
  });
}

/** Wins an open deal: it needs an amount; its lead becomes a customer. */
export async function winDeal(
  store: Store,
  reference: string,
  options: { at: Date; amount?: string | undefined },
): Promise<DealChange> {
  return store.write(async (tx) => {
    const deal = await requireDeal(tx, reference);
    requireOpen(deal, "win");
    await requireAfterOpening(tx, deal, options.at);
    const amount =
      options.amount === undefined ? deal.amount : await requireAmount(tx, options.amount);
    if (amount === null)
      throw new UserError(`deal ${deal.id} has no amount`, "pass --amount with what was won");
    return change(tx, deal, { stage: "won", at: options.at, amount, closed: true });
  });
}

/** Loses an open deal, with the reason. */
export async function loseDeal(
  store: Store,
  reference: string,
  options: { at: Date; reason: string },
): Promise<DealChange> {
  const reason = options.reason.trim();
  if (reason === "")
    throw new UserError(
      "losing a deal needs a reason",
      'pass --reason "..." (e.g. "chose a competitor")',
    );
  return store.write(async (tx) => {
    const deal = await requireDeal(tx, reference);
    requireOpen(deal, "lose");
    await requireAfterOpening(tx, deal, options.at);
    return change(tx, deal, {
      stage: "lost",
      at: options.at,
      amount: deal.amount,
      closed: true,
      reason,
    });
  });
}

async function change(
  tx: WriteTx,
  deal: StoredDeal,
  next: {
    stage: string;
    at: Date;
    amount: number | null;
    expectedClose?: string | null;
    closed?: boolean;
    reason?: string;
  },
): Promise<DealChange> {
  const at = next.at.toISOString();
  const { id, owner, batch_id, updated_at, ...values } = deal;
  await updateDeal(
    tx,
    id,
    {
      ...values,
      stage: next.stage,
      amount: next.amount,
      expected_close: next.expectedClose === undefined ? deal.expected_close : next.expectedClose,
      closed_at: next.closed === true ? at : null,
      lost_reason: next.reason ?? null,
    },
    at,
  );
  await insertDealEvent(tx, {
    deal_id: id,
    from_stage: deal.stage,
    to_stage: next.stage,
    at,
    actor: owner,
    amount: next.amount,
    reason: next.reason ?? null,
    batch_id: null,
  });
  const leadMoved =
    next.stage === "won" &&
    deal.lead_id !== null &&
    (await moveLeadAlong(tx, deal.lead_id, "customer", {
      at,
      actor: owner,
      dealId: id,
      batchId: null,
    }));
  return { deal: (await getDeal(tx, id)) as StoredDeal, from: deal.stage, leadMoved };
}
