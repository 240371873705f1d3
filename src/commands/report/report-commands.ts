import { type Command, Option } from "../../cli/commander.js";
import type { CommandGroup } from "../../cli/context.js";
import { addExamples, addSubcommandExamples } from "../../cli/examples.js";
import {
  addOutputOptions,
  addPeriodOptions,
  nonNegativeNumber,
  positiveInteger,
} from "../../cli/options.js";
import { quotaMetrics } from "../../domain/quota-metrics.js";
import { addSlaReport } from "../sla/sla-commands.js";

/** `funnel report sla|assignments|quota|funnel|sources|monthly|pipeline`. */
export const wiring: CommandGroup["wiring"] = {
  report(report, context) {
    addSlaReport(report, context);
    addOutputOptions(
      addPeriodOptions(
        report
          .command("assignments")
          .description(
            "handoffs per rep in a period against their share of the weights: is the spread fair?",
          ),
        "this-month",
      ),
    ).action(async (options, command: Command) => {
      const { runReportAssignments } = await import("./report-assignments.js");
      await runReportAssignments(options, context(command));
    });
    addOutputOptions(
      addPeriodOptions(
        report
          .command("quota")
          .description(
            "quota attainment, pacing, projection, gap, win rate and pipeline coverage per rep, team or manager",
          ),
        "this-month",
      )
        .addOption(
          new Option("--by <level>", "one row per rep, team or manager")
            .choices(["rep", "team", "manager"])
            .default("rep"),
        )
        .addOption(
          new Option("--metric <metric>", "what the quota counts")
            .choices(quotaMetrics)
            .default("revenue"),
        )
        .option("--weighted", "coverage from pipeline weighted by stage probability")
        .option(
          "--fail-under <pct>",
          "exit 3 when a row with a quota is under PCT % (attainment; pacing while the period runs)",
          nonNegativeNumber,
        )
        .option(
          "--config <file>",
          "a config file whose pipeline is used for this run (default: the database's configuration)",
        )
        .addHelpText("after", quotaReportHelp),
    ).action(async (options, command: Command) => {
      const { runReportQuota } = await import("./report-quota.js");
      await runReportQuota(options, context(command));
    });
    addOutputOptions(
      addPeriodOptions(
        report
          .command("funnel")
          .description(
            "stage counts, step and cumulative conversion, drop-off and days between stages",
          ),
        "this-quarter",
      )
        .addOption(
          new Option("--mode <mode>", "cohort: leads created in the period; activity: moves in it")
            .choices(["cohort", "activity"])
            .default("cohort"),
        )
        .addOption(
          new Option("--by <group>", "one funnel per group, as rows").choices([
            "source",
            "campaign",
            "owner",
            "team",
            "month",
            "quarter",
          ]),
        )
        .option(
          "--top <n>",
          "with --by: the N largest groups, the rest as one row",
          positiveInteger,
        ),
    ).action(async (options, command: Command) => {
      const { runReportFunnel } = await import("./report-funnel.js");
      await runReportFunnel(options, context(command));
    });
    addOutputOptions(
      addPeriodOptions(
        report
          .command("sources")
          .description(
            "per source: leads, MQLs, handoffs, accepted, rejected (and why), won deals and revenue",
          ),
        "this-quarter",
      ),
    ).action(async (options, command: Command) => {
      const { runReportSources } = await import("./report-sources.js");
      await runReportSources(options, context(command));
    });
    addOutputOptions(
      addPeriodOptions(
        report
          .command("monthly")
          .description(
            "one digest: quota attainment, funnel, sources, MQL trend, against the period before",
          )
          .option(
            "--config <file>",
            "a config file whose pipeline is used for this run (default: the database's configuration)",
          ),
        "last-month",
      ),
      ["table", "md", "json", "html"],
    ).action(async (options, command: Command) => {
      const { runReportMonthly } = await import("./report-monthly.js");
      await runReportMonthly(options, context(command));
    });
    addOutputOptions(
      report
        .command("pipeline")
        .description("open deals by stage: count, value, weighted value, age and stale deals")
        .addOption(
          new Option("--by <group>", "one block of stages per owner or team").choices([
            "owner",
            "team",
          ]),
        )
        .option(
          "--stale-days <n>",
          "idle longer than N days is stale (default: per stage in the config, else 30)",
          positiveInteger,
        )
        .option("--all", "on a terminal, list every stale deal (it shows the 20 longest idle)")
        .option(
          "--as-of <date>",
          "the pipeline as it stood then (a date alone: the end of that day)",
        )
        .option(
          "--config <file>",
          "a config file whose pipeline is used for this run (default: the database's configuration)",
        ),
    ).action(async (options, command: Command) => {
      const { runReportPipeline } = await import("./report-pipeline.js");
      await runReportPipeline(options, context(command));
    });
    // What each figure means is explained once, for every report.
    for (const each of report.commands) each.addHelpText("after", "\nSee funnel help metrics");
    addExamples(
      report,
      "funnel report quota --period 2026-Q4 --by team --as-of 2026-11-27",
      "funnel report funnel --period 2026-Q3 --by source --as-of 2026-11-27",
    );
    addSubcommandExamples(report, {
      sla: [
        "funnel report sla --period 2026-10",
        "funnel report sla --period 2026-Q4 --as-of 2026-11-27 --json",
      ],
      assignments: ["funnel report assignments --period 2026-Q4 --as-of 2026-11-27"],
      quota: [
        "funnel report quota --period 2026-Q4 --by team --as-of 2026-11-27",
        "funnel report quota --period 2026-10 --fail-under 80  # exits 3: under 80 %",
      ],
      funnel: [
        "funnel report funnel --period 2026-Q3 --by source --as-of 2026-11-27",
        "funnel report funnel --period 2026-Q4 --mode activity --as-of 2026-11-27",
      ],
      sources: ["funnel report sources --period 2026-Q4 --as-of 2026-11-27"],
      monthly: [
        "funnel report monthly --period 2026-10 --format md",
        "funnel report monthly --period 2026-10 --out reports/monthly-{period}.html",
      ],
      pipeline: [
        "funnel report pipeline --by owner --as-of 2026-11-27",
        "funnel report pipeline --stale-days 14 --as-of 2026-11-27 --format md",
      ],
    });
  },
};

const quotaReportHelp = `
Figures (GUIDE metric definitions):
  attainment  achieved / quota
  pacing      achieved / (quota x elapsed share of the period), while the period runs
  projection  achieved / elapsed share: where the period ends at this pace
  gap         quota - achieved
  win rate    won / (won + lost), deals closed in the period
  pipeline    open deals expected to close in the rest of the period (weighted: x stage probability)
  coverage    pipeline / remaining quota

A period without its own quota uses the quotas that cover it: a month takes a third of its
quarter's quota, a quarter adds up its months'; the "basis" column says which it used.
Team and manager rows add up their reps. A team row uses the team:NAME quota (for all the
team's work) when one is set, else the sum of its reps' quotas. A manager's row holds the
manager and their direct reports: the manager's own quota counts the manager's own deals,
like any rep's, added to their reports' quotas. A closed period shows final figures only.

Like with like: when a row's quota covers only some of its reps or months, achieved,
attainment, pacing, projection, gap and coverage count those reps in those months only (the
elapsed share is of those months); "uncovered" is what the row's reps achieved outside it,
and a note names what it leaves out.`;
