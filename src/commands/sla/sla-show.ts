import type { CommandContext } from "../../cli/context.js";
import { readStore } from "../../cli/with-store.js";
import { formatWorkingDays, formatWorkingHours } from "../../domain/business-hours.js";
import { slaIsSet, slaToJson } from "../../domain/sla.js";
import { chooseOutput, deliver, jsonDocument } from "../../render/formats.js";
import { describeSla } from "../../render/sla-report.js";
import { textRecord } from "../../render/table.js";
import { neutraliseControls } from "../../render/terminal.js";
import { loadSla } from "../../reports/sla-report.js";

/** `funnel sla show`: the SLA's settings, one per line (or JSON, as stored). */
export async function runSlaShow(
  options: { format?: string; json?: boolean; out?: string },
  context: CommandContext,
): Promise<void> {
  const output = chooseOutput(options);
  const sla = await readStore(context, loadSla);
  if (output.format === "json") {
    deliver(
      jsonDocument({ set: slaIsSet(sla), ...slaToJson(sla) }),
      output.out,
      context.stdout,
      output.format,
    );
    return;
  }
  const notSet = "not set";
  const sources = Object.entries(sla.sourceTargets)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([source, target]) => `${source}=${target}`)
    .join(", ");
  const settings = textRecord([
    ["mql target", sla.mqlTarget === null ? notSet : `${sla.mqlTarget} a month`],
    ["source targets", sources === "" ? notSet : `${sources} (a month each)`],
    ["follow-up", sla.followUpHours === null ? notSet : `${sla.followUpHours} h`],
    ["decision", sla.decisionDays === null ? notSet : `${sla.decisionDays} d`],
    [
      "business hours",
      sla.businessHours === null
        ? "off (windows run around the clock)"
        : `${formatWorkingDays(sla.businessHours.days)} ${formatWorkingHours(sla.businessHours)} (local time)`,
    ],
    ["share", `${sla.sharePct} % of handoffs`],
  ]);
  // Source names are data.
  deliver(
    `${settings}\n${neutraliseControls(describeSla(sla).join("\n"))}\n`,
    output.out,
    context.stdout,
    output.format,
  );
  if (!slaIsSet(sla))
    context.stderr.write(
      "funnel: no SLA is set yet; set one with funnel sla set --mql-target N --follow-up-hours H --decision-days D\n",
    );
}
