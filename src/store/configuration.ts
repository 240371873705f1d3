import { sql } from "./engine.js";
import { getSetting, setSetting } from "./settings.js";
import type { ReadTx, WriteTx } from "./store.js";

/**
 * The configuration everyone sharing the database shares: its sections (scoring rules,
 * qualification questions, the deal pipeline), each kept as the JSON `funnel config load` was
 * given, beside the settings (fiscal-year-start, currency, timezone) in the settings table.
 */
export const configurationSections = ["scoring", "qualification", "pipeline"] as const;
export type ConfigurationSection = (typeof configurationSections)[number];

const sectionKey = (section: ConfigurationSection) => `config.${section}`;

/** The team's time zone; none until the database has taken in its configuration. */
export function storedTimeZone(tx: ReadTx): Promise<string | undefined> {
  return getSetting(tx, "timezone");
}

/** The sections set, as a config file holds them: `{ "scoring": {...}, "pipeline": {...} }`. */
export async function storedSections(
  tx: ReadTx,
): Promise<Partial<Record<ConfigurationSection, unknown>>> {
  const sections: Partial<Record<ConfigurationSection, unknown>> = {};
  for (const section of configurationSections) {
    const text = await getSetting(tx, sectionKey(section));
    if (text !== undefined) sections[section] = JSON.parse(text) as unknown;
  }
  return sections;
}

/** Sets a section (undefined: removes it, so its default applies). */
export async function storeSection(
  tx: WriteTx,
  section: ConfigurationSection,
  value: unknown,
): Promise<void> {
  if (value === undefined)
    await sql(tx).run("DELETE FROM settings WHERE key = ?", [sectionKey(section)]);
  else await setSetting(tx, sectionKey(section), JSON.stringify(value));
}

/**
 * Gives a database without a time zone (new, or made before funnel kept one) its zone and
 * sections; false, changing nothing, when another command gave it one first (the write
 * transaction holds the write lock from its start, so two cannot both give one).
 */
export async function adoptConfiguration(
  tx: WriteTx,
  timeZone: string,
  sections: Partial<Record<ConfigurationSection, unknown>>,
): Promise<boolean> {
  if ((await storedTimeZone(tx)) !== undefined) return false;
  await setSetting(tx, "timezone", timeZone);
  for (const section of configurationSections)
    if (sections[section] !== undefined) await storeSection(tx, section, sections[section]);
  return true;
}
