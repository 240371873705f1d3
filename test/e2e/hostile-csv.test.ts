import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot, runFunnel } from "../helpers/run-funnel.js";
import { useTempDir } from "../helpers/temp-dir.js";
import { type LargeHostileFile, writeLargeHostileFile } from "../hostile-csv/generate-large.js";
import { expectIntact, rowCounts, tableDigests } from "../reliability/database-state.js";

/**
 * Hostile and broken CSV files against the built `funnel import`: each ends with exit 0 and the
 * right counts, or exit 1 and a one-line message, never a crash or a stack trace, never a hang,
 * in bounded memory, and a refused file leaves the database exactly as it was.
 */

type ImportType = "leads" | "deals" | "reps";

interface Expected {
  /** A file in test/hostile-csv/, or one written by generate-large.ts. */
  readonly file: string;
  readonly type?: ImportType;
  readonly args?: readonly string[];
  /** Refused: exit 1 with this in the message, nothing written. */
  readonly error?: RegExp;
  /**
   * Imported: exit 0 with these counts (rows inserted and rejected); or, when every row is
   * rejected, exit 1 saying so, with the rejects file and nothing else written.
   */
  readonly inserted?: number;
  readonly rejected?: number;
  /** A warning expected on stderr of a successful import. */
  readonly warning?: RegExp;
}

