import { requireLead } from "../../app/decisions.js";
import { requireRep } from "../../app/reps.js";
import type { CommandContext } from "../../cli/context.js";
import { periodOption } from "../../cli/period-options.js";
import { readStore } from "../../cli/with-store.js";
import { localDay } from "../../domain/dates.js";
import {
  type Column,
  chooseOutput,
  deliver,
  type ExactNumber,
  renderRows,
} from "../../render/formats.js";
import { moneyFormatter } from "../../render/money.js";
import { textTable } from "../../render/table.js";
import { type DealFilter, listDeals } from "../../store/deals.js";
import { databaseCurrency, fiscalCalendar } from "../../store/settings.js";

interface DealRow extends Record<string, string | number | ExactNumber | null> {
  id: number;
  external_id: string | null;
  name: string | null;
  account: string | null;
  owner: string;
  stage: string;
  amount: string | number | ExactNumber | null;
  currency: string;
  kind: string;
  opened_at: string;
  expected_close: string | null;
  closed_at: string | null;
  lead_id: number | null;
}

const columns: Column<DealRow>[] = [
  { key: "id", header: "id", align: "right" },
  { key: "external_id", header: "external id", priority: 6 },
  { key: "name", header: "name" },
  { key: "account", header: "account", priority: 2 },
  { key: "owner", header: "owner", priority: 1 },
  { key: "stage", header: "stage" },
  { key: "amount", header: "amount", align: "right" },
  { key: "currency", header: "currency", priority: 5 },
  { key: "kind", header: "kind", priority: 5 },
  { key: "opened_at", header: "opened", priority: 4 },
  { key: "expected_close", header: "expected close", priority: 3 },
  { key: "closed_at", header: "closed", priority: 4 },
  { key: "lead_id", header: "lead", align: "right", priority: 6 },
];

const defaultLimit = 50;
const day = (iso: string | null) => (iso === null ? null : localDay(iso));

export async function runDeals(
  options: {
    owner?: string;
    stage?: string;
    status?: DealFilter["status"];
    lead?: string;
    closed?: string;
    limit?: number;
    all?: boolean;
    format?: string;
    json?: boolean;
    out?: string;
  },
  context: CommandContext,
): Promise<void> {
  const output = chooseOutput(options, context);
  const limit = options.all === true ? undefined : (options.limit ?? defaultLimit);
  const { deals, total, currency } = await readStore(context, async (tx) => {
    let closedFrom: string | undefined;
    let closedTo: string | undefined;
    if (options.closed !== undefined) {
      const period = periodOption("--closed", options.closed, new Date(), await fiscalCalendar(tx));
      closedFrom = period.from.toISOString();
      closedTo = period.to.toISOString();
    }
    const filter: DealFilter = {
      ownerId: options.owner === undefined ? undefined : (await requireRep(tx, options.owner)).id,
      stage: options.stage?.trim().toLowerCase(),
      status: options.status,
      leadId: options.lead === undefined ? undefined : (await requireLead(tx, options.lead)).id,
      closedFrom,
      closedTo,
    };
    const all = await listDeals(tx, filter, undefined);
    return {
      deals: limit === undefined ? all : all.slice(0, limit),
      total: all.length,
      currency: await databaseCurrency(tx),
    };
  });
  const money = moneyFormatter(currency, output.format);
  const rows = deals.map(
    (deal): DealRow => ({
      id: deal.id,
      external_id: deal.external_id,
      name: deal.name,
      account: deal.account,
      owner: deal.owner,
      stage: deal.stage,
      amount: money(deal.amount),
      currency,
      kind: deal.kind,
      opened_at: localDay(deal.opened_at),
      expected_close: day(deal.expected_close),
      closed_at: day(deal.closed_at),
      lead_id: deal.lead_id,
    }),
  );
  deliver(
    renderRows(columns, rows, output.format, textTable, output.screen),
    output.out,
    context.stdout,
    output.format,
  );
  if (rows.length < total)
    context.stderr.write(
      `funnel: showing ${rows.length} of ${total} deals; use --limit N or --all for more\n`,
    );
}
