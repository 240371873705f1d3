import type { CommandContext } from "../cli/context.js";
import { withDatabase } from "../cli/with-database.js";
import { revertImport } from "../import/revert-import.js";

export function runImportRevert(
  batchId: number,
  options: { dryRun?: boolean },
  context: CommandContext,
): void {
  const summary = withDatabase(context, (db) =>
    revertImport(db, batchId, { dryRun: options.dryRun === true }),
  );
  const verb = summary.dryRun ? "Dry run (nothing changed): reverting" : "Reverted";
  context.stdout.write(
    `${verb} batch ${summary.batchId} (${summary.file}): ${summary.leadsRemoved} lead(s) removed, ` +
      `${summary.leadsRestored} restored to their previous values, ${summary.eventsRemoved} stage event(s) removed\n`,
  );
}
