import { type Command, Option } from "../../cli/commander.js";
import type { CommandGroup } from "../../cli/context.js";
import { addExamples, addSubcommandExamples } from "../../cli/examples.js";
import { addOutputOptions, positiveInteger } from "../../cli/options.js";
import { dealKinds } from "../../domain/quota-metrics.js";

/** `funnel deal add|stage|won|lost|show` and `funnel deals`. */
export const wiring: CommandGroup["wiring"] = {
  deal(deal, context) {
    deal
      .command("add")
      .description("open a deal; its lead becomes an opportunity")
      .requiredOption("--owner <handle>", "the rep who owns the deal")
      .option("--lead <lead>", "the lead it came from (id, email or external id)")
      .option("--amount <amount>", "12500, 12,500.00 or 12.5k, in the database's currency")
      .option("--account <account>", "the buying company (default: the lead's company)")
      .option("--name <name>", "a name for the deal")
      .option("--stage <stage>", "an open pipeline stage (default: the first)")
      .option("--expected-close <date>", "when it is expected to close")
      .addOption(
        new Option("--kind <kind>", "what kind of business").choices(dealKinds).default("new"),
      )
      .option("--id <external-id>", "the deal's id in another system")
      .option("--at <date>", "when it opened (default: now)")
      .option(
        "--config <file>",
        "a config file whose pipeline is used for this run (default: the database's configuration)",
      )
      .action(async (options, command: Command) => {
        const { runDealAdd } = await import("./deal.js");
        await runDealAdd(options, context(command));
      });
    deal
      .command("stage")
      .description("move an open deal to another pipeline stage")
      .argument("<deal>", "deal id or external id")
      .argument("<stage>", "an open pipeline stage")
      .option("--amount <amount>", "change the amount too")
      .option("--expected-close <date>", "change the expected close date too")
      .option("--at <date>", "when (default: now)")
      .option(
        "--config <file>",
        "a config file whose pipeline is used for this run (default: the database's configuration)",
      )
      .action(async (reference: string, stage: string, options, command: Command) => {
        const { runDealStage } = await import("./deal.js");
        await runDealStage(reference, stage, options, context(command));
      });
    deal
      .command("won")
      .description("close a deal as won; its lead becomes a customer")
      .argument("<deal>", "deal id or external id")
      .option("--amount <amount>", "what was won (default: the deal's amount)")
      .option("--at <date>", "when (default: now)")
      .action(async (reference: string, options, command: Command) => {
        const { runDealWon } = await import("./deal.js");
        await runDealWon(reference, options, context(command));
      });
    deal
      .command("lost")
      .description("close a deal as lost, with the reason")
      .argument("<deal>", "deal id or external id")
      .requiredOption("--reason <reason>", 'why, e.g. "chose a competitor"')
      .option("--at <date>", "when (default: now)")
      .action(async (reference: string, options, command: Command) => {
        const { runDealLost } = await import("./deal.js");
        await runDealLost(reference, options, context(command));
      });
    addOutputOptions(
      deal
        .command("show")
        .description("a deal's fields and stage history")
        .argument("<deal>", "deal id or external id")
        .option(
          "--config <file>",
          "a config file whose pipeline is used for this run (default: the database's configuration)",
        ),
      ["table", "json"],
    ).action(async (reference: string, options, command: Command) => {
      const { runDealShow } = await import("./deal-show.js");
      await runDealShow(reference, options, context(command));
    });
    addExamples(
      deal,
      "funnel deal stage 49 proposal --at 2026-11-27",
      "funnel deal won 47 --at 2026-11-30",
    );
    addSubcommandExamples(deal, {
      add: ["funnel deal add --owner ana-souza --lead 299 --amount 12.5k --at 2026-11-27"],
      stage: ["funnel deal stage 49 proposal --amount 11k --at 2026-11-27"],
      won: ["funnel deal won 47 --at 2026-11-30"],
      lost: ['funnel deal lost 48 --reason "chose a competitor" --at 2026-11-30'],
      show: ["funnel deal show 28", "funnel deal show DD028 --json"],
    });
  },
  deals(deals, context) {
    addOutputOptions(
      deals
        .option("--owner <handle>", "only this rep's deals")
        .option("--stage <stage>", "only deals at this stage")
        .addOption(
          new Option("--status <status>", "only open, won, lost or closed deals").choices([
            "open",
            "won",
            "lost",
            "closed",
          ]),
        )
        .option("--lead <lead>", "only deals of this lead")
        .option(
          "--closed <period>",
          "only deals closed in a period: 2026-10, 2026-Q4, last-month, ...",
        )
        .option("--limit <n>", "at most N deals (default 50)", positiveInteger)
        .option("--all", "every matching deal (no limit)"),
    ).action(async (options, command: Command) => {
      const { runDeals } = await import("./deals.js");
      await runDeals(options, context(command));
    });
    addExamples(
      deals,
      "funnel deals --status open --owner noah-park",
      "funnel deals --closed 2026-Q4 --out deals-2026-Q4.csv",
    );
  },
};
