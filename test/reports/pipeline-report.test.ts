import { beforeEach, describe, expect, it } from "vitest";
import { loseDeal, moveDeal, openDeal, winDeal } from "../../src/app/deals.js";
import { addRep } from "../../src/app/reps.js";
import { type Pipeline, parsePipelineConfig } from "../../src/domain/pipeline.js";
import { renderPipelineReport } from "../../src/render/pipeline-report.js";
import { buildPipelineReport, type PipelineStageRow } from "../../src/reports/pipeline-report.js";
import { insertDeal, insertDealEvent } from "../../src/store/deals.js";
import { openStore, type Store, type WriteTx } from "../../src/store/store.js";
import { autocommitTx } from "../helpers/store.js";
import { useTempDir } from "../helpers/temp-dir.js";

const temp = useTempDir();
let store: Store;
let tx: WriteTx;

const pipeline = parsePipelineConfig({
  pipeline: {
    stages: { discovery: 10, proposal: 50, negotiation: 80 },
    staleDays: { proposal: 14, default: 21 },
  },
}) as Pipeline;
const at = (day: string) => new Date(`${day}T00:00:00.000Z`);
const asOf = at("2026-11-01");

/**
 * As of 2026-11-01 (amounts in dollars; idle = days since the last stage change):
 *   D1 ana  10,000  discovery 10-01, proposal 10-10        proposal     age 31 idle 22 (>14 stale)
 *   D2 ana  20,000  proposal 10-20                          proposal     age 12 idle 12
 *   D3 bo    5,000  discovery 09-01                         discovery    age 61 idle 61 (>21 stale)
 *   D4 cy   40,000  discovery 10-05, negotiation 10-25      negotiation  age 27 idle 7
 *   D5 cy    8,000  discovery 10-02, proposal 11-05 (later) discovery    age 30 idle 30 (stale)
 *   D6 bo    3,000  opened 09-15, won 10-15                  closed before: not in the pipeline
 *   D7 ana   6,000  discovery 10-01, lost 11-10 (later)      discovery    age 31 idle 31 (stale)
 *   D8 cy    1,000  opened 11-03                             opened later: not in the pipeline
 *   D9 bo    2,000  engaging (unknown stage) 10-21           engaging     age 11 idle 11
 */
beforeEach(async () => {
  store = await openStore(temp.path("funnel.db"));
  tx = autocommitTx(store);
  const created = at("2026-08-01");
  await addRep(store, "ana", { name: "Ana", role: "ae", team: "east" }, created);
  const bo = await addRep(store, "bo", { name: "Bo", role: "ae", team: "east" }, created);
  await addRep(store, "cy", { name: "Cy", role: "ae", team: "west" }, created);
  const open = async (
    id: string,
    owner: string,
    amount: string,
    day: string,
    stage = "discovery",
  ) => openDeal(store, { externalId: id, owner, amount, stage, at: at(day) }, pipeline);
  await open("D1", "ana", "10000", "2026-10-01");
  await moveDeal(store, "D1", "proposal", { at: at("2026-10-10") }, pipeline);
  await open("D2", "ana", "20000", "2026-10-20", "proposal");
  await open("D3", "bo", "5000", "2026-09-01");
  await open("D4", "cy", "40000", "2026-10-05");
  await moveDeal(store, "D4", "negotiation", { at: at("2026-10-25") }, pipeline);
  await open("D5", "cy", "8000", "2026-10-02");
  await moveDeal(store, "D5", "proposal", { at: at("2026-11-05") }, pipeline);
  await open("D6", "bo", "3000", "2026-09-15");
  await winDeal(store, "D6", { at: at("2026-10-15") });
  await open("D7", "ana", "6000", "2026-10-01");
  await loseDeal(store, "D7", { at: at("2026-11-10"), reason: "no budget" });
  await open("D8", "cy", "1000", "2026-11-03");
  // A stage the pipeline does not know (kept by an import under its own name).
  const d9 = await insertDeal(
    tx,
    {
      external_id: "D9",
      name: null,
      account: "Initech",
      lead_id: null,
      owner_id: bo.id,
      amount: 200_000,
      stage: "engaging",
      kind: "new",
      opened_at: at("2026-10-21").toISOString(),
      expected_close: null,
      closed_at: null,
      lost_reason: null,
      attributes: {},
    },
    { batchId: null, at: at("2026-10-21").toISOString() },
  );
  await insertDealEvent(tx, {
    deal_id: d9,
    from_stage: null,
    to_stage: "engaging",
    at: at("2026-10-21").toISOString(),
    actor: "import",
    amount: 200_000,
    reason: null,
    batch_id: null,
  });
  return () => store.close();
});

