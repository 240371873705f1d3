import { chmodSync, copyFileSync, mkdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  integrity,
  leadCount,
  leadEmails,
  namesIn,
  sha256,
  writeLeadsCsv,
} from "../helpers/database-files.js";
import { runFunnelBoundByPermissions } from "../helpers/run-command.js";
import { funnelBin, plainEnv, repoRoot, runCommand } from "../helpers/run-funnel.js";
import { runMain } from "../helpers/run-main.js";
import { useTempDir } from "../helpers/temp-dir.js";

const temp = useTempDir();
const fixture = (name: string) => join(repoRoot, "fixtures", name);

async function databaseWithLeads(path: string): Promise<string> {
  const result = await runMain(["--db", path, "import", fixture("leads.csv")]);
  expect(result.code, result.stderr).toBe(0);
  return path;
}

/**
 * Runs `funnel ARGS` on a really full disk: a tmpfs of `size` mounted in a mount namespace of
 * its own (a user namespace makes that possible for any user, root included), holding `files`
 * copied in first. Afterwards the tmpfs's files are copied out to `results/disk`, the output to
 * `results`. Paths reach the script through the environment, never through its text.
 */
async function runOnSmallDisk(
  size: string,
  files: Record<string, string>,
  args: (disk: string) => string[],
): Promise<{ code: number; stdout: string; stderr: string; disk: string }> {
  const mountPoint = temp.path("disk");
  const results = temp.path("results");
  mkdirSync(mountPoint);
  mkdirSync(join(results, "disk"), { recursive: true });
  const script = [
    "set -u",
    'mount -t tmpfs -o "size=$SIZE" tmpfs "$DISK" || exit 90',
    'for name in $FILES; do cp "$SOURCES/$name" "$DISK/$name" || exit 91; done',
    '"$FUNNEL" "$@" > "$RESULTS/stdout" 2> "$RESULTS/stderr"',
    'echo $? > "$RESULTS/code"',
    'ls -A "$DISK" > "$RESULTS/listing"',
    'cp -a "$DISK"/. "$RESULTS/disk/"',
  ].join("\n");
  const sources = temp.path("sources");
  mkdirSync(sources, { recursive: true });
  for (const [name, from] of Object.entries(files)) copyFileSync(from, join(sources, name));
  const run = await runCommand(
    "unshare",
    [
      "--user",
      "--map-root-user",
      "--mount",
      "sh",
      "-c",
      script,
      "funnel-on-a-full-disk",
      ...args(mountPoint),
    ],
    {
      env: plainEnv({
        SIZE: size,
        DISK: mountPoint,
        FILES: Object.keys(files).join(" "),
        SOURCES: sources,
        FUNNEL: funnelBin,
        RESULTS: results,
      }),
    },
  );
  // The set-up itself must work: a test that could not make the disk full proves nothing.
  expect(run.code, `${run.stdout}${run.stderr}`).toBe(0);
  return {
    code: Number(readFileSync(join(results, "code"), "utf8")),
    stdout: readFileSync(join(results, "stdout"), "utf8"),
    stderr: readFileSync(join(results, "stderr"), "utf8"),
    disk: join(results, "disk"),
  };
}

