import { existsSync } from "node:fs";
import { beforeEach, describe, expect, it } from "vitest";
import { runMain } from "../../helpers/run-main.js";
import { useTempDir } from "../../helpers/temp-dir.js";

const temp = useTempDir();
let db: string;
const funnel = (...args: string[]) => runMain(["--db", db, ...args]);

/** Makes `config` the database's configuration, as a user would: a file, then config load. */
async function loadConfig(config: unknown): Promise<void> {
  const loaded = await funnel("config", "load", temp.write("config.json", JSON.stringify(config)));
  expect(loaded.stderr).toBe("");
  expect(loaded.code).toBe(0);
}

beforeEach(async () => {
  db = temp.path("funnel.db");
  const file = temp.write(
    "leads.csv",
    [
      "Email,Name,Country,Lead Status,Created Date",
      "a@x.example,Ann,PT,MQL,2026-10-01",
      "b@x.example,Ben,US,MQL,2026-10-02",
      "c@x.example,Cy,JP,MQL,2026-10-03",
      "d@x.example,Di,PT,Lead,2026-10-04",
    ].join("\n"),
  );
  expect((await funnel("import", file)).code).toBe(0);
  for (const args of [
    ["rep", "add", "ana", "--name", "Ana Souza", "--role", "ae", "--territory", "BR,PT"],
    ["rep", "add", "ben", "--role", "sdr", "--territory", "US", "--manager", "ana"],
    ["rep", "add", "mo", "--role", "marketing"],
  ]) {
    expect((await funnel(...args)).code).toBe(0);
  }
});

describe("reps", () => {
  it("lists reps as JSON and refuses unknown handles everywhere with one clear line", async () => {
    const reps = JSON.parse((await funnel("rep", "list", "--json")).stdout);
    expect(reps.map((rep: { handle: string }) => rep.handle)).toEqual(["ana", "ben", "mo"]);
    expect(reps[1]).toMatchObject({ role: "sdr", manager: "ana", status: "active", open_leads: 0 });
    for (const args of [
      ["rep", "show", "zed"],
      ["rep", "update", "zed", "--team", "x"],
      ["rep", "add", "zoe", "--role", "ae", "--manager", "zed"],
      ["handoff", "1", "--to", "zed"],
      ["touch", "1", "--kind", "call", "--by", "zed"],
    ]) {
      const result = await funnel(...args);
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(
        'funnel: there is no rep "zed"; see the reps with: funnel rep list\n',
      );
    }
  });

  it("does not hand leads to inactive reps", async () => {
    await funnel("rep", "deactivate", "ben");
    const plan = JSON.parse((await funnel("handoff", "--dry-run", "--json")).stdout);
    expect(plan.map((row: { rep: string }) => row.rep)).toEqual(["ana", "ana", "ana"]);
    const manual = await funnel("handoff", "1", "--to", "ben");
    expect(manual.code).toBe(1);
    expect(manual.stderr).toMatch(
      /rep ben is inactive; activate them first: funnel rep activate ben/,
    );
  });
});

