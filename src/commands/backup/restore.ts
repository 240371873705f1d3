import type { CommandContext } from "../../cli/context.js";
import { interruptible } from "../../cli/interruptible.js";
import {
  createPrompter,
  isPromptExit,
  type PromptStreams,
  requireTerminal,
} from "../../cli/prompts.js";
import { InterruptedError } from "../../errors.js";
import { renderRestoreResult, restoreQuestion } from "../../render/backup-summary.js";
import { restoreDatabase } from "../../store/maintenance.js";

export async function runRestore(
  file: string,
  options: { yes?: boolean; json?: boolean },
  context: CommandContext,
  streams: PromptStreams = { input: context.stdin, output: context.stderr },
): Promise<void> {
  const asks = options.yes !== true;
  // Refused before any work when nobody could answer.
  if (asks) requireTerminal(streams, "funnel restore <file> --yes");
  const result = await interruptible((signal) =>
    restoreDatabase({
      database: context.dbPath,
      source: file,
      now: new Date(),
      env: context.env,
      signal,
      confirm: async (plan) => {
        if (!asks) return true;
        try {
          return await createPrompter(streams).confirm(restoreQuestion(plan));
        } catch (error) {
          if (isPromptExit(error)) throw new InterruptedError("interrupted; nothing was restored");
          throw error;
        }
      },
    }),
  );
  context.stdout.write(renderRestoreResult(result, options.json === true));
}
