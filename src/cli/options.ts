import { outputFormats } from "../render/output-formats.js";
import { type Command, InvalidArgumentError, Option } from "./commander.js";

/** `--format`, `--json` and `--out`, the same on every list and report. */
export function addOutputOptions(
  command: Command,
  formats: readonly string[] = outputFormats,
): Command {
  return command
    .addOption(new Option("--format <format>", "output format").choices(formats))
    .option("--json", "shortcut for --format json")
    .option("--out <file>", "write to FILE instead of stdout (format from its extension)");
}

export function positiveInteger(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1) {
    throw new InvalidArgumentError("expected a whole number of 1 or more");
  }
  return Number(value);
}

export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
