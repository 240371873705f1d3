import { existsSync, readFileSync, renameSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { buildDemo, type DemoCounts, demoFiles, demoFolder } from "../../app/build-demo.js";
import type { CommandContext } from "../../cli/context.js";
import { storeOptions, withStore } from "../../cli/with-store.js";
import { quotaMetrics } from "../../domain/quota-metrics.js";
import { processTimeZone } from "../../domain/time-zone.js";
import { UserError } from "../../errors.js";
import { writePlain } from "../../render/terminal.js";
import {
  adoptConfiguration,
  type ConfigurationSection,
  configurationSections,
  storedSections,
  storeSection,
} from "../../store/configuration.js";
import { countDeals } from "../../store/deals.js";
import { countLeads } from "../../store/leads.js";
import { countQuotas } from "../../store/quotas.js";
import { listReps } from "../../store/reps.js";
import { allSettings, setSetting } from "../../store/settings.js";
import {
  isPostgresTarget,
  openStore,
  printableLocation,
  type ReadTx,
  type Store,
  type WriteTx,
} from "../../store/store.js";

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
  if (isPostgresTarget(target))
    throw new UserError(
      `funnel demo builds a SQLite file; ${await printableLocation(target, context.env)} is a PostgreSQL database`,
      "build it in a file, then copy it up: funnel demo --db demo.db && funnel db copy --from demo.db --to URL",
    );
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
        await configureDemo(tx, processTimeZone(context.env));
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
  // The paths come from argv.
  writePlain(context.stdout, summary(target, counts));
}

/**
 * The demo's configuration (scoring rules, pipeline), kept in the demo database itself, where
 * the settings carried over left a section unset: nothing is written beside it, where another
 * database in the folder would take it for its own.
 */
async function configureDemo(tx: WriteTx, timeZone: string): Promise<void> {
  const demo = JSON.parse(readFileSync(join(demoFolder, demoFiles.config), "utf8")) as Partial<
    Record<ConfigurationSection, unknown>
  >;
  const held = await storedSections(tx);
  if (await adoptConfiguration(tx, timeZone, demo)) return;
  for (const section of configurationSections)
    if (held[section] === undefined && demo[section] !== undefined)
      await storeSection(tx, section, demo[section]);
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

function summary(target: string, counts: DemoCounts): string {
  const lines = [
    `Built the demo in ${target}:`,
    `  ${counts.reps} reps in two sales teams (East, West) and marketing`,
    `  ${counts.leads} leads created June to November 2026, scored (${counts.scored})`,
    `  ${counts.mqls} MQLs, ${counts.disqualified} disqualified; ${counts.handoffs} handoffs, ${counts.touches} touches`,
    `  ${counts.accepted} accepted, ${counts.rejected} rejected back to marketing; ${counts.sqls} SQLs`,
    `  ${counts.deals} deals: ${counts.won} won, ${counts.lost} lost, ${counts.open} open`,
    `  ${counts.quotas} quotas${counts.sla ? "; an SLA (30 MQLs a month, follow-up within 24 h, decision within 5 days, 80 %)" : ""}`,
    "  and, in its configuration, the demo's scoring rules and pipeline (funnel config show)",
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
