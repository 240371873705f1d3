import { periodExamples } from "../domain/period-names.js";
import { stages } from "../domain/stages.js";
import { outputFormats } from "../render/output-formats.js";
import { type Command, InvalidArgumentError, Option } from "./commander.js";

/** `--format`, `--json`, `--out` and `--wide`, the same on every list and report. */
export function addOutputOptions(
  command: Command,
  formats: readonly string[] = outputFormats,
): Command {
  return command
    .addOption(new Option("--format <format>", "output format").choices(formats))
    .option("--json", "shortcut for --format json")
    .option("--out <file>", "write to FILE instead of stdout (format from its extension)")
    .option("--wide", "on a terminal, show every column (tables are fitted to its width)");
}

export function positiveInteger(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1) {
    throw new InvalidArgumentError("expected a whole number of 1 or more");
  }
  return Number(value);
}

export function nonNegativeInteger(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError("expected a whole number of 0 or more");
  return Number(value);
}

export function nonNegativeNumber(value: string): number {
  if (!/^\d+(\.\d+)?$/.test(value))
    throw new InvalidArgumentError("expected a percentage, e.g. 80");
  return Number(value);
}

export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** `--period`, `--from/--to` and `--as-of`, the same on every report (read by period-options.ts). */
export function addPeriodOptions(command: Command, defaultPeriod: string): Command {
  return command
    .option("--period <period>", `${periodExamples} (default ${defaultPeriod})`)
    .option(
      "--from <date>",
      "first day (or month: 2026-06) of a custom period, instead of --period",
    )
    .option("--to <date>", "last day (or month) of a custom period, included whole")
    .option(
      "--as-of <date>",
      "compute as the database stood then (a date alone: the end of that day); this-month, ytd, ... follow it",
    );
}

/** `--stage`, `--source`, `--owner` and `--created`, the same on every command that picks leads. */
export function addLeadFilters(command: Command): Command {
  return command
    .addOption(new Option("--stage <stage>", "only leads at this stage").choices(stages))
    .option("--source <source>", "only leads from this source")
    .option("--owner <owner>", "only leads of this owner")
    .option(
      "--created <period>",
      "only leads created in a period: 2026-10, 2026-Q4, 2026, last-month, ...",
    );
}
