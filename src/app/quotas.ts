import { localDay } from "../domain/dates.js";
import type { FiscalCalendar } from "../domain/periods.js";
import { parseQuotaOwner, parseQuotaPeriod, quotaOwnerText } from "../domain/quota-owner.js";
import { UserError } from "../errors.js";
import type { Db } from "../store/database.js";
import {
  findQuota,
  insertQuota,
  type QuotaMetric,
  type QuotaValues,
  type StoredQuota,
  updateQuotaTarget,
} from "../store/quotas-store.js";
import { listReps } from "../store/reps-store.js";
import { requireAmount } from "./deals.js";
import { requireRep } from "./reps.js";

export interface QuotaInput {
  readonly owner: string;
  readonly period: string;
  readonly target: string;
  readonly metric: QuotaMetric;
}

/** A quota row as validated, before it is written. */
export function quotaValues(
  db: Db,
  input: QuotaInput,
  now: Date,
  fiscal: FiscalCalendar,
): QuotaValues {
  const owner = parseQuotaOwner(input.owner);
  if (owner === undefined)
    throw new UserError(`quota owner "${input.owner}" is empty`, "give a rep handle or team:NAME");
  let repId: number | null = null;
  let team: string | null = null;
  if (owner.kind === "rep") repId = requireRep(db, owner.handle).id;
  else {
    const known = listReps(db).find((rep) => rep.team?.toLowerCase() === owner.team.toLowerCase());
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
    target: quotaTarget(db, input.target, input.metric),
  };
}

function quotaTarget(db: Db, text: string, metric: QuotaMetric): number {
  if (metric === "revenue") return requireAmount(db, text, "target");
  const value = text.trim().replace(/[,_]/g, "");
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value)))
    throw new UserError(
      `target "${text}" is not a whole number`,
      `a ${metric} quota counts ${metric}`,
    );
  return Number(value);
}

/** Sets (or changes) one quota; returns it and what it replaced. */
export function setQuota(
  db: Db,
  values: QuotaValues,
  meta: { batchId: number | null; at: string },
): { quota: StoredQuota; previous: StoredQuota | undefined } {
  const previous = findQuota(db, values);
  if (previous === undefined) insertQuota(db, values, meta);
  else if (previous.target !== values.target)
    updateQuotaTarget(db, previous.id, values.target, meta.at);
  return { quota: findQuota(db, values) as StoredQuota, previous };
}

export function quotaOwnerOf(quota: StoredQuota): string {
  return quota.rep !== null
    ? quota.rep
    : quotaOwnerText({ kind: "team", team: quota.team as string });
}
