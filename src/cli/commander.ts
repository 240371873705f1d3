import { createRequire } from "node:module";

// Commander is CommonJS. Loading it with require() skips the ESM loader's CommonJS
// translation, which measured ~10 ms of a ~50 ms start-up here; types come from the package.
const require = createRequire(import.meta.url);
const commander = require("commander") as typeof import("commander");

export const { Argument, Command, CommanderError, Help, InvalidArgumentError, Option } = commander;
export type Command = import("commander").Command;
export type Help = import("commander").Help;
export type CommanderError = import("commander").CommanderError;
