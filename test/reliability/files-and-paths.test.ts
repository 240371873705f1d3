import { type ChildProcess, spawn } from "node:child_process";
import {
  chmodSync,
  existsSync,
  lchownSync,
  linkSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { Database } from "../../src/store/sqlite/driver.js";
import { schemaVersion } from "../../src/store/sqlite/migrations.js";
import {
  buildOlderDatabase,
  leadCount,
  modeOf,
  namesIn,
  sha256,
  writeLeadsCsv,
} from "../helpers/database-files.js";
import { runsAsRoot } from "../helpers/run-command.js";
import { funnelBin, plainEnv, repoRoot, runCommand, runFunnel } from "../helpers/run-funnel.js";
import { runMain } from "../helpers/run-main.js";
import { useTempDir } from "../helpers/temp-dir.js";

const temp = useTempDir();
const fixture = (name: string) => join(repoRoot, "fixtures", name);
const regexText = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** funnel under `umask 000`, the most permissive there is: modes must not follow it. */
function runWithOpenUmask(args: readonly string[], cwd?: string) {
  return runCommand("sh", ["-c", 'umask 000 && exec "$0" "$@"', funnelBin, ...args], {
    cwd: cwd ?? temp.path(""),
  });
}

describe("files funnel creates are 0600, whatever the umask", () => {
  it("the database, its backups, copies, rejects and --out reports", async () => {
    const db = temp.path("funnel.db");
    const csv = temp.write(
      "leads.csv",
      "Email,Name,Lead Status\nann@x.example,Ann,\nnot-an-email,Bad,\nben@x.example,Ben,Nonsense Stage\n",
    );
    const imported = await runWithOpenUmask(["--db", db, "import", csv, "--out", "summary.json"]);
    expect(imported.code, imported.stderr).toBe(0);
    const backedUp = await runWithOpenUmask(["--db", db, "backup", "copy.db"]);
    expect(backedUp.code, backedUp.stderr).toBe(0);
    const restored = await runWithOpenUmask(["--db", db, "restore", "copy.db", "--yes"]);
    expect(restored.code, restored.stderr).toBe(0);
    const report = await runWithOpenUmask(["--db", db, "leads", "--out", "leads.csv.out.csv"]);
    expect(report.code, report.stderr).toBe(0);
    const exported = await runWithOpenUmask(["--db", db, "export", "leads", "--out", "all.csv"]);
    expect(exported.code, exported.stderr).toBe(0);
    buildOlderDatabase(temp.path("old.db"), schemaVersion - 1);
    const migrated = await runWithOpenUmask(["--db", "old.db", "leads"]);
    expect(migrated.code, migrated.stderr).toBe(0);

    const files = namesIn(temp.path("")).filter((name) => name !== "leads.csv");
    expect(files).toEqual(
      expect.arrayContaining([
        "funnel.db",
        "copy.db",
        "summary.json",
        "leads.rejects.csv",
        "leads.csv.out.csv",
        "all.csv",
        `old.db.schema-${schemaVersion - 1}.bak`,
      ]),
    );
    expect(files.some((name) => name.startsWith("funnel.db.before-restore-"))).toBe(true);
    const modes = Object.fromEntries(
      files
        .filter((name) => name !== "old.db")
        .map((name) => [name, modeOf(statSync(temp.path(name)).mode)]),
    );
    expect(
      Object.values(modes).every((mode) => mode === "600"),
      JSON.stringify(modes),
    ).toBe(true);
  });

  it("the -wal and -shm files next to the database (seen after a kill, which leaves them)", async () => {
    const db = temp.path("funnel.db");
    const csv = writeLeadsCsv(temp.path("load.csv"), 60_000);
    let child: ChildProcess | undefined;
    const finished = new Promise<void>((resolve) => {
      child = spawn(
        "sh",
        ["-c", 'umask 000 && exec "$0" "$@"', funnelBin, "--db", db, "import", csv],
        {
          env: plainEnv(),
          stdio: "ignore",
        },
      );
      child.on("close", () => resolve());
    });
    for (let waited = 0; waited < 600 && !existsSync(`${db}-wal`); waited++)
      await new Promise((resolve) => setTimeout(resolve, 50));
    child?.kill("SIGKILL");
    await finished;
    expect(modeOf(statSync(db).mode)).toBe("600");
    expect(modeOf(statSync(`${db}-wal`).mode)).toBe("600");
    expect(modeOf(statSync(`${db}-shm`).mode)).toBe("600");
  });
});

describe("--db paths are used as given, never read by a shell", () => {
  const hostile = [
    "with spaces.db",
    " leading space.db",
    "$(touch pwned).db",
    "`touch pwned`.db",
    "a;touch pwned;.db",
    'it\'s "quoted".db',
    "-x.db",
    "--help.db",
    ":memory:",
    "file:uri.db?mode=ro",
    "new\nline.db",
  ];
  it.each(hostile)("%j creates exactly that file and nothing else", async (name) => {
    const folder = temp.path("");
    const result = await runFunnel([`--db=${name}`, "import", fixture("leads.csv"), "--json"], {
      cwd: folder,
    });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(namesIn(folder)).toEqual([name]);
    expect(readFileSync(join(folder, name)).subarray(0, 15).toString("latin1")).toBe(
      "SQLite format 3",
    );
    expect(leadCount(join(folder, name))).toBe(60);
    expect(modeOf(statSync(join(folder, name)).mode)).toBe("600");
  });

  it("refuses a name the SQLite driver would trim, creating nothing", async () => {
    const folder = temp.path("");
    const result = await runFunnel(["--db", "trailing.db ", "leads"], { cwd: folder });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("the SQLite driver ignores white space at the end");
    expect(namesIn(folder)).toEqual([]);
  });

  it("backs up to and restores from such names", async () => {
    const folder = temp.path("");
    const db = "$(touch pwned) db;.db";
    expect(
      (await runFunnel(["--db", db, "import", fixture("leads.csv")], { cwd: folder })).code,
    ).toBe(0);
    const backup = "-backup; `id`.db";
    const backedUp = await runFunnel([`--db=${db}`, "backup", "--", backup], { cwd: folder });
    expect(backedUp.code, backedUp.stderr).toBe(0);
    const restored = await runFunnel([`--db=${db}`, "restore", "--yes", "--", backup], {
      cwd: folder,
    });
    expect(restored.code, restored.stderr).toBe(0);
    expect(namesIn(folder).filter((name) => !name.includes("before-restore"))).toEqual(
      [backup, db].sort(),
    );
    expect(leadCount(join(folder, backup))).toBe(60);
  });

  it("no source file runs a shell or another program", () => {
    const sources: string[] = [];
    const walk = (folder: string) => {
      for (const entry of readdirSync(folder, { withFileTypes: true })) {
        const path = join(folder, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (path.endsWith(".ts")) sources.push(path);
      }
    };
    walk(join(repoRoot, "src"));
    expect(sources.length).toBeGreaterThan(50);
    const offenders = sources.filter((path) =>
      /node:child_process|from "child_process"|\bexecSync\b|\bspawnSync\b|\bexecFile\b|shell:\s*true/.test(
        readFileSync(path, "utf8"),
      ),
    );
    expect(offenders.map((path) => relative(repoRoot, path))).toEqual([]);
  });
});

describe("an --out file that exists already", () => {
  it("is replaced whole and made 0600, a symbolic link written through", async () => {
    const db = temp.path("replace-out.db");
    expect((await runMain(["--db", db, "import", fixture("leads.csv")])).code).toBe(0);
    const open = temp.write("open.csv", "old\n");
    chmodSync(open, 0o644);
    const exported = temp.write("exported.csv", "old\n");
    chmodSync(exported, 0o644);
    const target = temp.write("target.json", "old\n");
    symlinkSync(target, temp.path("link.json"));
    for (const args of [
      ["leads", "--all", "--out", open],
      ["export", "leads", "--out", exported],
      ["leads", "--all", "--out", temp.path("link.json")],
    ]) {
      const run = await runMain(["--db", db, ...args]);
      expect(run.code, run.stderr).toBe(0);
    }
    expect(readFileSync(open, "utf8")).toContain("email");
    expect(readFileSync(exported, "utf8").split("\n")).toHaveLength(62);
    expect(JSON.parse(readFileSync(target, "utf8"))).toHaveLength(60);
    expect(lstatSync(temp.path("link.json")).isSymbolicLink()).toBe(true);
    for (const file of [open, exported, target]) expect(modeOf(statSync(file).mode)).toBe("600");
    expect(namesIn(temp.path("")).filter((name) => name.endsWith(".tmp"))).toEqual([]);
  });
});

describe("--out and --rejects never replace a file the command reads", () => {
  /** Everything a refused command must leave as it was: each file's bytes, and the names. */
  function snapshot(folder: string): Record<string, string> {
    return Object.fromEntries(
      namesIn(folder).map((name) => {
        const path = join(folder, name);
        const entry = lstatSync(path);
        if (entry.isSymbolicLink()) return [name, `link to ${readlinkSync(path)}`];
        return [name, entry.isDirectory() ? "folder" : sha256(path)];
      }),
    );
  }

  it("refuses the database, its -wal/-shm/-journal, the input and the config, by any name", async () => {
    const folder = temp.path("reads");
    mkdirSync(folder);
    const db = join(folder, "q.db");
    const input = join(folder, "in.csv");
    writeFileSync(input, "Email,Name\nann@x.example,Ann\nnot-an-email,Bob\n");
    const imported = await runMain([
      "--db",
      db,
      "import",
      input,
      "--rejects",
      join(folder, "r.csv"),
    ]);
    expect(imported.code, imported.stderr).toBe(0);
    writeFileSync(join(folder, "funnel.config.json"), readFileSync(fixture("funnel.config.json")));
    linkSync(db, join(folder, "hard.csv"));
    symlinkSync("q.db", join(folder, "soft.json"));
    // A report's --out names its file once it knows its period: that name is a link to the database.
    symlinkSync("q.db", join(folder, "quota-2026-10.md"));
    const cases: [string[], string, string][] = [
      [
        ["export", "leads", "--format", "csv", "--out", "q.db"],
        "--out q.db",
        "the database itself",
      ],
      [["export", "leads", "--out", "./hard.csv"], "--out ./hard.csv", "the database itself"],
      [["leads", "--all", "--out", "soft.json"], "--out soft.json", "the database itself"],
      [
        ["leads", "--format", "csv", "--out", "../reads/q.db-wal"],
        "--out ../reads/q.db-wal",
        "the database's write-ahead log",
      ],
      [
        ["deals", "--format", "csv", "--out", "q.db-shm"],
        "--out q.db-shm",
        "the database's shared-memory index",
      ],
      [
        ["import", "list", "--format", "csv", "--out", "q.db-journal"],
        "--out q.db-journal",
        "the database's rollback journal",
      ],
      [
        ["report", "quota", "--period", "2026-10", "--out", "quota-{period}.md"],
        "--out quota-2026-10.md",
        "the database itself",
      ],
      [
        ["report", "pipeline", "--format", "json", "--out", "funnel.config.json"],
        "--out funnel.config.json",
        "the config file",
      ],
      [["import", "in.csv", "--rejects", "q.db"], "--rejects q.db", "the database itself"],
      [["import", "./in.csv", "--rejects", "in.csv"], "--rejects in.csv", "the input file"],
      [["import", "in.csv", "--rejects", "hard.csv"], "--rejects hard.csv", "the database itself"],
      [
        ["import", "in.csv", "--out", "in.csv", "--format", "json"],
        "--out in.csv",
        "the input file",
      ],
      [["backup", "q.db-wal"], "q.db-wal", "the database's write-ahead log"],
    ];
    const before = snapshot(folder);
    for (const [args, named, what] of cases) {
      const run = await runFunnel(["--db", "q.db", ...args], { cwd: folder });
      expect({ code: run.code, stdout: run.stdout }, args.join(" ")).toEqual({
        code: 1,
        stdout: "",
      });
      expect(run.stderr, args.join(" ")).toMatch(
        new RegExp(
          `^funnel: ${regexText(named)} is ${regexText(what)}; nothing was (changed|written); choose another file\n$`,
        ),
      );
      // Byte for byte as it was, no batch recorded, no file added (no -wal left, no temporary).
      expect(snapshot(folder), args.join(" ")).toEqual(before);
    }
    expect(leadCount(db)).toBe(1);
  });
});

describe("folders funnel creates", () => {
  it("--rejects into a folder that does not exist creates it, as --out does", async () => {
    const db = temp.path("rejects-folder.db");
    const input = temp.write("in.csv", "Email,Name\nann@x.example,Ann\nnot-an-email,Bob\n");
    const rejects = temp.path("new/sub/in.rejects.csv");
    const run = await runMain(["--db", db, "import", input, "--rejects", rejects]);
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: "" });
    expect(readFileSync(rejects, "utf8")).toContain("not-an-email");
  });

  it("are 0700 at every level, whatever the umask (--out, --rejects, backups, exports)", async () => {
    const db = temp.path("folders.db");
    const input = temp.write("in.csv", "Email,Name\nann@x.example,Ann\nnot-an-email,Bob\n");
    const runs = [
      ["--db", db, "import", input, "--rejects", "rejects/a/r.csv"],
      ["--db", db, "leads", "--out", "reports/b/c/leads.csv"],
      ["--db", db, "export", "leads", "--out", "exports/d/leads.csv"],
      ["--db", db, "backup", "backups/e/copy.db"],
    ];
    for (const args of runs) {
      const run = await runWithOpenUmask(args);
      expect(run.code, run.stderr).toBe(0);
    }
    const folders = ["rejects", "rejects/a", "reports", "reports/b", "reports/b/c", "exports"];
    folders.push("exports/d", "backups", "backups/e");
    const modes = Object.fromEntries(
      folders.map((folder) => [folder, modeOf(statSync(temp.path(folder)).mode)]),
    );
    expect(modes).toEqual(Object.fromEntries(folders.map((folder) => [folder, "700"])));
  });
});

