import { readFileSync } from "node:fs";
import {
  ConfigurationProblems,
  exportConfiguration,
  loadConfiguration,
  parseConfiguration,
} from "../../app/configuration.js";
import { changeSetting, settingsShown, settingValue } from "../../app/settings.js";
import type { CommandContext } from "../../cli/context.js";
import { withDatabase } from "../../cli/with-database.js";
import { UserError } from "../../errors.js";
import { deliver } from "../../render/formats.js";
import { writePlain } from "../../render/terminal.js";
import { configurationSections, storedSections } from "../../store/configuration-store.js";

export function runConfigSet(key: string, value: string, context: CommandContext): void {
  // Checked before the database is opened: a typo creates no database.
  const parsed = settingValue(key, value);
  withDatabase(context, (db) => changeSetting(db, key, parsed));
  writePlain(context.stdout, `${key} = ${parsed}\n`);
}

/** What each section holds, for `config show`. */
const sectionMeaning: Record<(typeof configurationSections)[number], string> = {
  scoring: "points per source, title, country and attribute, and the MQL threshold (funnel score)",
  qualification: "the questions funnel qualify asks (BANT when not set)",
  pipeline:
    "deal stages, their probabilities and names, and stale thresholds (the default when not set)",
};

export function runConfigShow(context: CommandContext): void {
  const [settings, sections] = withDatabase(
    context,
    (db) => [settingsShown(db), storedSections(db)] as const,
  );
  for (const setting of settings) {
    writePlain(
      context.stdout,
      `${setting.key} = ${setting.value}${setting.isDefault ? " (default)" : ""}  # ${setting.describe}\n`,
    );
  }
  for (const section of configurationSections) {
    const value = sections[section];
    writePlain(
      context.stdout,
      `${section} = ${value === undefined ? "(not set)" : JSON.stringify(value)}  # ${sectionMeaning[section]}\n`,
    );
  }
}

/** `config load FILE`: the file becomes the database's configuration, all of it or none. */
export function runConfigLoad(file: string, context: CommandContext): void {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new UserError(`cannot read ${file}: ${(error as Error).message}`, "check the path");
  }
  const parsed = parseConfiguration(text);
  const problems =
    "problems" in parsed
      ? parsed.problems
      : withDatabase(context, (db) => {
          try {
            loadConfiguration(db, parsed.document);
            return [];
          } catch (error) {
            if (error instanceof ConfigurationProblems) return error.problems;
            throw error;
          }
        });
  if (problems.length > 0) {
    for (const problem of problems) writePlain(context.stderr, `funnel: ${file}: ${problem}\n`);
    throw new UserError(
      `${file} has ${problems.length} problem(s), each above; nothing was loaded`,
      "fix them and load it again",
    );
  }
  const sections = "document" in parsed ? Object.keys(parsed.document.sections) : [];
  writePlain(
    context.stdout,
    `Loaded ${file} into the database's configuration${sections.length === 0 ? "" : ` (${sections.join(", ")})`}\n`,
  );
}

/** `config export [--out FILE]`: the configuration as JSON that `config load` takes back. */
export function runConfigExport(options: { out?: string }, context: CommandContext): void {
  deliver(withDatabase(context, exportConfiguration), options.out, context.stdout, "json");
}
