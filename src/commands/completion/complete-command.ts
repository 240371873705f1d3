import type { Command } from "../../cli/commander.js";
import type { ContextOf } from "../../cli/context.js";
import { completionCandidates } from "../../completion/complete.js";
import { repHandlesIn } from "../../store/rep-handles.js";

/** Prints the candidates for `words` (see completionCandidates), one per line. */
export async function printCandidates(
  words: readonly string[],
  command: Command,
  context: ContextOf,
): Promise<void> {
  const program = command.parent as Command;
  const { stdout, stderr, env } = context(command);
  // The invoked program wired only this command; completion reads every group's.
  const { buildProgram } = await import("../../program.js");
  const whole = await buildProgram(program.version() ?? "", {
    stdout,
    stderr,
    stdin: process.stdin,
    env,
  });
  const repHandles = (db: string | undefined) => {
    // The --db on the line, else FUNNEL_DB, else ./funnel.db, resolved as every command does.
    program.setOptionValue("db", db);
    return repHandlesIn(context(command).dbPath);
  };
  const candidates = completionCandidates(whole, words, { repHandles }, new Date());
  stdout.write(candidates.map((candidate) => `${candidate}\n`).join(""));
}
