import { type DealChange, loseDeal, moveDeal, openDeal, winDeal } from "../../app/deals.js";
import type { CommandContext } from "../../cli/context.js";
import { atOption, optionalDateOption } from "../../cli/period-options.js";
import { loadPipeline } from "../../cli/pipeline-config.js";
import { withStore } from "../../cli/with-store.js";
import { formatMoney, minorDigits } from "../../domain/money.js";
import { stageProbability } from "../../domain/pipeline.js";
import type { DealKind } from "../../domain/quota-metrics.js";
import { writePlain } from "../../render/terminal.js";
import type { StoredDeal } from "../../store/deals.js";
import { databaseCurrency } from "../../store/settings.js";

function amountText(deal: StoredDeal, currency: string): string {
  return deal.amount === null
    ? "no amount yet"
    : `${formatMoney(deal.amount, minorDigits(currency))} ${currency}`;
}

function dealName(deal: StoredDeal): string {
  return deal.name ?? deal.account ?? `deal ${deal.id}`;
}

export async function runDealAdd(
  options: {
    owner: string;
    lead?: string;
    amount?: string;
    account?: string;
    name?: string;
    stage?: string;
    expectedClose?: string;
    kind?: DealKind;
    id?: string;
    at?: string;
    config?: string;
  },
  context: CommandContext,
): Promise<void> {
  const at = atOption(options.at);
  const expectedClose = optionalDateOption("--expected-close", options.expectedClose);
  const pipeline = await loadPipeline(options.config, context);
  const { result, currency } = await withStore(context, async (store) => ({
    result: await openDeal(
      store,
      {
        lead: options.lead,
        owner: options.owner,
        amount: options.amount,
        account: options.account,
        name: options.name,
        stage: options.stage,
        expectedClose,
        kind: options.kind,
        externalId: options.id,
        at,
      },
      pipeline,
    ),
    currency: await store.read(databaseCurrency),
  }));
  const { deal } = result;
  const probability = stageProbability(deal.stage, pipeline);
  writePlain(
    context.stdout,
    `Deal ${deal.id} opened for ${deal.owner}: ${dealName(deal)}, ${amountText(deal, currency)}, at ${deal.stage} (${probability} %)` +
      `${result.leadMoved ? `; lead ${deal.lead_id} -> opportunity` : ""}\n`,
  );
}

function reportChange(change: DealChange, currency: string, context: CommandContext): void {
  const { deal } = change;
  const lead = change.leadMoved ? `; lead ${deal.lead_id} -> customer` : "";
  const reason = deal.lost_reason === null ? "" : ` ("${deal.lost_reason}")`;
  writePlain(
    context.stdout,
    `Deal ${deal.id} (${dealName(deal)}, ${amountText(deal, currency)}): ${change.from} -> ${deal.stage}${reason}${lead}\n`,
  );
}

export async function runDealStage(
  reference: string,
  stage: string,
  options: { amount?: string; expectedClose?: string; at?: string; config?: string },
  context: CommandContext,
): Promise<void> {
  const at = atOption(options.at);
  const expectedClose = optionalDateOption("--expected-close", options.expectedClose);
  const pipeline = await loadPipeline(options.config, context);
  const [change, currency] = await withStore(
    context,
    async (store) =>
      [
        await moveDeal(
          store,
          reference,
          stage,
          { at, expectedClose, amount: options.amount },
          pipeline,
        ),
        await store.read(databaseCurrency),
      ] as const,
  );
  reportChange(change, currency, context);
}

export async function runDealWon(
  reference: string,
  options: { amount?: string; at?: string },
  context: CommandContext,
): Promise<void> {
  const at = atOption(options.at);
  const [change, currency] = await withStore(
    context,
    async (store) =>
      [
        await winDeal(store, reference, { at, amount: options.amount }),
        await store.read(databaseCurrency),
      ] as const,
  );
  reportChange(change, currency, context);
}

export async function runDealLost(
  reference: string,
  options: { reason: string; at?: string },
  context: CommandContext,
): Promise<void> {
  const at = atOption(options.at);
  const [change, currency] = await withStore(
    context,
    async (store) =>
      [
        await loseDeal(store, reference, { at, reason: options.reason }),
        await store.read(databaseCurrency),
      ] as const,
  );
  reportChange(change, currency, context);
}
