// Property-based tests of the lead import (issue 6), in process against real SQLite files and
// real CSV files: valid files round-trip through import and export, garbage ends in rejects or
// a clear error with the database consistent, and importing a file twice changes nothing
// (for a file that lists each lead once; see the last test for files that repeat a lead).
// On a failure fast-check prints the seed and the shrunk counterexample; FC_SEED=<seed>
// (with FC_PATH) replays it. FC_NUM_RUNS=<n> runs n cases per property, for a deeper search.
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { parse } from "csv-parse/sync";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CommandContext } from "../../src/cli/context.js";
import { runExportLeads } from "../../src/commands/export/export-leads.js";
import { mapHeaders } from "../../src/domain/header-mapping.js";
import { UserError } from "../../src/errors.js";
import {
  type ImportSummary,
  importLeads,
  type OnDuplicate,
} from "../../src/import/import-leads.js";
import { escapeFormula } from "../../src/render/csv.js";
import { leadStageColumns } from "../../src/store/lead-stages-sql.js";
import { openDatabase } from "../../src/store/sqlite/database.js";
import {
  checkDatabase,
  databaseDigest,
  exportedCell,
  garbageLeadsFile,
  type ValidLeadsFile,
  validLeadsFile,
  validLeadsText,
} from "../helpers/lead-csv-arbitraries.js";
import { propertyTimeoutMs, runFolders, runs } from "../helpers/property-runs.js";
import { storeOn } from "../helpers/store.js";
import { useTempDir } from "../helpers/temp-dir.js";

const temp = useTempDir();
const importedAt = new Date(Date.UTC(2026, 10, 27, 9, 0, 0));
const now = () => importedAt;

// Migrating a new database costs more than an import of a few rows: runs start from a copy.
let templateDir = "";
beforeAll(() => {
  templateDir = mkdtempSync(join(tmpdir(), "funnel-template-"));
  openDatabase(join(templateDir, "migrated.db")).close();
});
afterAll(() => rmSync(templateDir, { recursive: true, force: true }));

/** A new, empty, migrated database file. */
function freshDatabase(dbPath = fresh("funnel.db")): string {
  copyFileSync(join(templateDir, "migrated.db"), dbPath);
  return dbPath;
}

const run = runFolders(temp.path);
const fresh = run.path;

async function importFile(
  dbPath: string,
  file: string,
  options: { onDuplicate?: OnDuplicate; dryRun?: boolean; rejects?: string } = {},
): Promise<ImportSummary> {
  const db = openDatabase(dbPath);
  try {
    return await importLeads(storeOn(db), { file, now, ...options });
  } finally {
    db.close();
  }
}

async function exportCsv(dbPath: string, out = fresh("export.csv")): Promise<string[][]> {
  const context: CommandContext = {
    stdout: new PassThrough(),
    stderr: new PassThrough(),
    env: {},
    dbPath,
  };
  await runExportLeads({ out }, context);
  return parse(readFileSync(out), { bom: true, relax_column_count: false }) as string[][];
}

/** The exported rows as field/attribute → cell, for comparison with the generated rows. */
function byHeader(records: string[][]): Record<string, string>[] {
  const [header = [], ...rows] = records;
  return rows.map((cells) => Object.fromEntries(header.map((name, i) => [name, cells[i] ?? ""])));
}

/**
 * The export gives the values as imported, with formula cells escaped (export --help), and the
 * attributes' names in its header escaped the same way.
 */
function expectedExport(file: ValidLeadsFile): Record<string, string>[] {
  return file.expected.map((row) => {
    const exported: Record<string, string> = {};
    for (const [key, value] of Object.entries(row))
      exported[file.attributes.includes(key) ? escapeFormula(key) : key] =
        value === null ? importedAt.toISOString() : exportedCell(value, key);
    return exported;
  });
}

/** Missing attribute columns (no lead had a value) read as blank cells. */
function withAttributes(rows: Record<string, string>[], attributes: readonly string[]) {
  return rows.map((row) => {
    const complete = { ...row };
    // Own properties only: a column named "toString" is not on the row just because objects have it.
    for (const attribute of attributes)
      if (!Object.hasOwn(complete, attribute)) complete[attribute] = "";
    return complete;
  });
}

