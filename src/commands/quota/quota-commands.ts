import { type Command, Option } from "../../cli/commander.js";
import type { CommandGroup } from "../../cli/context.js";
import { addExamples, addSubcommandExamples } from "../../cli/examples.js";
import { addOutputOptions } from "../../cli/options.js";
import { quotaMetrics } from "../../domain/quota-metrics.js";

/** `funnel quota set|list`. */
export const wiring: CommandGroup["wiring"] = {
  quota(quota, context) {
    quota
      .command("set")
      .description("set a quota (or change it)")
      .argument("<owner>", "a rep handle, or team:NAME")
      .argument("<period>", "a month, quarter or year: 2026-10, 2026-Q4, 2026, this-quarter, ...")
      .argument("<target>", "revenue: 120000, 120k; other metrics: a count")
      .addOption(
        new Option("--metric <metric>", "what the quota counts")
          .choices(quotaMetrics)
          .default("revenue"),
      )
      .action(async (owner: string, period: string, target: string, options, command: Command) => {
        const { runQuotaSet } = await import("./quota.js");
        await runQuotaSet(owner, period, target, options, context(command));
      });
    addOutputOptions(
      quota
        .command("list")
        .description("list quotas, by period")
        .option("--period <period>", "only quotas overlapping this period")
        .addOption(new Option("--metric <metric>", "only this metric").choices(quotaMetrics)),
    ).action(async (options, command: Command) => {
      const { runQuotaList } = await import("./quota.js");
      await runQuotaList(options, context(command));
    });
    addExamples(
      quota,
      "funnel quota set ana-souza 2027-Q1 60k",
      "funnel quota list --period 2026-Q4",
    );
    addSubcommandExamples(quota, {
      set: [
        "funnel quota set ana-souza 2027-Q1 60k",
        "funnel quota set team:East 2027-Q1 25 --metric deals",
      ],
      list: ["funnel quota list --period 2026-Q4", "funnel quota list --metric revenue --json"],
    });
  },
};
