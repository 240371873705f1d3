import type { CommandContext } from "../../cli/context.js";
import { type PeriodOptions, periodFromOptions } from "../../cli/period-options.js";
import { readStore } from "../../cli/with-store.js";
import { salesRoles } from "../../domain/reps.js";
import {
  type Column,
  chooseOutput,
  deliver,
  markdownText,
  outPathFor,
  renderRows,
} from "../../render/formats.js";
import { periodName } from "../../render/report-period.js";
import { textTable, wrapText } from "../../render/table.js";
import { neutraliseControls } from "../../render/terminal.js";
import { assignmentSpread } from "../../store/handoffs.js";
import { openLeadCounts } from "../../store/reps.js";
import { fiscalCalendar } from "../../store/settings.js";

interface SpreadRow extends Record<string, string | number | null> {
  rep: string;
  team: string | null;
  status: string;
  weight: number;
  handoffs: number;
  share_pct: number | null;
  weight_share_pct: number | null;
  accepted: number;
  rejected: number;
  undecided: number;
  open_leads: number;
}

const columns: Column<SpreadRow>[] = [
  { key: "rep", header: "rep" },
  { key: "team", header: "team", priority: 2 },
  { key: "status", header: "status", priority: 3 },
  { key: "handoffs", header: "handoffs", align: "right" },
  { key: "share_pct", header: "share %", align: "right" },
  { key: "weight", header: "weight", align: "right", priority: 4 },
  { key: "weight_share_pct", header: "weight share %", align: "right", priority: 4 },
  { key: "accepted", header: "accepted", align: "right" },
  { key: "rejected", header: "rejected", align: "right" },
  { key: "undecided", header: "undecided", align: "right", priority: 1 },
  { key: "open_leads", header: "open now", align: "right" },
];

const percent = (part: number, whole: number) =>
  whole === 0 ? null : Math.round((1000 * part) / whole) / 10;

/** Handoffs per rep in a period, beside each rep's share of the weights: is the spread fair? */
export async function runReportAssignments(
  options: PeriodOptions & { format?: string; json?: boolean; out?: string },
  context: CommandContext,
): Promise<void> {
  const output = chooseOutput(options, context);
  const { period, spread, open } = await readStore(context, async (tx) => {
    const { period } = periodFromOptions(options, "this-month", await fiscalCalendar(tx));
    return {
      period,
      spread: await assignmentSpread(tx, period.from.toISOString(), period.to.toISOString()),
      open: await openLeadCounts(tx),
    };
  });
  const shown = spread.filter(
    (rep) => rep.handoffs > 0 || salesRoles.includes(rep.role as (typeof salesRoles)[number]),
  );
  const totalHandoffs = shown.reduce((sum, rep) => sum + rep.handoffs, 0);
  const totalWeight = shown
    .filter((rep) => rep.active === 1)
    .reduce((sum, rep) => sum + rep.weight, 0);
  const rows = shown.map(
    (rep): SpreadRow => ({
      rep: rep.handle,
      team: rep.team,
      status: rep.active === 1 ? "active" : "inactive",
      weight: rep.weight,
      handoffs: rep.handoffs,
      share_pct: percent(rep.handoffs, totalHandoffs),
      weight_share_pct: rep.active === 1 ? percent(rep.weight, totalWeight) : null,
      accepted: rep.accepted,
      rejected: rep.rejected,
      undecided: rep.handoffs - rep.accepted - rep.rejected,
      open_leads: open.get(rep.handle) ?? 0,
    }),
  );
  let text = renderRows(columns, rows, output.format, textTable, output.screen);
  if (output.format === "table" || output.format === "md") {
    const name = periodName(period);
    const prose =
      output.format === "md"
        ? markdownText
        : (text: string) => wrapText(neutraliseControls(text), output.screen?.width);
    const title =
      `Assignments ${name}: handoffs per rep (share of all handoffs) against each active rep's share of the weights.\n` +
      "Accepted/rejected: decisions by that rep on those handoffs, to date.\n";
    text = `${prose(title)}\n${text}\n${prose(`${totalHandoffs} handoff(s) in ${name}`)}\n`;
  }
  deliver(text, outPathFor(output.out, period.label), context.stdout, output.format);
}
