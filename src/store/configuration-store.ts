// Legacy: configuration.ts's taking in of a configuration on the SQLite handle, for the import's
// legacy opening (cli/with-database.ts). This goes when the import converts to the store
// interface.
import type { Db } from "./database.js";
import { getSetting, setSetting } from "./settings-store.js";

/**
 * configuration.ts's adoptConfiguration on the handle, in one write transaction; false,
 * changing nothing, when the database has a zone already.
 */
export function adoptConfiguration(
  db: Db,
  timeZone: string,
  sections: Readonly<Record<string, unknown>>,
): boolean {
  return db
    .transaction(() => {
      if (getSetting(db, "timezone") !== undefined) return false;
      setSetting(db, "timezone", timeZone);
      for (const [section, value] of Object.entries(sections))
        if (value !== undefined) setSetting(db, `config.${section}`, JSON.stringify(value));
      return true;
    })
    .immediate();
}