describe("handoff, accept, reject, touch", () => {
  it("hands off by territory with a fallback, explains, and records the SLA clock", async () => {
    const dry = await funnel("handoff", "--strategy", "territory", "--dry-run", "--explain");
    expect(dry.stdout).toContain(
      "Dry run (nothing written): would hand off 3 lead(s) by territory",
    );
    expect(dry.stdout).toMatch(
      /c@x\.example\s+JP\s+ana\s+territory: no rep with room covers JP; round-robin instead/,
    );
    expect(JSON.parse((await funnel("leads", "--owner", "ana", "--json")).stdout)).toEqual([]);

    const real = JSON.parse((await funnel("handoff", "--strategy", "territory", "--json")).stdout);
    expect(real.map((row: { email: string; rep: string }) => [row.email, row.rep])).toEqual([
      ["a@x.example", "ana"],
      ["b@x.example", "ben"],
      ["c@x.example", "ana"],
    ]);
    expect((await funnel("handoff")).stdout).toBe("No unassigned MQLs to hand off.\n");
    const lead = JSON.parse((await funnel("lead", "show", "a@x.example", "--json")).stdout);
    expect(lead.owner).toBe("ana");
    expect(lead.handoffs).toEqual([
      expect.objectContaining({ rep_handle: "ana", strategy: "territory", first_touch_at: null }),
    ]);
  });

  it("round-robin stays fair across runs", async () => {
    await funnel("rep", "deactivate", "mo");
    const first = JSON.parse((await funnel("handoff", "--limit", "1", "--json")).stdout);
    const second = JSON.parse((await funnel("handoff", "--limit", "1", "--json")).stdout);
    const third = JSON.parse((await funnel("handoff", "--json")).stdout);
    expect([...first, ...second, ...third].map((row: { rep: string }) => row.rep)).toEqual([
      "ana",
      "ben",
      "ana",
    ]);
  });

  it("accept and reject are for the owning rep, record who and when, and refuse what the stage forbids", async () => {
    await funnel("handoff", "--strategy", "territory");
    const early = await funnel("accept", "d@x.example");
    expect(early.code).toBe(1);
    expect(early.stderr).toBe(
      "funnel: cannot accept lead 4 (d@x.example): only an MQL handed off to a rep can be accepted; this one is at lead; allowed now: touch\n",
    );
    const wrongRep = await funnel("accept", "a@x.example", "--by", "ben");
    expect(wrongRep.stderr).toMatch(
      /lead 1 was handed to ana; only they can accept it; run it as --by ana/,
    );

    expect((await funnel("accept", "a@x.example", "--at", "2026-10-05 10:00")).stdout).toBe(
      "Lead 1 accepted by ana: mql -> sal\n",
    );
    expect((await funnel("reject", "b@x.example", "--reason", "student")).code).toBe(0);
    const rejected = JSON.parse((await funnel("lead", "show", "b@x.example", "--json")).stdout);
    expect(rejected).toMatchObject({ stage: "recycled", owner: null });
    expect(rejected.stage_history.at(-1)).toMatchObject({
      from_stage: "mql",
      to_stage: "recycled",
      actor: "ben",
      reason: "student",
    });

    const again = await funnel("reject", "b@x.example", "--reason", "again");
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(
      /this one is at recycled; allowed now: none of handoff, accept, reject or touch/,
    );
    const noReason = await funnel("reject", "c@x.example");
    expect(noReason.code).toBe(2);
  });

  it("touches fix speed-to-lead: the first touch after the handoff", async () => {
    await funnel("handoff", "a@x.example", "--to", "ana");
    const handedAt = JSON.parse((await funnel("lead", "show", "a@x.example", "--json")).stdout)
      .handoffs[0].at;
    const inMinutes = (minutes: number) =>
      new Date(Date.parse(handedAt) + minutes * 60_000).toISOString();
    expect(
      (
        await funnel(
          "touch",
          "a@x.example",
          "--kind",
          "call",
          "--at",
          inMinutes(30),
          "--note",
          "voicemail",
        )
      ).code,
    ).toBe(0);
    expect(
      (await funnel("touch", "a@x.example", "--kind", "email", "--at", inMinutes(90))).code,
    ).toBe(0);
    const profile = JSON.parse((await funnel("rep", "show", "ana", "--json")).stdout);
    expect(profile.speedToLead).toEqual({
      handoffs: 1,
      touched: 1,
      p50Minutes: 30,
      p90Minutes: 30,
    });
    expect(profile.openLeads.map((lead: { email: string }) => lead.email)).toEqual(["a@x.example"]);
    const show = await funnel("lead", "show", "a@x.example");
    expect(show.stdout).toMatch(
      /Touches\nat\s+kind\s+by\s+note\n.*call\s+ana\s+voicemail\n.*email\s+ana/,
    );

    const revert = await funnel("import", "revert", "1");
    expect(revert.code).toBe(1);
    expect(revert.stderr).toMatch(/its leads have been worked since \(lead 1 has a handoff\)/);
  });
});

