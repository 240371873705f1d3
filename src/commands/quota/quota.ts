import { quotaOwnerOf, saveQuota, validQuota } from "../../app/quotas.js";
import type { CommandContext } from "../../cli/context.js";
import { periodOption } from "../../cli/period-options.js";
import { readStore, withStore } from "../../cli/with-store.js";
import { localDay, startOfLocalDay } from "../../domain/dates.js";
import type { QuotaMetric } from "../../domain/quota-metrics.js";
import {
  type Column,
  chooseOutput,
  deliver,
  type ExactNumber,
  renderRows,
} from "../../render/formats.js";
import { moneyFormatter } from "../../render/money.js";
import { textTable } from "../../render/table.js";
import { writePlain } from "../../render/terminal.js";
import { listQuotas, type StoredQuota } from "../../store/quotas.js";
import { databaseCurrency, fiscalCalendar } from "../../store/settings.js";
import type { ReadTx } from "../../store/store.js";

/** A target for people: money with its currency for revenue, a count otherwise. */
async function targetText(tx: ReadTx, quota: StoredQuota): Promise<string> {
  if (quota.metric !== "revenue") return `${quota.target} ${quota.metric}`;
  const currency = await databaseCurrency(tx);
  return `${moneyFormatter(currency, "table")(quota.target)} ${currency}`;
}

export async function runQuotaSet(
  owner: string,
  period: string,
  target: string,
  options: { metric: QuotaMetric },
  context: CommandContext,
): Promise<void> {
  const line = await withStore(context, (store) =>
    store.write(async (tx) => {
      const now = new Date();
      const values = await validQuota(
        tx,
        { owner, period, target, metric: options.metric },
        now,
        await fiscalCalendar(tx),
      );
      const { quota, previous } = await saveQuota(tx, values, {
        batchId: null,
        at: now.toISOString(),
      });
      const was =
        previous === undefined
          ? ""
          : previous.target === quota.target
            ? " (unchanged)"
            : ` (was ${await targetText(tx, previous)})`;
      return `Quota ${quotaOwnerOf(quota)} ${quota.period} ${quota.metric}: ${await targetText(tx, quota)}${was}\n`;
    }),
  );
  writePlain(context.stdout, line);
}

interface QuotaRow extends Record<string, string | number | ExactNumber | null> {
  owner: string;
  period: string;
  from: string;
  to: string;
  metric: string;
  target: string | number | ExactNumber | null;
  currency: string | null;
  batch: number | null;
}

const columns: Column<QuotaRow>[] = [
  { key: "owner", header: "owner" },
  { key: "period", header: "period" },
  { key: "from", header: "from", priority: 2 },
  { key: "to", header: "to", priority: 2 },
  { key: "metric", header: "metric", priority: 1 },
  { key: "target", header: "target", align: "right" },
  { key: "currency", header: "currency", priority: 3 },
  { key: "batch", header: "import batch", align: "right", priority: 4 },
];

export async function runQuotaList(
  options: { period?: string; metric?: QuotaMetric; format?: string; json?: boolean; out?: string },
  context: CommandContext,
): Promise<void> {
  const output = chooseOutput(options, context);
  const { quotas, currency } = await readStore(context, async (tx) => {
    let span: { from: string; to: string } | undefined;
    if (options.period !== undefined) {
      const period = periodOption("--period", options.period, new Date(), await fiscalCalendar(tx));
      span = {
        from: localDay(period.from.toISOString()),
        to: localDay(new Date(period.to.getTime() + 86_399_999).toISOString()),
      };
    }
    return {
      quotas: await listQuotas(tx, { metric: options.metric, ...span }),
      currency: await databaseCurrency(tx),
    };
  });
  const money = moneyFormatter(currency, output.format);
  const rows = quotas.map(
    (quota): QuotaRow => ({
      owner: quotaOwnerOf(quota),
      period: quota.period,
      from: quota.period_from,
      // The last day, inclusive, as people write periods.
      to: localDay(new Date(startOfLocalDay(quota.period_to).getTime() - 1).toISOString()),
      metric: quota.metric,
      target: quota.metric === "revenue" ? money(quota.target) : quota.target,
      currency: quota.metric === "revenue" ? currency : null,
      batch: quota.batch_id,
    }),
  );
  deliver(
    renderRows(columns, rows, output.format, textTable, output.screen),
    output.out,
    context.stdout,
    output.format,
  );
}
