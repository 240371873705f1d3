import type { Command } from "../../cli/commander.js";
import type { CommandGroup } from "../../cli/context.js";
import { addExamples, addSubcommandExamples } from "../../cli/examples.js";
import { addLeadFilters, addOutputOptions } from "../../cli/options.js";

/** `funnel export leads`. */
export const wiring: CommandGroup["wiring"] = {
  export(exportCommand, context) {
    addOutputOptions(
      addLeadFilters(
        exportCommand
          .command("leads")
          .description("every lead with its attributes as columns (formula cells escaped)")
          .addHelpText("after", exportLeadsHelp),
      ).action(async (options, command: Command) => {
        const { runExportLeads } = await import("./export-leads.js");
        await runExportLeads(options, context(command));
      }),
      ["csv", "json"],
    );
    addExamples(exportCommand, "funnel export leads --created 2026-Q4 --out leads-2026-Q4.csv");
    addSubcommandExamples(exportCommand, {
      leads: [
        "funnel export leads --created 2026-Q4 --out leads-2026-Q4.csv",
        "funnel export leads --stage customer --json",
      ],
    });
  },
};

const exportLeadsHelp = `
Formula cells (CSV injection): a cell that starts with = @ tab or CR, or with + or - followed by
anything but digits, spaces, dots, dashes and parentheses, is written with a leading ' so that a
spreadsheet shows it as text. Phone numbers (+1 555 0100) and negative numbers stay as they are.
funnel import removes that one ' again, so exporting and re-importing changes no value.`;