/** The figures a reader checks, in cents; average age to one decimal. */
const figures = (row: PipelineStageRow) => [
  row.stage,
  row.deals,
  row.value,
  Math.round(row.weightedValue),
  row.averageAgeDays === null ? null : Math.round(row.averageAgeDays * 10) / 10,
  row.stale,
  row.staleAfterDays,
];

describe("buildPipelineReport", () => {
  it("counts the deals open at the as-of date by the stage they were at then", async () => {
    const report = await buildPipelineReport(tx, {
      asOf,
      by: null,
      pipeline,
      staleDays: undefined,
    });
    expect(report.blocks).toHaveLength(1);
    const block = report.blocks[0];
    expect(block?.rows.map(figures)).toEqual([
      // D3 5,000 + D5 8,000 + D7 6,000; 10 %; ages (61 + 30 + 31) / 3; all idle > 21
      ["discovery", 3, 1_900_000, 190_000, 40.7, 3, 21],
      // D1 10,000 + D2 20,000; 50 %; ages (31 + 12) / 2; D1 idle 22 > 14
      ["proposal", 2, 3_000_000, 1_500_000, 21.5, 1, 14],
      // D4 40,000; 80 %; idle 7
      ["negotiation", 1, 4_000_000, 3_200_000, 27, 0, 21],
      // D9 2,000 at 0 % (unknown stage); the default threshold
      ["engaging", 1, 200_000, 0, 11, 0, 21],
    ]);
    expect(block?.rows.map((row) => row.probability)).toEqual([10, 50, 80, null]);
    // 7 deals; ages (122 + 43 + 27 + 11) / 7 = 29
    expect(figures(report.total)).toEqual(["total", 7, 9_100_000, 4_890_000, 29, 4, null]);
    expect(report.staleDeals.map((deal) => [deal.externalId, deal.stage, deal.idleDays])).toEqual([
      ["D3", "discovery", 61],
      ["D7", "discovery", 31],
      ["D5", "discovery", 30],
      ["D1", "proposal", 22],
    ]);
    expect(report.staleDeals[3]).toMatchObject({
      owner: "ana",
      team: "east",
      ageDays: 31,
      lastChangeAt: "2026-10-10T00:00:00.000Z",
      staleAfterDays: 14,
      amount: 1_000_000,
    });
    expect(report.notes).toEqual([
      'open deals at stages the pipeline does not know count at 0 % weighted: engaging (1); give them a probability in the configuration ("pipeline") (funnel config export, then funnel config load)',
    ]);
  });

  it("lets --stale-days override every stage's threshold", async () => {
    const report = await buildPipelineReport(tx, { asOf, by: null, pipeline, staleDays: 25 });
    // idle 61, 31 and 30 are over 25; D1's 22 is not.
    expect(report.staleDeals.map((deal) => deal.externalId)).toEqual(["D3", "D7", "D5"]);
    expect(report.blocks[0]?.rows.map((row) => row.staleAfterDays)).toEqual([25, 25, 25, 25]);
    expect(report.total.stale).toBe(3);
  });

  it("gives one block per team, with the stages each team has", async () => {
    const report = await buildPipelineReport(tx, {
      asOf,
      by: "team",
      pipeline,
      staleDays: undefined,
    });
    expect(report.blocks.map((block) => block.group)).toEqual(["east", "west"]);
    const [east, west] = report.blocks;
    expect(east?.rows.map(figures)).toEqual([
      ["discovery", 2, 1_100_000, 110_000, 46, 2, 21],
      ["proposal", 2, 3_000_000, 1_500_000, 21.5, 1, 14],
      ["negotiation", 0, 0, 0, null, 0, 21],
      ["engaging", 1, 200_000, 0, 11, 0, 21],
    ]);
    expect(figures(east?.total as PipelineStageRow)).toEqual([
      "total",
      5,
      4_300_000,
      1_610_000,
      // (61 + 31 + 31 + 12 + 11) / 5
      29.2,
      3,
      null,
    ]);
    // No unknown-stage row where the team has no such deal.
    expect(west?.rows.map(figures)).toEqual([
      ["discovery", 1, 800_000, 80_000, 30, 1, 21],
      ["proposal", 0, 0, 0, null, 0, 14],
      ["negotiation", 1, 4_000_000, 3_200_000, 27, 0, 21],
    ]);
    expect(figures(report.total)).toEqual(["total", 7, 9_100_000, 4_890_000, 29, 4, null]);
  });

  it("gives one block per owner", async () => {
    const report = await buildPipelineReport(tx, {
      asOf,
      by: "owner",
      pipeline,
      staleDays: undefined,
    });
    expect(
      report.blocks.map((block) => [block.group, block.total.deals, block.total.value]),
    ).toEqual([
      ["ana", 3, 3_600_000],
      ["bo", 2, 700_000],
      ["cy", 2, 4_800_000],
    ]);
  });

  it("is empty before any deal was opened", async () => {
    const report = await buildPipelineReport(tx, {
      asOf: at("2026-08-15"),
      by: null,
      pipeline,
      staleDays: undefined,
    });
    expect(figures(report.total)).toEqual(["total", 0, 0, 0, null, 0, null]);
    expect(report.staleDeals).toEqual([]);
    expect(report.notes).toEqual([]);
  });

  it("counts a deal without an amount, at 0, and says so", async () => {
    await openDeal(store, { owner: "cy", at: at("2026-10-30") }, pipeline);
    const report = await buildPipelineReport(tx, {
      asOf,
      by: null,
      pipeline,
      staleDays: undefined,
    });
    expect(figures(report.blocks[0]?.rows[0] as PipelineStageRow)).toEqual([
      "discovery",
      4,
      1_900_000,
      190_000,
      // (61 + 30 + 31 + 2) / 4
      31,
      3,
      21,
    ]);
    expect(report.notes).toContain("1 open deal(s) without an amount count as 0 in value");
  });
});

