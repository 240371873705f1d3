import { requireLead } from "../../app/decisions.js";
import type { CommandContext } from "../../cli/context.js";
import { configuredScoringRules } from "../../cli/scoring-config.js";
import { readStore } from "../../cli/with-store.js";
import { leadFields } from "../../domain/lead-fields.js";
import { type LeadScore, scoreLead } from "../../domain/scoring.js";
import { toCsvLine } from "../../render/csv.js";
import { chooseOutput, deliver, jsonDocument, markdownTable } from "../../render/formats.js";
import { moneyFormatter } from "../../render/money.js";
import { textRecord, textTable } from "../../render/table.js";
import { listDeals } from "../../store/deals.js";
import { handoffsOfLead } from "../../store/handoffs.js";
import type { StoredLead } from "../../store/leads.js";
import { databaseCurrency } from "../../store/settings.js";
import { stageHistory } from "../../store/stage-events.js";
import { touchesOfLead } from "../../store/touches.js";

export async function runLeadShow(
  reference: string,
  options: { format?: string; json?: boolean; out?: string },
  context: CommandContext,
): Promise<void> {
  const output = chooseOutput(options);
  const { lead, history, handoffs, touches, deals, currency } = await readStore(
    context,
    async (tx) => {
      const lead = await requireLead(tx, reference);
      return {
        lead,
        history: await stageHistory(tx, lead.id),
        handoffs: await handoffsOfLead(tx, lead.id),
        touches: await touchesOfLead(tx, lead.id),
        deals: await listDeals(tx, { leadId: lead.id }, undefined),
        currency: await databaseCurrency(tx),
      };
    },
  );
  const scoring = await explainScore(lead, context);
  const fields: [string, string | number | null][] = [
    ["id", lead.id],
    ...leadFields.map((field): [string, string | number | null] => [field, lead[field]]),
    ["updated_at", lead.updated_at],
    ["import_batch", lead.batch_id],
  ];
  const attributes = Object.entries(lead.attributes);
  let text: string;
  switch (output.format) {
    case "json":
      text = jsonDocument({
        ...lead,
        stage_history: history.map((event) => ({
          ...event,
          details: event.details === null ? null : JSON.parse(event.details),
        })),
        handoffs,
        touches,
        deals: deals.map((deal) => ({
          id: deal.id,
          stage: deal.stage,
          amount: moneyFormatter(currency, "json")(deal.amount),
          currency,
          owner: deal.owner,
        })),
        score_explanation: scoring,
      });
      break;
    case "csv":
      text =
        toCsvLine(["field", "value"]) +
        [
          ...fields,
          ...attributes.map(([key, value]): [string, string] => [`attributes.${key}`, value]),
        ]
          .map(([key, value]) => toCsvLine([key, value]))
          .join("");
      break;
    case "md":
      text =
        `## Lead ${lead.id}\n\n${markdownTable(
          ["field", "value"],
          fields.map(([key, value]) => [key, String(value ?? "")]),
        )}` +
        (attributes.length > 0
          ? `\n### Attributes\n\n${markdownTable(["name", "value"], attributes)}`
          : "") +
        `\n### Stage history\n\n${markdownTable(
          ["at", "from", "to", "by", "reason"],
          history.map((event) => [
            event.at,
            event.from_stage ?? "",
            event.to_stage,
            event.actor,
            event.reason ?? "",
          ]),
        )}`;
      break;
    case "table":
      text =
        textRecord(fields) +
        (attributes.length > 0 ? `\nAttributes\n${textRecord(attributes)}` : "") +
        `\nStage history\n${textTable(
          [
            { key: "at", header: "at" },
            { key: "from", header: "from" },
            { key: "to", header: "to" },
            { key: "by", header: "by" },
            { key: "reason", header: "reason" },
          ],
          history.map((event) => ({
            at: event.at,
            from: event.from_stage ?? "",
            to: event.to_stage,
            by: event.batch_id === null ? event.actor : `${event.actor} (batch ${event.batch_id})`,
            reason: event.reason ?? "",
          })),
        )}` +
        (handoffs.length === 0
          ? ""
          : `\nHandoffs\n${textTable(
              [
                { key: "at", header: "at" },
                { key: "rep", header: "rep" },
                { key: "first_touch", header: "first touch" },
                { key: "why", header: "why" },
              ],
              handoffs.map((handoff) => ({
                at: handoff.at,
                rep: handoff.rep_handle,
                first_touch: handoff.first_touch_at ?? "not yet",
                why: handoff.explanation ?? "",
              })),
            )}`) +
        (deals.length === 0
          ? ""
          : `\nDeals\n${textTable(
              [
                { key: "id", header: "id", align: "right" },
                { key: "stage", header: "stage" },
                { key: "amount", header: `amount ${currency}`, align: "right" },
                { key: "owner", header: "owner" },
              ],
              deals.map((deal) => ({
                id: deal.id,
                stage: deal.stage,
                amount: moneyFormatter(currency, "table")(deal.amount),
                owner: deal.owner,
              })),
            )}`) +
        (touches.length === 0
          ? ""
          : `\nTouches\n${textTable(
              [
                { key: "at", header: "at" },
                { key: "kind", header: "kind" },
                { key: "by", header: "by" },
                { key: "note", header: "note" },
              ],
              touches.map((touch) => ({
                at: touch.at,
                kind: touch.kind,
                by: touch.rep_handle ?? "",
                note: touch.note ?? "",
              })),
            )}`) +
        (scoring === null
          ? ""
          : `\nScore by the rules (${scoring.score}, threshold ${scoring.threshold})\n${
              scoring.lines.length === 0
                ? "  no rule matched\n"
                : textRecord(
                    scoring.lines.map((line): [string, string] => [
                      `  ${line.rule}`,
                      `${line.points > 0 ? "+" : ""}${line.points}`,
                    ]),
                  )
            }`);
      break;
  }
  deliver(text, output.out, context.stdout, output.format);
}

/** The score explanation, when the database's configuration holds scoring rules. */
async function explainScore(
  lead: StoredLead,
  context: CommandContext,
): Promise<(LeadScore & { threshold: number }) | null> {
  const rules = await configuredScoringRules(context);
  return rules === null ? null : { ...scoreLead(lead, rules), threshold: rules.threshold };
}
