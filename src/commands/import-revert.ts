import type { CommandContext } from "../cli/context.js";
import { withStore } from "../cli/with-store.js";
import { type RevertSummary, revertImport } from "../import/revert-import.js";
import { writePlain } from "../render/terminal.js";

export async function runImportRevert(
  batchId: number,
  options: { dryRun?: boolean },
  context: CommandContext,
): Promise<void> {
  const summary = await withStore(context, (store) =>
    revertImport(store, batchId, { dryRun: options.dryRun === true }),
  );
  const verb = summary.dryRun ? "Dry run (nothing changed): reverting" : "Reverted";
  writePlain(
    context.stdout,
    `${verb} batch ${summary.batchId} (${summary.file}): ${whatChanged(summary)}\n`,
  );
}

/** What the revert undid, in the words of the batch's kind. */
function whatChanged(summary: RevertSummary): string {
  const leads =
    `${summary.leadsRemoved} lead(s) removed, ` +
    `${summary.leadsRestored} restored to their previous values, ${summary.eventsRemoved} stage event(s) removed`;
  switch (summary.kind) {
    case "leads":
      return leads;
    case "deals":
      return (
        `${summary.dealsRemoved} deal(s) removed, ${summary.dealsRestored} restored to their previous values, ` +
        `${summary.dealEventsRemoved} deal event(s) removed; ${summary.leadsRestored} lead(s) restored to their previous stage, ` +
        `${summary.eventsRemoved} stage event(s) removed` +
        (summary.repsRemoved > 0 ? `; ${summary.repsRemoved} rep(s) it created removed` : "")
      );
    case "quotas":
      return `${summary.quotasRemoved} quota(s) removed, ${summary.quotasRestored} restored to their previous targets`;
  }
}
