import type { Command } from "../../cli/commander.js";
import type { CommandGroup } from "../../cli/context.js";
import { addExamples } from "../../cli/examples.js";

/** `funnel demo`. */
export const wiring: CommandGroup["wiring"] = {
  demo(demo, context) {
    demo.action(async (_options, command: Command) => {
      const { runDemo } = await import("./demo.js");
      await runDemo({}, context(command));
    });
    addExamples(
      demo,
      "funnel --db demo.db demo",
      "funnel --db demo.db report quota --period 2026-10 --by team",
    );
  },
};
