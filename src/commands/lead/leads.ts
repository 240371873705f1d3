import type { CommandContext } from "../../cli/context.js";
import { type LeadFilterOptions, leadFilterFrom } from "../../cli/lead-filter.js";
import { readStore } from "../../cli/with-store.js";
import { type Column, chooseOutput, deliver, renderRows } from "../../render/formats.js";
import { textTable } from "../../render/table.js";
import { countLeads, listLeads } from "../../store/leads.js";
import { fiscalCalendar } from "../../store/settings.js";

interface LeadRow extends Record<string, string | number | null> {
  id: number;
  external_id: string | null;
  email: string | null;
  name: string | null;
  company: string | null;
  source: string | null;
  stage: string;
  owner: string | null;
  score: number | null;
  created_at: string;
}

const columns: Column<LeadRow>[] = [
  { key: "id", header: "id", align: "right" },
  { key: "external_id", header: "external id", priority: 6 },
  { key: "email", header: "email", priority: 2 },
  { key: "name", header: "name" },
  { key: "company", header: "company", priority: 4 },
  { key: "source", header: "source", priority: 3 },
  { key: "stage", header: "stage" },
  { key: "owner", header: "owner", priority: 1 },
  { key: "score", header: "score", align: "right", priority: 3 },
  { key: "created_at", header: "created", priority: 5 },
];

const defaultLimit = 50;

interface LeadsOptions extends LeadFilterOptions {
  limit?: number;
  all?: boolean;
  format?: string;
  json?: boolean;
  out?: string;
}

export async function runLeads(options: LeadsOptions, context: CommandContext): Promise<void> {
  const output = chooseOutput(options, context);
  const limit = options.all === true ? undefined : (options.limit ?? defaultLimit);
  const { leads, total } = await readStore(context, async (tx) => {
    const filter = leadFilterFrom(options, new Date(), await fiscalCalendar(tx));
    return { leads: await listLeads(tx, filter, limit), total: await countLeads(tx, filter) };
  });
  const rows = leads.map(
    (lead): LeadRow => ({
      id: lead.id,
      external_id: lead.external_id,
      email: lead.email,
      name: lead.name,
      company: lead.company,
      source: lead.source,
      stage: lead.stage,
      owner: lead.owner,
      score: lead.score,
      created_at: lead.created_at,
    }),
  );
  deliver(
    renderRows(columns, rows, output.format, textTable, output.screen),
    output.out,
    context.stdout,
    output.format,
  );
  if (rows.length < total) {
    context.stderr.write(
      `funnel: showing ${rows.length} of ${total} leads; use --limit N or --all for more\n`,
    );
  }
}
