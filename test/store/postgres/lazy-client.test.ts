import { describe, expect, it } from "vitest";
import { repoRoot, runCommand } from "../../helpers/run-funnel.js";
import { useTempDir } from "../../helpers/temp-dir.js";

/**
 * The PostgreSQL client costs tens of milliseconds to load: only a postgres:// target may load
 * it. A resolve hook makes loading it fail, loudly, in the processes below.
 */
describe("the PostgreSQL client is loaded only for a postgres:// target", () => {
  const folder = useTempDir();

  function withClientForbidden(args: string[]) {
    folder.write(
      "hooks.mjs",
      `export async function resolve(specifier, context, next) {
        if (specifier === "postgres") throw new Error("the PostgreSQL client was loaded");
        return next(specifier, context);
      }`,
    );
    const register = folder.write(
      "register.mjs",
      `import { register } from "node:module";
      register("./hooks.mjs", import.meta.url);`,
    );
    return runCommand(process.execPath, ["--import", register, ...args], {
      cwd: repoRoot,
      env: { PATH: process.env.PATH, HOME: folder.path(""), CI: "true", NO_COLOR: "1" },
    });
  }

  it("not by --help, nor by a command on a SQLite file", async () => {
    for (const args of [["--help"], ["rep", "list", "--db", folder.path("funnel.db")]]) {
      const run = await withClientForbidden(["bin/funnel", ...args]);
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
    }
  });

  // connection.ts imports the client by this name; the bundle in dist/ has no file of its own to
  // import connect from.
  it("but by importing it by name (the hook does catch it)", async () => {
    const run = await withClientForbidden([
      "--input-type=module",
      "-e",
      `await import("postgres");`,
    ]);
    expect(run.stderr).toContain("the PostgreSQL client was loaded");
    expect(run.code).toBe(1);
  });
});
