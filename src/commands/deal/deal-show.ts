import { requireDeal } from "../../app/deals.js";
import type { CommandContext } from "../../cli/context.js";
import { loadPipeline } from "../../cli/pipeline-config.js";
import { readStore } from "../../cli/with-store.js";
import { stageProbability } from "../../domain/pipeline.js";
import { chooseOutput, deliver, jsonDocument } from "../../render/formats.js";
import { moneyFormatter } from "../../render/money.js";
import { textRecord, textTable } from "../../render/table.js";
import { dealHistory } from "../../store/deals.js";
import { getLeadById } from "../../store/leads.js";
import { databaseCurrency } from "../../store/settings.js";

export async function runDealShow(
  reference: string,
  options: { format?: string; json?: boolean; out?: string; config?: string },
  context: CommandContext,
): Promise<void> {
  const output = chooseOutput(options);
  const pipeline = await loadPipeline(options.config, context);
  const { deal, history, lead, currency } = await readStore(context, async (tx) => {
    const deal = await requireDeal(tx, reference);
    return {
      deal,
      history: await dealHistory(tx, deal.id),
      lead: deal.lead_id === null ? undefined : await getLeadById(tx, deal.lead_id),
      currency: await databaseCurrency(tx),
    };
  });
  const probability = stageProbability(deal.stage, pipeline);
  let text: string;
  if (output.format === "json") {
    const amount = moneyFormatter(currency, "json");
    text = jsonDocument({
      ...deal,
      amount: amount(deal.amount),
      currency,
      probability: probability ?? null,
      lead: lead === undefined ? null : { id: lead.id, email: lead.email, stage: lead.stage },
      stage_history: history.map((event) => ({ ...event, amount: amount(event.amount) })),
    });
  } else {
    const money = moneyFormatter(currency, "table");
    const fields: [string, string | number | null][] = [
      ["id", deal.id],
      ["external_id", deal.external_id],
      ["name", deal.name],
      ["account", deal.account],
      ["owner", deal.owner],
      ["amount", deal.amount === null ? null : `${money(deal.amount)} ${currency}`],
      [
        "stage",
        `${deal.stage} (${probability === undefined ? "not a stage of the pipeline" : `${probability} %`})`,
      ],
      ["kind", deal.kind],
      ["opened_at", deal.opened_at],
      ["expected_close", deal.expected_close],
      ["closed_at", deal.closed_at],
      ["lost_reason", deal.lost_reason],
      [
        "lead",
        lead === undefined
          ? null
          : `${lead.id} ${lead.email ?? lead.external_id ?? ""} (${lead.stage})`,
      ],
      ["import_batch", deal.batch_id],
    ];
    const attributes = Object.entries(deal.attributes);
    text =
      textRecord(fields) +
      (attributes.length > 0 ? `\nAttributes\n${textRecord(attributes)}` : "") +
      `\nStage history\n${textTable(
        [
          { key: "at", header: "at" },
          { key: "from", header: "from" },
          { key: "to", header: "to" },
          { key: "amount", header: "amount", align: "right" },
          { key: "by", header: "by" },
          { key: "reason", header: "reason" },
        ],
        history.map((event) => ({
          at: event.at,
          from: event.from_stage ?? "",
          to: event.to_stage,
          amount: money(event.amount),
          by: event.batch_id === null ? event.actor : `${event.actor} (batch ${event.batch_id})`,
          reason: event.reason ?? "",
        })),
      )}`;
  }
  deliver(text, output.out, context.stdout, output.format);
}
