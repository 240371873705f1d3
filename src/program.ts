import { Command, InvalidArgumentError, Option } from "./cli/commander.js";
import { createContext } from "./cli/context.js";
import { addOutputOptions, addPeriodOptions, collect, positiveInteger } from "./cli/options.js";
import { addRepFieldOptions } from "./commands/rep/rep-options.js";
import { addSlaCommands, addSlaReport } from "./commands/sla/sla-commands.js";
import { strategies } from "./domain/assignment.js";
import { leadFieldDescriptions, leadFields } from "./domain/lead-fields.js";
import { dealKinds, quotaMetrics } from "./domain/quota-metrics.js";
import { repRoles } from "./domain/reps.js";
import { stages } from "./domain/stages.js";
import { neutraliseControls } from "./render/terminal.js";

/**
 * The whole command tree, built without side effects. Each action loads its command module
 * only when it runs, so `funnel --help` never pays for SQLite, CSV parsing or prompts.
 */
export function buildProgram(version: string, argv?: readonly string[]): Command {
  const program = new Command("funnel")
    .description(
      "Funnel and quota toolkit: leads, handoffs, deals and reports over one SQLite file.",
    )
    .version(version, "-V, --version")
    .option("--db <path>", "database file (default: $FUNNEL_DB, else ./funnel.db)")
    .showSuggestionAfterError()
    // Errors come back to main() as exceptions (exit code 2 there), on every subcommand too:
    // commander copies these settings into the commands created after them.
    .exitOverride()
    // Commander echoes argv in its errors (`unknown option '--\u001b[2J'`): neutralise them.
    .configureOutput({
      writeErr: (text) => process.stderr.write(neutraliseControls(text)),
      outputError: (text, write) => write(usageErrorLine(text)),
    })
    .configureHelp({ sortSubcommands: false })
    // No command may write its --out or --rejects onto a file it reads (the database...).
    .hook("preAction", async (_program, action) => {
      const { refuseWritingOntoReads } = await import("./cli/files-written.js");
      refuseWritingOntoReads(action);
    });

  const context = (command: Command) => createContext(command.optsWithGlobals());
  // A subcommand's options may have been taken by its parent (`import list --json`).
  const optionsOf = (command: Command) => command.optsWithGlobals();
  // `funnel --help` lists the command groups by name only, so a group's subcommands are built
  // only when it is the one invoked (start-up time); without argv, everything is built.
  const invoked = argv === undefined ? undefined : invokedCommand(argv);
  const builds = (group: string) => argv === undefined || invoked === group;

  const importCommand = program
    .command("import")
    .description("import leads, deals, quotas or reps from a CSV file (one batch, all or nothing)")
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
    .option("--create-reps", "deals: add owners who are not reps yet (as ae), instead of rejecting")
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
      "deals: config with the pipeline (default: funnel.config.json next to the database)",
    )
    .option("--dry-run", "check everything and report, without writing (not even a new database)")
    .addHelpText("after", importHelp)
    .action(async (file: string, options, command: Command) => {
      const { runImport } = await import("./commands/import.js");
      await runImport(file, options, context(command));
    });
  addOutputOptions(importCommand);

  addOutputOptions(
    importCommand
      .command("list")
      .description("list import batches")
      .action(async (_options, command: Command) => {
        const { runImportList } = await import("./commands/import-list.js");
        runImportList(optionsOf(command), context(command));
      }),
  );

  importCommand
    .command("revert")
    .description("undo an import batch: remove what it created, restore what it changed")
    .argument("<batch>", "batch number (see funnel import list)", positiveInteger)
    .option("--dry-run", "say what would be reverted, without changing anything")
    .action(async (batch: number, _options, command: Command) => {
      const { runImportRevert } = await import("./commands/import-revert.js");
      runImportRevert(batch, optionsOf(command), context(command));
    });

  addOutputOptions(
    addLeadFilters(program.command("leads").description("list leads, newest first"))
      .option("--limit <n>", "at most N leads (default 50)", positiveInteger)
      .option("--all", "every matching lead (no limit)")
      .action(async (options, command: Command) => {
        const { runLeads } = await import("./commands/leads.js");
        runLeads(options, context(command));
      }),
  );

  const lead = program.command("lead").description("one lead");
  if (builds("lead"))
    addOutputOptions(
      lead
        .command("show")
        .description("all of a lead's fields, attributes and stage history")
        .argument("<lead>", "lead id, email or external id")
        .action(async (reference: string, options, command: Command) => {
          const { runLeadShow } = await import("./commands/lead-show.js");
          runLeadShow(reference, options, context(command));
        }),
    );

  const exportCommand = program.command("export").description("export data for other tools");
  if (builds("export"))
    addOutputOptions(
      addLeadFilters(
        exportCommand
          .command("leads")
          .description("every lead with its attributes as columns (formula cells escaped)")
          .addHelpText("after", exportLeadsHelp),
      ).action(async (options, command: Command) => {
        const { runExportLeads } = await import("./commands/export-leads.js");
        await runExportLeads(options, context(command));
      }),
      ["csv", "json"],
    );

  addRepCommands(program, context, builds("rep"));
  addLifecycleCommands(program, context);
  addDealCommands(program, context, builds("deal"));
  addQuotaCommands(program, context, builds("quota"));
  program
    .command("demo")
    .description(
      "build a sample database (reps, leads, handoffs, deals, quotas, an SLA) to try every report",
    )
    .action(async (_options, command: Command) => {
      const { runDemo } = await import("./commands/demo.js");
      await runDemo({}, context(command));
    });
  addSlaCommands(program, context, builds("sla"));
  addBackupCommands(program, context);

  addOutputOptions(
    addLeadFilters(
      program.command("score").description("score leads by the rules in funnel.config.json"),
    )
      .option("--config <file>", "config file (default: funnel.config.json next to the database)")
      .option("--promote", "turn leads (stage lead or recycled) at or over the threshold into MQLs")
      .option("--explain <lead>", "show which rules gave a lead which points")
      .option("--at <date>", "when the scores and promotions are recorded (default: now)")
      .option("--dry-run", "report, change nothing"),
    ["table", "json"],
  ).action(async (options, command: Command) => {
    const { runScore } = await import("./commands/score.js");
    runScore(options, context(command));
  });

  program
    .command("qualify")
    .description("qualify leads: interactively one by one, or one lead by flags")
    .argument("[lead]", "decide on this lead (id, email or external id) with --as")
    .addOption(
      new Option("--as <stage>", "the outcome for <lead>").choices(["mql", "sql", "disqualified"]),
    )
    .option("--reason <reason>", "why (required to disqualify)")
    .option("--note <note>", "a note kept with the decision")
    .option("--sales", "walk accepted leads (sal) for sales qualification instead of new ones")
    .option("--limit <n>", "at most N leads in the session", positiveInteger)
    .option("--by <name>", "who decides (kept with each decision)")
    .option("--at <date>", "when <lead> was decided (default: now)")
    .option("--config <file>", "config file with qualification.questions (default: BANT)")
    .action(async (reference: string | undefined, options, command: Command) => {
      const { runQualify } = await import("./commands/qualify.js");
      await runQualify(reference, options, context(command));
    });

  const config = program.command("config").description("settings kept in the database");
  if (builds("config")) {
    config
      .command("set")
      .description("change a setting (fiscal-year-start, currency)")
      .argument("<key>", "setting name")
      .argument("<value>", "new value")
      .action(async (key: string, value: string, _options, command: Command) => {
        const { runConfigSet } = await import("./commands/config.js");
        runConfigSet(key, value, context(command));
      });
    config
      .command("show")
      .description("every setting and its value")
      .action(async (_options, command: Command) => {
        const { runConfigShow } = await import("./commands/config.js");
        runConfigShow(context(command));
      });
  }

  const report = program.command("report").description("reports");
  if (builds("report")) {
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
      const { runReportAssignments } = await import("./commands/report-assignments.js");
      runReportAssignments(options, context(command));
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
          "config with the pipeline (default: funnel.config.json next to the database)",
        )
        .addHelpText("after", quotaReportHelp),
    ).action(async (options, command: Command) => {
      const { runReportQuota } = await import("./commands/report-quota.js");
      runReportQuota(options, context(command));
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
      const { runReportFunnel } = await import("./commands/report-funnel.js");
      runReportFunnel(options, context(command));
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
      const { runReportSources } = await import("./commands/report-sources.js");
      runReportSources(options, context(command));
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
            "config with the pipeline (default: funnel.config.json next to the database)",
          ),
        "last-month",
      ),
      ["table", "md", "json", "html"],
    ).action(async (options, command: Command) => {
      const { runReportMonthly } = await import("./commands/report-monthly.js");
      runReportMonthly(options, context(command));
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
        .option(
          "--as-of <date>",
          "the pipeline as it stood then (a date alone: the end of that day)",
        )
        .option(
          "--config <file>",
          "config with the pipeline (default: funnel.config.json next to the database)",
        ),
    ).action(async (options, command: Command) => {
      const { runReportPipeline } = await import("./commands/report-pipeline.js");
      runReportPipeline(options, context(command));
    });
  }

  return program;
}

