import { type ScoringRules, scoreLead } from "../domain/scoring.js";
import type { Db } from "../store/database.js";
import {
  type LeadFilter,
  leadsAfter,
  setLeadScore,
  setLeadStageAndOwner,
} from "../store/leads-store.js";
import { insertStageEventRows } from "../store/stage-events-store.js";
import { runSyncTransaction } from "../store/transaction.js";

export interface ScoreSummary {
  readonly scored: number;
  readonly changed: number;
  readonly atOrOverThreshold: number;
  readonly promoted: number;
  readonly threshold: number;
  readonly dryRun: boolean;
}

const pageSize = 5000;

/**
 * Scores the leads matching `filter` by the rules, storing each new score; with `promote`,
 * leads at `lead` (or `recycled`) scoring at or over the threshold become MQLs, with an event
 * saying which score did it. One transaction: all or nothing.
 */
export function scoreLeads(
  db: Db,
  rules: ScoringRules,
  options: { filter: LeadFilter; promote: boolean; dryRun: boolean; at: Date },
): ScoreSummary {
  const at = options.at.toISOString();
  const counts = { scored: 0, changed: 0, atOrOverThreshold: 0, promoted: 0 };
  runSyncTransaction(db, { rollback: options.dryRun }, () => {
    for (let afterId = 0; ; ) {
      const page = leadsAfter(db, options.filter, afterId, pageSize);
      if (page.length === 0) break;
      for (const lead of page) {
        const { score } = scoreLead(lead, rules);
        counts.scored++;
        if (score !== lead.score) {
          counts.changed++;
          setLeadScore(db, lead.id, score, at);
        }
        if (score < rules.threshold) continue;
        counts.atOrOverThreshold++;
        if (options.promote && (lead.stage === "lead" || lead.stage === "recycled")) {
          setLeadStageAndOwner(db, lead.id, "mql", lead.owner, at);
          insertStageEventRows(db, [
            lead.id,
            lead.stage,
            "mql",
            at,
            "score",
            `score ${score} >= ${rules.threshold}`,
            null,
          ]);
          counts.promoted++;
        }
      }
      afterId = page[page.length - 1]?.id ?? afterId;
    }
  });
  return { ...counts, threshold: rules.threshold, dryRun: options.dryRun };
}
