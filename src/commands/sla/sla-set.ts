import type { CommandContext } from "../../cli/context.js";
import { withDatabase } from "../../cli/with-database.js";
import { applySlaOptions, type SlaSetOptions, slaToJson } from "../../domain/sla.js";
import { describeSla } from "../../render/sla-report.js";
import { writePlain } from "../../render/terminal.js";
import { loadSla } from "../../reports/sla-report.js";
import { setSlaSetting } from "../../store/sla-store.js";

/** `funnel sla set`: changes the options given, keeps the rest, and prints the whole SLA. */
export function runSlaSet(options: SlaSetOptions, context: CommandContext): void {
  const sla = withDatabase(context, (db) =>
    db
      .transaction(() => {
        const next = applySlaOptions(loadSla(db), options);
        setSlaSetting(db, JSON.stringify(slaToJson(next)));
        return next;
      })
      .immediate(),
  );
  writePlain(
    context.stdout,
    `SLA set:\n${describeSla(sla)
      .map((line) => `  ${line}\n`)
      .join("")}`,
  );
}
