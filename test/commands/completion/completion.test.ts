import { existsSync } from "node:fs";
import { dirname } from "node:path";
import { describe, expect, it } from "vitest";
import { periodKeywords } from "../../../src/completion/complete.js";
import { funnelBin, plainEnv, runCommand, runFunnel } from "../../helpers/run-funnel.js";
import { runMain } from "../../helpers/run-main.js";
import { useTempDir } from "../../helpers/temp-dir.js";

const lines = (text: string) => text.split("\n").filter((line) => line !== "");

describe("funnel __complete", () => {
  const temp = useTempDir();
  const withReps = async (name: string) => {
    const db = temp.path(name);
    for (const handle of ["ana-souza", "bo-li"])
      expect((await runMain(["--db", db, "rep", "add", handle, "--role", "ae"])).code).toBe(0);
    return db;
  };
  const complete = async (words: readonly string[], env = plainEnv(), cwd?: string) => {
    const result = await runMain(["__complete", "--", ...words], { env, ...(cwd && { cwd }) });
    expect(result).toMatchObject({ code: 0, stderr: "" });
    return lines(result.stdout);
  };

  it.each([
    [["rep"], ["rep", "report"]],
    [["report", "q"], ["quota"]],
    [
      ["leads", "--format", ""],
      ["table", "csv", "json", "md"],
    ],
    [
      ["leads", "--stage", "s"],
      ["sal", "sql"],
    ],
    [
      ["report", "quota", "--by", ""],
      ["rep", "team", "manager"],
    ],
    [["rep", "show", "--f"], ["--format"]],
    [
      ["leads", "--o"],
      ["--owner", "--out"],
    ],
    [
      ["completion", ""],
      ["bash", "zsh", "fish"],
    ],
    [
      ["report", "quota", "--period", "last-"],
      ["last-month", "last-quarter", "last-year"],
    ],
  ])("%j → exactly %j", async (words, expected) => {
    expect(await complete(words)).toEqual(expected);
  });

  it.each([
    [[""], ["import", "leads", "rep", "report", "completion", "help"]],
    [
      ["report", ""],
      ["quota", "funnel", "pipeline", "sla"],
    ],
    [
      ["report", "funnel", "--"],
      ["--db", "--tz", "--format", "--help"],
    ],
  ])("%j → among them %j", async (words, expected) => {
    expect(await complete(words)).toEqual(expect.arrayContaining(expected));
  });

  it("hides itself and leaves file arguments and unknown values to the shell", async () => {
    expect(await complete([""])).not.toContain("__complete");
    expect(await complete(["backup", ""])).toEqual([]);
    expect(await complete(["leads", "--search", ""])).toEqual([]);
    expect(await complete(["rep", "show", "ana", ""])).toEqual([]);
  });

  it("completes rep handles from --db on the line, else FUNNEL_DB, else ./funnel.db", async () => {
    const db = await withReps("team.db");
    expect(await complete(["--db", db, "rep", "show", ""])).toEqual(["ana-souza", "bo-li"]);
    // Read as it is: a <TAB> leaves no -wal or -shm file beside the database.
    expect(existsSync(`${db}-wal`) || existsSync(`${db}-shm`)).toBe(false);
    expect(await complete(["--db", db, "leads", "--owner", "b"])).toEqual(["bo-li"]);
    expect(await complete(["deal", "add", "--owner", ""], plainEnv({ FUNNEL_DB: db }))).toEqual([
      "ana-souza",
      "bo-li",
    ]);
    const here = await withReps("funnel.db");
    expect(await complete(["rep", "show", ""], plainEnv(), dirname(here))).toEqual([
      "ana-souza",
      "bo-li",
    ]);
  });

  it("creates no database and prints nothing when there is none, or it is not one", async () => {
    const missing = temp.path("missing.db");
    expect(await complete(["--db", missing, "rep", "show", ""])).toEqual([]);
    expect(existsSync(missing)).toBe(false);
    const junk = temp.write("junk.db", "not a database at all");
    expect(await complete(["--db", junk, "rep", "show", ""])).toEqual([]);
    expect(await complete(["--db", temp.path(""), "rep", "show", ""])).toEqual([]);
  });

  it("offers the period keywords, the last four months and quarters", () => {
    const periods = periodKeywords(new Date(2026, 1, 15));
    expect(periods).toEqual(expect.arrayContaining(["this-month", "last-quarter", "ytd"]));
    expect(periods).toEqual(expect.arrayContaining(["2026-02", "2026-01", "2025-12", "2025-11"]));
    expect(periods).toEqual(expect.arrayContaining(["2026-Q1", "2025-Q4", "2025-Q3", "2025-Q2"]));
  });
});

describe("funnel completion", () => {
  const temp = useTempDir();

  it.each(["bash", "zsh", "fish"])(
    "prints a %s script that calls funnel __complete",
    async (shell) => {
      const result = await runMain(["completion", shell]);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain("funnel __complete --");
    },
  );

  it("refuses a shell it has no script for", async () => {
    const result = await runMain(["completion", "ksh"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("bash, zsh, fish");
  });

  it("completes partial command lines in real bash, through the built binary", async () => {
    const db = temp.path("funnel.db");
    for (const handle of ["ana-souza", "bo-li"])
      expect((await runFunnel(["--db", db, "rep", "add", handle, "--role", "ae"])).code).toBe(0);
    const script = temp.write("funnel.bash", (await runFunnel(["completion", "bash"])).stdout);
    // Each line: the words (COMP_WORDS) and the index of the one completed (COMP_CWORD).
    const attempt = (words: string[]) =>
      `COMP_WORDS=(${words.map((word) => `'${word}'`).join(" ")}); COMP_CWORD=${words.length - 1}; COMPREPLY=(); _funnel; echo "${words.join(" ")}|\${COMPREPLY[*]}"`;
    const program = [
      `source '${script}'`,
      attempt(["funnel", "rep"]),
      attempt(["funnel", "report", "q"]),
      attempt(["funnel", "leads", "--format", ""]),
      attempt(["funnel", "rep", "show", ""]),
    ].join("\n");
    const env = plainEnv({ PATH: `${dirname(funnelBin)}:${process.env.PATH ?? ""}` });
    const result = await runCommand("bash", ["-c", program], { env, cwd: dirname(db) });
    expect(result.stderr).toBe("");
    expect(lines(result.stdout)).toEqual([
      "funnel rep|rep report",
      "funnel report q|quota",
      "funnel leads --format |table csv json md",
      "funnel rep show |ana-souza bo-li",
    ]);
  });
});
