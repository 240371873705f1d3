import type { Command } from "../../cli/commander.js";
import type { CommandGroup } from "../../cli/context.js";
import { addExamples } from "../../cli/examples.js";

/** `funnel db copy`: the database as a whole, between engines. */
export const wiring: CommandGroup["wiring"] = {
  db(db, context) {
    db.command("copy")
      .description(
        "copy a whole database into an empty one, SQLite file or PostgreSQL, either way, and check the copy",
      )
      .requiredOption("--from <database>", "the database to copy: a SQLite file or postgres://…")
      .requiredOption(
        "--to <database>",
        "an empty database to copy into: a new file or postgres://…",
      )
      .option("--json", "say what was copied as JSON")
      .addHelpText("after", copyHelp)
      .action(async (options: { from: string; to: string; json?: boolean }, command: Command) => {
        const { runDbCopy } = await import("./db-copy.js");
        await runDbCopy(options, context(command));
      });
    const examples = [
      "funnel db copy --from funnel.db --to copy.db",
      "funnel db copy --from funnel.db --to offline.db --json",
    ];
    addExamples(db, ...examples);
    const copy = db.commands.find((each) => each.name() === "copy");
    if (copy !== undefined) addExamples(copy, ...examples);
  },
};

const copyHelp = `
Copies every table (leads, stage events, handoffs, touches, reps, deals, quotas, import
batches and their revisions, settings and configuration) with their ids, into a database that
holds no data yet (a new SQLite file is created; a PostgreSQL database must exist: createdb
NAME). All or nothing: the copy is one transaction on the target, checked before it commits:
per table, the rows and a digest of them must match the source's. The source is only read.
A PostgreSQL password is never printed: pass it in PGPASSWORD or ~/.pgpass. Up to a team's
server: funnel db copy --from funnel.db --to postgres://ana@db.example.com/funnel`;
