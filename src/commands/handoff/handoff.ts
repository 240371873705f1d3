import { handoffLeads } from "../../app/handoff.js";
import type { CommandContext } from "../../cli/context.js";
import { atOption } from "../../cli/period-options.js";
import { withStore } from "../../cli/with-store.js";
import type { Strategy } from "../../domain/assignment.js";
import { type Column, chooseOutput, deliver, renderRows } from "../../render/formats.js";
import { textTable } from "../../render/table.js";

interface HandoffCommandOptions {
  strategy: Strategy;
  to?: string;
  limit?: number;
  dryRun?: boolean;
  explain?: boolean;
  at?: string;
  format?: string;
  json?: boolean;
  out?: string;
}

interface PlanRow extends Record<string, string | number | null> {
  lead: number;
  email: string | null;
  country: string | null;
  rep: string | null;
  why: string;
}

export async function runHandoff(
  leads: string[],
  options: HandoffCommandOptions,
  context: CommandContext,
): Promise<void> {
  const output = chooseOutput(options, context);
  const at = atOption(options.at);
  const result = await withStore(context, (store) =>
    handoffLeads(store, {
      strategy: options.strategy,
      leads,
      to: options.to,
      limit: options.limit,
      dryRun: options.dryRun === true,
      at,
      actor: "cli",
    }),
  );
  const rows = result.planned.map(
    (entry): PlanRow => ({
      lead: entry.lead.id,
      email: entry.lead.email,
      country: entry.lead.country,
      rep: entry.handle,
      why: entry.why,
    }),
  );
  const columns: Column<PlanRow>[] = [
    { key: "lead", header: "lead", align: "right" },
    { key: "email", header: "email", priority: 1 },
    { key: "country", header: "country", priority: 2 },
    { key: "rep", header: "rep" },
  ];
  if (options.explain === true || output.format !== "table")
    columns.push({ key: "why", header: "why" });
  let text = renderRows(columns, rows, output.format, textTable, output.screen);
  if (output.format === "table") {
    const verb = result.dryRun ? "Dry run (nothing written): would hand off" : "Handed off";
    const left =
      result.unassigned > 0 ? `; ${result.unassigned} left unassigned (see --explain)` : "";
    text =
      rows.length === 0
        ? "No unassigned MQLs to hand off.\n"
        : `${text}${verb} ${result.assigned} lead(s) by ${result.strategy}${left}\n`;
  }
  deliver(text, output.out, context.stdout, output.format);
}
