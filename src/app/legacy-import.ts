// Legacy: the synchronous use cases the import (src/import/) still calls with the SQLite handle,
// re-exported under their old names by deals.ts and quotas.ts. This file goes when the import
// converts to the store interface, once issue 13's rebuilt import is merged.
import { localDay } from "../domain/dates.js";
import { parseAmount } from "../domain/money.js";
import type { FiscalCalendar } from "../domain/periods.js";
import { parseQuotaOwner, parseQuotaPeriod } from "../domain/quota-owner.js";
import { importMovesStage } from "../domain/stages.js";
import { UserError } from "../errors.js";
import type { Db } from "../store/database.js";
import { getLeadById, setLeadStageAndOwner } from "../store/leads-store.js";
import {
  findQuota,
  insertQuota,
  type QuotaMetric,
  type QuotaValues,
  type StoredQuota,
  updateQuotaTarget,
} from "../store/quotas-store.js";
import { findRepByHandle, listReps, type Rep, updateRep } from "../store/reps-store.js";
import { databaseCurrency } from "../store/settings-store.js";
import { insertStageEventRows } from "../store/stage-events-store.js";
import type { QuotaInput } from "./quotas.js";
import { linkedReports } from "./reps.js";

export function moveLeadWithDeal(
  db: Db,
  leadId: number,
  to: "opportunity" | "customer",
  event: { at: string; actor: string; dealId: number; batchId: number | null },
): boolean {
  const lead = getLeadById(db, leadId);
  if (lead === undefined || !importMovesStage(lead.stage, to)) return false;
  setLeadStageAndOwner(db, lead.id, to, lead.owner, event.at);
  const reason = `deal ${event.dealId} ${to === "customer" ? "won" : "opened"}`;
  insertStageEventRows(db, [lead.id, lead.stage, to, event.at, event.actor, reason, event.batchId]);
  return true;
}

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
  if (owner.kind === "rep") {
    const rep = findRepByHandle(db, owner.handle);
    if (rep === undefined)
      throw new UserError(
        `there is no rep "${owner.handle}"`,
        "see the reps with: funnel rep list",
      );
    repId = rep.id;
  } else {
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
  if (metric === "revenue") {
    const currency = databaseCurrency(db);
    const parsed = parseAmount(text, currency);
    if (!parsed.ok)
      throw new UserError(
        `target: ${parsed.why}`,
        `write it like 12500, 12,500.00 or 12.5k (${currency})`,
      );
    return parsed.minor;
  }
  const value = text.trim().replace(/[,_]/g, "");
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value)))
    throw new UserError(
      `target "${text}" is not a whole number`,
      `a ${metric} quota counts ${metric}`,
    );
  return Number(value);
}

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

/** reps.ts's linking of the reps that named `manager` before they were a rep, on the handle. */
export function linkReports(db: Db, manager: Rep, candidates: readonly Rep[]): Rep[] {
  const reports = linkedReports(manager, candidates);
  for (const report of reports) updateRep(db, report.id, { ...report, manager: manager.handle });
  return reports;
}
