import type { Command } from "../../cli/commander.js";
import { Option } from "../../cli/commander.js";
import type { CommandGroup } from "../../cli/context.js";
import { addExamples, addSubcommandExamples } from "../../cli/examples.js";
import { addOutputOptions, nonNegativeInteger } from "../../cli/options.js";
import { repRoles } from "../../domain/reps.js";

/** `funnel rep add|update|deactivate|activate|list|show`. */
export const wiring: CommandGroup["wiring"] = {
  rep(rep, context) {
    addRepFieldOptions(
      rep
        .command("add")
        .description("add a rep")
        .argument("<handle>", "short unique name, e.g. ana-souza"),
    ).action(async (handle: string, options, command: Command) => {
      const { runRepAdd } = await import("./rep-add.js");
      await runRepAdd(handle, options, context(command));
    });
    addRepFieldOptions(
      rep.command("update").description("change a rep's fields").argument("<handle>", "rep handle"),
    ).action(async (handle: string, options, command: Command) => {
      const { runRepUpdate } = await import("./rep-add.js");
      await runRepUpdate(handle, options, context(command));
    });
    for (const [name, active, description] of [
      ["deactivate", false, "stop handing leads to a rep (on leave, left)"],
      ["activate", true, "hand leads to a rep again"],
    ] as const) {
      rep
        .command(name)
        .description(description)
        .argument("<handle>", "rep handle")
        .action(async (handle: string, _options, command: Command) => {
          const { runRepSetActive } = await import("./rep-add.js");
          await runRepSetActive(handle, active, context(command));
        });
    }
    addOutputOptions(
      rep
        .command("list")
        .description("list reps with their open leads")
        .option("--team <team>", "only this team")
        .option("--active", "only active reps"),
    ).action(async (options, command: Command) => {
      const { runRepList } = await import("./rep-list.js");
      await runRepList(options, context(command));
    });
    addOutputOptions(
      rep
        .command("show")
        .description("a rep, their open leads and deals, and speed-to-lead")
        .argument("<handle>", "rep handle"),
      ["table", "json"],
    ).action(async (handle: string, options, command: Command) => {
      const { runRepShow } = await import("./rep-show.js");
      await runRepShow(handle, options, context(command));
    });
    addExamples(rep, "funnel rep list --team East", "funnel rep show ana-souza");
    addSubcommandExamples(rep, {
      add: ['funnel rep add lena-vogel --name "Lena Vogel" --role sdr --team West'],
      update: ["funnel rep update zoe-kim --weight 2 --capacity 40"],
      deactivate: ["funnel rep deactivate omar-haddad"],
      activate: ["funnel rep activate omar-haddad"],
      list: ["funnel rep list --team East", "funnel rep list --active --json"],
      show: ["funnel rep show ana-souza"],
    });
  },
};

/** The options `rep add` and `rep update` share. */
function addRepFieldOptions(command: Command): Command {
  return command
    .option("--name <name>", "full name")
    .option("--email <email>", "email address")
    .addOption(new Option("--role <role>", "role").choices(repRoles))
    .option("--team <team>", "team name")
    .option(
      "--territory <territory>",
      "territory: a country or region, matched against leads' country",
    )
    .option("--manager <handle>", "the rep's manager (a rep handle)")
    .option("--weight <n>", "share of leads in weighted handoff (default 1)", nonNegativeInteger)
    .option(
      "--capacity <n>",
      "most open leads the rep may hold (default: no cap)",
      nonNegativeInteger,
    );
}