/**
 * A valid file plus rows that repeat earlier rows' identity (email and external id cells) with
 * other rows' values: a CRM export that lists a lead twice, changed in between.
 */
const leadsFileWithRepeats = fc
  .tuple(validLeadsFile, fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 1, maxLength: 6 }))
  .filter(([file]) => file.rows.length > 0)
  .map(([file, picks]) => {
    const { fieldIndex } = mapHeaders(file.headers);
    const identity = [fieldIndex.email, fieldIndex.external_id].filter((i) => i !== undefined);
    const repeats = picks.map(([from, values]) => {
      const source = file.rows[from % file.rows.length] as readonly string[];
      const row = [...(file.rows[values % file.rows.length] as readonly string[])];
      for (const index of identity) row[index] = source[index] as string;
      return row;
    });
    return { ...file, rows: [...file.rows, ...repeats] };
  });

/** Every table an import writes, except its own batch record (a second import is a batch too). */
function leadState(dbPath: string): Record<string, unknown[]> {
  const db = openDatabase(dbPath);
  try {
    const all = (sql: string) => db.prepare(sql).all();
    return {
      leads: all("SELECT * FROM leads ORDER BY id"),
      stageEvents: all("SELECT * FROM stage_events ORDER BY id"),
      revisions: all("SELECT * FROM lead_revisions ORDER BY batch_id, lead_id"),
    };
  } finally {
    db.close();
  }
}

/**
 * Every lead's row without the stage columns projected from its stage events (the record that
 * a repeated-row file's re-import replays; see the last property).
 */
function leadValues(dbPath: string): unknown[] {
  const projected = new Set(leadStageColumns);
  return (leadState(dbPath).leads ?? []).map((lead) =>
    Object.fromEntries(
      Object.entries(lead as Record<string, unknown>).filter(([name]) => !projected.has(name)),
    ),
  );
}

describe("the generators", () => {
  it("name each field with headers that map to it, and keep the extra columns as attributes", () => {
    fc.assert(
      fc.property(validLeadsFile, (file) => {
        const mapping = mapHeaders(file.headers);
        expect(mapping.warnings).toEqual([]);
        const attributes = mapping.columns.filter((column) => column.field === undefined);
        expect(attributes.map((column) => column.attribute).sort()).toEqual(
          [...file.attributes].sort(),
        );
        const identity = mapping.fieldIndex.email ?? mapping.fieldIndex.external_id;
        expect(identity).toBeDefined();
      }),
      runs(50),
    );
  });
});