/**
 * Commander's `error: what` (and its `(Did you mean x?)` on a line of its own) as one line
 * beginning `funnel:`, like every other error: `funnel: what (Did you mean x?)`.
 */
export function usageErrorLine(text: string): string {
  // Lines trimmed and joined by hand: a regex around the line breaks took quadratic time on a
  // long run of spaces in an option's value, which commander quotes back.
  const lines = text
    .replace(/^\s*error: /, "")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "");
  return `funnel: ${lines.join(" ")}\n`;
}

function nonNegativeNumber(value: string): number {
  if (!/^\d+(\.\d+)?$/.test(value))
    throw new InvalidArgumentError("expected a percentage, e.g. 80");
  return Number(value);
}

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
and a note names what it leaves out.

Examples:
  funnel report quota --period last-month --by team
  funnel report quota --period 2026-Q4 --fail-under 80 --out reports/quota-{period}.md`;

function addDealCommands(
  program: Command,
  context: (command: Command) => ReturnType<typeof createContext>,
  full: boolean,
): void {
  const deal = program.command("deal").description("one deal: add, move, win, lose, show");
  if (full) {
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
        "config with the pipeline (default: funnel.config.json next to the database)",
      )
      .action(async (options, command: Command) => {
        const { runDealAdd } = await import("./commands/deal.js");
        runDealAdd(options, context(command));
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
        "config with the pipeline (default: funnel.config.json next to the database)",
      )
      .action(async (reference: string, stage: string, options, command: Command) => {
        const { runDealStage } = await import("./commands/deal.js");
        runDealStage(reference, stage, options, context(command));
      });
    deal
      .command("won")
      .description("close a deal as won; its lead becomes a customer")
      .argument("<deal>", "deal id or external id")
      .option("--amount <amount>", "what was won (default: the deal's amount)")
      .option("--at <date>", "when (default: now)")
      .action(async (reference: string, options, command: Command) => {
        const { runDealWon } = await import("./commands/deal.js");
        runDealWon(reference, options, context(command));
      });
    deal
      .command("lost")
      .description("close a deal as lost, with the reason")
      .argument("<deal>", "deal id or external id")
      .requiredOption("--reason <reason>", 'why, e.g. "chose a competitor"')
      .option("--at <date>", "when (default: now)")
      .action(async (reference: string, options, command: Command) => {
        const { runDealLost } = await import("./commands/deal.js");
        runDealLost(reference, options, context(command));
      });
    addOutputOptions(
      deal
        .command("show")
        .description("a deal's fields and stage history")
        .argument("<deal>", "deal id or external id")
        .option(
          "--config <file>",
          "config with the pipeline (default: funnel.config.json next to the database)",
        ),
      ["table", "json"],
    ).action(async (reference: string, options, command: Command) => {
      const { runDealShow } = await import("./commands/deal-show.js");
      runDealShow(reference, options, context(command));
    });
  }
  addOutputOptions(
    program
      .command("deals")
      .description("list deals, most recent first")
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
    const { runDeals } = await import("./commands/deals.js");
    runDeals(options, context(command));
  });
}

function addQuotaCommands(
  program: Command,
  context: (command: Command) => ReturnType<typeof createContext>,
  full: boolean,
): void {
  const quota = program.command("quota").description("quotas: targets per rep or team and period");
  if (!full) return;
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
      const { runQuotaSet } = await import("./commands/quota.js");
      runQuotaSet(owner, period, target, options, context(command));
    });
  addOutputOptions(
    quota
      .command("list")
      .description("list quotas, by period")
      .option("--period <period>", "only quotas overlapping this period")
      .addOption(new Option("--metric <metric>", "only this metric").choices(quotaMetrics)),
  ).action(async (options, command: Command) => {
    const { runQuotaList } = await import("./commands/quota.js");
    runQuotaList(options, context(command));
  });
}

function addRepCommands(
  program: Command,
  context: (command: Command) => ReturnType<typeof createContext>,
  full: boolean,
): void {
  const rep = program
    .command("rep")
    .description("sales and marketing reps: add, list, update, (de)activate, show");
  if (!full) return;
  addRepFieldOptions(
    rep
      .command("add")
      .description("add a rep")
      .argument("<handle>", "short unique name, e.g. ana-souza"),
  ).action(async (handle: string, options, command: Command) => {
    const { runRepAdd } = await import("./commands/rep/rep-add.js");
    runRepAdd(handle, options, context(command));
  });
  addRepFieldOptions(
    rep.command("update").description("change a rep's fields").argument("<handle>", "rep handle"),
  ).action(async (handle: string, options, command: Command) => {
    const { runRepUpdate } = await import("./commands/rep/rep-add.js");
    runRepUpdate(handle, options, context(command));
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
        const { runRepSetActive } = await import("./commands/rep/rep-add.js");
        runRepSetActive(handle, active, context(command));
      });
  }
  addOutputOptions(
    rep
      .command("list")
      .description("list reps with their open leads")
      .option("--team <team>", "only this team")
      .option("--active", "only active reps"),
  ).action(async (options, command: Command) => {
    const { runRepList } = await import("./commands/rep/rep-list.js");
    runRepList(options, context(command));
  });
  addOutputOptions(
    rep
      .command("show")
      .description("a rep, their open leads and deals, and speed-to-lead")
      .argument("<handle>", "rep handle"),
    ["table", "json"],
  ).action(async (handle: string, options, command: Command) => {
    const { runRepShow } = await import("./commands/rep/rep-show.js");
    runRepShow(handle, options, context(command));
  });
}

function addLeadFilters(command: Command): Command {
  return command
    .addOption(new Option("--stage <stage>", "only leads at this stage").choices(stages))
    .option("--source <source>", "only leads from this source")
    .option("--owner <owner>", "only leads of this owner")
    .option(
      "--created <period>",
      "only leads created in a period: 2026-10, 2026-Q4, 2026, last-month, ...",
    );
}

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
  funnel import revert <batch>  undo one batch

Examples:
  funnel import leads.csv
  funnel import opportunities.csv --type deals --create-reps
  funnel import quotas.csv --type quotas
  funnel import hubspot.csv --map "Contact owner=owner" --source web --dry-run
  funnel import export.csv --date-format MM/dd/yyyy --on-duplicate skip`;

