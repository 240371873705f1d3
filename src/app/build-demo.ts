import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "csv-parse/sync";
import { parseDateStrict } from "../domain/dates.js";
import { type Pipeline, parsePipelineConfig } from "../domain/pipeline.js";
import { parseScoringRules, type ScoringRules } from "../domain/scoring.js";
import { applySlaOptions, emptySla, slaToJson } from "../domain/sla.js";
import type { Stage } from "../domain/stages.js";
import { importDeals } from "../import/import-deals.js";
import { importLeads } from "../import/import-leads.js";
import { importQuotas } from "../import/import-quotas.js";
import { importReps } from "../import/import-reps.js";
import { setSlaSetting } from "../store/settings.js";
import type { Store } from "../store/store.js";
import { loseDeal, moveDeal, winDeal } from "./deals.js";
import { acceptLead, rejectLead, touchLead } from "./decisions.js";
import { handoffLeads } from "./handoff.js";
import { qualifyLead } from "./qualify.js";
import { scoreLeads } from "./score-leads.js";

/** fixtures/demo of the installed package: dist/demo/ and src/demo/ are both two levels down. */
export const demoFolder = fileURLToPath(new URL("../../fixtures/demo/", import.meta.url));

export const demoFiles = {
  reps: "reps.csv",
  leads: "leads.csv",
  leadActivity: "lead-activity.csv",
  deals: "deals.csv",
  dealActivity: "deal-activity.csv",
  quotas: "quotas.csv",
  config: "funnel.config.json",
} as const;

/** The SLA the demo sets: what `funnel sla set` would be given. */
export const demoSla = { mqlTarget: "30", followUpHours: "24", decisionDays: "5", share: "80" };

export interface DemoCounts {
  reps: number;
  leads: number;
  scored: number;
  mqls: number;
  disqualified: number;
  handoffs: number;
  touches: number;
  accepted: number;
  rejected: number;
  sqls: number;
  deals: number;
  won: number;
  lost: number;
  open: number;
  quotas: number;
  sla: boolean;
}

/** One row of an activity script: what happened, to which lead or deal, when and by whom. */
interface Activity {
  readonly at: Date;
  readonly action: string;
  readonly subject: string;
  readonly detail: string;
  readonly by: string;
  readonly line: number;
}

/**
 * Builds the demo into an empty database through the code paths a user's data takes: the
 * imports, scoring, qualification, handoff, touches, accept/reject, deal moves and the SLA.
 * Each step commits on its own (the imports take their own write transaction), so callers
 * build into a scratch file and move it into place only when this returns.
 */
