import { attributesOf } from "../domain/attributes.js";
import { localDay } from "../domain/dates.js";
import { parseAmount } from "../domain/money.js";
import { isClosedStage, type Pipeline, resolveDealStage } from "../domain/pipeline.js";
import { importMovesStage } from "../domain/stages.js";
import { UserError } from "../errors.js";
import type { Db } from "../store/database.js";
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
} from "../store/deals-store.js";
import { getLeadById, setLeadStageAndOwner } from "../store/leads-store.js";
import { databaseCurrency } from "../store/settings-store.js";
import { insertStageEventRows } from "../store/stage-events-store.js";
import { requireLead } from "./decisions.js";
import { requireRep } from "./reps.js";

export function requireDeal(db: Db, reference: string): StoredDeal {
  const deal = findDeal(db, reference);
  if (deal === undefined)
    throw new UserError(
      `no deal "${reference}"`,
      "give a deal id or external id (see funnel deals)",
    );
  return deal;
}

/** Text of an amount in the database's currency, as minor units; a clear error otherwise. */
export function requireAmount(db: Db, text: string, what = "--amount"): number {
  const currency = databaseCurrency(db);
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
      `stages: ${known} (change them in funnel.config.json "pipeline")`,
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
export function moveLeadWithDeal(
  db: Db,
  leadId: number,
  to: "opportunity" | "customer",
  event: { at: string; actor: string; dealId: number; batchId: number | null },
): boolean {
  const lead = getLeadById(db, leadId);
  if (lead === undefined || !importMovesStage(lead.stage, to)) return false;
  setLeadStageAndOwner(db, lead.id, to, lead.owner, event.at);
  const reason = `deal ${event.dealId} ${to === "customer" ? "won" : "opened"}`;
  insertStageEventRows(db, [lead.id, lead.stage, to, event.at, event.actor, reason, event.batchId]);
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
export function openDeal(
  db: Db,
  input: NewDeal,
  pipeline: Pipeline,
): { deal: StoredDeal; leadMoved: boolean } {
  return db
    .transaction(() => {
      const owner = requireRep(db, input.owner);
      const lead = input.lead === undefined ? undefined : requireLead(db, input.lead);
      const stage =
        input.stage === undefined
          ? (pipeline.stages[0]?.name as string)
          : requireOpenStage(input.stage, pipeline);
      const externalId = input.externalId?.trim() || null;
      if (externalId !== null && findDealByExternalId(db, externalId) !== undefined)
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
        amount: input.amount === undefined ? null : requireAmount(db, input.amount),
        stage,
        kind: input.kind ?? "new",
        opened_at: at,
        expected_close: input.expectedClose?.toISOString() ?? null,
        closed_at: null,
        lost_reason: null,
        attributes: attributesOf(),
      };
      const id = insertDeal(db, values, { batchId: null, at });
      insertDealEvent(db, {
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
        moveLeadWithDeal(db, lead.id, "opportunity", {
          at,
          actor: owner.handle,
          dealId: id,
          batchId: null,
        });
      return { deal: getDeal(db, id) as StoredDeal, leadMoved };
    })
    .immediate();
}

function requireOpen(deal: StoredDeal, verb: string): void {
  if (deal.closed_at !== null)
    throw new UserError(
      `deal ${deal.id} is ${deal.stage} already (on ${localDay(deal.closed_at)}); cannot ${verb} it`,
      "closed deals are final; open a new deal for new business",
    );
}

/** A change cannot predate the deal's last recorded change: its history stays in time order. */
function requireAfterOpening(db: Db, deal: StoredDeal, at: Date): void {
  const last = dealHistory(db, deal.id).at(-1)?.at ?? deal.opened_at;
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
export function moveDeal(
  db: Db,
  reference: string,
  stageText: string,
  options: { at: Date; expectedClose?: Date | undefined; amount?: string | undefined },
  pipeline: Pipeline,
): DealChange {
  return db
    .transaction(() => {
      const deal = requireDeal(db, reference);
      requireOpen(deal, "move");
      requireAfterOpening(db, deal, options.at);
      const stage = requireOpenStage(stageText, pipeline);
      return change(db, deal, {
        stage,
        at: options.at,
        amount: options.amount === undefined ? deal.amount : requireAmount(db, options.amount),
        expectedClose: options.expectedClose?.toISOString() ?? deal.expected_close,
      });
    })
    .immediate();
}

/** Wins an open deal: it needs an amount; its lead becomes a customer. */
export function winDeal(
  db: Db,
  reference: string,
  options: { at: Date; amount?: string | undefined },
): DealChange {
  return db
    .transaction(() => {
      const deal = requireDeal(db, reference);
      requireOpen(deal, "win");
      requireAfterOpening(db, deal, options.at);
      const amount = options.amount === undefined ? deal.amount : requireAmount(db, options.amount);
      if (amount === null)
        throw new UserError(`deal ${deal.id} has no amount`, "pass --amount with what was won");
      return change(db, deal, { stage: "won", at: options.at, amount, closed: true });
    })
    .immediate();
}

/** Loses an open deal, with the reason. */
export function loseDeal(
  db: Db,
  reference: string,
  options: { at: Date; reason: string },
): DealChange {
  const reason = options.reason.trim();
  if (reason === "")
    throw new UserError(
      "losing a deal needs a reason",
      'pass --reason "..." (e.g. "chose a competitor")',
    );
  return db
    .transaction(() => {
      const deal = requireDeal(db, reference);
      requireOpen(deal, "lose");
      requireAfterOpening(db, deal, options.at);
      return change(db, deal, {
        stage: "lost",
        at: options.at,
        amount: deal.amount,
        closed: true,
        reason,
      });
    })
    .immediate();
}

function change(
  db: Db,
  deal: StoredDeal,
  next: {
    stage: string;
    at: Date;
    amount: number | null;
    expectedClose?: string | null;
    closed?: boolean;
    reason?: string;
  },
): DealChange {
  const at = next.at.toISOString();
  const { id, owner, batch_id, updated_at, ...values } = deal;
  updateDeal(
    db,
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
  insertDealEvent(db, {
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
    moveLeadWithDeal(db, deal.lead_id, "customer", { at, actor: owner, dealId: id, batchId: null });
  return { deal: getDeal(db, id) as StoredDeal, from: deal.stage, leadMoved };
}
