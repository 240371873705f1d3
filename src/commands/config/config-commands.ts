import type { Command } from "../../cli/commander.js";
import type { CommandGroup } from "../../cli/context.js";
import { addExamples, addSubcommandExamples } from "../../cli/examples.js";

/** `funnel config set|show|load|export`. */
export const wiring: CommandGroup["wiring"] = {
  config(config, context) {
    config
      .command("set")
      .description("change a setting (fiscal-year-start, currency, timezone)")
      .argument("<key>", "setting name")
      .argument("<value>", "new value")
      .action(async (key: string, value: string, _options, command: Command) => {
        const { runConfigSet } = await import("./config.js");
        await runConfigSet(key, value, context(command));
      });
    config
      .command("show")
      .description("every setting and section of the configuration, and its value")
      .action(async (_options, command: Command) => {
        const { runConfigShow } = await import("./config.js");
        await runConfigShow(context(command));
      });
    config
      .command("load")
      .description(
        "make a JSON file the database's configuration (checked first: all of it or nothing)",
      )
      .argument("<file>", "configuration JSON, as config export writes it")
      .action(async (file: string, _options, command: Command) => {
        const { runConfigLoad } = await import("./config.js");
        await runConfigLoad(file, context(command));
      });
    config
      .command("export")
      .description("the database's configuration as JSON, which config load takes back")
      .option("--out <file>", "write to FILE instead of standard output")
      .action(async (options: { out?: string }, command: Command) => {
        const { runConfigExport } = await import("./config.js");
        await runConfigExport(options, context(command));
      });
    addExamples(config, "funnel config show", "funnel config set fiscal-year-start 4");
    addSubcommandExamples(config, {
      set: ["funnel config set fiscal-year-start 4", "funnel config set timezone Europe/Lisbon"],
      show: ["funnel config show"],
      load: ["funnel config load fixtures/funnel.config.json"],
      export: ["funnel config export --out funnel.config.json"],
    });
  },
};
