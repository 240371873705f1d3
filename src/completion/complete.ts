import type { Command } from "../cli/commander.js";

type Option = import("commander").Option;

import { periodExamples } from "../domain/period-names.js";

/** What completion takes from the database, when one is found: asked only when needed. */
export interface CompletionData {
  repHandles(dbPath: string | undefined): string[];
}

/**
 * The candidates for the last of `words` (what the user typed after `funnel`, the word being
 * completed last, "" for a new one), read from the command tree: subcommands, options, an
 * option's choices, rep handles and periods. None means "let the shell complete file names".
 */
export function completionCandidates(
  program: Command,
  words: readonly string[],
  data: CompletionData,
  now: Date,
): string[] {
  const current = words.at(-1) ?? "";
  let command = program;
  let optionNeedingValue: Option | undefined; // the option whose value the next word is
  let operands = 0;
  let db: string | undefined;
  for (const word of words.slice(0, -1)) {
    if (optionNeedingValue !== undefined) {
      if (optionNeedingValue.long === "--db") db = word;
      optionNeedingValue = undefined;
    } else if (word.startsWith("-")) {
      const [flag, value] = splitAtEquals(word);
      const option = optionOf(command, flag);
      if (option?.long === "--db" && value !== undefined) db = value;
      if (option !== undefined && takesValue(option) && value === undefined)
        optionNeedingValue = option;
    } else {
      const sub = operands === 0 ? subcommandOf(command, word) : undefined;
      if (sub !== undefined) command = sub;
      else operands++;
    }
  }
  const matching = (candidates: readonly string[]) =>
    candidates.filter((candidate) => candidate.startsWith(current));
  if (optionNeedingValue !== undefined)
    return matching(optionValues(optionNeedingValue, db, data, now));
  if (current.startsWith("-")) return matching(optionFlags(command));
  const subcommands = command
    .createHelp()
    .visibleCommands(command)
    .map((sub) => sub.name());
  if (subcommands.length > 0 && operands === 0) return matching(subcommands);
  const argument = command.registeredArguments[operands] ?? command.registeredArguments.at(-1);
  if (
    argument === undefined ||
    (operands >= command.registeredArguments.length && !argument.variadic)
  )
    return [];
  if (argument.argChoices !== undefined) return matching(argument.argChoices);
  return isRepPlaceholder(argument.name()) ? matching(data.repHandles(db)) : [];
}

/** The values an option takes: its choices, else rep handles or periods by what it names. */
function optionValues(
  option: Option,
  db: string | undefined,
  data: CompletionData,
  now: Date,
): string[] {
  if (option.argChoices !== undefined) return option.argChoices;
  const placeholder = /<([^>]+)>|\[([^\]]+)\]/.exec(option.flags);
  const name = placeholder?.[1] ?? placeholder?.[2] ?? "";
  if (isRepPlaceholder(name)) return data.repHandles(db);
  if (name === "period") return periodKeywords(now);
  return [];
}

function isRepPlaceholder(name: string): boolean {
  return name === "handle" || name === "owner" || name === "rep";
}

/**
 * The period names completion offers: the keywords, and the current and last three months
 * and calendar quarters (any other is typed as `2026-10`, `2026-Q4`).
 */
export function periodKeywords(now: Date): string[] {
  const keywords = periodExamples.split(", ").filter((example) => /^[a-z]/.test(example));
  const months: string[] = [];
  const quarters = new Set<string>();
  for (let back = 0; back < 4; back++) {
    const month = new Date(now.getFullYear(), now.getMonth() - back, 1);
    months.push(`${month.getFullYear()}-${String(month.getMonth() + 1).padStart(2, "0")}`);
    const quarter = new Date(now.getFullYear(), now.getMonth() - 3 * back, 1);
    quarters.add(`${quarter.getFullYear()}-Q${Math.floor(quarter.getMonth() / 3) + 1}`);
  }
  return [...keywords, ...months, ...quarters];
}

/** The long options of `command` and of the commands above it (`--db`, `--tz`), and --help. */
function optionFlags(command: Command): string[] {
  const flags: string[] = [];
  for (let current: Command | null = command; current !== null; current = current.parent)
    for (const option of current.options)
      if (!option.hidden && option.long !== undefined && option.long !== "--version")
        flags.push(option.long);
  return [...flags, "--help"];
}

function optionOf(command: Command, flag: string): Option | undefined {
  for (let current: Command | null = command; current !== null; current = current.parent) {
    const option = current.options.find((each) => each.long === flag || each.short === flag);
    if (option !== undefined) return option;
  }
  return undefined;
}

function takesValue(option: Option): boolean {
  return option.required || option.optional;
}

function subcommandOf(command: Command, name: string): Command | undefined {
  return command.commands.find((sub) => sub.name() === name || sub.aliases().includes(name));
}

function splitAtEquals(word: string): [string, string | undefined] {
  const at = word.indexOf("=");
  return at < 0 ? [word, undefined] : [word.slice(0, at), word.slice(at + 1)];
}
