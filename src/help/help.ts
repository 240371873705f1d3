import type { Command } from "../cli/commander.js";
import type { Output } from "../cli/context.js";
import { UsageError } from "../errors.js";

/** The topics `funnel help TOPIC` explains, each loaded only when asked. */
const topics: Record<string, () => Promise<{ text: string }>> = {
  metrics: () => import("./metrics.js"),
  periods: () => import("./periods.js"),
  import: () => import("./import.js"),
};

/**
 * `funnel help [TOPIC]`: a topic's text; else commander's help, for the program or the command
 * TOPIC names. A topic wins over a command of the same name: `help import` gives the mapping
 * rules, and `funnel import --help` the command's options.
 */
export async function runHelp(program: Command, topic: string | undefined, stdout: Output) {
  if (topic === undefined) program.help();
  const load = topics[topic as string];
  if (load !== undefined) {
    stdout.write((await load()).text);
    return;
  }
  const command = program.commands.find((each) => each.name() === topic);
  if (command !== undefined) command.help();
  throw new UsageError(
    `no help topic "${topic}"; topics: ${Object.keys(topics).join(", ")}, or a command's name`,
  );
}