const exportLeadsHelp = `
Formula cells (CSV injection): a cell that starts with = @ tab or CR, or with + or - followed by
anything but digits, spaces, dots, dashes and parentheses, is written with a leading ' so that a
spreadsheet shows it as text. Phone numbers (+1 555 0100) and negative numbers stay as they are.
funnel import removes that one ' again, so exporting and re-importing changes no value.`;

function addLifecycleCommands(
  program: Command,
  context: (command: Command) => ReturnType<typeof createContext>,
): void {
  addOutputOptions(
    program
      .command("handoff")
      .description("hand unassigned MQLs to active sales reps (starts the SLA clock)")
      .argument("[leads...]", "hand only these leads (ids, emails, external ids); needs --to")
      .addOption(
        new Option("--strategy <strategy>", "how to choose the rep")
          .choices(strategies)
          .default("round-robin"),
      )
      .option("--to <handle>", "hand the named leads to this rep")
      .option("--limit <n>", "at most N leads, oldest first", positiveInteger)
      .option("--at <date>", "when the handoff happened: the SLA clock starts there (default: now)")
      .option("--dry-run", "print the plan, change nothing")
      .option("--explain", "say why each lead went where"),
  ).action(async (leads: string[], options, command: Command) => {
    const { runHandoff } = await import("./commands/handoff.js");
    runHandoff(leads, options, context(command));
  });
  program
    .command("accept")
    .description("the owning rep accepts a handed-off MQL (mql -> sal)")
    .argument("<lead>", "lead id, email or external id")
    .option("--by <handle>", "the rep accepting it (default: its owner)")
    .option("--at <date>", "when (default: now)")
    .action(async (reference: string, options, command: Command) => {
      const { runAccept } = await import("./commands/lead-decision.js");
      runAccept(reference, options, context(command));
    });
  program
    .command("reject")
    .description("the owning rep rejects a handed-off MQL back to marketing (mql -> recycled)")
    .argument("<lead>", "lead id, email or external id")
    .requiredOption("--reason <reason>", 'why, e.g. "no budget"')
    .option("--by <handle>", "the rep rejecting it (default: its owner)")
    .option("--at <date>", "when (default: now)")
    .action(async (reference: string, options, command: Command) => {
      const { runReject } = await import("./commands/lead-decision.js");
      runReject(reference, options, context(command));
    });
  program
    .command("touch")
    .description("log an activity on a lead; the first after a handoff fixes speed-to-lead")
    .argument("<lead>", "lead id, email or external id")
    .addOption(
      new Option("--kind <kind>", "what happened")
        .choices(["call", "email", "meeting", "demo"])
        .makeOptionMandatory(),
    )
    .option("--by <handle>", "the rep (default: the lead's owner)")
    .option("--at <date>", "when (default: now)")
    .option("--note <text>", "a note")
    .action(async (reference: string, options, command: Command) => {
      const { runTouch } = await import("./commands/lead-decision.js");
      runTouch(reference, options, context(command));
    });
}

