import { parseScoringRules, type ScoringRules } from "../domain/scoring.js";
import { UserError } from "../errors.js";
import { loadConfiguration } from "./config-file.js";
import type { CommandContext } from "./context.js";

/** The scoring rules of the config at `--config`, else of the database's configuration. */
export async function loadScoringRules(
  option: string | undefined,
  context: CommandContext,
): Promise<ScoringRules> {
  const { config, source, fromFile } = await loadConfiguration(option, context, "scoring");
  const rules = parseScoringRules(config);
  if ("error" in rules) {
    if (!fromFile && config.scoring === undefined)
      throw new UserError(
        "the database's configuration has no scoring rules",
        "load them with funnel config load FILE (see docs/qualify.md, funnel score), or pass --config FILE",
      );
    throw new UserError(`${source}: ${rules.error}`, "see docs/qualify.md, funnel score");
  }
  return rules;
}

/**
 * The database's scoring rules when its configuration has them, else null (for commands that
 * only show a score when one is configured).
 */
export async function configuredScoringRules(
  context: CommandContext,
): Promise<ScoringRules | null> {
  const { config, source } = await loadConfiguration(undefined, context, "scoring");
  if (config.scoring === undefined) return null;
  const rules = parseScoringRules(config);
  if ("error" in rules)
    throw new UserError(`${source}: ${rules.error}`, "see docs/qualify.md, funnel score");
  return rules;
}