describe("a full disk", () => {
  it("stops an import with one clear line, exit 1, and the database unchanged and intact", async () => {
    const seed = await databaseWithLeads(temp.path("seed.db"));
    const csv = writeLeadsCsv(temp.path("load.csv"), 30_000);
    const result = await runOnSmallDisk("1m", { "funnel.db": seed }, (disk) => [
      "--db",
      join(disk, "funnel.db"),
      "import",
      csv,
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      "funnel: the disk is full; nothing was changed; free some space and run the command again\n",
    );
    expect(result.stdout).toBe("");
    const after = join(result.disk, "funnel.db");
    expect(integrity(after)).toBe("ok");
    expect(leadEmails(after)).toEqual(leadEmails(seed));
  });

  it("leaves no backup, whole or partial, when the backup does not fit", async () => {
    const db = await databaseWithLeads(temp.path("funnel.db"));
    const size = statSync(db).size;
    const result = await runOnSmallDisk(`${Math.floor(size / 2 / 1024)}k`, {}, (disk) => [
      "--db",
      db,
      "backup",
      join(disk, "backup.db"),
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^funnel: the disk is full.*\n$/);
    expect(namesIn(result.disk)).toEqual([]);
    expect(integrity(db)).toBe("ok");
  });

  it("stops a restore that cannot keep the replaced database, replacing nothing", async () => {
    const db = await databaseWithLeads(temp.path("funnel.db"));
    const backup = temp.path("backup.db");
    expect((await runMain(["--db", db, "backup", backup])).code).toBe(0);
    const size = statSync(db).size;
    // Room for the database and the checked copy of the backup, not for the kept copy.
    const result = await runOnSmallDisk(
      `${Math.floor((size * 2.5) / 1024)}k`,
      { "funnel.db": db },
      (disk) => ["--db", join(disk, "funnel.db"), "restore", backup, "--yes"],
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^funnel: the disk is full.*\n$/);
    expect(namesIn(result.disk)).toEqual(["funnel.db"]);
    expect(sha256(join(result.disk, "funnel.db"))).toBe(sha256(db));
  });
});

describe("a full disk under an --out file", () => {
  it("leaves the earlier file as it was, whole, and no temporary file", async () => {
    const db = await databaseWithLeads(temp.path("funnel.db"));
    const earlier = temp.write("earlier.csv", "email\nkept@x.example\n");
    // Two pages: the earlier file's and one more; the export of 60 leads needs three.
    const result = await runOnSmallDisk("8k", { "leads.csv": earlier }, (disk) => [
      "--db",
      db,
      "export",
      "leads",
      "--out",
      join(disk, "leads.csv"),
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^funnel: the disk is full.*\n$/);
    expect(namesIn(result.disk)).toEqual(["leads.csv"]);
    expect(readFileSync(join(result.disk, "leads.csv"), "utf8")).toBe("email\nkept@x.example\n");
  });
});

describe("a file size limit (ulimit -f): writes fail with EFBIG", () => {
  it("stops an import with one clear line, exit 1, and the database unchanged", async () => {
    const db = await databaseWithLeads(temp.path("funnel.db"));
    const before = sha256(db);
    const csv = writeLeadsCsv(temp.path("load.csv"), 30_000);
    const result = await runCommand("prlimit", [
      `--fsize=${statSync(db).size * 2}`,
      funnelBin,
      "--db",
      db,
      "import",
      csv,
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^funnel: the database file could not be read or written \(SQLITE_IOERR\w*: .+\); nothing was changed; check the disk: .+\n$/,
    );
    expect(sha256(db)).toBe(before);
    expect(integrity(db)).toBe("ok");
  });
});

/** An import into `db`, made read-only, ends with the read-only message and exit 1. */
async function expectImportRefusedAsReadOnly(db: string): Promise<void> {
  const result = await runFunnelBoundByPermissions([
    "--db",
    db,
    "import",
    fixture("messy-leads.csv"),
  ]);
  expect(result.code).toBe(1);
  expect(result.stderr).toMatch(/^funnel: the database is read-only.*; nothing was changed; .+\n$/);
}

describe("a read-only database", () => {
  // A database as funnel keeps it (WAL mode), and a backup made read-only (rollback mode).
  it.each([
    ["a database", false],
    ["a backup", true],
  ])(
    "%s: answers reads, refuses an import with one clear line, exit 1, unchanged",
    async (_kind, isBackup) => {
      let db = await databaseWithLeads(temp.path("funnel.db"));
      if (isBackup) {
        const backup = temp.path("backup.db");
        expect((await runMain(["--db", db, "backup", backup])).code).toBe(0);
        db = backup;
      }
      const before = sha256(db);
      chmodSync(db, 0o400);
      const read = await runFunnelBoundByPermissions(["--db", db, "leads", "--all", "--json"]);
      expect(read.code, read.stderr).toBe(0);
      expect(JSON.parse(read.stdout)).toHaveLength(60);
      await expectImportRefusedAsReadOnly(db);
      expect(sha256(db)).toBe(before);
      chmodSync(db, 0o600);
      expect(leadCount(db)).toBe(60);
    },
  );

  it("in a read-only folder refuses an import the same way", async () => {
    const folder = temp.path("locked");
    mkdirSync(folder);
    const db = await databaseWithLeads(join(folder, "funnel.db"));
    const before = sha256(db);
    chmodSync(folder, 0o555);
    try {
      await expectImportRefusedAsReadOnly(db);
    } finally {
      chmodSync(folder, 0o755);
    }
    expect(sha256(db)).toBe(before);
    expect(namesIn(folder)).toEqual(["funnel.db"]);
  });
});
