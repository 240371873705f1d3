import type { Command } from "./commander.js";

/**
 * A command line as a user types it, `funnel ...`, with words in "double" or 'single' quotes,
 * an optional `> FILE` at the end, and an optional `# comment`; a comment saying `exits N`
 * promises that exit code (`funnel sla check --period 2026-10  # exits 3: marketing behind`).
 * test/commands/help/help-examples.test.ts runs every one, so each must work as shown.
 */
export type Example = string;

const examples = new WeakMap<Command, readonly Example[]>();

/**
 * Ends `command`'s --help with its examples, the same "Examples:" block for every command; call
 * it after the command's other help text, so that the examples come last.
 */
export function addExamples(command: Command, ...lines: readonly Example[]): Command {
  examples.set(command, lines);
  return command.addHelpText(
    "after",
    `\nExamples:\n${lines.map((line) => `  ${line}`).join("\n")}`,
  );
}

/** The examples `command`'s --help ends with (none when it has none). */
export function examplesOf(command: Command): readonly Example[] {
  return examples.get(command) ?? [];
}

/** Ends the --help of each of `group`'s commands named in `examples` with its examples. */
export function addSubcommandExamples(
  group: Command,
  examples: Readonly<Record<string, readonly Example[]>>,
): void {
  for (const [name, lines] of Object.entries(examples)) {
    const command = group.commands.find((each) => each.name() === name);
    if (command === undefined) throw new Error(`${group.name()} has no command ${name}`);
    addExamples(command, ...lines);
  }
}
