import type { Command } from "../../cli/commander.js";
import type { CommandGroup } from "../../cli/context.js";
import { addExamples } from "../../cli/examples.js";
import { addOutputOptions } from "../../cli/options.js";

/** `funnel backup`, `restore` and `doctor`: the database file itself. */
export const wiring: CommandGroup["wiring"] = {
  backup(backup, context) {
    backup
      .argument("<file>", "the backup file to write (never overwritten without --force)")
      .option("--force", "overwrite <file> if it exists")
      .option("--json", "say what was written as JSON")
      .addHelpText("after", backupHelp)
      .action(async (file: string, options, command: Command) => {
        const { runBackup } = await import("./backup.js");
        await runBackup(file, options, context(command));
      });
    addExamples(
      backup,
      "funnel backup backups/funnel-2026-11-30.db",
      "funnel backup backups/funnel-2026-11-27.db --force",
    );
  },
  restore(restore, context) {
    restore
      .argument("<file>", "a file written by funnel backup")
      .option("-y, --yes", "replace without asking (needed without a terminal)")
      .option("--json", "say what was restored as JSON")
      .addHelpText("after", restoreHelp)
      .action(async (file: string, options, command: Command) => {
        const { runRestore } = await import("./restore.js");
        await runRestore(file, options, context(command));
      });
    addExamples(restore, "funnel restore backups/funnel-2026-11-27.db --yes");
  },
  doctor(doctor, context) {
    addOutputOptions(
      doctor
        .option("--quick", "PRAGMA quick_check instead of integrity_check (faster on a large file)")
        .option("--checkpoint", "fold the write-ahead log back into the database")
        .option("--dry-run", "list the leftovers without removing them")
        .addHelpText("after", doctorHelp),
    ).action(async (options, command: Command) => {
      const { runDoctor } = await import("./doctor.js");
      await runDoctor(options, context(command));
    });
    addExamples(doctor, "funnel doctor", "funnel doctor --quick --checkpoint --json");
  },
};

const doctorHelp = `
Checks, without changing the database: its file mode (0600), schema version (an older one is
upgraded by the next command; a newer one is refused), PRAGMA integrity_check (or quick_check
with --quick), PRAGMA foreign_key_check, journal mode and write-ahead log size. Then it clears
what killed commands left next to the database and next to the files it imported: a restore's
copy of its backup, unfinished backups, exports and rejects files (only those of processes
that are gone; --dry-run lists them). Exit 0 when healthy, 3 when a check found a problem.`;

const backupHelp = `
The copy is taken with SQLite's online backup (one consistent snapshot; imports and reports
may run meanwhile), written under a temporary name next to <file>, checked with
PRAGMA integrity_check, and only then renamed to <file>: there is never a half-written backup
under that name. The backup is one file (no -wal), readable by its owner only.`;

const restoreHelp = `
Before anything is replaced, the backup is copied next to the database and checked: a SQLite
file, PRAGMA integrity_check ok, a funnel schema no newer than this funnel's. A backup with an
older schema is upgraded in that copy (the backup file itself is left as it is). The database
is then replaced in one SQLite transaction, so a command running meanwhile sees the old
database or the restored one, never a mix; a copy of the replaced database is kept next to it
as <db>.before-restore-<time> (mode 0600). Asks first; --yes answers without a terminal.`;