/** The manifest: every hostile input and what it must lead to. */
const manifest: readonly Expected[] = [
  { file: "truncated-quote.csv", error: /quoted field opened on or after line 2 is never closed/ },
  { file: "only-a-quote.csv", error: /quoted field opened on or after line 1 is never closed/ },
  // The row written with `;` under a `,` header is one field: rejected, the other row imported.
  { file: "mixed-delimiters.csv", inserted: 1, rejected: 1 },
  { file: "invalid-utf8.csv", error: /is not valid UTF-8/ },
  { file: "truncated-utf8-at-end.csv", error: /is not valid UTF-8/ },
  { file: "utf16le-bom.csv", error: /is UTF-16 text/ },
  { file: "utf16be-bom.csv", error: /is UTF-16 text/ },
  { file: "nul-byte.csv", error: /not a text CSV file \(it contains NUL bytes\)/ },
  { file: "header-only.csv", inserted: 0, rejected: 0 },
  { file: "empty.csv", error: /empty\.csv is empty/ },
  { file: "blank-lines-only.csv", error: /has no header row/ },
  { file: "bom-only.csv", error: /has no header row/ },
  { file: "bom-utf8.csv", inserted: 1, rejected: 0 },
  {
    file: "duplicate-headers.csv",
    inserted: 1,
    rejected: 0,
    warning: /column "email" also looks like email/,
  },
  { file: "formula-cells.csv", inserted: 3, rejected: 0 },
  { file: "ragged-rows.csv", inserted: 1, rejected: 2 },
  { file: "crlf.csv", inserted: 2, rejected: 0 },
  { file: "cr-only.csv", inserted: 2, rejected: 0 },
  { file: "quoted-newlines.csv", inserted: 2, rejected: 0 },
  { file: "unknown-columns-only.csv", error: /no column holds an email or an external id/ },
  { file: "empty-header-names.csv", error: /no column holds an email or an external id/ },
  { file: "png-renamed.csv", error: /is not a text CSV file/ },
  { file: "gzip-renamed.csv", error: /is not a text CSV file/ },
  { file: "stray-quote-in-field.csv", inserted: 1, rejected: 0 },
  { file: "no-final-newline.csv", inserted: 1, rejected: 0 },
  { file: "all-rows-invalid.csv", inserted: 0, rejected: 3 },
  { file: "control-characters.csv", inserted: 1, rejected: 0 },
  { file: "wide-10000-columns.csv", inserted: 1, rejected: 0 },
  { file: "field-10mb.csv", inserted: 1, rejected: 0 },
  {
    file: "runaway-quote-24mb.csv",
    error: /line 2 is longer than 16 MB; a quote is probably never closed/,
  },
  { file: "long-lines.csv", inserted: 200, rejected: 0 },
  { file: "nul-after-64kb.csv", error: /contains a NUL byte in the block starting at byte \d+/ },
  { file: "invalid-utf8-after-6mb.csv", error: /is not valid UTF-8/ },

  { file: "reps-truncated-quote.csv", type: "reps", error: /never closed/ },
  { file: "reps-invalid-utf8.csv", type: "reps", error: /is not valid UTF-8/ },
  { file: "reps-nul-byte.csv", type: "reps", error: /not a text CSV file/ },
  { file: "empty.csv", type: "reps", error: /empty\.csv is empty/ },
  { file: "reps-header-only.csv", type: "reps", inserted: 0, rejected: 0 },
  {
    file: "reps-duplicate-headers.csv",
    type: "reps",
    inserted: 1,
    rejected: 0,
    warning: /column "role" also looks like role; "role" is used, it is ignored/,
  },
  // "Ana Souza,ana" has 2 fields of 4, "Liam Smith,liam,sdr,East,extra" a fifth: both rejected.
  { file: "reps-ragged-rows.csv", type: "reps", inserted: 0, rejected: 2 },
  { file: "utf16le-bom.csv", type: "reps", error: /is UTF-16 text/ },
  { file: "png-renamed.csv", type: "reps", error: /is not a text CSV file/ },
  {
    file: "wide-10000-columns.csv",
    type: "reps",
    error: /no column holds a rep's name or handle.*\.\.\. and 9980 more\)$/,
  },
  { file: "reps-field-10mb.csv", type: "reps", inserted: 1, rejected: 0 },
  { file: "runaway-quote-24mb.csv", type: "reps", error: /longer than 16 MB/ },
  { file: "reps-20000-rows.csv", type: "reps", inserted: 20_000, rejected: 0 },

  { file: "deals-truncated-quote.csv", type: "deals", error: /never closed/ },
  { file: "deals-invalid-utf8.csv", type: "deals", error: /is not valid UTF-8/ },
  { file: "deals-ragged-rows.csv", type: "deals", inserted: 1, rejected: 1 },
  { file: "deals-formula-cells.csv", type: "deals", inserted: 1, rejected: 0 },
  { file: "deals-unknown-columns-only.csv", type: "deals", error: /no column holds the deal's/ },
  { file: "nul-byte.csv", type: "deals", error: /not a text CSV file/ },
  { file: "empty.csv", type: "deals", error: /empty\.csv is empty/ },
  { file: "utf16be-bom.csv", type: "deals", error: /is UTF-16 text/ },
  { file: "gzip-renamed.csv", type: "deals", error: /is not a text CSV file/ },
  { file: "deals-field-10mb.csv", type: "deals", inserted: 1, rejected: 0 },
  {
    file: "nul-after-64kb.csv",
    type: "deals",
    args: ["--stage", "prospecting", "--owner", "ana-souza"],
    error: /contains a NUL byte/,
  },
  {
    file: "runaway-quote-24mb.csv",
    type: "deals",
    args: ["--stage", "won", "--owner", "ana-souza"],
    error: /longer than 16 MB/,
  },
];

const corpusDir = join(repoRoot, "test", "hostile-csv");
const large = new Set<string>([
  "wide-10000-columns.csv",
  "field-10mb.csv",
  "deals-field-10mb.csv",
  "reps-field-10mb.csv",
  "runaway-quote-24mb.csv",
  "long-lines.csv",
  "nul-after-64kb.csv",
  "invalid-utf8-after-6mb.csv",
  "reps-20000-rows.csv",
] satisfies LargeHostileFile[]);

/** A run that is killed after this long counts as a hang. */
const hangAfterMs = 90_000;
/** Peak resident memory allowed for one import, in kB. */
const memoryBoundKb = 300 * 1024;

const temp = useTempDir();
let seedDir: string;
let seedDb: string;

beforeAll(async () => {
  // Large files are generated once for the whole corpus; the seeded database too.
  seedDir = mkdtempSync(join(tmpdir(), "funnel-hostile-"));
  for (const name of large) writeLargeHostileFile(seedDir, name as LargeHostileFile);
  seedDb = join(seedDir, "seed.db");
  for (const args of [
    ["import", "--type", "reps", join(repoRoot, "fixtures", "reps.csv")],
    ["import", join(repoRoot, "fixtures", "leads.csv")],
  ]) {
    const result = await runFunnel(["--db", seedDb, ...args, "--json"]);
    expect(result.stderr).toBe("");
  }
}, 120_000);

afterAll(() => rmSync(seedDir, { recursive: true, force: true }));

interface MeasuredRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  /** Peak resident set of the child (VmHWM), in kB; 0 when it could not be read. */
  peakKb: number;
}

