import { describe, expect, it } from "vitest";
import { plainEnv, runFunnel } from "../helpers/run-funnel.js";
import { useTempDir } from "../helpers/temp-dir.js";

const temp = useTempDir();

describe("the binary", () => {
  it("prints its version and help quickly, without touching a database", async () => {
    const { mkdirSync, readdirSync } = await import("node:fs");
    const dir = temp.path("empty");
    mkdirSync(dir);
    const version = await runFunnel(["--version"], { cwd: dir });
    expect(version.code).toBe(0);
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    const help = await runFunnel(["--help"]);
    expect(help.stdout).toContain("import");
    expect(help.stdout).toContain("export");
    expect(readdirSync(dir)).toEqual([]);
  });

  // ICU starts on the first Intl call (~20 ms, a good part of a command's own start): on a
  // database on UTC's clock and in a two-decimal currency, listing and reporting need none.
  it("lists leads and reports quota on a UTC demo database without starting ICU", async () => {
    const db = temp.path("demo.db");
    expect((await runFunnel(["--db", db, "demo"], { env: plainEnv() })).code).toBe(0);
    const plant = temp.write(
      "no-icu.mjs",
      `const started = (what) => function () { throw new Error("ICU was started: " + what); };
      for (const name of ["DateTimeFormat", "NumberFormat", "Collator", "PluralRules", "Segmenter"])
        Intl[name] = started("Intl." + name);
      String.prototype.localeCompare = started("localeCompare");
      Number.prototype.toLocaleString = started("Number toLocaleString");
      Date.prototype.toLocaleString = started("Date toLocaleString");`,
    );
    const env = plainEnv({ NODE_OPTIONS: `--import=${plant}` });
    const leads = await runFunnel(["--db", db, "leads", "--limit", "5"], { env });
    expect(leads.stderr).toBe("funnel: showing 5 of 300 leads; use --limit N or --all for more\n");
    expect(leads.stdout.split("\n")).toHaveLength(7);
    const quota = ["--db", db, "report", "quota", "--period", "2026-Q4", "--as-of", "2026-11-27"];
    const report = await runFunnel(quota, { env });
    expect(report.stderr).toBe("");
    expect(report.stdout).toContain("Quota 2026-Q4 (2026-10-01 to 2026-12-31)");
    expect(report.code).toBe(0);
  });

  // dist/ is a bundle: its source maps, read when FUNNEL_DEBUG asks for the trace, lead back to
  // src/. A fault planted in String.prototype.startsWith, which program.ts calls on argv's words.
  it("traces an internal error to the source files with FUNNEL_DEBUG, and only then", async () => {
    const plant = temp.write(
      "plant.mjs",
      `const startsWith = String.prototype.startsWith;
      String.prototype.startsWith = function (...args) {
        if (String(this) === "planted") throw new Error("planted fault");
        return startsWith.apply(this, args);
      };`,
    );
    const env = { NODE_OPTIONS: `--import=${plant}` };
    const debug = await runFunnel(["planted"], { env: plainEnv({ ...env, FUNNEL_DEBUG: "1" }) });
    expect(debug.code).toBe(1);
    expect(debug.stderr).toContain("funnel: internal error: planted fault; this is a bug");
    expect(debug.stderr).toMatch(/at invokedCommand \(.*\/src\/program\.ts:\d+:\d+\)/);
    expect(debug.stderr).toMatch(/at main \(.*\/src\/main\.ts:\d+:\d+\)/);
    const plain = await runFunnel(["planted"], { env: plainEnv(env) });
    expect(plain.stderr).toBe(
      "funnel: internal error: planted fault; this is a bug: please report it with the command you ran (set FUNNEL_DEBUG=1 to print the trace)\n",
    );
  });
});
