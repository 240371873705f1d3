import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { plainEnv } from "../../helpers/run-funnel.js";
import { runMain } from "../../helpers/run-main.js";
import { useTempDir } from "../../helpers/temp-dir.js";

const temp = useTempDir();

describe("funnel config load and export", () => {
  it("moves the configuration to and from JSON, byte for byte, and checks a file whole before loading any of it", async () => {
    const db = temp.path("funnel.db");
    const funnel = (...args: string[]) =>
      runMain(["--db", db, ...args], { env: plainEnv({ TZ: "Europe/Lisbon" }) });
    const config = {
      settings: { "fiscal-year-start": "4", timezone: "America/New_York" },
      scoring: { threshold: 30, country: { PT: 20 } },
      pipeline: { stages: { discovery: 10, proposal: 50 }, staleDays: 21 },
    };
    const loaded = await funnel("config", "load", temp.write("team.json", JSON.stringify(config)));
    expect(loaded.stderr).toBe("");
    expect(loaded.stdout).toBe(
      `Loaded ${temp.path("team.json")} into the database's configuration (scoring, pipeline)\n`,
    );
    const first = await funnel("config", "export", "--out", temp.path("exported.json"));
    expect(first.code).toBe(0);
    const exported = readFileSync(temp.path("exported.json"), "utf8");
    expect(JSON.parse(exported)).toEqual({
      settings: { "fiscal-year-start": "4", currency: "USD", timezone: "America/New_York" },
      scoring: config.scoring,
      pipeline: config.pipeline,
    });
    expect((await funnel("config", "load", temp.path("exported.json"))).code).toBe(0);
    expect((await funnel("config", "export")).stdout).toBe(exported);

    // Every problem, one line each; nothing changes.
    const bad = temp.write(
      "bad.json",
      JSON.stringify({
        settings: { timezone: "Mars/Olympus" },
        scoring: { threshold: "high" },
        pipeline: config.pipeline,
        colour: "red",
      }),
    );
    const refused = await funnel("config", "load", bad);
    expect(refused.code).toBe(1);
    expect(refused.stderr.split("\n")).toEqual([
      `funnel: ${bad}: "colour" is not a section (settings, scoring, qualification, pipeline)`,
      expect.stringMatching(
        new RegExp(`^funnel: ${bad}: settings: timezone "Mars/Olympus" is not valid`),
      ),
      `funnel: ${bad}: scoring.threshold must be a number`,
      `funnel: ${bad} has 3 problem(s), each above; nothing was loaded; fix them and load it again`,
      "",
    ]);
    expect((await funnel("config", "export")).stdout).toBe(exported);
  });

  it("sets the time zone by name, and refuses one that is not in one line, changing nothing", async () => {
    const db = temp.path("zone.db");
    const funnel = (...args: string[]) =>
      runMain(["--db", db, ...args], { env: plainEnv({ TZ: "Asia/Tokyo" }) });
    expect((await funnel("config", "show")).stdout).toContain("timezone = Asia/Tokyo  #");
    const wrong = await funnel("config", "set", "timezone", "Europe/Lisbonne");
    expect(wrong.code).toBe(1);
    expect(wrong.stderr.split("\n")).toHaveLength(2);
    expect(wrong.stderr).toMatch(
      /^funnel: timezone "Europe\/Lisbonne" is not valid; give an IANA time zone name such as Europe\/Lisbon/,
    );
    expect((await funnel("config", "show")).stdout).toContain("timezone = Asia/Tokyo  #");
    expect((await funnel("config", "set", "timezone", "europe/lisbon")).stdout).toBe(
      "timezone = Europe/Lisbon\n",
    );
    const badTz = await funnel("report", "funnel", "--period", "2026-10", "--tz", "Nowhere");
    expect(badTz.code).toBe(2);
    expect(badTz.stderr).toBe(
      'funnel: --tz "Nowhere" is not a time zone; use an IANA name such as Europe/Lisbon\n',
    );
  });

  it("takes the funnel.config.json beside a database made before funnel kept its configuration in, once", async () => {
    const db = temp.path("old.db");
    // A database as funnel made it before: no zone kept (removed here), a config file beside it.
    expect((await runMain(["--db", db, "rep", "add", "ana", "--role", "ae"])).code).toBe(0);
    const { default: Database } = await import("better-sqlite3");
    const connection = new Database(db);
    connection.exec("DELETE FROM settings WHERE key LIKE 'timezone' OR key LIKE 'config.%'");
    connection.pragma("journal_mode = DELETE");
    connection.close();
    temp.write("funnel.config.json", JSON.stringify({ pipeline: { staleDays: 5 } }));
    // It takes the file in once, says so, and then uses its own copy.
    const taken = await runMain(["--db", db, "config", "show"]);
    expect(taken.stderr).toMatch(
      /^funnel: took .*funnel\.config\.json into the database's configuration \(pipeline\)/,
    );
    expect(taken.stdout).toContain('pipeline = {"staleDays":5}');
    temp.write("funnel.config.json", JSON.stringify({ pipeline: { staleDays: 9 } }));
    const again = await runMain(["--db", db, "config", "show"]);
    expect(again.stderr).toBe("");
    expect(again.stdout).toContain('pipeline = {"staleDays":5}');
  });
});