describe("funnel import --type reps", () => {
  it("derives unique handles, keeps non-rep managers by name, and re-imports as unchanged", async () => {
    db = temp.path("team.db");
    const team = temp.write(
      "team.csv",
      [
        "Name,Role,Team,Region,Manager,Email",
        "Ana Souza,Account Executive,East,BR,Maria Lopes,ana.s@co.example",
        "Ana Souza,BDR,West,US,Ana Souza,ana.s2@co.example",
        "Liam Smith,SDR,East,US,ana-souza,",
        "Zoe,Wizard,East,,,",
        "Nobody,,East,,,",
      ].join("\n"),
    );
    const first = await funnel("import", team, "--type", "reps", "--json");
    expect(first.code).toBe(0);
    // Zoe's role is no role and Nobody has none: both are added with the default role, ae.
    expect(JSON.parse(first.stdout)).toMatchObject({
      rowsRead: 5,
      inserted: 5,
      updated: 0,
      unchanged: 0,
      rejected: 0,
      defaultRole: { role: "ae", reps: 2 },
      unfit: [{ header: "Role", field: "role", count: 1, line: 5 }],
    });
    const reps = JSON.parse((await funnel("rep", "list", "--team", "east", "--json")).stdout);
    expect(
      reps.map((rep: { handle: string; role: string; manager: string }) => [
        rep.handle,
        rep.role,
        rep.manager,
      ]),
    ).toEqual([
      ["ana-souza", "ae", "Maria Lopes"],
      ["liam-smith", "sdr", "ana-souza"],
      ["nobody", "ae", null],
      ["zoe", "ae", null],
    ]);
    expect((await funnel("rep", "show", "ana-souza-2", "--json")).code).toBe(0);
    expect(existsSync(temp.path("team.rejects.csv"))).toBe(false);

    // --role fills the rows without one: Zoe's and Nobody's.
    const again = JSON.parse(
      (await funnel("import", team, "--type", "reps", "--json", "--role", "sdr")).stdout,
    );
    expect(again).toMatchObject({ inserted: 0, updated: 2, unchanged: 3, rejected: 0 });
    const revert = await funnel("import", "revert", String(again.batchId));
    expect(revert.code).toBe(1);
    expect(revert.stderr).toMatch(
      /imported reps; only lead, deal and quota imports can be reverted/,
    );
  });
});

describe("--at on the commands that record a moment", () => {
  it("handoff, score --promote and a scripted qualify record the moment given, not the clock's", async () => {
    await loadConfig({ scoring: { threshold: 20, country: { PT: 20 } } });
    // d@ (PT, at stage lead) scores 20 and is promoted; a@ is handed off; b@ is disqualified.
    const steps = [
      ["score", "--promote", "--at", "2026-10-05 08:00"],
      ["handoff", "a@x.example", "--to", "ana", "--at", "2026-10-06 09:30"],
      [
        "qualify",
        "b@x.example",
        "--as",
        "disqualified",
        "--reason",
        "student",
        "--at",
        "2026-10-07",
      ],
    ];
    for (const args of steps) expect((await funnel(...args)).code).toBe(0);
    const lead = async (email: string) =>
      JSON.parse((await funnel("lead", "show", email, "--json")).stdout);
    expect((await lead("d@x.example")).stage_history.at(-1)).toMatchObject({
      to_stage: "mql",
      actor: "score",
      at: "2026-10-05T08:00:00.000Z",
    });
    expect((await lead("a@x.example")).handoffs).toEqual([
      expect.objectContaining({ rep_handle: "ana", at: "2026-10-06T09:30:00.000Z" }),
    ]);
    expect((await lead("b@x.example")).stage_history.at(-1)).toMatchObject({
      to_stage: "disqualified",
      at: "2026-10-07T00:00:00.000Z",
    });

    const notADate = await funnel("handoff", "--at", "someday");
    expect(notADate.code).toBe(2);
    expect(notADate.stderr).toMatch(/^funnel: --at "someday" is not a date/);
    const interactive = await funnel("qualify", "--at", "2026-10-07");
    expect(interactive.code).toBe(2);
    expect(interactive.stderr).toMatch(/^funnel: --at needs the lead it decides on/);
  });
});

describe("funnel report assignments", () => {
  it("shows each rep's handoffs and share against their share of the weights", async () => {
    await funnel("rep", "update", "ben", "--weight", "3");
    await funnel("handoff", "--strategy", "weighted", "--at", "2026-10-10 09:00");
    await funnel("accept", "b@x.example", "--at", "2026-10-10 11:00");
    const rows = JSON.parse(
      (await funnel("report", "assignments", "--period", "2026-10", "--json")).stdout,
    );
    // Smooth weighted round-robin with weights 1 and 3 goes ben, ana, ben: b@ went to ana.
    expect(rows).toEqual([
      expect.objectContaining({
        rep: "ana",
        handoffs: 1,
        share_pct: 33.3,
        weight_share_pct: 25,
        accepted: 1,
        undecided: 0,
      }),
      expect.objectContaining({
        rep: "ben",
        handoffs: 2,
        share_pct: 66.7,
        weight_share_pct: 75,
        accepted: 0,
        undecided: 2,
      }),
    ]);
    const table = await funnel("report", "assignments", "--period", "2026-01");
    expect(table.stdout).toMatch(/^Assignments 2026-01: handoffs per rep/);
    expect(table.stdout).toContain("0 handoff(s) in 2026-01");
    const bad = await funnel("report", "assignments", "--period", "someday");
    expect(bad.code).toBe(2);
  });
});

