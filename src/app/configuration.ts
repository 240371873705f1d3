import { existsSync, readFileSync } from "node:fs";
import { parsePipelineConfig } from "../domain/pipeline.js";
import { parseScoringRules } from "../domain/scoring.js";
import { UserError } from "../errors.js";
import {
  adoptConfiguration,
  type ConfigurationSection,
  configurationSections,
  storedSections,
  storedTimeZone,
  storeSection,
} from "../store/configuration.js";
import { setSetting } from "../store/settings.js";
import { ReadOnlyStoreError, type ReadTx, type Store } from "../store/store.js";
import { settingChangeProblem, settingNames, settingsShown, settingValue } from "./settings.js";

/**
 * A configuration as JSON: `funnel config load` takes it, `funnel config export` writes it,
 * `--config FILE` and the funnel.config.json of before hold it. `settings` has what `config
 * set` sets, by the same names; the sections are as the README describes them.
 */
export interface ConfigurationDocument {
  readonly settings: Readonly<Record<string, string>>;
  readonly sections: Partial<Record<ConfigurationSection, unknown>>;
}

/** The document in `text`, or every problem with it, one line each. */
export function parseConfiguration(
  text: string,
): { document: ConfigurationDocument } | { problems: string[] } {
  let json: unknown;
  try {
    json = JSON.parse(text) as unknown;
  } catch (error) {
    return { problems: [`not valid JSON: ${(error as Error).message}`] };
  }
  if (typeof json !== "object" || json === null || Array.isArray(json))
    return { problems: ['not a configuration: expected an object such as { "scoring": {...} }'] };
  const problems: string[] = [];
  const known = ["settings", ...configurationSections];
  for (const key of Object.keys(json))
    if (!known.includes(key)) problems.push(`"${key}" is not a section (${known.join(", ")})`);
  const config = json as Record<string, unknown>;
  const settings: Record<string, string> = {};
  const rawSettings = config.settings ?? {};
  if (typeof rawSettings !== "object" || rawSettings === null || Array.isArray(rawSettings))
    problems.push('settings must be an object such as { "currency": "EUR" }');
  else
    for (const [key, value] of Object.entries(rawSettings)) {
      try {
        if (typeof value !== "string" && typeof value !== "number")
          throw new UserError(`${key} must be text, e.g. "${key === "currency" ? "EUR" : "1"}"`);
        settings[key] = settingValue(key, String(value));
      } catch (error) {
        if (!(error instanceof UserError)) throw error;
        problems.push(
          `settings: ${error.message}${error.hint === undefined ? "" : ` (${error.hint})`}`,
        );
      }
    }
  if (config.scoring !== undefined) {
    const rules = parseScoringRules(config);
    if ("error" in rules) problems.push(rules.error);
  }
  if (config.qualification !== undefined) {
    const problem = questionsProblem(config.qualification);
    if (problem !== undefined) problems.push(problem);
  }
  const pipeline = parsePipelineConfig(config);
  if ("error" in pipeline) problems.push(pipeline.error);
  if (problems.length > 0) return { problems };
  const sections: Partial<Record<ConfigurationSection, unknown>> = {};
  for (const section of configurationSections)
    if (config[section] !== undefined) sections[section] = config[section];
  return { document: { settings, sections } };
}

/** What is wrong with a `qualification` section, or undefined. */
export function questionsProblem(qualification: unknown): string | undefined {
  const questions = (qualification as { questions?: unknown } | null)?.questions;
  if (questions === undefined) return undefined;
  if (
    !Array.isArray(questions) ||
    questions.some((question) => typeof question !== "string" || question.trim() === "")
  )
    return "qualification.questions must be a list of questions (text)";
  return undefined;
}

/**
 * Makes `document` the database's configuration, in one transaction: its sections replace
 * the stored ones (a section left out is removed, so its default applies); its settings are
 * set, and a setting left out keeps its value. All or nothing: every problem, one line each.
 */
export async function loadConfiguration(
  store: Store,
  document: ConfigurationDocument,
): Promise<void> {
  await store.write(async (tx) => {
    const problems: string[] = [];
    for (const [key, value] of Object.entries(document.settings)) {
      const problem = await settingChangeProblem(tx, key, value);
      if (problem !== undefined) problems.push(problem);
    }
    if (problems.length > 0) throw new ConfigurationProblems(problems);
    for (const [key, value] of Object.entries(document.settings)) await setSetting(tx, key, value);
    for (const section of configurationSections)
      await storeSection(tx, section, document.sections[section]);
  });
}

/** Problems found in a configuration, each a line of its own. */
export class ConfigurationProblems extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join("; "));
  }
}

/** The database's configuration as `config load` takes it back: the same bytes every time. */
export async function exportConfiguration(tx: ReadTx): Promise<string> {
  const settings = Object.fromEntries(
    (await settingsShown(tx)).map((setting) => [setting.key, setting.value]),
  );
  const ordered = Object.fromEntries(settingNames.map((name) => [name, settings[name]]));
  return `${JSON.stringify({ settings: ordered, ...(await storedSections(tx)) }, null, 2)}\n`;
}

/**
 * What a database without a time zone takes in from `file` (the funnel.config.json next to
 * it), when there is one, and what to tell the user. A file with problems is not taken in:
 * its problems are told.
 */
export function configurationToTakeIn(file: string): {
  sections: ConfigurationDocument["sections"];
  note: string | undefined;
} {
  if (!existsSync(file)) return { sections: {}, note: undefined };
  const parsed = parseConfiguration(readFileSync(file, "utf8"));
  if ("problems" in parsed)
    return {
      sections: {},
      note: `funnel: ${file} was not taken into the database's configuration: ${parsed.problems.join("; ")}; fix it and run funnel config load ${file}\n`,
    };
  const sections = parsed.document.sections;
  return {
    sections,
    note: `funnel: took ${file} into the database's configuration (${Object.keys(sections).join(", ") || "nothing set"}); the database's copy is used from now on, and the file can be removed\n`,
  };
}

/**
 * Gives a database that has no time zone yet (a new one, or one made before funnel kept its
 * configuration) the process's zone and the sections of `file` (see configurationToTakeIn);
 * returns what to tell the user. Nothing is written to a read-only database. The zone is asked
 * for only then: finding the machine's zone starts ICU (~20 ms), which most runs need not.
 */
export async function takeInConfiguration(
  store: Store,
  processTimeZone: () => string,
  file: string,
): Promise<string | undefined> {
  if ((await store.read(storedTimeZone)) !== undefined) return undefined;
  const { sections, note } = configurationToTakeIn(file);
  try {
    return (await store.write((tx) => adoptConfiguration(tx, processTimeZone(), sections)))
      ? note
      : undefined;
  } catch (error) {
    // A read-only database (a report on a backup) is read as it is.
    if (error instanceof ReadOnlyStoreError) return undefined;
    throw error;
  }
}