describe("lead import properties", () => {
  it(
    "round-trips valid rows: import, then export, gives the rows back (normalised)",
    async () => {
      await fc.assert(
        fc
          .asyncProperty(validLeadsFile, async (file) => {
            const dbPath = freshDatabase();
            const csv = fresh("leads.csv");
            writeFileSync(csv, validLeadsText(file));
            const summary = await importFile(dbPath, csv);
            expect(summary).toMatchObject({
              rowsRead: file.rows.length,
              inserted: file.rows.length,
              rejected: 0,
            });
            const exportFile = fresh("first-export.csv");
            const exported = byHeader(await exportCsv(dbPath, exportFile));
            expect(withAttributes(exported, file.attributes.map(escapeFormula))).toEqual(
              expectedExport(file),
            );
            expect(checkDatabase(dbPath).problems).toEqual([]);
            // The export imports back to the same values: exporting that gives the same file.
            const again = freshDatabase(fresh("again.db"));
            await importFile(again, exportFile);
            expect(await exportCsv(again)).toEqual(await exportCsv(dbPath));
          })
          .beforeEach(run.start)
          .afterEach(run.end),
        runs(100),
      );
    },
    propertyTimeoutMs,
  );

  it(
    "ends garbage in rejects or one clear error, and leaves the database consistent",
    async () => {
      const seeded = freshDatabase(temp.path("seeded.db"));
      const seed = temp.write(
        "seed.csv",
        "Record ID,Email,Name,Lead Status,Score\n1,ann@x.example,Ann,MQL,10\n2,ben@x.example,Ben,SQL,\n,cy@x.example,Cy,,\n",
      );
      await importFile(seeded, seed);
      await fc.assert(
        fc
          .asyncProperty(
            garbageLeadsFile,
            fc.constantFrom<OnDuplicate>("update", "skip", "error"),
            fc.boolean(),
            async (garbage, onDuplicate, dryRun) => {
              const dbPath = fresh("funnel.db");
              copyFileSync(seeded, dbPath);
              const before = databaseDigest(dbPath);
              const leadsBefore = checkDatabase(dbPath).leads;
              const csv = fresh("garbage.csv");
              const rejects = `${csv}.rejects.csv`;
              writeFileSync(csv, garbage.bytes);
              let summary: ImportSummary | undefined;
              try {
                summary = await importFile(dbPath, csv, { onDuplicate, dryRun, rejects });
              } catch (error) {
                // Only a user error is a clear error: anything else is an "internal error".
                expect(error).toBeInstanceOf(UserError);
              }
              const after = checkDatabase(dbPath);
              expect(after.problems).toEqual([]);
              expect(existsSync(`${rejects}.partial`)).toBe(false);
              if (summary === undefined || dryRun) {
                expect(databaseDigest(dbPath)).toBe(before);
                expect(existsSync(rejects)).toBe(false);
                return;
              }
              const { rowsRead, inserted, updated, unchanged, rejected } = summary;
              expect(rowsRead).toBe(inserted + updated + unchanged + rejected);
              expect(after.leads).toBe(leadsBefore + inserted);
              if (rejected === 0) {
                expect(existsSync(rejects)).toBe(false);
              } else {
                const records = parse(readFileSync(rejects), { relax_column_count: true });
                expect(records.length - 1).toBe(rejected);
              }
            },
          )
          .beforeEach(run.start)
          .afterEach(run.end),
        runs(100),
      );
    },
    propertyTimeoutMs,
  );

  it(
    "is idempotent: importing a valid file twice leaves the database as the first import did",
    async () => {
      await fc.assert(
        fc
          .asyncProperty(validLeadsFile, async (file) => {
            const dbPath = freshDatabase();
            const csv = fresh("leads.csv");
            writeFileSync(csv, validLeadsText(file));
            const first = await importFile(dbPath, csv);
            const once = leadState(dbPath);
            const second = await importFile(dbPath, csv);
            expect(leadState(dbPath)).toEqual(once);
            // The second import finds every row's lead and leaves it as it is.
            expect(second).toMatchObject({
              rowsRead: first.rowsRead,
              inserted: 0,
              updated: 0,
              unchanged: first.rowsRead,
              rejected: 0,
              duplicates: first.rowsRead,
              previousImports: [{ batchId: first.batchId }],
            });
            expect(checkDatabase(dbPath).problems).toEqual([]);
          })
          .beforeEach(run.start)
          .afterEach(run.end),
        runs(40),
      );
    },
    propertyTimeoutMs,
  );

  // A file that lists a lead twice is replayed in file order by each import: the second import
  // ends with the same leads, but it records the replay (revisions, and stage events when the
  // rows move the lead onto an off-ramp and back), so the leads' stage columns projected from
  // those events (first rejection, first arrival at a stage) can change too: a known product
  // gap, see /work/notes/property-tests.md (bug 2) and /work/notes/property-fix.md.
  it(
    "ends with the same leads when a file that lists a lead more than once is imported twice",
    async () => {
      await fc.assert(
        fc
          .asyncProperty(leadsFileWithRepeats, async (file) => {
            const dbPath = freshDatabase();
            const csv = fresh("leads.csv");
            writeFileSync(csv, validLeadsText(file));
            await importFile(dbPath, csv);
            const once = leadValues(dbPath);
            const second = await importFile(dbPath, csv);
            expect(second.inserted).toBe(0);
            expect(leadValues(dbPath)).toEqual(once);
            expect(checkDatabase(dbPath).problems).toEqual([]);
          })
          .beforeEach(run.start)
          .afterEach(run.end),
        runs(40),
      );
    },
    propertyTimeoutMs,
  );
});
