import { copyFileSync, existsSync, renameSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { buildDemo, type DemoCounts, demoFiles, demoFolder } from "../../app/build-demo.js";
import { configPath } from "../../cli/config-file.js";
import type { CommandContext } from "../../cli/context.js";
import { storeOptions, withStore } from "../../cli/with-store.js";
import { quotaMetrics } from "../../domain/quota-metrics.js";
import { UserError } from "../../errors.js";
import { writePlain } from "../../render/terminal.js";
import { countDeals } from "../../store/deals.js";
import { countLeads } from "../../store/leads.js";
import { countQuotas } from "../../store/quotas.js";
import { listReps } from "../../store/reps.js";
import { allSettings, setSetting } from "../../store/settings.js";
import { openStore, type ReadTx, type Store } from "../../store/store.js";

export interface DemoOptions {
  /** The clock of the imports and scoring, for tests. */
  now?: () => Date;
}

/**
 * `funnel demo`: a sample database built from fixtures/demo through the same code paths a
 * user's data takes. It is built in a scratch file next to the database and moved into place
 * when complete, so a failure leaves nothing half-written; a database that holds any lead,
 * rep, deal or quota is refused untouched.
 */
export async function runDemo(options: DemoOptions, context: CommandContext): Promise<void> {
  const target = context.dbPath;
  // Settings made before (currency, fiscal year) carry over into the demo.
  const settings = existsSync(target) ? await withStore(context, requireEmpty) : [];
  const scratch = join(dirname(target), `.${basenameOf(target)}.demo-${process.pid}.tmp`);
  removeDatabaseFiles(scratch);
  let counts: DemoCounts;
  try {
    const store = await openStore(scratch, storeOptions(context));
    try {
      await store.write(async (tx) => {
        for (const { key, value } of settings) await setSetting(tx, key, value);
      });
      counts = await buildDemo(store, options.now === undefined ? {} : { now: options.now });
    } finally {
      await store.close();
    }
    // Someone may have written to the database meanwhile: check again before replacing it.
    if (existsSync(target)) await withStore(context, requireEmpty);
    removeDatabaseFiles(target, { keepMain: true });
    renameSync(scratch, target);
  } finally {
    removeDatabaseFiles(scratch);
  }
  const config = configPath(undefined, target);
  const wroteConfig = !existsSync(config);
  if (wroteConfig) copyFileSync(join(demoFolder, demoFiles.config), config);
  // The paths come from argv.
  writePlain(context.stdout, summary(target, counts, wroteConfig ? config : undefined));
}

function basenameOf(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

/** The settings to carry over, when the database holds no data; else a refusal. */
function requireEmpty(store: Store): Promise<{ key: string; value: string }[]> {
  return store.read((tx) => settingsOfEmpty(tx, store.location));
}

async function settingsOfEmpty(
  tx: ReadTx,
  location: string,
): Promise<{ key: string; value: string }[]> {
  let quotas = 0;
  for (const metric of quotaMetrics) quotas += await countQuotas(tx, metric);
  const held = [
    [await countLeads(tx, {}), "lead"],
    [(await listReps(tx)).length, "rep"],
    [await countDeals(tx), "deal"],
    [quotas, "quota"],
  ] as const;
  const found = held.filter(([count]) => count > 0);
  if (found.length > 0)
    throw new UserError(
      `${location} already holds data (${found.map(([count, what]) => `${count} ${what}(s)`).join(", ")}); the demo only builds into an empty database, and nothing was changed`,
      `pass --db with a new file: funnel demo --db ${freeDemoPath(location)}`,
    );
  return allSettings(tx);
}

/** `demo.db` next to `target`, else the first of `demo-2.db`, `demo-3.db`, ... not taken. */
function freeDemoPath(target: string): string {
  const taken = (path: string) => existsSync(path) || existsSync(`${path}-wal`);
  let path = join(dirname(target), "demo.db");
  for (let n = 2; taken(path); n++) path = join(dirname(target), `demo-${n}.db`);
  return path;
}

/** A database file and its WAL companions (`keepMain`: only the companions). */
function removeDatabaseFiles(path: string, options: { keepMain?: boolean } = {}): void {
  for (const suffix of [options.keepMain === true ? undefined : "", "-wal", "-shm", "-journal"])
    if (suffix !== undefined) rmSync(`${path}${suffix}`, { force: true });
}

function summary(target: string, counts: DemoCounts, config: string | undefined): string {
  const lines = [
    `Built the demo in ${target}:`,
    `  ${counts.reps} reps in two sales teams (East, West) and marketing`,
    `  ${counts.leads} leads created June to November 2026, scored (${counts.scored})`,
    `  ${counts.mqls} MQLs, ${counts.disqualified} disqualified; ${counts.handoffs} handoffs, ${counts.touches} touches`,
    `  ${counts.accepted} accepted, ${counts.rejected} rejected back to marketing; ${counts.sqls} SQLs`,
    `  ${counts.deals} deals: ${counts.won} won, ${counts.lost} lost, ${counts.open} open`,
    `  ${counts.quotas} quotas${counts.sla ? "; an SLA (30 MQLs a month, follow-up within 24 h, decision within 5 days, 80 %)" : ""}`,
    ...(config === undefined ? [] : [`  and ${config} with the demo's scoring rules and pipeline`]),
    "",
    "Try:",
    "  funnel report quota --period 2026-10 --by team",
    "  funnel report quota --period 2026-Q3",
    "  funnel report pipeline --by owner",
    "  funnel report funnel --period 2026-Q3",
    "  funnel report sources --period 2026-Q4",
    "  funnel sla check --period 2026-10",
    "  funnel report assignments",
    "  funnel leads --stage mql",
    "  funnel deals --status open",
  ];
  const hint =
    target === "funnel.db" ? "" : `(add --db ${target} to each, or export FUNNEL_DB=${target})\n`;
  return `${lines.join("\n")}\n${hint}`;
}
