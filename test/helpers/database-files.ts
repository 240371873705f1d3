import { createHash } from "node:crypto";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { migrate } from "../../src/store/sqlite/database.js";
import { Database, type Db } from "../../src/store/sqlite/driver.js";

/**
 * Reads a database file as a second tool would. Not a read-only connection: that one could
 * not remove the -wal and -shm files it creates, and they would look like leftovers.
 */
function read<T>(path: string, work: (db: Db) => T): T {
  const db = new Database(path, { fileMustExist: true });
  try {
    return work(db);
  } finally {
    db.close();
  }
}

export function leadCount(path: string): number {
  return read(path, (db) => db.prepare("SELECT count(*) FROM leads").pluck().get() as number);
}

export function leadEmails(path: string): string[] {
  return read(
    path,
    (db) => db.prepare("SELECT email FROM leads ORDER BY id").pluck().all() as string[],
  );
}

export function integrity(path: string): string {
  return read(path, (db) => db.pragma("integrity_check", { simple: true }) as string);
}

export function schemaVersionOf(path: string): number {
  return read(path, (db) => db.pragma("user_version", { simple: true }) as number);
}

export function journalModeOf(path: string): string {
  return read(path, (db) => db.pragma("journal_mode", { simple: true }) as string);
}

export function sha256(path: string): string {
  return createHash("sha256").update(readFileSync(path)).digest("hex");
}

export function modeOf(mode: number): string {
  return (mode & 0o777).toString(8);
}

/** The names in a folder, sorted: to show that nothing else (no temporary file) is left. */
export function namesIn(folder: string): string[] {
  return readdirSync(folder).sort();
}

/**
 * A database as a funnel one schema version older left it (`version`, default the current
 * one minus 1), with one lead: built by the migrations themselves, so it stays right whatever
 * migrations are added later.
 */
export function buildOlderDatabase(path: string, version: number): void {
  const db = new Database(path);
  try {
    // As funnel keeps every database.
    db.pragma("journal_mode = WAL");
    migrate(db, version);
    db.prepare(
      "INSERT INTO leads (email, name, created_at, stage, updated_at) VALUES (?, ?, ?, 'lead', ?)",
    ).run(
      "old@schema.example",
      "Old Schema",
      "2026-01-05T10:00:00.000Z",
      "2026-01-05T10:00:00.000Z",
    );
  } finally {
    db.close();
  }
}

/** A valid leads CSV of `rows` rows, large enough that importing it takes a while. */
export function writeLeadsCsv(path: string, rows: number, prefix = "bulk"): string {
  const lines = ["Email,First Name,Last Name,Company,Lead Source,Notes"];
  for (let row = 0; row < rows; row++)
    lines.push(
      `${prefix}${row}@load.example,First${row},Last${row},Company ${row % 97},web,${"n".repeat(80)}`,
    );
  writeFileSync(path, `${lines.join("\n")}\n`);
  return path;
}

export const folderOf = dirname;
