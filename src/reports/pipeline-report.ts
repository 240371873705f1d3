import { roundHundredths, sumAmounts, weightedHundredths } from "../domain/money.js";
import { type Pipeline, stageProbability, staleDaysOf } from "../domain/pipeline.js";
import { type OpenDealAsOf, openDealsAsOf } from "../store/pipeline.js";
import { databaseCurrency } from "../store/settings.js";
import type { ReadTx } from "../store/store.js";

export type PipelineGrouping = "owner" | "team";

export interface PipelineStageRow {
  /** The owner or team of the block; null without --by. */
  readonly group: string | null;
  readonly kind: "stage" | "total";
  /** The stage; "total" on a total row. */
  readonly stage: string;
  /** 0-100; null for a stage the pipeline does not know (it counts at 0 % weighted). */
  readonly probability: number | null;
  readonly deals: number;
  /** Minor units (deals without an amount count 0). */
  readonly value: number;
  /** value x probability, in minor units, rounded half up (once, from the exact sum). */
  readonly weightedValue: number;
  /** Mean days since opened; null without deals. */
  readonly averageAgeDays: number | null;
  /** Deals idle longer than their stage's threshold. */
  readonly stale: number;
  /** The threshold of the stage; null on a total row. */
  readonly staleAfterDays: number | null;
}

export interface PipelineBlock {
  readonly group: string | null;
  readonly rows: readonly PipelineStageRow[];
  readonly total: PipelineStageRow;
}

export interface StaleDeal {
  readonly id: number;
  readonly externalId: string | null;
  readonly name: string | null;
  readonly account: string | null;
  readonly owner: string;
  readonly team: string | null;
  readonly stage: string;
  readonly amount: number | null;
  readonly openedAt: string;
  /** The last stage change (or the opening) at or before the as-of moment. */
  readonly lastChangeAt: string;
  readonly ageDays: number;
  readonly idleDays: number;
  readonly staleAfterDays: number;
}

export interface PipelineReport {
  readonly asOf: Date;
  readonly by: PipelineGrouping | null;
  readonly currency: string;
  /** `--stale-days N`, when it overrides the config's thresholds. */
  readonly staleDaysOverride: number | null;
  readonly blocks: readonly PipelineBlock[];
  readonly total: PipelineStageRow;
  /** Longest idle first. */
  readonly staleDeals: readonly StaleDeal[];
  readonly notes: readonly string[];
}

const dayMs = 86_400_000;

/** Whole days from `iso` to `asOf` (never negative). */
export function daysBetween(iso: string, asOf: Date): number {
  return Math.max(0, Math.floor((asOf.getTime() - Date.parse(iso)) / dayMs));
}

/**
 * The open pipeline at `asOf`, by stage (GUIDE §3): count, value, weighted value (value x
 * stage probability), average age (days since opened) and stale deals (idle, i.e. days since
 * the last stage change, longer than the stage's threshold), optionally per owner or team.
 */
export async function buildPipelineReport(
  tx: ReadTx,
  options: {
    asOf: Date;
    by: PipelineGrouping | null;
    pipeline: Pipeline;
    staleDays: number | undefined;
  },
): Promise<PipelineReport> {
  const { asOf, pipeline } = options;
  const deals = await openDealsAsOf(tx, asOf.toISOString());
  const thresholdOf = (stage: string) => options.staleDays ?? staleDaysOf(stage, pipeline);
  const measured = deals.map((deal) => measure(deal, asOf, thresholdOf(deal.stage)));

  const known = pipeline.stages.map((stage) => stage.name);
  const unknownStages = [...new Set(deals.map((deal) => deal.stage))]
    .filter((stage) => !known.includes(stage))
    .sort();
  const stageOrder = [...known, ...unknownStages];

  const groupOf = (deal: OpenDealAsOf): string | null =>
    options.by === null ? null : options.by === "owner" ? deal.owner : (deal.team ?? "(no team)");
  const groups =
    options.by === null
      ? [null]
      : [...new Set(deals.map(groupOf) as string[])].sort((a, b) => a.localeCompare(b));

  const blocks = groups.map((group): PipelineBlock => {
    const members = measured.filter((entry) => groupOf(entry.deal) === group);
    const rows = stageOrder
      // Stages the pipeline does not know appear only where they have deals.
      .filter((stage) => known.includes(stage) || members.some((m) => m.deal.stage === stage))
      .map((stage) =>
        figures(
          group,
          stage,
          members.filter((entry) => entry.deal.stage === stage),
          pipeline,
          thresholdOf(stage),
        ),
      );
    return { group, rows, total: figures(group, "total", members, pipeline, null) };
  });

  const notes: string[] = [];
  if (unknownStages.length > 0)
    notes.push(
      `open deals at stages the pipeline does not know count at 0 % weighted: ${unknownStages
        .map((stage) => `${stage} (${deals.filter((deal) => deal.stage === stage).length})`)
        .join(
          ", ",
        )}; give them a probability in the configuration ("pipeline") (funnel config export, then funnel config load)`,
    );
  const withoutAmount = deals.filter((deal) => deal.amount === null).length;
  if (withoutAmount > 0)
    notes.push(`${withoutAmount} open deal(s) without an amount count as 0 in value`);

  return {
    asOf,
    by: options.by,
    currency: await databaseCurrency(tx),
    staleDaysOverride: options.staleDays ?? null,
    blocks,
    total: figures(null, "total", measured, pipeline, null),
    staleDeals: measured
      .filter((entry) => entry.stale)
      .map((entry) => entry.staleDeal)
      .sort((a, b) => b.idleDays - a.idleDays || a.id - b.id),
    notes,
  };
}

interface MeasuredDeal {
  readonly deal: OpenDealAsOf;
  readonly ageDays: number;
  readonly stale: boolean;
  readonly staleDeal: StaleDeal;
}

function measure(deal: OpenDealAsOf, asOf: Date, staleAfterDays: number): MeasuredDeal {
  const lastChangeAt = deal.last_event_at ?? deal.opened_at;
  const ageDays = daysBetween(deal.opened_at, asOf);
  const idleDays = daysBetween(lastChangeAt, asOf);
  return {
    deal,
    ageDays,
    stale: idleDays > staleAfterDays,
    staleDeal: {
      id: deal.id,
      externalId: deal.external_id,
      name: deal.name,
      account: deal.account,
      owner: deal.owner,
      team: deal.team,
      stage: deal.stage,
      amount: deal.amount,
      openedAt: deal.opened_at,
      lastChangeAt,
      ageDays,
      idleDays,
      staleAfterDays,
    },
  };
}

function figures(
  group: string | null,
  stage: string,
  entries: readonly MeasuredDeal[],
  pipeline: Pipeline,
  staleAfterDays: number | null,
): PipelineStageRow {
  const kind = staleAfterDays === null ? "total" : "stage";
  const probability = kind === "total" ? null : (stageProbability(stage, pipeline) ?? null);
  let value = 0;
  let weighted = 0n;
  let ages = 0;
  for (const { deal, ageDays } of entries) {
    const amount = deal.amount ?? 0;
    value = sumAmounts([value, amount]);
    weighted += weightedHundredths(amount, stageProbability(deal.stage, pipeline) ?? 0);
    ages += ageDays;
  }
  return {
    group,
    kind,
    stage,
    probability,
    deals: entries.length,
    value,
    weightedValue: roundHundredths(weighted),
    averageAgeDays: entries.length === 0 ? null : ages / entries.length,
    stale: entries.filter((entry) => entry.stale).length,
    staleAfterDays,
  };
}
