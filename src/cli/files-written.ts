import {
  databaseFiles,
  type FileRead,
  guardFilesRead,
  refuseOverwriting,
} from "../files/files-read.js";
import { defaultRejectsPath } from "../import/rejects-file.js";
import type { Command } from "./commander.js";
import { configPath } from "./config-file.js";

/**
 * Run before every command's action: refuses an `--out` or `--rejects` that names a file the
 * command reads (the database and its companions, the input file, the config file), before
 * anything is read or written, so that nothing changes: no batch recorded, no file replaced.
 * An `--out` with a `{period}` in it is checked once the report has named it (replacementFile).
 */
export function refuseWritingOntoReads(command: Command, database: string): void {
  const options = command.optsWithGlobals() as {
    out?: string;
    rejects?: string;
    config?: string;
  };
  const reads: FileRead[] = databaseFiles(database);
  if (command.options.some((option) => option.long === "--config"))
    reads.push({ path: configPath(options.config, database), what: "the config file" });
  // `funnel import <file>`; its subcommands (list, revert) read no file.
  const input = command.name() === "import" ? (command.processedArgs[0] as string) : undefined;
  if (input !== undefined) reads.push({ path: input, what: "the input file" });
  guardFilesRead(reads);
  if (options.out !== undefined && !options.out.includes("{period}"))
    refuseOverwriting(options.out, `--out ${options.out}`, reads);
  if (input !== undefined) {
    const rejects = options.rejects ?? defaultRejectsPath(input);
    refuseOverwriting(
      rejects,
      options.rejects === undefined ? `the rejects file ${rejects}` : `--rejects ${rejects}`,
      reads,
    );
  }
}