describe("--rejects onto a pipe or a device", () => {
  it("writes into it in place, never renaming a file over it (as --rejects /dev/null would)", async () => {
    const db = temp.path("rejects-pipe.db");
    const input = temp.write("in.csv", "Email,Name\nann@x.example,Ann\nnot-an-email,Bob\n");
    const pipe = temp.path("rejects.pipe");
    expect((await runCommand("mkfifo", [pipe])).code).toBe(0);
    let cat: ChildProcess | undefined;
    const reader = runCommand("cat", [pipe], { onSpawn: (child) => (cat = child) });
    try {
      const run = await runFunnel(["--db", db, "import", input, "--rejects", pipe]);
      expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: "" });
      // A file renamed over the pipe would leave its reader waiting: it must have read them.
      expect(lstatSync(pipe).isFIFO()).toBe(true);
      expect((await reader).stdout).toBe(
        'Email,Name,line,reason\nnot-an-email,Bob,3,"invalid email ""not-an-email"""\n',
      );
    } finally {
      cat?.kill();
    }
    expect(namesIn(temp.path(""))).toEqual(["in.csv", "rejects-pipe.db", "rejects.pipe"]);
  });
});

describe("an --out name someone else could have planted", () => {
  it("a symbolic link in a folder others can write to is not written through", async () => {
    const db = temp.path("planted.db");
    expect((await runMain(["--db", db, "import", fixture("leads.csv")])).code).toBe(0);
    const victim = temp.write("victim.txt", "my own file\n");
    const shared = temp.path("shared");
    mkdirSync(shared);
    chmodSync(shared, 0o777);
    symlinkSync(victim, join(shared, "quota.md"));
    const run = await runMain(["--db", db, "leads", "--out", join(shared, "quota.md")]);
    expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 1, stdout: "" });
    expect(run.stderr).toBe(
      `funnel: ${join(shared, "quota.md")} is a symbolic link in a folder others can change (${shared}), which funnel does not write through; nothing was written; give --out a plain file name there, or a folder only you can write to\n`,
    );
    expect(readFileSync(victim, "utf8")).toBe("my own file\n");
    expect(namesIn(shared)).toEqual(["quota.md"]);
    // A plain name there is fine: a new file, made in place of nothing.
    const plain = await runMain(["--db", db, "leads", "--out", join(shared, "leads.md")]);
    expect(plain.code, plain.stderr).toBe(0);
  });

  it("your own link in a sticky folder (as /tmp is) is written through", async () => {
    const db = temp.path("sticky.db");
    expect((await runMain(["--db", db, "import", fixture("leads.csv")])).code).toBe(0);
    const target = temp.write("latest.json", "old\n");
    const sticky = temp.path("sticky");
    mkdirSync(sticky);
    chmodSync(sticky, 0o1777);
    symlinkSync(target, join(sticky, "latest.json"));
    const run = await runMain(["--db", db, "leads", "--all", "--out", join(sticky, "latest.json")]);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(readFileSync(target, "utf8"))).toHaveLength(60);
  });

  // Only root can give a link away to another user; CI runs as root (as any other user, the
  // two cases above cover the folder rule).
  it.runIf(runsAsRoot)(
    "a link owned by another user is not written through, even in a private folder",
    async () => {
      const db = temp.path("owned.db");
      expect((await runMain(["--db", db, "import", fixture("leads.csv")])).code).toBe(0);
      const victim = temp.write("victim.txt", "my own file\n");
      const link = temp.path("report.md");
      symlinkSync(victim, link);
      lchownSync(link, 65534, 65534);
      const run = await runMain(["--db", db, "leads", "--out", link]);
      expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 1, stdout: "" });
      expect(run.stderr).toBe(
        `funnel: ${link} is a symbolic link owned by another user (uid 65534), which funnel does not write through; nothing was written; remove it, or give --out another file\n`,
      );
      expect(readFileSync(victim, "utf8")).toBe("my own file\n");
    },
  );
});

