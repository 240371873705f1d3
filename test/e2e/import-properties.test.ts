// The lead import's properties through the built binary, end to end (few runs: each spawns
// funnel twice). The in-process properties (test/import/import-leads-properties.test.ts) run
// many more cases of the same generators. On a failure fast-check prints the seed and the
// shrunk counterexample; FC_SEED=<seed> (with FC_PATH) replays it. FC_NUM_RUNS=<n> runs n
// cases per property, for a deeper search.
import { copyFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { parse } from "csv-parse/sync";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  checkDatabase,
  databaseDigest,
  exportedCell,
  garbageLeadsFile,
  validLeadsFile,
  validLeadsText,
} from "../helpers/lead-csv-arbitraries.js";
import { propertyTimeoutMs, runFolders, runs } from "../helpers/property-runs.js";
import { plainEnv, runFunnel } from "../helpers/run-funnel.js";
import { useTempDir } from "../helpers/temp-dir.js";

const temp = useTempDir();
// Dates without a zone are local time: the binary runs in this process's zone, as the
// generators assume.
const env = plainEnv({ TZ: Intl.DateTimeFormat().resolvedOptions().timeZone });

const run = runFolders(temp.path);
const fresh = run.path;

describe("funnel import properties (built binary)", () => {
  it(
    "round-trips valid rows through funnel import and funnel export leads",
    async () => {
      await fc.assert(
        fc
          .asyncProperty(validLeadsFile, async (file) => {
            const db = fresh("funnel.db");
            const csv = fresh("leads.csv");
            writeFileSync(csv, validLeadsText(file));
            const started = new Date().toISOString();
            const imported = await runFunnel(["--db", db, "import", csv, "--json"], { env });
            const finished = new Date().toISOString();
            expect(imported.stderr).toBe("");
            expect(imported.code).toBe(0);
            expect(JSON.parse(imported.stdout)).toMatchObject({
              rowsRead: file.rows.length,
              inserted: file.rows.length,
              rejected: 0,
            });
            const exported = await runFunnel(["--db", db, "export", "leads"], { env });
            expect(exported.code).toBe(0);
            const [header = [], ...rows] = parse(exported.stdout, { bom: true }) as string[][];
            const leads = rows.map((cells) =>
              Object.fromEntries(header.map((name, i) => [name, cells[i] ?? ""])),
            );
            expect(leads).toHaveLength(file.expected.length);
            leads.forEach((lead, i) => {
              const expected = file.expected[i] ?? {};
              for (const [key, value] of Object.entries(expected)) {
                if (value !== null) expect(lead[key] ?? "", key).toBe(exportedCell(value, key));
              }
              // No date in the file: the import's own time.
              if (expected.created_at === null) {
                const createdAt = lead.created_at ?? "";
                expect(createdAt >= started && createdAt <= finished).toBe(true);
              }
            });
          })
          .beforeEach(run.start)
          .afterEach(run.end),
        runs(3),
      );
    },
    propertyTimeoutMs,
  );

  it(
    "ends garbage with exit 0 and rejects, or exit 1 and one clear line, the database consistent",
    async () => {
      const seeded = temp.path("seeded.db");
      const seed = temp.write(
        "seed.csv",
        "Record ID,Email,Name,Lead Status\n1,ann@x.example,Ann,MQL\n2,ben@x.example,Ben,SQL\n",
      );
      expect((await runFunnel(["--db", seeded, "import", seed], { env })).code).toBe(0);
      await fc.assert(
        fc
          .asyncProperty(garbageLeadsFile, async (garbage) => {
            const db = fresh("funnel.db");
            copyFileSync(seeded, db);
            const before = databaseDigest(db);
            const leadsBefore = checkDatabase(db).leads;
            const csv = fresh("garbage.csv");
            const rejects = csv.replace(/\.csv$/, ".rejects.csv");
            writeFileSync(csv, garbage.bytes);
            const result = await runFunnel(["--db", db, "import", csv, "--json"], { env });
            // Every line on stderr is one of funnel's own (an error, a warning): no trace, no bug.
            for (const line of result.stderr.split("\n").filter((text) => text !== ""))
              expect(line).toMatch(/^funnel: /);
            expect(result.stderr).not.toMatch(/internal error|\n\s+at /);
            const after = checkDatabase(db);
            expect(after.problems).toEqual([]);
            expect(existsSync(`${rejects}.partial`)).toBe(false);
            if (result.code !== 0) {
              expect(result.code).toBe(1);
              expect(result.stderr).toMatch(/^funnel: [^\n]+\n$/);
              expect(databaseDigest(db)).toBe(before);
              if (/^funnel: every row of .* was rejected/.test(result.stderr)) {
                // An import that rejects every row keeps its rejects: they say what to fix.
                const summary = JSON.parse(result.stdout);
                expect(summary.rejected).toBe(summary.rowsRead);
                const records = parse(readFileSync(rejects), { relax_column_count: true });
                expect(records.length - 1).toBe(summary.rejected);
              } else {
                expect(existsSync(rejects)).toBe(false);
              }
              return;
            }
            const summary = JSON.parse(result.stdout);
            expect(after.leads).toBe(leadsBefore + summary.inserted);
            if (summary.rejected > 0) {
              const records = parse(readFileSync(rejects), { relax_column_count: true });
              expect(records.length - 1).toBe(summary.rejected);
            } else {
              expect(existsSync(rejects)).toBe(false);
            }
          })
          .beforeEach(run.start)
          .afterEach(run.end),
        runs(6),
      );
    },
    propertyTimeoutMs,
  );
});
