import { type Command, Option } from "../../cli/commander.js";
import type { CommandGroup } from "../../cli/context.js";
import { addExamples, addSubcommandExamples } from "../../cli/examples.js";
import { addOutputOptions, collect, positiveInteger } from "../../cli/options.js";
import { leadFieldDescriptions, leadFields } from "../../domain/lead-fields.js";
import { quotaMetrics } from "../../domain/quota-metrics.js";
import { repRoles } from "../../domain/reps.js";

/** `funnel import <file>`, `import list` and `import revert`. */
export const wiring: CommandGroup["wiring"] = {
  import(importCommand, context) {
    // A subcommand's options may have been taken by its parent (`import list --json`).
    const optionsOf = (command: Command) => command.optsWithGlobals();
    importCommand
      .argument("<file>", "CSV file: comma, semicolon or tab separated, UTF-8")
      .addOption(
        new Option("--type <type>", "what the file holds")
          .choices(["leads", "deals", "quotas", "reps"])
          .default("leads"),
      )
      .option(
        "--map <pairs>",
        'map headers to fields, e.g. "Lead Mail=email,Org=company,Notes=ignore" (repeatable)',
        collect,
      )
      .option("--source <source>", "leads: source for rows that have none")
      .option("--stage <stage>", "leads, deals: stage for rows that have none")
      .option("--owner <handle>", "deals: owner (rep) for rows that have none")
      .option(
        "--create-reps",
        "deals: add owners who are not reps yet (as ae), instead of rejecting",
      )
      .addOption(
        new Option("--metric <metric>", "quotas: metric for rows that have none").choices(
          quotaMetrics,
        ),
      )
      .addOption(
        new Option("--role <role>", "reps: role for rows that have none (new reps: ae)").choices(
          repRoles,
        ),
      )
      .option(
        "--date-format <format>",
        "date-fns format of dates that are not ISO 8601, e.g. MM/dd/yyyy",
      )
      .option("--delimiter <char>", "field delimiter (default: detected from the header)")
      .addOption(
        new Option(
          "--on-duplicate <action>",
          "a row whose lead or deal exists already: update it, skip it, or stop with an error",
        )
          .choices(["update", "skip", "error"])
          .default("update"),
      )
      .option(
        "--rejects <file>",
        "where rejected rows go (default: <file>.rejects.csv next to the input)",
      )
      .option(
        "--config <file>",
        "deals: a config file whose pipeline is used for this run (default: the database's configuration)",
      )
      .option("--dry-run", "check everything and report, without writing (not even a new database)")
      .addHelpText("after", importHelp)
      .action(async (file: string, options, command: Command) => {
        const { runImport } = await import("../import.js");
        await runImport(file, options, context(command));
      });
    addOutputOptions(importCommand);

    addOutputOptions(
      importCommand
        .command("list")
        .description("list import batches")
        .action(async (_options, command: Command) => {
          const { runImportList } = await import("../import-list.js");
          await runImportList(optionsOf(command), context(command));
        }),
    );

    importCommand
      .command("revert")
      .description("undo an import batch: remove what it created, restore what it changed")
      .argument("<batch>", "batch number (see funnel import list)", positiveInteger)
      .option("--dry-run", "say what would be reverted, without changing anything")
      .action(async (batch: number, _options, command: Command) => {
        const { runImportRevert } = await import("../import-revert.js");
        await runImportRevert(batch, optionsOf(command), context(command));
      });
    addExamples(
      importCommand,
      "funnel import fixtures/leads.csv",
      "funnel import fixtures/deals.csv --type deals --create-reps",
      "funnel import fixtures/quotas.csv --type quotas",
      "funnel import fixtures/reps.csv --type reps",
      "funnel import fixtures/messy-leads.csv --date-format dd/MM/yyyy --dry-run",
    );
    addSubcommandExamples(importCommand, {
      list: ["funnel import list", "funnel import list --json"],
      revert: ["funnel import revert 4 --dry-run", "funnel import revert 4"],
    });
  },
};

const importHelp = `
Lead fields (for --map "Header=field"; unmapped columns are kept as attributes):
${leadFields.map((field) => `  ${field.padEnd(12)} ${leadFieldDescriptions[field]}`).join("\n")}
  attribute    keep the column as an attribute even if it looks like a field
  ignore       drop the column

Deal fields (--type deals): external_id, name, account, amount, currency, stage, owner,
  lead (its email or external id), opened_at, expected_close, closed_at, kind, lost_reason;
  beside them: close_date, status (open/won/lost), is_won, is_lost, is_closed (yes/no),
  won_at, lost_at, contact ("Name (email)")
Quota columns (--type quotas): owner (rep handle or team:NAME), team, period, metric, target
Rep columns (--type reps): name, handle, role, team, territory, manager, email
  (reps and quotas keep no attributes: their other columns are ignored)

Headers of common CRM exports are recognised by themselves (Email, E-mail Address,
Lead Source, Created Date, Lead Status, Opportunity ID, Sales Agent, Deal Stage,
Close Value, sales_agent, regional_office, ...), whatever their case and punctuation:
Salesforce, HubSpot, Pipedrive (Deal - Status, Person - Email, ...) and Zoho CRM exports
of leads and deals. A column recognised so whose values mostly do not fit its field is
kept as an attribute, a later value that does not fit is kept on its row: only a column
named by --map rejects rows for that. The summary says what each column went to.

Subcommands:
  funnel import list            list import batches
  funnel import revert <batch>  undo one batch`;