describe("an --out path that cannot be a file", () => {
  it("gives one line naming the path, exit 1, and writes nothing", async () => {
    const db = temp.path("out-paths.db");
    const imported = await runMain(["--db", db, "import", fixture("leads.csv")]);
    expect(imported.code, imported.stderr).toBe(0);
    temp.write("a-file", "not a folder\n");
    const cases: [string[], RegExp][] = [
      [["--out", "/proc/funnel-leads.csv"], /^funnel: cannot write \/proc\/funnel-leads\.csv: /],
      [["--out", temp.path("a-file/leads.csv")], /^funnel: cannot create the folder .*a-file: /],
      [
        ["--out", temp.path(""), "--format", "csv"],
        /^funnel: cannot write .*: illegal operation on a directory/,
      ],
      [["--out", temp.path(`${"x".repeat(300)}.csv`)], /^funnel: cannot write .*: name too long/],
    ];
    for (const [out, message] of cases) {
      const run = await runMain(["--db", db, "leads", ...out]);
      expect({ code: run.code, stdout: run.stdout }, out.join(" ")).toEqual({
        code: 1,
        stdout: "",
      });
      expect(run.stderr).toMatch(message);
      expect(run.stderr).not.toContain("internal error");
      expect(run.stderr.trimEnd().split("\n")).toHaveLength(1);
    }
    expect(readFileSync(temp.path("a-file"), "utf8")).toBe("not a folder\n");
  });

  it("standard output on a full device: one line and exit 1; an import is still committed", async () => {
    const db = temp.path("full-stdout.db");
    const toDevFull = (args: string[]) =>
      runCommand("sh", ["-c", 'exec "$0" "$@" > /dev/full', funnelBin, ...args]);
    const imported = await toDevFull(["--db", db, "import", fixture("leads.csv")]);
    expect(imported.code).toBe(1);
    expect(imported.stderr).toMatch(
      /^funnel: cannot write to standard output \(ENOSPC: no space left on device, write\); what it printed is incomplete, and any change the command made was saved\n$/m,
    );
    expect(imported.stderr).not.toMatch(/internal error|at .*\.js:\d+/);
    expect(leadCount(db)).toBe(60);
    const listed = await toDevFull(["--db", db, "leads", "--all"]);
    expect({ code: listed.code, lines: listed.stderr.trimEnd().split("\n").length }).toEqual({
      code: 1,
      lines: 1,
    });
  });

  it("a pipe whose reader stops, as --out or as standard output: no internal error", async () => {
    const db = temp.path("piped.db");
    const imported = await runMain(["--db", db, "import", fixture("leads.csv")]);
    expect(imported.code, imported.stderr).toBe(0);
    // 20,000 more leads: an export far larger than a pipe's buffer.
    const connection = new Database(db);
    try {
      connection.exec(`
        WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)
        INSERT INTO leads (email, company, created_at, stage, attributes, updated_at)
        SELECT 'lead' || i || '@bulk.example', 'Company ' || i, '2026-10-01T00:00:00.000Z',
          'lead', '{}', '2026-10-01T00:00:00.000Z' FROM n`);
    } finally {
      connection.close();
    }
    // Into `head -c 10`, with funnel's own exit code echoed (no pipefail in every sh).
    const intoHead = (args: string[]) =>
      runCommand("sh", [
        "-c",
        '{ "$0" "$@"; echo "exit $?" >&2; } | head -c 10 > /dev/null',
        funnelBin,
        "--db",
        db,
        "export",
        "leads",
        ...args,
      ]);
    const toOut = await intoHead(["--format", "csv", "--out", "/dev/stdout"]);
    expect(toOut.stderr).toBe(
      "funnel: the program reading the output stopped before the end (broken pipe); the output is incomplete; let it read to the end, or write to a file\nexit 1\n",
    );
    const toStdout = await intoHead([]);
    expect(toStdout.stderr).toBe("exit 0\n");
  });
});

describe("another program's SQLite file as --db", () => {
  it.each([
    ["an unrelated table, version 0", "CREATE TABLE notes (body TEXT)"],
    ["a table named leads, version 0", "CREATE TABLE leads (x)"],
    ["an unrelated table, version 2", "CREATE TABLE other (x); PRAGMA user_version = 2"],
  ])("%s: refused with one line, the file byte for byte as it was, no copy", async (_name, sql) => {
    const folder = temp.path(`foreign-${sql.length}`);
    mkdirSync(folder);
    const db = join(folder, "other.db");
    const sqlite = new Database(db);
    sqlite.exec(sql);
    sqlite.close();
    const before = readFileSync(db);
    const run = await runMain(["--db", db, "leads"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `funnel: ${db} is a SQLite database, but not a funnel one (it holds tables funnel did not create); it was left untouched; pass the path of a funnel database to --db, or a new file name to start one\n`,
    );
    expect(readFileSync(db).equals(before)).toBe(true);
    expect(readdirSync(folder)).toEqual(["other.db"]);
  });
});
