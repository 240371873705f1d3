import type { Command } from "../../cli/commander.js";
import type { CommandGroup } from "../../cli/context.js";
import { addExamples, addSubcommandExamples } from "../../cli/examples.js";
import { addLeadFilters, addOutputOptions, positiveInteger } from "../../cli/options.js";

/** `funnel leads` and `funnel lead show`. */
export const wiring: CommandGroup["wiring"] = {
  leads(leads, context) {
    addOutputOptions(
      addLeadFilters(leads)
        .option("--limit <n>", "at most N leads (default 50)", positiveInteger)
        .option("--all", "every matching lead (no limit)")
        .action(async (options, command: Command) => {
          const { runLeads } = await import("./leads.js");
          await runLeads(options, context(command));
        }),
    );
    addExamples(
      leads,
      "funnel leads --stage mql --owner liam-smith",
      "funnel leads --created 2026-Q4 --source web --out leads-web.csv",
    );
  },
  lead(lead, context) {
    addOutputOptions(
      lead
        .command("show")
        .description("all of a lead's fields, attributes and stage history")
        .argument("<lead>", "lead id, email or external id")
        .action(async (reference: string, options, command: Command) => {
          const { runLeadShow } = await import("./lead-show.js");
          await runLeadShow(reference, options, context(command));
        }),
    );
    addExamples(lead, "funnel lead show 299");
    addSubcommandExamples(lead, {
      show: ["funnel lead show 299", "funnel lead show nora.berg252@pied-piper.example --json"],
    });
  },
};
