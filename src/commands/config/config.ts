import { readFileSync } from "node:fs";
import {
  ConfigurationProblems,
  exportConfiguration,
  loadConfiguration,
  parseConfiguration,
} from "../../app/configuration.js";
import { changeSetting, settingsShown, settingValue } from "../../app/settings.js";
import type { CommandContext } from "../../cli/context.js";
import { readStore, withStore } from "../../cli/with-store.js";
import { UserError } from "../../errors.js";
import { deliver } from "../../render/formats.js";
import { writePlain } from "../../render/terminal.js";
import { configurationSections, storedSections } from "../../store/configuration.js";

export async function runConfigSet(
  key: string,
  value: string,
  context: CommandContext,
): Promise<void> {
  // Checked before the database is opened: a typo creates no database.
  const parsed = settingValue(key, value);
  await withStore(context, (store) => changeSetting(store, key, parsed));
  writePlain(context.stdout, `${key} = ${parsed}\n`);
}

/** What each section holds, for `config show`. */
const sectionMeaning: Record<(typeof configurationSections)[number], string> = {
  scoring: "points per source, title, country and attribute, and the MQL threshold (funnel score)",
  qualification: "the questions funnel qualify asks (BANT when not set)",
  pipeline:
    "deal stages, their probabilities and names, and stale thresholds (the default when not set)",
};

export async function runConfigShow(context: CommandContext): Promise<void> {
  const [settings, sections] = await readStore(
    context,
    async (tx) => [await settingsShown(tx), await storedSections(tx)] as const,
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
export async function runConfigLoad(file: string, context: CommandContext): Promise<void> {
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
      : await withStore(context, async (store) => {
          try {
            await loadConfiguration(store, parsed.document);
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
export async function runConfigExport(
  options: { out?: string },
  context: CommandContext,
): Promise<void> {
  deliver(await readStore(context, exportConfiguration), options.out, context.stdout, "json");
}
