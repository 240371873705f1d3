import { repProfile } from "../../app/rep-profile.js";
import type { CommandContext } from "../../cli/context.js";
import { readStore } from "../../cli/with-store.js";
import { localDay } from "../../domain/dates.js";
import { formatMinutes } from "../../domain/percentiles.js";
import { chooseOutput, deliver, jsonDocument } from "../../render/formats.js";
import { moneyFormatter } from "../../render/money.js";
import { textRecord, textTable } from "../../render/table.js";
import { databaseCurrency } from "../../store/settings.js";

export async function runRepShow(
  handle: string,
  options: { format?: string; json?: boolean; out?: string },
  context: CommandContext,
): Promise<void> {
  const output = chooseOutput(options);
  const { profile, currency } = await readStore(context, async (tx) => ({
    profile: await repProfile(tx, handle),
    currency: await databaseCurrency(tx),
  }));
  const { rep, openLeads, speedToLead, openDeals } = profile;
  if (output.format === "json") {
    const money = moneyFormatter(currency, "json");
    const deals = openDeals.map((deal) => ({ ...deal, amount: money(deal.amount), currency }));
    deliver(
      jsonDocument({ ...profile, openDeals: deals }),
      output.out,
      context.stdout,
      output.format,
    );
    return;
  }
  const money = moneyFormatter(currency, "table");
  const text =
    textRecord([
      ["handle", rep.handle],
      ["name", rep.name],
      ["email", rep.email],
      ["role", rep.role],
      ["team", rep.team],
      ["territory", rep.territory],
      ["manager", rep.manager],
      ["status", rep.active ? "active" : "inactive"],
      ["weight", rep.weight],
      ["capacity", rep.capacity ?? "no cap"],
    ]) +
    `\nSpeed-to-lead (handoff to first touch)\n${textRecord([
      ["handoffs", speedToLead.handoffs],
      ["touched", speedToLead.touched],
      ["p50", formatMinutes(speedToLead.p50Minutes)],
      ["p90", formatMinutes(speedToLead.p90Minutes)],
    ])}` +
    `\nOpen leads (${openLeads.length})\n${textTable(
      [
        { key: "id", header: "id", align: "right" },
        { key: "email", header: "email" },
        { key: "name", header: "name" },
        { key: "company", header: "company" },
        { key: "stage", header: "stage" },
      ],
      openLeads.map((lead) => ({
        id: lead.id,
        email: lead.email,
        name: lead.name,
        company: lead.company,
        stage: lead.stage,
      })),
    )}` +
    `\nOpen deals (${openDeals.length})\n${textTable(
      [
        { key: "id", header: "id", align: "right" },
        { key: "deal", header: "deal" },
        { key: "stage", header: "stage" },
        { key: "amount", header: `amount ${currency}`, align: "right" },
        { key: "expected_close", header: "expected close" },
      ],
      openDeals.map((deal) => ({
        id: deal.id,
        deal: deal.name ?? deal.account,
        stage: deal.stage,
        amount: money(deal.amount),
        expected_close: deal.expected_close === null ? null : localDay(deal.expected_close),
      })),
    )}`;
  deliver(text, output.out, context.stdout, output.format);
}
