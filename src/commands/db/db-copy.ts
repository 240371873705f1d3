import { copyDatabase } from "../../app/copy-database.js";
import type { CommandContext } from "../../cli/context.js";
import { interruptible } from "../../cli/interruptible.js";
import { storeOptions } from "../../cli/with-store.js";
import { renderCopyResult } from "../../render/copy-summary.js";
import { RowProgressBar } from "../../render/progress.js";

export async function runDbCopy(
  options: { from: string; to: string; json?: boolean },
  context: CommandContext,
): Promise<void> {
  const bar =
    context.stderr.isTTY === true ? new RowProgressBar(context.stderr, "copying") : undefined;
  try {
    const result = await interruptible((signal) =>
      copyDatabase({
        from: options.from,
        to: options.to,
        env: context.env,
        open: storeOptions(context),
        progress: bar === undefined ? undefined : (copied, total) => bar.update(copied, total),
        signal,
      }),
    );
    bar?.clear();
    context.stdout.write(renderCopyResult(result, options.json === true));
  } finally {
    bar?.clear();
  }
}
