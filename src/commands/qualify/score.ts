import { requireLead } from "../../app/decisions.js";
import { scoreLeads } from "../../app/score-leads.js";
import type { CommandContext } from "../../cli/context.js";
import { type LeadFilterOptions, leadFilterFrom } from "../../cli/lead-filter.js";
import { atOption } from "../../cli/period-options.js";
import { loadScoringRules } from "../../cli/scoring-config.js";
import { readStore, withStore } from "../../cli/with-store.js";
import { scoreLead } from "../../domain/scoring.js";
import { chooseOutput, deliver, jsonDocument } from "../../render/formats.js";
import { textRecord } from "../../render/table.js";
import { neutraliseControls } from "../../render/terminal.js";
import { fiscalCalendar } from "../../store/settings.js";

interface ScoreOptions extends LeadFilterOptions {
  config?: string;
  promote?: boolean;
  explain?: string;
  dryRun?: boolean;
  at?: string;
  format?: string;
  json?: boolean;
  out?: string;
}

export async function runScore(options: ScoreOptions, context: CommandContext): Promise<void> {
  const output = chooseOutput(options);
  const rules = await loadScoringRules(options.config, context);
  if (options.explain !== undefined) {
    const reference = options.explain;
    const lead = await readStore(context, async (tx) => await requireLead(tx, reference));
    const { score, lines } = scoreLead(lead, rules);
    const verdict =
      score >= rules.threshold ? "at or over the threshold: MQL material" : "under the threshold";
    const result = { lead: lead.id, email: lead.email, score, threshold: rules.threshold, lines };
    const text =
      output.format === "json"
        ? jsonDocument(result)
        : neutraliseControls(
            `Lead ${lead.id} (${lead.email ?? lead.external_id}): score ${score}, threshold ${rules.threshold}, ${verdict}\n`,
          ) +
          (lines.length === 0
            ? "  no rule matched\n"
            : textRecord(
                lines.map((line): [string, string] => [
                  `  ${line.rule}`,
                  `${line.points > 0 ? "+" : ""}${line.points}`,
                ]),
              ));
    deliver(text, output.out, context.stdout, output.format);
    return;
  }
  const at = atOption(options.at);
  const summary = await withStore(context, async (store) =>
    scoreLeads(store, rules, {
      filter: leadFilterFrom(options, new Date(), await store.read(fiscalCalendar)),
      promote: options.promote === true,
      dryRun: options.dryRun === true,
      at,
    }),
  );
  const text =
    output.format === "json"
      ? jsonDocument(summary)
      : `${summary.dryRun ? "Dry run (nothing written): " : ""}Scored ${summary.scored} lead(s), ${summary.changed} changed; ` +
        `${summary.atOrOverThreshold} at or over the threshold ${summary.threshold}` +
        (options.promote === true ? `; ${summary.promoted} promoted to mql` : "") +
        "\n";
  deliver(text, output.out, context.stdout, output.format);
}