/**
 * The top-level command a command line invokes (`help X` invokes X), skipping the global
 * options; undefined when there is none (`funnel --help`).
 */
export function invokedCommand(argv: readonly string[]): string | undefined {
  const words: string[] = [];
  for (let index = 0; index < argv.length; index++) {
    const word = argv[index] as string;
    if (word === "--db") index++;
    else if (!word.startsWith("-")) words.push(word);
    if (words.length === 2) break;
  }
  return words[0] === "help" ? words[1] : words[0];
}

function addBackupCommands(
  program: Command,
  context: (command: Command) => ReturnType<typeof createContext>,
): void {
  program
    .command("backup")
    .description(
      "copy the database to a file, safely while other commands write (checked, mode 0600)",
    )
    .argument("<file>", "the backup file to write (never overwritten without --force)")
    .option("--force", "overwrite <file> if it exists")
    .option("--json", "say what was written as JSON")
    .addHelpText("after", backupHelp)
    .action(async (file: string, options, command: Command) => {
      const { runBackup } = await import("./commands/backup.js");
      await runBackup(file, options, context(command));
    });
  program
    .command("restore")
    .description(
      "replace the database with a backup, once the backup is checked; the replaced one is kept",
    )
    .argument("<file>", "a file written by funnel backup")
    .option("-y, --yes", "replace without asking (needed without a terminal)")
    .option("--json", "say what was restored as JSON")
    .addHelpText("after", restoreHelp)
    .action(async (file: string, options, command: Command) => {
      const { runRestore } = await import("./commands/restore.js");
      await runRestore(file, options, context(command));
    });
  addOutputOptions(
    program
      .command("doctor")
      .description(
        "check the database (integrity, foreign keys, schema, WAL, mode) and clear killed commands' leftovers",
      )
      .option("--quick", "PRAGMA quick_check instead of integrity_check (faster on a large file)")
      .option("--checkpoint", "fold the write-ahead log back into the database")
      .option("--dry-run", "list the leftovers without removing them")
      .addHelpText("after", doctorHelp),
  ).action(async (options, command: Command) => {
    const { runDoctor } = await import("./commands/doctor.js");
    runDoctor(options, context(command));
  });
}

