import { type Db, driverPath, prepared } from "./database.js";
import { getSetting, setSetting } from "./settings-store.js";
import { Database } from "./sqlite-driver.js";

/**
 * The configuration everyone sharing the database shares: its sections (scoring rules,
 * qualification questions, the deal pipeline), each kept as the JSON `funnel config load` was
 * given, beside the settings (fiscal-year-start, currency, timezone) in the settings table.
 */
export const configurationSections = ["scoring", "qualification", "pipeline"] as const;
export type ConfigurationSection = (typeof configurationSections)[number];

const sectionKey = (section: ConfigurationSection) => `config.${section}`;

/** The team's time zone; none until the database has taken in its configuration (see below). */
export function storedTimeZone(db: Db): string | undefined {
  return getSetting(db, "timezone");
}

/** The sections set, as a config file holds them: `{ "scoring": {...}, "pipeline": {...} }`. */
export function storedSections(db: Db): Partial<Record<ConfigurationSection, unknown>> {
  const sections: Partial<Record<ConfigurationSection, unknown>> = {};
  for (const section of configurationSections) {
    const text = getSetting(db, sectionKey(section));
    if (text !== undefined) sections[section] = JSON.parse(text) as unknown;
  }
  return sections;
}

/** Sets a section (undefined: removes it, so its default applies). */
export function storeSection(db: Db, section: ConfigurationSection, value: unknown): void {
  if (value === undefined)
    prepared(db, "DELETE FROM settings WHERE key = ?").run(sectionKey(section));
  else setSetting(db, sectionKey(section), JSON.stringify(value));
}

/**
 * Gives a database without a time zone (new, or made before funnel kept one) its zone and
 * sections, in one write transaction; false, changing nothing, when another command gave it
 * one first.
 */
export function adoptConfiguration(
  db: Db,
  timeZone: string,
  sections: Partial<Record<ConfigurationSection, unknown>>,
): boolean {
  return db
    .transaction(() => {
      if (storedTimeZone(db) !== undefined) return false;
      setSetting(db, "timezone", timeZone);
      for (const section of configurationSections)
        if (sections[section] !== undefined) storeSection(db, section, sections[section]);
      return true;
    })
    .immediate();
}

/**
 * The time zone of the database at `path`, read without migrating or changing it (before a
 * command reads its dates); undefined when it keeps none or cannot be read here, which opening
 * it then reports.
 */
export function peekTimeZone(path: string): string | undefined {
  try {
    // Not `readonly`: a read-only connection to a database in WAL mode leaves -wal and -shm
    // files behind, where a command refused a moment later must leave none. This one writes
    // nothing, and the last connection to close removes them.
    const db = new Database(driverPath(path), { fileMustExist: true });
    try {
      return storedTimeZone(db);
    } finally {
      db.close();
    }
  } catch {
    return undefined;
  }
}