/**
 * Spawns the binary, kills it if it runs past `hangAfterMs`, and samples the child's VmHWM
 * (the kernel's peak-RSS mark, so a sample taken late still sees an early peak) from /proc.
 */
async function runMeasured(args: readonly string[]): Promise<MeasuredRun> {
  let peakKb = 0;
  let timedOut = false;
  let sampler: NodeJS.Timeout | undefined;
  let killer: NodeJS.Timeout | undefined;
  const result = await runFunnel(args, {
    onSpawn: (child) => {
      const sample = () => {
        try {
          const status = readFileSync(`/proc/${child.pid}/status`, "utf8");
          const match = /VmHWM:\s+(\d+) kB/.exec(status);
          if (match !== null) peakKb = Math.max(peakKb, Number(match[1]));
        } catch {
          // The child has exited between two samples.
        }
      };
      sampler = setInterval(sample, 10);
      killer = setTimeout(() => {
        timedOut = true;
        child.kill("SIGKILL");
      }, hangAfterMs);
      child.on("exit", () => clearInterval(sampler));
    },
  });
  clearInterval(sampler);
  clearTimeout(killer);
  return { ...result, timedOut, peakKb };
}

const tableOf: Record<ImportType, string> = { leads: "leads", deals: "deals", reps: "reps" };

describe("hostile CSV corpus against funnel import", () => {
  it("has a manifest entry for every committed corpus file", () => {
    const listed = new Set(manifest.map((entry) => entry.file));
    const committed = readdirSync(corpusDir).filter((name) => name.endsWith(".csv"));
    expect(committed.filter((file) => !listed.has(file))).toEqual([]);
  });

  it.each(manifest.map((entry) => [`${entry.type ?? "leads"}: ${entry.file}`, entry] as const))(
    "%s",
    async (_name, entry) => {
      const type = entry.type ?? "leads";
      const db = temp.path("funnel.db");
      copyFileSync(seedDb, db);
      if (existsSync(`${seedDb}-wal`)) copyFileSync(`${seedDb}-wal`, `${db}-wal`);
      // A copy in the temp folder, so a rejects file lands there and never in the corpus.
      const file = temp.path(entry.file);
      copyFileSync(
        large.has(entry.file) ? join(seedDir, entry.file) : join(corpusDir, entry.file),
        file,
      );
      const before = tableDigests(db);
      const countsBefore = rowCounts(db);

      const run = await runMeasured([
        "--db",
        db,
        "import",
        "--type",
        type,
        file,
        "--json",
        ...(entry.args ?? []),
      ]);

      expect(run.timedOut, "the import hung").toBe(false);
      expect(run.signal).toBeNull();
      expect(run.stderr).not.toMatch(/internal error|\n\s+at |Error:/);
      expect(run.peakKb, "peak memory was sampled").toBeGreaterThan(0);
      expect(run.peakKb).toBeLessThan(memoryBoundKb);
      expectIntact(db);
      if (entry.error !== undefined) {
        expect(run.code).toBe(1);
        const lines = run.stderr.trimEnd().split("\n");
        expect(lines).toHaveLength(1);
        expect(lines[0]).toMatch(/^funnel: /);
        expect(lines[0]).toMatch(entry.error);
        expect(run.stdout).toBe("");
        expect(tableDigests(db)).toEqual(before);
        expect(existsSync(temp.path(entry.file.replace(/\.csv$/, ".rejects.csv")))).toBe(false);
      } else {
        const summary = JSON.parse(run.stdout) as { inserted: number; rejected: number };
        expect({ inserted: summary.inserted, rejected: summary.rejected }).toEqual({
          inserted: entry.inserted,
          rejected: entry.rejected,
        });
        const table = tableOf[type];
        expect(rowCounts(db)[table]).toBe((countsBefore[table] ?? 0) + (entry.inserted ?? 0));
        const allRejected = entry.inserted === 0 && (entry.rejected ?? 0) > 0;
        const warning = allRejected
          ? /every row of .* was rejected, so nothing was imported/
          : entry.warning;
        if (warning !== undefined) expect(run.stderr).toMatch(warning);
        else expect(run.stderr).toBe("");
        expect(run.code, run.stderr).toBe(allRejected ? 1 : 0);
        // Nothing changed but the rejects file: no batch is recorded either.
        if (allRejected) expect(tableDigests(db)).toEqual(before);
      }
    },
    180_000,
  );
});
