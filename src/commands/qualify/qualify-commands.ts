import { type Command, Option } from "../../cli/commander.js";
import type { CommandGroup } from "../../cli/context.js";
import { addExamples } from "../../cli/examples.js";
import { addLeadFilters, addOutputOptions, positiveInteger } from "../../cli/options.js";

/** `funnel score` and `funnel qualify`: how leads become MQLs (and SQLs). */
export const wiring: CommandGroup["wiring"] = {
  score(score, context) {
    addOutputOptions(
      addLeadFilters(score)
        .option(
          "--config <file>",
          "a config file whose questions are used for this run (default: the database's configuration)",
        )
        .option(
          "--promote",
          "turn leads (stage lead or recycled) at or over the threshold into MQLs",
        )
        .option("--explain <lead>", "show which rules gave a lead which points")
        .option("--at <date>", "when the scores and promotions are recorded (default: now)")
        .option("--dry-run", "report, change nothing"),
      ["table", "json"],
    ).action(async (options, command: Command) => {
      const { runScore } = await import("./score.js");
      await runScore(options, context(command));
    });
    addExamples(
      score,
      "funnel score --promote --at 2026-11-27T08:00:00Z --dry-run",
      "funnel score --explain 300",
    );
  },
  qualify(qualify, context) {
    qualify
      .argument("[lead]", "decide on this lead (id, email or external id) with --as")
      .addOption(
        new Option("--as <stage>", "the outcome for <lead>").choices([
          "mql",
          "sql",
          "disqualified",
        ]),
      )
      .option("--reason <reason>", "why (required to disqualify)")
      .option("--note <note>", "a note kept with the decision")
      .option("--sales", "walk accepted leads (sal) for sales qualification instead of new ones")
      .option("--limit <n>", "at most N leads in the session", positiveInteger)
      .option("--by <name>", "who decides (kept with each decision)")
      .option("--at <date>", "when <lead> was decided (default: now)")
      .option("--config <file>", "config file with qualification.questions (default: BANT)")
      .action(async (reference: string | undefined, options, command: Command) => {
        const { runQualify } = await import("./qualify.js");
        await runQualify(reference, options, context(command));
      });
    addExamples(
      qualify,
      'funnel qualify 300 --as mql --note "asked for a demo" --at 2026-11-27',
      'funnel qualify 297 --as disqualified --reason "student" --at 2026-11-27',
    );
  },
};
