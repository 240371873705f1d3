import { sql } from "./engine.js";
import type { ReadTx, WriteTx } from "./store.js";

export async function getSetting(tx: ReadTx, key: string): Promise<string | undefined> {
  const row = await sql(tx).get<{ value: string }>("SELECT value FROM settings WHERE key = ?", [
    key,
  ]);
  return row?.value;
}

export async function setSetting(tx: WriteTx, key: string, value: string): Promise<void> {
  await sql(tx).run(
    "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    [key, value],
  );
}

/** The month the fiscal year starts in (1-12); January when unset or unreadable. */
export async function fiscalCalendar(tx: ReadTx): Promise<{ fiscalYearStart: number }> {
  const value = Number((await getSetting(tx, "fiscal-year-start")) ?? "1");
  return { fiscalYearStart: Number.isInteger(value) && value >= 1 && value <= 12 ? value : 1 };
}

/** Every setting a user sets (the handoff's own bookkeeping left out), by key. */
export function allSettings(tx: ReadTx): Promise<{ key: string; value: string }[]> {
  return sql(tx).all("SELECT key, value FROM settings WHERE key NOT LIKE 'handoff.%' ORDER BY key");
}

/** The one currency of the database's amounts. */
export async function databaseCurrency(tx: ReadTx): Promise<string> {
  return (await getSetting(tx, "currency")) ?? "USD";
}

/** The SLA's settings, one JSON value under the settings key "sla" (domain/sla.ts reads it). */
export function getSlaSetting(tx: ReadTx): Promise<string | undefined> {
  return getSetting(tx, "sla");
}

export function setSlaSetting(tx: WriteTx, json: string): Promise<void> {
  return setSetting(tx, "sla", json);
}