describe("funnel score", () => {
  it("scores by the database's rules (config load), explains, and promotes with events", async () => {
    const missing = await funnel("score");
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe(
      "funnel: the database's configuration has no scoring rules; load them with funnel config load FILE (see docs/qualify.md, funnel score), or pass --config FILE\n",
    );
    await loadConfig({
      scoring: { threshold: 30, country: { PT: 20, US: 5 }, source: { web: 15 } },
    });
    // d@ is the only lead at stage lead; it is in PT (20) and has no source: 20, under 30.
    const dry = JSON.parse((await funnel("score", "--promote", "--dry-run", "--json")).stdout);
    expect(dry).toMatchObject({
      scored: 4,
      changed: 4,
      atOrOverThreshold: 0,
      promoted: 0,
      dryRun: true,
    });
    expect(
      JSON.parse((await funnel("lead", "show", "d@x.example", "--json")).stdout).score,
    ).toBeNull();

    const explain = await funnel("score", "--explain", "d@x.example");
    expect(explain.stdout).toBe(
      "Lead 4 (d@x.example): score 20, threshold 30, under the threshold\n  country is PT  +20\n",
    );

    await loadConfig({ scoring: { threshold: 20, country: { PT: 20 } } });
    const promoted = JSON.parse((await funnel("score", "--promote", "--json")).stdout);
    expect(promoted).toMatchObject({ scored: 4, atOrOverThreshold: 2, promoted: 1 });
    const lead = JSON.parse((await funnel("lead", "show", "d@x.example", "--json")).stdout);
    expect(lead).toMatchObject({ stage: "mql", score: 20 });
    expect(lead.stage_history.at(-1)).toMatchObject({
      from_stage: "lead",
      to_stage: "mql",
      actor: "score",
      reason: "score 20 >= 20",
    });
    expect(lead.score_explanation).toEqual({
      score: 20,
      threshold: 20,
      lines: [{ rule: "country is PT", points: 20 }],
    });
    const shown = await funnel("lead", "show", "d@x.example");
    expect(shown.stdout).toMatch(
      /Score by the rules \(20, threshold 20\)\n\s+country is PT\s+\+20\n$/,
    );
  });
});

describe("funnel qualify (scripted, no TTY)", () => {
  it("decides one lead by flags, keeps reason and note, and refuses the interactive form", async () => {
    expect(
      (await funnel("qualify", "d@x.example", "--as", "mql", "--note", "asked for a demo")).stdout,
    ).toBe("#4 lead -> mql, saved\n");
    const lead = JSON.parse((await funnel("lead", "show", "d@x.example", "--json")).stdout);
    expect(lead.stage_history.at(-1)).toMatchObject({
      to_stage: "mql",
      actor: "qualify",
      details: { answers: {}, note: "asked for a demo" },
    });
    const noReason = await funnel("qualify", "a@x.example", "--as", "disqualified");
    expect(noReason.stderr).toBe(
      'funnel: disqualifying needs a reason; pass --reason "..." (e.g. "no budget")\n',
    );
    const tooEarly = await funnel("qualify", "a@x.example", "--as", "sql");
    expect(tooEarly.code).toBe(1);
    expect(tooEarly.stderr).toMatch(
      /as sql: it is at mql; allowed from mql: disqualified \(sales accepts it first: funnel accept\)/,
    );
    const interactive = await funnel("qualify");
    expect(interactive.code).toBe(1);
    expect(interactive.stderr).toBe(
      "funnel: this command asks questions and needs a terminal; without one, use: funnel qualify <lead> --as mql|sql|disqualified [--reason ...] [--note ...]\n",
    );
  });
});

describe("funnel import --type and its options", () => {
  it("refuses options that do not apply to the type instead of ignoring them", async () => {
    const reps = await funnel(
      "import",
      "fixtures-not-read.csv",
      "--type",
      "reps",
      "--source",
      "web",
    );
    expect(reps.code).toBe(2);
    expect(reps.stderr).toBe("funnel: --source does not apply to --type reps\n");
    const leads = await funnel("import", "fixtures-not-read.csv", "--role", "ae");
    expect(leads.code).toBe(2);
    expect(leads.stderr).toBe("funnel: --role does not apply to --type leads\n");
  });
});
