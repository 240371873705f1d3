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
