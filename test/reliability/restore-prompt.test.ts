import { PassThrough, Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import type { CommandContext } from "../../src/cli/context.js";
import { runBackup } from "../../src/commands/backup/backup.js";
import { runRestore } from "../../src/commands/backup/restore.js";
import { UserError } from "../../src/errors.js";
import { importLeads } from "../../src/import/import-leads.js";
import { schemaVersion } from "../../src/store/sqlite/migrations.js";
import { openStore } from "../../src/store/store.js";
import { leadEmails, namesIn } from "../helpers/database-files.js";
import { useTempDir } from "../helpers/temp-dir.js";

const temp = useTempDir();

/** A terminal that types `answer` once the question is on the screen. */
function terminal(answer: string) {
  const input = Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => {} });
  let screen = "";
  let answered = false;
  const output = new Writable({
    write(chunk: Buffer, _encoding, done) {
      screen += chunk.toString("utf8");
      if (!answered && screen.includes("?")) {
        answered = true;
        setImmediate(() => input.write(answer));
      }
      done();
    },
  });
  output.end = () => output;
  return { streams: { input, output }, screen: () => screen };
}

function context(dbPath: string): CommandContext & { printed: () => string } {
  let printed = "";
  const stdout = new PassThrough();
  stdout.on("data", (chunk: Buffer) => (printed += chunk.toString("utf8")));
  return { stdout, stderr: new PassThrough(), env: {}, dbPath, printed: () => printed };
}

async function databaseAndBackup(): Promise<{ db: string; backup: string }> {
  const db = temp.path("funnel.db");
  const store = await openStore(db);
  await importLeads(store, {
    file: temp.write("leads.csv", "Email,Name\nann@x.example,Ann\nben@x.example,Ben\n"),
  });
  await store.close();
  const backup = temp.path("backup.db");
  await runBackup(backup, {}, context(db));
  // After the backup, the database changes: a restore would undo this.
  const later = await openStore(db);
  await importLeads(later, { file: temp.write("more.csv", "Email,Name\ncy@x.example,Cy\n") });
  await later.close();
  return { db, backup };
}

describe("funnel restore on a terminal (the real prompt)", () => {
  it("asks what it will replace, and replaces nothing when the answer is no", async () => {
    const { db, backup } = await databaseAndBackup();
    const { streams, screen } = terminal("n\r");
    const error = await runRestore(backup, {}, context(db), streams).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toBe("nothing was restored");
    // The prompt wraps and styles its line: compare the words.
    const words = screen()
      // biome-ignore lint/suspicious/noControlCharactersInRegex: removing escape sequences
      .replace(/\u001b\[[0-9;?]*[A-Za-z]/g, "")
      .replace(/\s+/g, " ");
    expect(words).toContain(
      `Replace ${db} (3 leads) with ${backup} (schema version ${schemaVersion}, 2 leads); a copy of it as it is now is kept next to it? (y/N)`,
    );
    expect(leadEmails(db)).toEqual(["ann@x.example", "ben@x.example", "cy@x.example"]);
    expect(namesIn(temp.path("")).filter((name) => name.includes("before-restore"))).toEqual([]);
  });

  it("restores when the answer is yes", async () => {
    const { db, backup } = await databaseAndBackup();
    const { streams } = terminal("y\r");
    const output = context(db);
    await runRestore(backup, {}, output, streams);
    expect(output.printed()).toContain("The database it replaced is kept as");
    expect(leadEmails(db)).toEqual(["ann@x.example", "ben@x.example"]);
  });
});
