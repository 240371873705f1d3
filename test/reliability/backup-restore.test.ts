import {
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { basename, join } from "node:path";
import { describe, expect, it } from "vitest";
import { Database } from "../../src/store/sqlite/driver.js";
import { schemaVersion } from "../../src/store/sqlite/migrations.js";
import {
  buildOlderDatabase,
  integrity,
  journalModeOf,
  leadCount,
  leadEmails,
  modeOf,
  namesIn,
  schemaVersionOf,
  sha256,
  writeLeadsCsv,
} from "../helpers/database-files.js";
import { repoRoot, runCommand, runFunnel } from "../helpers/run-funnel.js";
import { runMain } from "../helpers/run-main.js";
import { useTempDir } from "../helpers/temp-dir.js";

const temp = useTempDir();
const fixture = (name: string) => join(repoRoot, "fixtures", name);

/** A database with the 60 fixture leads, and its folder. */
async function databaseWithLeads(name = "funnel.db"): Promise<string> {
  const db = temp.path(name);
  const result = await runMain(["--db", db, "import", fixture("leads.csv")]);
  expect(result.code, result.stderr).toBe(0);
  return db;
}

/** Adds one rep through a second SQLite connection, as another tool or command would. */
function addRep(db: string, handle: string): void {
  const connection = new Database(db);
  try {
    connection
      .prepare(
        "INSERT INTO reps (handle, name, role, created_at) VALUES (?, ?, 'ae', '2026-11-27T09:00:00.000Z')",
      )
      .run(handle, handle);
  } finally {
    connection.close();
  }
}

function repHandles(db: string): string[] {
  const connection = new Database(db);
  try {
    return connection.prepare("SELECT handle FROM reps ORDER BY handle").pluck().all() as string[];
  } finally {
    connection.close();
  }
}

describe("funnel backup", () => {
  it("writes a checked, self-contained copy, mode 0600, and says what it wrote", async () => {
    const db = await databaseWithLeads();
    const backup = temp.path("backups/funnel-2026-11-27.db");
    const result = await runMain(["--db", db, "backup", backup]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      new RegExp(
        `^Backed up .*funnel\\.db to .*funnel-2026-11-27\\.db: [\\d.]+ KiB, schema version ${schemaVersion}, 60 leads; integrity check ok\\n$`,
      ),
    );
    expect(modeOf(statSync(backup).mode)).toBe("600");
    expect(integrity(backup)).toBe("ok");
    expect(leadEmails(backup)).toEqual(leadEmails(db));
    expect(schemaVersionOf(backup)).toBe(schemaVersion);
    // One file: no -wal goes with it, and opening it creates none.
    expect(journalModeOf(backup)).toBe("delete");
    expect(namesIn(temp.path("backups"))).toEqual(["funnel-2026-11-27.db"]);
  });

  it("reports as JSON with --json", async () => {
    const db = await databaseWithLeads();
    const backup = temp.path("copy.db");
    const result = await runMain(["--db", db, "backup", backup, "--json"]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      database: db,
      backup,
      bytes: statSync(backup).size,
      schema_version: schemaVersion,
      leads: 60,
      integrity_check: "ok",
      replaced: false,
    });
  });

  it("never overwrites an existing file without --force, and replaces it with --force", async () => {
    const db = await databaseWithLeads();
    const backup = temp.write("copy.db", "an older backup, or anything else");
    const refused = await runMain(["--db", db, "backup", backup]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      `funnel: ${backup} exists already; nothing was written; pass --force to overwrite it, or give another file name\n`,
    );
    expect(readFileSync(backup, "utf8")).toBe("an older backup, or anything else");
    const forced = await runMain(["--db", db, "backup", backup, "--force"]);
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain("(replacing it)");
    expect(leadCount(backup)).toBe(60);
    expect(modeOf(statSync(backup).mode)).toBe("600");
  });

  it("refuses a database that does not exist (creating nothing) and a backup onto itself", async () => {
    const missing = temp.path("missing.db");
    const result = await runMain(["--db", missing, "backup", temp.path("copy.db")]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^funnel: there is no database at .*missing\.db; /);
    expect(existsSync(missing)).toBe(false);
    expect(existsSync(temp.path("copy.db"))).toBe(false);
    const db = await databaseWithLeads();
    const before = sha256(db);
    const onto = await runMain(["--db", db, "backup", db, "--force"]);
    expect(onto.code).toBe(1);
    expect(onto.stderr).toContain("is the database itself; nothing was written");
    expect(sha256(db)).toBe(before);
  });

  it("copies one consistent state while an import writes: all of the import or none of it", async () => {
    const db = await databaseWithLeads();
    const csv = writeLeadsCsv(temp.path("load.csv"), 60_000);
    const importing = runFunnel(["--db", db, "import", csv]);
    // The import's transaction is open once its WAL grows; then the backup starts.
    for (let waited = 0; waited < 600; waited++) {
      if (existsSync(`${db}-wal`) && statSync(`${db}-wal`).size > 1 << 20) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const backup = temp.path("during-import.db");
    const result = await runFunnel(["--db", db, "backup", backup]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const imported = await importing;
    expect(imported.code, imported.stderr).toBe(0);
    expect(integrity(backup)).toBe("ok");
    expect([60, 60_060]).toContain(leadCount(backup));
    expect(leadCount(db)).toBe(60_060);
  });
});

describe("funnel restore", () => {
  async function databaseAndBackup(): Promise<{ db: string; backup: string }> {
    const db = await databaseWithLeads();
    const backup = temp.path("backup.db");
    expect((await runMain(["--db", db, "backup", backup])).code).toBe(0);
    return { db, backup };
  }

  it("replaces the database with the backup and keeps the replaced one, mode 0600", async () => {
    const { db, backup } = await databaseAndBackup();
    addRep(db, "added-after-backup");
    const backupHash = sha256(backup);
    const result = await runMain(["--db", db, "restore", backup, "--yes"]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const kept = /The database it replaced is kept as (.+)\n$/.exec(result.stdout)?.[1];
    expect(result.stdout).toMatch(
      new RegExp(
        `^Restored .*funnel\\.db from .*backup\\.db: schema version ${schemaVersion}, 60 leads; integrity check ok\\n`,
      ),
    );
    expect(kept).toMatch(/funnel\.db\.before-restore-\d{8}T\d{6}Z$/);
    expect(repHandles(db)).toEqual([]);
    expect(leadCount(db)).toBe(60);
    expect(integrity(db)).toBe("ok");
    expect(repHandles(kept as string)).toEqual(["added-after-backup"]);
    expect(modeOf(statSync(kept as string).mode)).toBe("600");
    expect(integrity(kept as string)).toBe("ok");
    // The backup file is read, never changed.
    expect(sha256(backup)).toBe(backupHash);
    expect(namesIn(temp.path(""))).toEqual(
      ["backup.db", "funnel.db", basename(kept as string)].sort(),
    );
  });

  it("reports as JSON with --json", async () => {
    const { db, backup } = await databaseAndBackup();
    const result = await runMain(["--db", db, "restore", backup, "--yes", "--json"]);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({
      database: db,
      restored_from: backup,
      schema_version: schemaVersion,
      backup_schema_version: schemaVersion,
      leads: 60,
    });
    expect(existsSync(report.replaced_database_kept_as)).toBe(true);
  });

  it("asks first: without a terminal and without --yes it refuses, naming the flag", async () => {
    const { db, backup } = await databaseAndBackup();
    addRep(db, "still-here");
    const before = sha256(db);
    const result = await runMain(["--db", db, "restore", backup]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      "funnel: this command asks questions and needs a terminal; without one, use: funnel restore <file> --yes\n",
    );
    expect(sha256(db)).toBe(before);
    expect(namesIn(temp.path(""))).toEqual(["backup.db", "funnel.db"]);
  });

  const refusals: [string, (backup: string) => void, RegExp][] = [
    [
      "a file that is not SQLite",
      (backup) => writeFileSync(backup, "email,name\nann@x.example,Ann\n"),
      /^funnel: .*backup\.db is not a SQLite database; nothing was changed; /,
    ],
    [
      "a backup that fails the integrity check",
      (backup) => {
        // Pages in the middle of the file overwritten: the header is fine, the tree is not.
        const bytes = readFileSync(backup);
        bytes.fill(0x5a, 8 * 4096, 12 * 4096);
        writeFileSync(backup, bytes);
      },
      /^funnel: .*backup\.db (fails SQLite's integrity check \(.+\)|is damaged or not a SQLite database); nothing was changed; restore another backup\n$/,
    ],
    [
      "a backup with a newer schema",
      (backup) => {
        const connection = new Database(backup);
        connection.pragma(`user_version = ${schemaVersion + 1}`);
        connection.close();
      },
      new RegExp(
        `^funnel: .*backup\\.db has schema version ${schemaVersion + 1}, newer than this funnel understands \\(${schemaVersion}\\); nothing was changed; upgrade funnel to restore it\\n$`,
      ),
    ],
    [
      "a SQLite database that is not funnel's",
      (backup) => {
        writeFileSync(backup, "");
        const connection = new Database(backup);
        connection.exec("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('hello')");
        connection.close();
      },
      /^funnel: .*backup\.db is a SQLite database but not a funnel database; nothing was changed; /,
    ],
  ];
  it.each(refusals)("refuses %s before replacing anything", async (_name, spoil, message) => {
    const { db, backup } = await databaseAndBackup();
    addRep(db, "still-here");
    spoil(backup);
    const before = sha256(db);
    const result = await runMain(["--db", db, "restore", backup, "--yes"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.split("\n")).toHaveLength(2);
    expect(sha256(db)).toBe(before);
    expect(repHandles(db)).toEqual(["still-here"]);
    // No kept copy and no temporary file: nothing happened.
    expect(namesIn(temp.path(""))).toEqual(["backup.db", "funnel.db"]);
  });

  it("restores a backup with an older schema, upgrading the restored copy, not the backup", async () => {
    const db = await databaseWithLeads();
    const backup = temp.path("old-backup.db");
    buildOlderDatabase(backup, schemaVersion - 1);
    const backupHash = sha256(backup);
    const result = await runMain(["--db", db, "restore", backup, "--yes"]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      `schema version ${schemaVersion} (upgraded from the backup's ${schemaVersion - 1}), 1 lead;`,
    );
    expect(schemaVersionOf(db)).toBe(schemaVersion);
    expect(leadEmails(db)).toEqual(["old@schema.example"]);
    expect(integrity(db)).toBe("ok");
    expect(sha256(backup)).toBe(backupHash);
    // Upgraded before it took the database's place: no pre-migration copy was needed.
    expect(namesIn(temp.path("")).filter((name) => name.includes(".schema-"))).toEqual([]);
  });

  it("refuses while another process holds the write lock, after the busy timeout", async () => {
    const { db, backup } = await databaseAndBackup();
    const writer = new Database(db);
    writer.exec("BEGIN IMMEDIATE");
    writer
      .prepare(
        "INSERT INTO reps (handle, name, role, created_at) VALUES ('writer', 'W', 'ae', '2026-11-27T09:00:00.000Z')",
      )
      .run();
    try {
      const result = await runFunnel(["--db", db, "restore", backup, "--yes"]);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/^funnel: .*busy.*\n$/);
    } finally {
      writer.exec("COMMIT");
      writer.close();
    }
    expect(repHandles(db)).toEqual(["writer"]);
    expect(namesIn(temp.path(""))).toEqual(["backup.db", "funnel.db"]);
  });

  it("waits for a writer that finishes, and keeps what it committed in the replaced copy", async () => {
    const { db, backup } = await databaseAndBackup();
    const writer = new Database(db);
    writer.exec("BEGIN IMMEDIATE");
    const restoring = runFunnel(["--db", db, "restore", backup, "--yes"]);
    // The restore is checking the backup, then waits for the lock; the writer commits meanwhile.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    writer
      .prepare(
        "INSERT INTO reps (handle, name, role, created_at) VALUES ('last-write', 'L', 'ae', '2026-11-27T09:00:00.000Z')",
      )
      .run();
    writer.exec("COMMIT");
    const result = await restoring;
    expect(result.code, result.stderr).toBe(0);
    const kept = /kept as (.+)\n$/.exec(result.stdout)?.[1] as string;
    expect(repHandles(kept)).toEqual(["last-write"]);
    // The writer's connection, still open, sees the restored database: not a deleted file.
    expect(writer.prepare("SELECT count(*) FROM reps").pluck().get()).toBe(0);
    expect(writer.prepare("SELECT count(*) FROM leads").pluck().get()).toBe(60);
    writer.close();
    expect(integrity(db)).toBe("ok");
  });

  it("leaves no WAL of the replaced database to be replayed onto the restored one", async () => {
    const { db, backup } = await databaseAndBackup();
    // A reader keeps the WAL alive with committed pages in it while the restore runs.
    const reader = new Database(db);
    reader.prepare("SELECT count(*) FROM leads").get();
    addRep(db, "in-the-wal");
    expect(statSync(`${db}-wal`).size).toBeGreaterThan(0);
    const result = await runMain(["--db", db, "restore", backup, "--yes"]);
    expect(result.code, result.stderr).toBe(0);
    expect(reader.prepare("SELECT count(*) FROM reps").pluck().get()).toBe(0);
    reader.close();
    expect(repHandles(db)).toEqual([]);
    expect(integrity(db)).toBe("ok");
    const listed = await runMain(["--db", db, "leads", "--all", "--json"]);
    expect(JSON.parse(listed.stdout)).toHaveLength(60);
  });

  it.each([
    ["its header overwritten", 0, "this is no longer a database header"],
    // The header intact, the first page's b-tree header zeroed: SQLite opens it, then finds it malformed.
    ["its first page malformed", 100, "\0\0\0\0\0\0\0\0"],
  ])(
    "restores over a database with %s, keeping the damaged file as it was",
    async (_how, offset, text) => {
      const { db, backup } = await databaseAndBackup();
      const bytes = readFileSync(db);
      bytes.write(text, offset, "latin1");
      writeFileSync(db, bytes);
      const damaged = sha256(db);
      const result = await runMain(["--db", db, "restore", backup, "--yes"]);
      expect(result.stderr).toBe("");
      expect(result.code).toBe(0);
      const kept = /kept as (.+)\n$/.exec(result.stdout)?.[1] as string;
      expect(sha256(kept)).toBe(damaged);
      expect(modeOf(statSync(kept).mode)).toBe("600");
      expect(integrity(db)).toBe("ok");
      expect(leadCount(db)).toBe(60);
    },
  );

  it("creates a missing database from the backup, mode 0600, with nothing to keep", async () => {
    const { backup } = await databaseAndBackup();
    const fresh = temp.path("fresh.db");
    const result = await runMain(["--db", fresh, "restore", backup, "--yes"]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).not.toContain("kept as");
    expect(modeOf(statSync(fresh).mode)).toBe("600");
    expect(leadCount(fresh)).toBe(60);
    expect(journalModeOf(fresh)).toBe("wal");
  });

  it("refuses a missing database whose WAL was left behind, rather than replay it", async () => {
    const { backup } = await databaseAndBackup();
    const fresh = temp.path("fresh.db");
    writeFileSync(`${fresh}-wal`, "left from a deleted database");
    const result = await runMain(["--db", fresh, "restore", backup, "--yes"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("fresh.db-wal is there without");
    expect(existsSync(fresh)).toBe(false);
  });
});

describe("names that cannot take a backup or a restore", () => {
  it("refuses a broken symbolic link and a name ending in /, leaving nothing behind", async () => {
    const db = await databaseWithLeads("names.db");
    const folder = temp.path("names");
    mkdirSync(folder);
    const link = join(folder, "link.db");
    symlinkSync(join(folder, "missing.db"), link);
    const backup = await runMain(["--db", db, "backup", link]);
    expect({ code: backup.code, stderr: backup.stderr }).toEqual({
      code: 1,
      stderr: `funnel: ${link} is a symbolic link to a file that does not exist; nothing was written; remove the link or give another name\n`,
    });
    const copy = temp.path("names-backup.db");
    expect((await runMain(["--db", db, "backup", copy])).code).toBe(0);
    const restore = await runMain(["--db", link, "restore", copy, "--yes"]);
    expect(restore.code).toBe(1);
    expect(restore.stderr).toMatch(
      /is a symbolic link to a file that does not exist; nothing was changed/,
    );
    const toFolder = await runMain(["--db", db, "backup", `${join(folder, "new")}/`]);
    expect(toFolder.code).toBe(1);
    expect(toFolder.stderr).toMatch(
      /names a folder; nothing was written; give the backup a file name, e\.g\. .*new\/funnel-backup\.db\n$/,
    );
    expect(namesIn(folder)).toEqual(["link.db"]);
  });
});

describe("Ctrl-C during a backup, a restore or an export to a file", () => {
  /** Pads the database to ~40 MB so that copying it takes a while. */
  function pad(db: string): void {
    const connection = new Database(db);
    try {
      connection.exec(
        "CREATE TABLE padding (bytes BLOB); INSERT INTO padding VALUES (zeroblob(40000000))",
      );
    } finally {
      connection.close();
    }
  }

  /**
   * Runs funnel and, the moment its temporary file appears in `folder`, stops it, sends SIGINT
   * and lets it go on: the signal is then certain to arrive while the file is being written.
   */
  function interruptWhenWriting(args: string[], folder: string) {
    return runFunnel(args, {
      onSpawn: (child) => {
        const poll = setInterval(() => {
          if (!existsSync(folder) || !namesIn(folder).some((name) => name.endsWith(".tmp"))) return;
          clearInterval(poll);
          child.kill("SIGSTOP");
          child.kill("SIGINT");
          child.kill("SIGCONT");
        }, 1);
        child.on("exit", () => clearInterval(poll));
      },
    });
  }

  it("backup: exit 130, one line, no backup and no temporary copy left", async () => {
    const db = await databaseWithLeads("padded.db");
    pad(db);
    const folder = temp.path("interrupted-backups");
    const run = await interruptWhenWriting(["--db", db, "backup", join(folder, "b.db")], folder);
    expect({ code: run.code, stderr: run.stderr }).toEqual({
      code: 130,
      stderr: "funnel: interrupted; nothing was written\n",
    });
    expect(namesIn(folder)).toEqual([]);
  });

  it("restore: exit 130, one line, the database as it was and no temporary copy left", async () => {
    const source = await databaseWithLeads("padded-source.db");
    pad(source);
    const folder = temp.path("interrupted-restore");
    mkdirSync(folder);
    const db = join(folder, "target.db");
    expect((await runMain(["--db", db, "import", fixture("leads.csv")])).code).toBe(0);
    addRep(db, "only-in-target");
    const before = sha256(db);
    const run = await interruptWhenWriting(["--db", db, "restore", source, "--yes"], folder);
    expect({ code: run.code, stderr: run.stderr }).toEqual({
      code: 130,
      stderr: "funnel: interrupted; nothing was restored\n",
    });
    expect(namesIn(folder).filter((name) => !/^target\.db(-wal|-shm)?$/.test(name))).toEqual([]);
    expect(repHandles(db)).toContain("only-in-target");
    expect(sha256(db)).toBe(before);
  });

  it.each([
    ["all 150,060 leads", []],
    // The one match is written long before the signal: only the check before the file is put
    // in place can see it.
    ["one lead, after a scan of all", ["--source", "rare"]],
  ])(
    "export leads --out (%s): exit 130, one line, the earlier file as it was, no temporary file",
    async (_, filter) => {
      const db = await databaseWithLeads(`many-leads-${filter.length}.db`);
      // 150,000 more leads, so that the export takes a while; the last one's source is "rare".
      const connection = new Database(db);
      try {
        connection.exec(`
        WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 150000)
        INSERT INTO leads (email, company, source, created_at, stage, attributes, updated_at)
        SELECT 'lead' || i || '@bulk.example', 'Company ' || i,
          CASE WHEN i = 150000 THEN 'rare' ELSE 'bulk' END, '2026-10-01T00:00:00.000Z', 'lead',
          '{}', '2026-10-01T00:00:00.000Z' FROM n`);
      } finally {
        connection.close();
      }
      const folder = temp.path(`interrupted-export-${filter.length}`);
      mkdirSync(folder);
      const out = join(folder, "leads.csv");
      writeFileSync(out, "old\n");
      const run = await interruptWhenWriting(
        ["--db", db, "export", "leads", ...filter, "--out", out],
        folder,
      );
      expect({ code: run.code, stderr: run.stderr }).toEqual({
        code: 130,
        stderr: `funnel: interrupted; nothing was written to ${out}\n`,
      });
      expect(namesIn(folder)).toEqual(["leads.csv"]);
      expect(readFileSync(out, "utf8")).toBe("old\n");
    },
  );
});

describe("leftovers of a killed backup, restore or export", () => {
  /** Pads the database to ~40 MB so that copying it takes a while. */
  function pad(db: string): void {
    const connection = new Database(db);
    try {
      connection.exec(
        "CREATE TABLE padding (bytes BLOB); INSERT INTO padding VALUES (zeroblob(40000000))",
      );
    } finally {
      connection.close();
    }
  }

  /** Runs funnel and SIGKILLs it the moment a name in `folder` passes `seen`. */
  function killWhen(args: string[], folder: string, seen: (name: string) => boolean) {
    return runFunnel(args, {
      onSpawn: (child) => {
        const poll = setInterval(() => {
          if (!existsSync(folder) || !namesIn(folder).some(seen)) return;
          clearInterval(poll);
          child.kill("SIGKILL");
        }, 1);
        child.on("exit", () => clearInterval(poll));
      },
    });
  }

  const hidden = (folder: string) => namesIn(folder).filter((name) => name.startsWith("."));

  it("a restore killed while it replaces the database: the next command removes its copies, keeping the replaced database only if the restore committed", async () => {
    const source = await databaseWithLeads("killed-source.db");
    pad(source);
    const folder = temp.path("killed-restore");
    mkdirSync(folder);
    const db = join(folder, "target.db");
    expect((await runMain(["--db", db, "import", fixture("leads.csv")])).code).toBe(0);
    addRep(db, "only-in-target");
    // Killed once it holds the lock and copies the database it replaces, with the backup's
    // 40 MB copy next to it.
    const run = await killWhen(["--db", db, "restore", source, "--yes"], folder, (name) =>
      name.includes("before-restore"),
    );
    expect(run.signal).toBe("SIGKILL");
    expect(hidden(folder).length).toBeGreaterThan(0);
    const next = await runMain(["--db", db, "rep", "list"]);
    expect(next.code, next.stderr).toBe(0);
    expect(hidden(folder)).toEqual([]);
    const kept = namesIn(folder).filter((name) => name.includes("before-restore"));
    if (repHandles(db).includes("only-in-target")) expect(kept).toEqual([]);
    else {
      expect(kept).toHaveLength(1);
      expect(repHandles(join(folder, kept[0] as string))).toEqual(["only-in-target"]);
    }
    expect(integrity(db)).toBe("ok");
  });

  it("a restore that committed but was killed before naming its kept copy: the next command names it", async () => {
    const folder = temp.path("named-later");
    mkdirSync(folder);
    const db = join(folder, "funnel.db");
    expect((await runMain(["--db", db, "import", fixture("leads.csv")])).code).toBe(0);
    const backup = join(folder, "backup.db");
    expect((await runMain(["--db", db, "backup", backup])).code).toBe(0);
    addRep(db, "before-the-restore");
    const restored = await runMain(["--db", db, "restore", backup, "--yes"]);
    expect(restored.code, restored.stderr).toBe(0);
    const kept = /kept as (.+)\n$/.exec(restored.stdout)?.[1] as string;
    // As a kill between the commit and the rename leaves it: the copy under its pending name,
    // written by a process that is gone.
    const gone = await runCommand("sh", ["-c", "echo $$"]);
    const pending = join(folder, `.${basename(kept)}.pending-${gone.stdout.trim()}.tmp`);
    renameSync(kept, pending);
    const next = await runMain(["--db", db, "leads"]);
    expect(next.code, next.stderr).toBe(0);
    expect(hidden(folder)).toEqual([]);
    expect(repHandles(kept)).toEqual(["before-the-restore"]);
    expect(modeOf(statSync(kept).mode)).toBe("600");
    // A pending copy of a restore that never committed (the database names another): removed.
    const uncommitted = join(
      folder,
      `.funnel.db.before-restore-20990101T000000Z.pending-${gone.stdout.trim()}.tmp`,
    );
    writeFileSync(uncommitted, readFileSync(backup));
    expect((await runMain(["--db", db, "leads"])).code).toBe(0);
    expect(hidden(folder)).toEqual([]);
    expect(namesIn(folder).filter((name) => name.includes("2099"))).toEqual([]);
  });

  it.each([
    ["a backup", ["backup", "b.db"], ["backup", "again.db"], ".backup-"],
    ["an export leads --out", ["export", "leads", "--out", "leads.csv"], null, ".out-"],
  ])(
    "%s killed while it writes: the next one into that folder removes its temporary file",
    async (_name, args, next, marker) => {
      const db = await databaseWithLeads(`killed-${marker.length}.db`);
      // Long enough to be caught writing: 40 MB to copy, 150,000 more leads to export.
      pad(db);
      const connection = new Database(db);
      try {
        connection.exec(`
          WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 150000)
          INSERT INTO leads (email, created_at, stage, attributes, updated_at)
          SELECT 'lead' || i || '@bulk.example', '2026-10-01T00:00:00.000Z', 'lead', '{}',
            '2026-10-01T00:00:00.000Z' FROM n`);
      } finally {
        connection.close();
      }
      const folder = temp.path(`killed-${marker.length}`);
      mkdirSync(folder);
      const inFolder = (words: string[]) =>
        words.map((word, index) => (index === words.length - 1 ? join(folder, word) : word));
      const killed = await killWhen(["--db", db, ...inFolder(args)], folder, (name) =>
        name.includes(marker),
      );
      expect(killed.signal).toBe("SIGKILL");
      // The temporary file, and with a backup killed mid-page maybe its own -journal too.
      expect(hidden(folder).length).toBeGreaterThan(0);
      const again = await runMain(["--db", db, ...inFolder(next ?? args)]);
      expect(again.code, again.stderr).toBe(0);
      expect(hidden(folder)).toEqual([]);
    },
  );
});
