import type { CommandContext } from "../../cli/context.js";
import { interruptible } from "../../cli/interruptible.js";
import { renderBackupResult } from "../../render/backup-summary.js";
import { backUpDatabase } from "../../store/maintenance.js";

export async function runBackup(
  file: string,
  options: { force?: boolean; json?: boolean },
  context: CommandContext,
): Promise<void> {
  const result = await interruptible((signal) =>
    backUpDatabase({
      database: context.dbPath,
      destination: file,
      force: options.force === true,
      env: context.env,
      signal,
    }),
  );
  context.stdout.write(renderBackupResult(result, options.json === true));
}
