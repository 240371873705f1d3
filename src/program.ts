import { Command, Help } from "./cli/commander.js";
import { type CommandGroup, createContext, type Io, placePathsIn } from "./cli/context.js";
import { addExamples } from "./cli/examples.js";
import { neutraliseControls } from "./render/terminal.js";

const groups = {
  backup: () => import("./commands/backup/backup-commands.js"),
  completion: () => import("./commands/completion/completion-commands.js"),
  config: () => import("./commands/config/config-commands.js"),
  db: () => import("./commands/db/db-commands.js"),
  deal: () => import("./commands/deal/deal-commands.js"),
  demo: () => import("./commands/demo/demo-commands.js"),
  export: () => import("./commands/export/export-commands.js"),
  handoff: () => import("./commands/handoff/handoff-commands.js"),
  import: () => import("./commands/import/import-commands.js"),
  lead: () => import("./commands/lead/lead-commands.js"),
  qualify: () => import("./commands/qualify/qualify-commands.js"),
  quota: () => import("./commands/quota/quota-commands.js"),
  rep: () => import("./commands/rep/rep-commands.js"),
  report: () => import("./commands/report/report-commands.js"),
  sla: () => import("./commands/sla/sla-commands.js"),
} satisfies Record<string, () => Promise<CommandGroup>>;

/**
 * The top-level commands, as `funnel --help` lists them: name, options and arguments (shown
 * before the command is wired), description, and the group whose module wires it.
 */
const commands: readonly [string, string, string, keyof typeof groups][] = [
  [
    "import",
    "[options] <file>",
    "import leads, deals, quotas or reps from a CSV file (one batch, all or nothing)",
    "import",
  ],
  ["leads", "[options]", "list leads, newest first", "lead"],
  ["lead", "", "one lead", "lead"],
  ["export", "", "export data for other tools", "export"],
  ["rep", "", "sales and marketing reps: add, list, update, (de)activate, show", "rep"],
  [
    "handoff",
    "[options] [leads...]",
    "hand unassigned MQLs to active sales reps (starts the SLA clock)",
    "handoff",
  ],
  ["accept", "[options] <lead>", "the owning rep accepts a handed-off MQL (mql -> sal)", "handoff"],
  [
    "reject",
    "[options] <lead>",
    "the owning rep rejects a handed-off MQL back to marketing (mql -> recycled)",
    "handoff",
  ],
  [
    "touch",
    "[options] <lead>",
    "log an activity on a lead; the first after a handoff fixes speed-to-lead",
    "handoff",
  ],
  ["deal", "", "one deal: add, move, win, lose, show", "deal"],
  ["deals", "[options]", "list deals, most recent first", "deal"],
  ["quota", "", "quotas: targets per rep or team and period", "quota"],
  [
    "demo",
    "",
    "build a sample database (reps, leads, handoffs, deals, quotas, an SLA) to try every report",
    "demo",
  ],
  ["sla", "", "the marketing-sales SLA: set it, show it, check it (exit 3 when breached)", "sla"],
  [
    "backup",
    "[options] <file>",
    "copy the database to a file, safely while other commands write (checked, mode 0600)",
    "backup",
  ],
  [
    "restore",
    "[options] <file>",
    "replace the database with a backup, once the backup is checked; the replaced one is kept",
    "backup",
  ],
  [
    "doctor",
    "[options]",
    "check the database (integrity, foreign keys, schema, WAL, mode) and clear killed commands' leftovers",
    "backup",
  ],
  [
    "db",
    "",
    "the database as a whole: copy it between SQLite and PostgreSQL, either way, checked",
    "db",
  ],
  ["score", "[options]", "score leads by the configuration's scoring rules", "qualify"],
  [
    "qualify",
    "[options] [lead]",
    "qualify leads: interactively one by one, or one lead by flags",
    "qualify",
  ],
  ["config", "", "the configuration kept in the database: settings, scoring, pipeline", "config"],
  ["report", "", "reports", "report"],
  ["completion", "<shell>", "print a completion script for bash, zsh or fish", "completion"],
  // Hidden: the completion scripts call it with the words typed so far.
  ["__complete", "", "print completion candidates", "completion"],
];

/**
 * The command tree, built without side effects: the top-level commands by name, and the one
 * that `argv` invokes (every one without argv) wired by its group's module, loaded then; so
 * `funnel --help` loads no command's code, and a command loads only its own group.
 */
