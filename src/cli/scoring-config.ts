import { existsSync } from "node:fs";
import { parseScoringRules, type ScoringRules } from "../domain/scoring.js";
import { UserError } from "../errors.js";
import { configPath, readConfig } from "./config-file.js";

function rulesOf(config: unknown, path: string): ScoringRules {
  const rules = parseScoringRules(config);
  if ("error" in rules) {
    throw new UserError(`${path}: ${rules.error}`, "see the scoring section of the README");
  }
  return rules;
}

/** The scoring rules of the config at `--config`, else next to the database. */
export function loadScoringRules(option: string | undefined, dbPath: string): ScoringRules {
  const path = configPath(option, dbPath);
  return rulesOf(readConfig(path, "scoring"), path);
}

/**
 * The rules when the config next to the database has a scoring section, else null (for
 * commands that only show a score when one is configured). Malformed rules still fail clearly.
 */
export function configuredScoringRules(dbPath: string): ScoringRules | null {
  const path = configPath(undefined, dbPath);
  if (!existsSync(path)) return null;
  const config = readConfig(path, "scoring") as { scoring?: unknown };
  return config.scoring === undefined ? null : rulesOf(config, path);
}
