import { describe, expect, it } from "vitest";
import { runFunnel } from "../helpers/run-funnel.js";
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
});
