import type { Command } from "../../cli/commander.js";
import { InvalidArgumentError, Option } from "../../cli/commander.js";
import { repRoles } from "../../domain/reps.js";

export function nonNegativeInteger(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError("expected a whole number of 0 or more");
  return Number(value);
}

/** The options `rep add` and `rep update` share. */
export function addRepFieldOptions(command: Command): Command {
  return command
    .option("--name <name>", "full name")
    .option("--email <email>", "email address")
    .addOption(new Option("--role <role>", "role").choices(repRoles))
    .option("--team <team>", "team name")
    .option(
      "--territory <territory>",
      "territory: a country or region, matched against leads' country",
    )
    .option("--manager <handle>", "the rep's manager (a rep handle)")
    .option("--weight <n>", "share of leads in weighted handoff (default 1)", nonNegativeInteger)
    .option(
      "--capacity <n>",
      "most open leads the rep may hold (default: no cap)",
      nonNegativeInteger,
    );
}
