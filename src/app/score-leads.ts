import { type ScoringRules, scoreLead } from "../domain/scoring.js";
import { type LeadFilter, leadsAfter, setLeadScore, setLeadStageAndOwner } from "../store/leads.js";
import { insertStageEvent } from "../store/stage-events.js";
import type { Store } from "../store/store.js";

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
export async function scoreLeads(
  store: Store,
  rules: ScoringRules,
  options: { filter: LeadFilter; promote: boolean; dryRun: boolean; at: Date },
): Promise<ScoreSummary> {
  const at = options.at.toISOString();
  const counts = { scored: 0, changed: 0, atOrOverThreshold: 0, promoted: 0 };
  await store.write(
    async (tx) => {
      for (let afterId = 0; ; ) {
        const page = await leadsAfter(tx, options.filter, afterId, pageSize);
        if (page.length === 0) break;
        for (const lead of page) {
          const { score } = scoreLead(lead, rules);
          counts.scored++;
          if (score !== lead.score) {
            counts.changed++;
            await setLeadScore(tx, lead.id, score, at);
          }
          if (score < rules.threshold) continue;
          counts.atOrOverThreshold++;
          if (options.promote && (lead.stage === "lead" || lead.stage === "recycled")) {
            await setLeadStageAndOwner(tx, lead.id, "mql", lead.owner, at);
            await insertStageEvent(tx, {
              leadId: lead.id,
              from: lead.stage,
              to: "mql",
              at,
              actor: "score",
              reason: `score ${score} >= ${rules.threshold}`,
            });
            counts.promoted++;
          }
        }
        afterId = page[page.length - 1]?.id ?? afterId;
      }
    },
    { dryRun: options.dryRun },
  );
  return { ...counts, threshold: rules.threshold, dryRun: options.dryRun };
}