describe("renderPipelineReport", () => {
  it("lists the stale deals under the table, and in the JSON", async () => {
    const report = await buildPipelineReport(tx, {
      asOf,
      by: "team",
      pipeline,
      staleDays: undefined,
    });
    const table = renderPipelineReport(report, "table", false);
    expect(table).toContain("Open pipeline as of 2026-");
    expect(table).toMatch(/^east\s+proposal\s+50\s+2\s+30,000\.00\s+15,000\.00\s+21\.5\s+1\s+14$/m);
    expect(table).toMatch(/^all\s+total\s+7\s+91,000\.00\s+48,900\.00\s+29\s+4$/m);
    expect(table).toContain("Stale deals (4), longest idle first:");
    expect(table).toMatch(/^\s*3\s+D3\s+bo\s+discovery\s+5,000\.00\s+2026-09-0\d\s+61\s+21$/m);
    const json = JSON.parse(renderPipelineReport(report, "json", false));
    expect(json.total).toMatchObject({ deals: 7, value: 91000, weighted_value: 48900 });
    expect(json.group_totals.map((row: { group: string }) => row.group)).toEqual(["east", "west"]);
    expect(json.rows).toHaveLength(7);
    expect(json.stale_deals[0]).toMatchObject({
      external_id: "D3",
      owner: "bo",
      team: "east",
      stage: "discovery",
      value: 5000,
      idle_days: 61,
      stale_after_days: 21,
    });
    const csv = renderPipelineReport(report, "csv", false);
    expect(csv.split("\n")[0]).toBe(
      "group,stage,probability_pct,deals,value,weighted_value,average_age_days,stale,stale_after_days",
    );
    const md = renderPipelineReport(report, "md", false);
    expect(md).toContain("### Stale deals (4), longest idle first:");
  });
});
