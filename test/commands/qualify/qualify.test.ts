import { PassThrough, Writable } from "node:stream";
import { beforeEach, describe, expect, it } from "vitest";
import type { CommandContext } from "../../../src/cli/context.js";
import { runQualify } from "../../../src/commands/qualify/qualify.js";
import { InterruptedError } from "../../../src/errors.js";
import { importLeads } from "../../../src/import/import-leads.js";
import { findLead } from "../../../src/store/leads.js";
import { stageHistory } from "../../../src/store/stage-events.js";
import { openStore } from "../../../src/store/store.js";
import { useTempDir } from "../../helpers/temp-dir.js";

const temp = useTempDir();
let dbPath: string;

beforeEach(async () => {
  dbPath = temp.path("funnel.db");
  const store = await openStore(dbPath);
  const file = temp.write(
    "leads.csv",
    "Email,Name,Company,Score\nann@x.example,Ann,A Co,90\nben@x.example,Ben,B Co,50\ncy@x.example,Cy,C Co,10\n",
  );
  await importLeads(store, { file });
  await store.close();
});

const down = "\u001b[B";
const enter = "\r";

/**
 * Drives the real prompts through a terminal-like stream pair: each step waits until the
 * screen shows `when`, then types `keys`. What a person would do, minus the person.
 */
function terminal(steps: [when: string, keys: string][]) {
  const input = Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => {} });
  let screen = "";
  let transcript = "";
  let pending = [...steps];
  // Like a terminal, it outlives each prompt: the prompt library ends the stream it writes to.
  const output = new Writable({
    write(chunk: Buffer, _encoding, done) {
      screen += chunk.toString("utf8");
      transcript += chunk.toString("utf8");
      const next = pending[0];
      if (next !== undefined && screen.includes(next[0])) {
        pending = pending.slice(1);
        screen = "";
        setImmediate(() => input.write(next[1]));
      }
      done();
    },
  });
  output.end = () => output;
  return {
    streams: { input, output },
    remaining: () => pending.length,
    screen: () => screen,
    /** The lines saying a decision was saved, as the terminal showed them. */
    savedLines: () => transcript.match(/#\d+ \S+ -> \S+, saved/g) ?? [],
  };
}

function context(): CommandContext & { printed: () => string } {
  let printed = "";
  const stdout = Object.assign(new PassThrough(), {});
  stdout.on("data", (chunk: Buffer) => (printed += chunk.toString("utf8")));
  return { stdout, stderr: new PassThrough(), env: {}, dbPath, printed: () => printed };
}

async function lead(email: string) {
  const store = await openStore(dbPath);
  try {
    return await store.read(async (tx) => {
      const found = await findLead(tx, email);
      if (found === undefined) throw new Error(email);
      return { ...found, history: await stageHistory(tx, found.id) };
    });
  } finally {
    await store.close();
  }
}

describe("funnel qualify (interactive, real prompts)", () => {
  it("walks leads best score first, asks BANT, and saves each decision with its answers", async () => {
    const session = terminal([
      ["Budget", `50k${enter}`],
      ["Authority", `yes, the CEO${enter}`],
      ["Need", enter],
      ["Timeline", `Q1${enter}`],
      ["Outcome", enter], // MQL
      ["Note", `hot lead${enter}`],
      ["Budget", enter],
      ["Authority", enter],
      ["Need", enter],
      ["Timeline", enter],
      ["Outcome", `${down}${enter}`], // Disqualify
      ["Reason", enter], // no budget
      ["Note", enter],
      ["Budget", enter],
      ["Authority", enter],
      ["Need", enter],
      ["Timeline", enter],
      ["Outcome", `${down}${down}${enter}`], // Skip
    ]);
    const ctx = context();
    await runQualify(undefined, {}, ctx, session.streams);
    expect(session.remaining()).toBe(0);
    expect(ctx.printed()).toBe("Decided 2 lead(s) (1 mql, 1 disqualified); 1 skipped\n");
    expect(session.savedLines()).toEqual([
      "#1 lead -> mql, saved",
      "#2 lead -> disqualified, saved",
    ]);
    const ann = await lead("ann@x.example");
    expect(ann.stage).toBe("mql");
    expect(JSON.parse(ann.history.at(-1)?.details ?? "{}")).toEqual({
      answers: { budget: "50k", authority: "yes, the CEO", timeline: "Q1" },
      note: "hot lead",
    });
    expect(await lead("ben@x.example")).toMatchObject({ stage: "disqualified" });
    expect((await lead("ben@x.example")).history.at(-1)).toMatchObject({ reason: "no budget" });
    expect((await lead("cy@x.example")).stage).toBe("lead");
  });

  it("keeps every decision already taken when interrupted with Ctrl-C, and writes nothing half-done", async () => {
    const session = terminal([
      ["Budget", enter],
      ["Authority", enter],
      ["Need", enter],
      ["Timeline", enter],
      ["Outcome", enter],
      ["Note", enter],
      ["Budget", `some money${enter}`],
      ["Authority", "\u0003"], // Ctrl-C in the middle of the second lead
    ]);
    await expect(runQualify(undefined, {}, context(), session.streams)).rejects.toThrow(
      new InterruptedError("interrupted; decided 1 lead(s) (1 mql); 0 skipped, all saved"),
    );
    expect(session.savedLines()).toEqual(["#1 lead -> mql, saved"]);
    expect((await lead("ann@x.example")).stage).toBe("mql");
    expect(await lead("ben@x.example")).toMatchObject({ stage: "lead" });
    expect((await lead("ben@x.example")).history).toHaveLength(1);
  });

  it("refuses without a terminal and names the scripted form", async () => {
    const input = new PassThrough();
    await expect(
      runQualify(undefined, {}, context(), { input, output: new PassThrough() }),
    ).rejects.toThrow("this command asks questions and needs a terminal");
  });
});