export async function buildProgram(
  version: string,
  io: Io,
  argv?: readonly string[],
): Promise<Command> {
  // The options and arguments of the commands left unwired, as the table gives them.
  const unwiredUsage = new Map<Command, string>();
  const program = new Command("funnel")
    .description(
      "Funnel and quota toolkit: leads, handoffs, deals and reports over one SQLite file.",
    )
    .version(version, "-V, --version")
    .option("--db <path>", "database file (default: $FUNNEL_DB, else ./funnel.db)")
    .option(
      "--tz <zone>",
      "time zone of period edges and days, for this run (default: the database's)",
    )
    .showSuggestionAfterError()
    // Errors come back to main() as exceptions (exit code 2 there), on every subcommand too:
    // commander copies these settings into the commands created after them.
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      // Commander echoes argv in its errors (`unknown option '--\u001b[2J'`): neutralise them.
      writeErr: (text) => io.stderr.write(neutraliseControls(text)),
      outputError: (text, write) => write(usageErrorLine(text)),
      // Help fits a terminal; anything else gets commander's 80 columns.
      getOutHelpWidth: () => (io.stdout.isTTY === true ? io.stdout.columns : undefined) ?? 80,
      getErrHelpWidth: () => (io.stderr.isTTY === true ? io.stderr.columns : undefined) ?? 80,
    })
    .configureHelp({ sortSubcommands: false, subcommandTerm: termWith(unwiredUsage) })
    // No command may write its --out or --rejects onto a file it reads (the database...).
    .hook("preAction", async (_program, action) => {
      // help and completion open no database (__complete reads one only if it is there)
      if (["help", "completion", "__complete"].includes(action.name())) return;
      placePathsIn(action, io.cwd);
      const { refuseWritingOntoReads } = await import("./cli/files-written.js");
      refuseWritingOntoReads(action, context(action).dbPath);
      const { setTeamClock } = await import("./cli/team-clock.js");
      await setTeamClock(context(action), action.optsWithGlobals<{ tz?: string }>().tz);
    });

  const context = (command: Command) => createContext(io, command.optsWithGlobals());
  const invoked = argv === undefined ? undefined : invokedCommand(argv);
  for (const [name, usage, description, group] of commands) {
    const command = program
      .command(name, { hidden: name.startsWith("__") })
      .description(description);
    if (argv !== undefined && invoked !== name) unwiredUsage.set(command, usage);
    else {
      const wire = (await groups[group]()).wiring[name];
      if (wire === undefined) throw new Error(`the ${group} group does not wire ${name}`);
      wire(command, context);
    }
  }
  // Replaces commander's implicit `help [command]`, keeping its behaviour, to add the topics.
  const help = program
    .command("help [topic]")
    .allowExcessArguments() // `help report quota`: the report group's help, as commander gave it
    .description("display help for a command, or explain a topic: metrics, periods, import")
    .action(async (topic: string | undefined) => {
      const { runHelp } = await import("./help/help.js");
      await runHelp(program, topic, io.stdout);
    });
  addExamples(help, "funnel help metrics", "funnel help report");
  addExamples(
    program,
    "funnel --db demo.db demo",
    "funnel --db demo.db report quota --period 2026-10 --by team",
  );
  return program;
}

/** A command as a list of commands shows it, `import [options] <file>`, wired or not. */
function termWith(unwiredUsage: ReadonlyMap<Command, string>) {
  return function subcommandTerm(this: Help, command: Command): string {
    const usage = unwiredUsage.get(command);
    if (usage === undefined) return Help.prototype.subcommandTerm.call(this, command);
    return usage === "" ? command.name() : `${command.name()} ${usage}`;
  };
}

/**
 * The top-level command a command line invokes (`help X` invokes X), skipping the global
 * options; undefined when there is none (`funnel --help`).
 */
export function invokedCommand(argv: readonly string[]): string | undefined {
  const words: string[] = [];
  for (let index = 0; index < argv.length; index++) {
    const word = argv[index] as string;
    if (word === "--db" || word === "--tz") index++;
    else if (!word.startsWith("-")) words.push(word);
    if (words.length === 2) break;
  }
  return words[0] === "help" ? words[1] : words[0];
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