export async function buildDemo(
  store: Store,
  options: { folder?: string; now?: () => Date } = {},
): Promise<DemoCounts> {
  const folder = options.folder ?? demoFolder;
  const file = (name: string) => join(folder, name);
  const config = JSON.parse(readFileSync(file(demoFiles.config), "utf8")) as unknown;
  const rules = parseScoringRules(config);
  if ("error" in rules) throw new Error(`demo config: ${rules.error}`);
  const pipeline = parsePipelineConfig(config);
  if ("error" in pipeline) throw new Error(`demo config: ${pipeline.error}`);
  const now = options.now ?? (() => new Date());
  // Rejected rows would mean broken demo files; they go to a scratch folder, never next to them.
  const scratch = mkdtempSync(join(tmpdir(), "funnel-demo-"));
  const rejects = (name: string) => join(scratch, `${name}.rejects.csv`);
  const counts: DemoCounts = {
    reps: 0,
    leads: 0,
    scored: 0,
    mqls: 0,
    disqualified: 0,
    handoffs: 0,
    touches: 0,
    accepted: 0,
    rejected: 0,
    sqls: 0,
    deals: 0,
    won: 0,
    lost: 0,
    open: 0,
    quotas: 0,
    sla: false,
  };
  try {
    const reps = await importReps(store, {
      file: file(demoFiles.reps),
      rejects: rejects("reps"),
      now,
    });
    requireClean("reps", reps);
    counts.reps = reps.inserted;
    const leads = await importLeads(store, {
      file: file(demoFiles.leads),
      rejects: rejects("leads"),
      now,
    });
    requireClean("leads", leads);
    counts.leads = leads.inserted;
    counts.scored = await score(store, rules as ScoringRules, now());
    for (const activity of readActivity(file(demoFiles.leadActivity)))
      await applyLeadActivity(store, activity, counts);
    const deals = await importDeals(store, {
      file: file(demoFiles.deals),
      pipeline: pipeline as Pipeline,
      rejects: rejects("deals"),
      now,
    });
    requireClean("deals", deals);
    counts.deals = deals.inserted;
    for (const activity of readActivity(file(demoFiles.dealActivity)))
      await applyDealActivity(store, activity, pipeline as Pipeline, counts);
    counts.open = counts.deals - counts.won - counts.lost;
    const quotas = await importQuotas(store, {
      file: file(demoFiles.quotas),
      rejects: rejects("quotas"),
      now,
    });
    requireClean("quotas", quotas);
    counts.quotas = quotas.inserted;
    await store.write((tx) =>
      setSlaSetting(tx, JSON.stringify(slaToJson(applySlaOptions(emptySla, demoSla)))),
    );
    counts.sla = true;
    return counts;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function requireClean(what: string, summary: { rejected: number; rowsRead: number }): void {
  if (summary.rejected > 0)
    throw new Error(
      `the demo's ${what} file has ${summary.rejected} rejected row(s) of ${summary.rowsRead}`,
    );
}

async function score(store: Store, rules: ScoringRules, at: Date): Promise<number> {
  return (await scoreLeads(store, rules, { filter: {}, promote: false, dryRun: false, at })).scored;
}

/** An activity file: at,action,subject,detail,by; times are local, like every date funnel reads. */
function readActivity(path: string): Activity[] {
  const rows = parse(readFileSync(path, "utf8"), {
    columns: true,
    skip_empty_lines: true,
  }) as Record<string, string>[];
  return rows.map((row, index) => {
    const line = index + 2;
    const iso = parseDateStrict(row.at ?? "");
    if (iso === undefined) throw new Error(`${path}:${line}: bad date "${row.at}"`);
    return {
      at: new Date(iso),
      action: row.action ?? "",
      subject: row.subject ?? "",
      detail: row.detail ?? "",
      by: row.by ?? "",
      line,
    };
  });
}

const touchKinds = ["call", "email", "meeting", "demo"] as const;

async function applyLeadActivity(
  store: Store,
  activity: Activity,
  counts: DemoCounts,
): Promise<void> {
  const { at, subject, detail, by } = activity;
  switch (activity.action) {
    case "qualify": {
      const [as, reason] = detail.split(":", 2) as [Stage, string | undefined];
      await qualifyLead(store, subject, { as, reason, actor: by, at });
      if (as === "mql") counts.mqls++;
      else if (as === "sql") counts.sqls++;
      else counts.disqualified++;
      return;
    }
    case "handoff":
      await handoffLeads(store, {
        strategy: "round-robin",
        leads: [subject],
        to: by,
        dryRun: false,
        at,
        actor: "mia-rossi",
      });
      counts.handoffs++;
      return;
    case "touch": {
      const kind = touchKinds.find((known) => known === detail);
      if (kind === undefined) throw new Error(`line ${activity.line}: unknown touch "${detail}"`);
      await touchLead(store, subject, { kind, by, at });
      counts.touches++;
      return;
    }
    case "accept":
      await acceptLead(store, subject, { by, at });
      counts.accepted++;
      return;
    case "reject":
      await rejectLead(store, subject, { by, reason: detail, at });
      counts.rejected++;
      return;
    default:
      throw new Error(`lead activity line ${activity.line}: unknown action "${activity.action}"`);
  }
}

async function applyDealActivity(
  store: Store,
  activity: Activity,
  pipeline: Pipeline,
  counts: DemoCounts,
): Promise<void> {
  const { at, subject, detail } = activity;
  switch (activity.action) {
    case "deal-stage":
      await moveDeal(store, subject, detail, { at }, pipeline);
      return;
    case "won":
      await winDeal(store, subject, { at });
      counts.won++;
      return;
    case "lost":
      await loseDeal(store, subject, { at, reason: detail });
      counts.lost++;
      return;
    default:
      throw new Error(`deal activity line ${activity.line}: unknown action "${activity.action}"`);
  }
}
