import type { CommandContext } from "../../cli/context.js";
import { withStore } from "../../cli/with-store.js";
import { applySlaOptions, type SlaSetOptions, slaToJson } from "../../domain/sla.js";
import { describeSla } from "../../render/sla-report.js";
import { writePlain } from "../../render/terminal.js";
import { loadSla } from "../../reports/sla-report.js";
import { setSlaSetting } from "../../store/settings.js";

/** `funnel sla set`: changes the options given, keeps the rest, and prints the whole SLA. */
export async function runSlaSet(options: SlaSetOptions, context: CommandContext): Promise<void> {
  const sla = await withStore(context, (store) =>
    store.write(async (tx) => {
      const next = applySlaOptions(await loadSla(tx), options);
      await setSlaSetting(tx, JSON.stringify(slaToJson(next)));
      return next;
    }),
  );
  writePlain(
    context.stdout,
    `SLA set:\n${describeSla(sla)
      .map((line) => `  ${line}\n`)
      .join("")}`,
  );
}
