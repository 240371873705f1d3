import { localDay } from "../domain/dates.js";
import type { FiscalCalendar } from "../domain/periods.js";
import { parseQuotaOwner, parseQuotaPeriod, quotaOwnerText } from "../domain/quota-owner.js";
import { UserError } from "../errors.js";
import {
  findQuota,
  insertQuota,
  type QuotaMetric,
  type QuotaValues,
  type StoredQuota,
  updateQuotaTarget,
} from "../store/quotas.js";
import { listReps } from "../store/reps.js";
import type { ReadTx, WriteTx } from "../store/store.js";
import { requireAmount } from "./deals.js";
import { requireRep } from "./reps.js";

export interface QuotaInput {
  readonly owner: string;
  readonly period: string;
  readonly target: string;
  readonly metric: QuotaMetric;
}

/** A quota row as validated, before it is written. */
export async function validQuota(
  tx: ReadTx,
  input: QuotaInput,
  now: Date,
  fiscal: FiscalCalendar,
): Promise<QuotaValues> {
  const owner = parseQuotaOwner(input.owner);
  if (owner === undefined)
    throw new UserError(`quota owner "${input.owner}" is empty`, "give a rep handle or team:NAME");
  let repId: number | null = null;
  let team: string | null = null;
  if (owner.kind === "rep") repId = (await requireRep(tx, owner.handle)).id;
  else {
    const known = (await listReps(tx)).find(
      (rep) => rep.team?.toLowerCase() === owner.team.toLowerCase(),
    );
    if (known === undefined)
      throw new UserError(
        `no rep is in team "${owner.team}"`,
        "set the team of its reps first (funnel rep update HANDLE --team NAME)",
      );
    team = known.team;
  }
  const period = parseQuotaPeriod(input.period, now, fiscal);
  if (period === undefined)
    throw new UserError(
      `quota period "${input.period}" is not a month, quarter or year`,
      "e.g. 2026-10, 2026-Q4, 2026, this-quarter, last-month",
    );
  return {
    rep_id: repId,
    team,
    period: period.label,
    period_from: localDay(period.from.toISOString()),
    period_to: localDay(period.to.toISOString()),
    metric: input.metric,
    target: await quotaTarget(tx, input.target, input.metric),
  };
}

async function quotaTarget(tx: ReadTx, text: string, metric: QuotaMetric): Promise<number> {
  if (metric === "revenue") return requireAmount(tx, text, "target");
  const value = text.trim().replace(/[,_]/g, "");
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value)))
    throw new UserError(
      `target "${text}" is not a whole number`,
      `a ${metric} quota counts ${metric}`,
    );
  return Number(value);
}

/** Sets (or changes) one quota; returns it and what it replaced. */
export async function saveQuota(
  tx: WriteTx,
  values: QuotaValues,
  meta: { batchId: number | null; at: string },
): Promise<{ quota: StoredQuota; previous: StoredQuota | undefined }> {
  const previous = await findQuota(tx, values);
  if (previous === undefined) await insertQuota(tx, values, meta);
  else if (previous.target !== values.target)
    await updateQuotaTarget(tx, previous.id, values.target, meta.at);
  return { quota: (await findQuota(tx, values)) as StoredQuota, previous };
}

export function quotaOwnerOf(quota: StoredQuota): string {
  return quota.rep !== null
    ? quota.rep
    : quotaOwnerText({ kind: "team", team: quota.team as string });
}
