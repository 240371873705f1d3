import type { CommandContext } from "../../cli/context.js";
import { withDatabase } from "../../cli/with-database.js";
import { formatMinutes } from "../../domain/percentiles.js";
import { chooseOutput, deliver } from "../../render/formats.js";
import { textRecord, textTable } from "../../render/table.js";
import { repProfile } from "../../reps/rep-profile.js";

export function runRepShow(
  handle: string,
  options: { format?: string; json?: boolean; out?: string },
  context: CommandContext,
): void {
  const output = chooseOutput(options);
  const profile = withDatabase(context, (db) => repProfile(db, handle));
  const { rep, openLeads, speedToLead } = profile;
  if (output.format === "json") {
    deliver(`${JSON.stringify(profile, null, 2)}\n`, output.out, (text) =>
      context.stdout.write(text),
    );
    return;
  }
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
    )}`;
  deliver(text, output.out, (chunk) => context.stdout.write(chunk));
}
