import { chmodSync, existsSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { schemaVersion } from "../../src/store/sqlite/migrations.js";
import {
  buildOlderDatabase,
  integrity,
  leadEmails,
  modeOf,
  namesIn,
  schemaVersionOf,
  sha256,
} from "../helpers/database-files.js";
import { runFunnelBoundByPermissions } from "../helpers/run-command.js";
import { funnelBin, repoRoot, runCommand, runFunnel } from "../helpers/run-funnel.js";
import { runMain } from "../helpers/run-main.js";
import { useTempDir } from "../helpers/temp-dir.js";

const temp = useTempDir();
const older = schemaVersion - 1;

describe("a migration to a newer schema", () => {
  it("first saves a copy of the database next to it, 0600, and says so on stderr", async () => {
    const db = temp.path("funnel.db");
    buildOlderDatabase(db, older);
    const result = await runMain(["--db", db, "leads", "--json"]);
    expect(result.code).toBe(0);
    const copy = `${db}.schema-${older}.bak`;
    expect(result.stderr).toBe(
      `funnel: ${db} has schema version ${older}; saved a copy of it as ${copy} before upgrading it to ${schemaVersion}\n`,
    );
    expect(modeOf(statSync(copy).mode)).toBe("600");
    expect(schemaVersionOf(copy)).toBe(older);
    expect(leadEmails(copy)).toEqual(["old@schema.example"]);
    expect(integrity(copy)).toBe("ok");
    expect(schemaVersionOf(db)).toBe(schemaVersion);
    // Once migrated, there is nothing to copy again.
    const again = await runMain(["--db", db, "leads", "--json"]);
    expect(again.stderr).toBe("");
    expect(namesIn(temp.path(""))).toEqual(["funnel.db", `funnel.db.schema-${older}.bak`]);
  });

  it("copies from the import's own thread too, before the import runs", async () => {
    const db = temp.path("funnel.db");
    buildOlderDatabase(db, older);
    const result = await runFunnel(["--db", db, "import", join(repoRoot, "fixtures", "leads.csv")]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`saved a copy of it as ${db}.schema-${older}.bak`);
    expect(leadEmails(`${db}.schema-${older}.bak`)).toEqual(["old@schema.example"]);
  });

  it("makes no copy of a brand-new file", async () => {
    const db = temp.path("new.db");
    const result = await runMain(["--db", db, "leads"]);
    expect(result.code).toBe(0);
    expect(result.stderr).not.toContain("saved a copy");
    expect(namesIn(temp.path(""))).toEqual(["new.db"]);
  });

  it("never overwrites an earlier copy: a second one gets the time in its name", async () => {
    const db = temp.path("funnel.db");
    buildOlderDatabase(db, older);
    const earlier = temp.write(`funnel.db.schema-${older}.bak`, "an earlier copy");
    const result = await runMain(["--db", db, "leads"]);
    expect(result.code).toBe(0);
    const copy = new RegExp(
      `saved a copy of it as (.*funnel\\.db\\.schema-${older}\\.\\d{8}T\\d{6}Z\\.bak) `,
    ).exec(result.stderr)?.[1];
    expect(copy).toBeDefined();
    expect(leadEmails(copy as string)).toEqual(["old@schema.example"]);
    expect(sha256(earlier)).toBe(sha256(temp.write("expected", "an earlier copy")));
  });

  it("migrates nothing when the copy cannot be written (full disk), and says why", async () => {
    const db = temp.path("funnel.db");
    buildOlderDatabase(db, older);
    const before = sha256(db);
    // A file size limit smaller than the copy: the copy's writes fail (EFBIG), as on a full disk.
    const result = await runCommand("prlimit", [
      `--fsize=${Math.floor(statSync(db).size / 2)}`,
      funnelBin,
      "--db",
      db,
      "leads",
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^funnel: cannot save a copy of .*funnel\.db before upgrading its schema \(.+\); nothing was changed; free some disk space or make its folder writable, then run the command again\n$/,
    );
    expect(schemaVersionOf(db)).toBe(older);
    expect(sha256(db)).toBe(before);
    expect(namesIn(temp.path(""))).toEqual(["funnel.db"]);
  });

  it("migrates nothing, and leaves no copy, when the database is read-only", async () => {
    const db = temp.path("funnel.db");
    buildOlderDatabase(db, older);
    const before = sha256(db);
    chmodSync(db, 0o400);
    const result = await runFunnelBoundByPermissions(["--db", db, "leads"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^funnel: .*funnel\.db.*(read-only|READONLY).*\n$/);
    expect(schemaVersionOf(db)).toBe(older);
    expect(sha256(db)).toBe(before);
    expect(existsSync(`${db}.schema-${older}.bak`)).toBe(false);
  });

  it("migrates nothing when its folder is read-only", async () => {
    const folder = temp.path("locked");
    const db = join(folder, "funnel.db");
    await runCommand("mkdir", [folder]);
    buildOlderDatabase(db, older);
    const before = sha256(db);
    chmodSync(folder, 0o555);
    try {
      const result = await runFunnelBoundByPermissions(["--db", db, "leads"]);
      expect(result.code).toBe(1);
      expect(result.stderr.split("\n")).toHaveLength(2);
      expect(result.stderr).toMatch(/read-only|cannot save a copy/);
    } finally {
      chmodSync(folder, 0o755);
    }
    expect(schemaVersionOf(db)).toBe(older);
    expect(sha256(db)).toBe(before);
    expect(namesIn(folder)).toEqual(["funnel.db"]);
    writeFileSync(join(folder, "ok"), "the folder is writable again for the clean-up");
  });
});
