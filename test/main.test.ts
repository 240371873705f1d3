import { existsSync, readFileSync } from "node:fs";
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { main } from "../src/main.js";
import { plainEnv, repoRoot } from "./helpers/run-funnel.js";
import { runMain } from "./helpers/run-main.js";
import { useTempDir } from "./helpers/temp-dir.js";

const temp = useTempDir();

describe("main(argv, io)", () => {
  it("writes to io's streams and returns the exit code, which it never sets itself", async () => {
    const version = await runMain(["--version"]);
    expect(version).toMatchObject({ code: 0, stderr: "" });
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    const help = await runMain(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: funnel \[options\] \[command\]\n/);
    const usage = await runMain(["leads", "--no-such-option"]);
    expect(usage).toMatchObject({ code: 2, stdout: "" });
    expect(usage.stderr).toBe("funnel: unknown option '--no-such-option'\n");
    expect(process.exitCode ?? 0).toBe(0);
  });

  it("puts relative paths in io's folder: the default database, --db, FUNNEL_DB and --out", async () => {
    const folder = temp.path("");
    expect((await runMain(["rep", "add", "ana", "--role", "ae"], { cwd: folder })).code).toBe(0);
    expect(existsSync(temp.path("funnel.db"))).toBe(true);
    const env = plainEnv({ FUNNEL_DB: "from-env.db" });
    expect((await runMain(["rep", "add", "ben", "--role", "ae"], { cwd: folder, env })).code).toBe(
      0,
    );
    expect(existsSync(temp.path("from-env.db"))).toBe(true);
    const listed = await runMain(["--db", "from-env.db", "rep", "list", "--out", "reps.json"], {
      cwd: folder,
    });
    expect(listed).toMatchObject({ code: 0, stdout: "", stderr: "" });
    const reps = JSON.parse(readFileSync(temp.path("reps.json"), "utf8"));
    expect(reps.map((rep: { handle: string }) => rep.handle)).toEqual(["ben"]);
    // Nothing landed in the folder the tests run from.
    for (const name of ["funnel.db", "from-env.db", "reps.json"])
      expect(existsSync(`${repoRoot}/${name}`)).toBe(false);
  });

  it("takes the environment from io, not from the process", async () => {
    const env = plainEnv({ FUNNEL_BUSY_TIMEOUT_MS: "soon" });
    const result = await runMain(["--db", temp.path("x.db"), "leads"], { env });
    expect(result).toMatchObject({ code: 1, stdout: "" });
    expect(result.stderr).toMatch(/^funnel: FUNNEL_BUSY_TIMEOUT_MS must be a whole number/);
    expect(process.env.FUNNEL_BUSY_TIMEOUT_MS).toBeUndefined();
  });

  it("leaves the process as it found it: its time zone and signal handlers", async () => {
    const zone = process.env.TZ;
    const handlers = process.listenerCount("SIGINT");
    const db = temp.path("zones.db");
    await runMain(["--db", db, "rep", "add", "ana", "--role", "ae"]);
    const env = plainEnv({ TZ: "Pacific/Auckland" });
    await runMain(["--db", db, "deal", "add", "--owner", "ana", "--at", "2026-10-31T19:00Z"]);
    // The database's zone (UTC, the TZ it was made under), whatever the run's TZ; --tz for
    // one run: 19:00 UTC on the 31st is the 1st in Auckland.
    const deals = await runMain(["--db", db, "deals", "--json"], { env });
    expect(JSON.parse(deals.stdout)[0].opened_at).toBe("2026-10-31");
    const inAuckland = await runMain(["--db", db, "--tz", "Pacific/Auckland", "deals", "--json"]);
    expect(JSON.parse(inAuckland.stdout)[0].opened_at).toBe("2026-11-01");
    const inUtc = await runMain(["--db", db, "deals", "--json"]);
    expect(JSON.parse(inUtc.stdout)[0].opened_at).toBe("2026-10-31");
    expect(process.env.TZ).toBe(zone);
    expect(process.listenerCount("SIGINT")).toBe(handlers);
  });

  it("leaves io's streams to their owner: an output that fails cannot end the process", async () => {
    const stdout = new PassThrough();
    const io = { stdout, stderr: new PassThrough(), stdin: new PassThrough(), env: plainEnv() };
    expect(await main(["--version"], io)).toBe(0);
    expect(await main(["--db", temp.path("x.db"), "rep", "list"], io)).toBe(0);
    expect(stdout.listenerCount("error")).toBe(0);
  });
});