const doctorHelp = `
Checks, without changing the database: its file mode (0600), schema version (an older one is
upgraded by the next command; a newer one is refused), PRAGMA integrity_check (or quick_check
with --quick), PRAGMA foreign_key_check, journal mode and write-ahead log size. Then it clears
what killed commands left next to the database and next to the files it imported: a restore's
copy of its backup, unfinished backups, exports and rejects files (only those of processes
that are gone; --dry-run lists them). Exit 0 when healthy, 3 when a check found a problem.

Examples:
  funnel doctor
  funnel --db team.db doctor --quick --checkpoint --json`;

const backupHelp = `
The copy is taken with SQLite's online backup (one consistent snapshot; imports and reports
may run meanwhile), written under a temporary name next to <file>, checked with
PRAGMA integrity_check, and only then renamed to <file>: there is never a half-written backup
under that name. The backup is one file (no -wal), readable by its owner only.

Examples:
  funnel backup backups/funnel-2026-11-27.db
  funnel --db team.db backup team-before-cleanup.db --force`;

const restoreHelp = `
Before anything is replaced, the backup is copied next to the database and checked: a SQLite
file, PRAGMA integrity_check ok, a funnel schema no newer than this funnel's. A backup with an
older schema is upgraded in that copy (the backup file itself is left as it is). The database
is then replaced in one SQLite transaction, so a command running meanwhile sees the old
database or the restored one, never a mix; a copy of the replaced database is kept next to it
as <db>.before-restore-<time> (mode 0600). Asks first; --yes answers without a terminal.

Examples:
  funnel restore backups/funnel-2026-11-27.db
  funnel --db team.db restore team-before-cleanup.db --yes`;
