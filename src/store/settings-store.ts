// Legacy: the import's synchronous queries (src/import/) until it converts to the store interface.
import { type Db, prepared } from "./database.js";

export function getSetting(db: Db, key: string): string | undefined {
  const row = prepared(db, "SELECT value FROM settings WHERE key = ?").get(key) as
    | { value: string }
    | undefined;
  return row?.value;
}

export function setSetting(db: Db, key: string, value: string): void {
  prepared(
    db,
    "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
  ).run(key, value);
}

/** The fiscal calendar set with `funnel config set fiscal-year-start N` (January by default). */
export function fiscalCalendar(db: Db): { fiscalYearStart: number } {
  const value = Number(getSetting(db, "fiscal-year-start") ?? "1");
  return { fiscalYearStart: Number.isInteger(value) && value >= 1 && value <= 12 ? value : 1 };
}

export function allSettings(db: Db): { key: string; value: string }[] {
  return prepared(
    db,
    "SELECT key, value FROM settings WHERE key NOT LIKE 'handoff.%' ORDER BY key",
  ).all() as {
    key: string;
    value: string;
  }[];
}

/** The currency every amount is kept in (`funnel config set currency EUR`; USD by default). */
export function databaseCurrency(db: Db): string {
  return getSetting(db, "currency") ?? "USD";
}
