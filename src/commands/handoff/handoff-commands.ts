import { type Command, Option } from "../../cli/commander.js";
import type { CommandGroup } from "../../cli/context.js";
import { addExamples } from "../../cli/examples.js";
import { addOutputOptions, positiveInteger } from "../../cli/options.js";
import { strategies } from "../../domain/assignment.js";

/** `funnel handoff`, and what the rep who got a lead does with it: accept, reject, touch. */
export const wiring: CommandGroup["wiring"] = {
  handoff(handoff, context) {
    addOutputOptions(
      handoff
        .argument("[leads...]", "hand only these leads (ids, emails, external ids); needs --to")
        .addOption(
          new Option("--strategy <strategy>", "how to choose the rep")
            .choices(strategies)
            .default("round-robin"),
        )
        .option("--to <handle>", "hand the named leads to this rep")
        .option("--limit <n>", "at most N leads, oldest first", positiveInteger)
        .option(
          "--at <date>",
          "when the handoff happened: the SLA clock starts there (default: now)",
        )
        .option("--dry-run", "print the plan, change nothing")
        .option("--explain", "say why each lead went where"),
    ).action(async (leads: string[], options, command: Command) => {
      const { runHandoff } = await import("./handoff.js");
      await runHandoff(leads, options, context(command));
    });
    addExamples(
      handoff,
      "funnel handoff --strategy territory --at 2026-11-27 --dry-run --explain",
      "funnel handoff 296 --to zoe-kim --at 2026-11-27T09:00:00Z",
    );
  },
  accept(accept, context) {
    accept
      .argument("<lead>", "lead id, email or external id")
      .option("--by <handle>", "the rep accepting it (default: its owner)")
      .option("--at <date>", "when (default: now)")
      .action(async (reference: string, options, command: Command) => {
        const { runAccept } = await import("./lead-decision.js");
        await runAccept(reference, options, context(command));
      });
    addExamples(accept, "funnel accept 299 --at 2026-11-27T10:00:00Z");
  },
  reject(reject, context) {
    reject
      .argument("<lead>", "lead id, email or external id")
      .requiredOption("--reason <reason>", 'why, e.g. "no budget"')
      .option("--by <handle>", "the rep rejecting it (default: its owner)")
      .option("--at <date>", "when (default: now)")
      .action(async (reference: string, options, command: Command) => {
        const { runReject } = await import("./lead-decision.js");
        await runReject(reference, options, context(command));
      });
    addExamples(reject, 'funnel reject 298 --reason "no budget" --at 2026-11-27T10:00:00Z');
  },
  touch(touch, context) {
    touch
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
        const { runTouch } = await import("./lead-decision.js");
        await runTouch(reference, options, context(command));
      });
    addExamples(touch, 'funnel touch 296 --kind call --at 2026-11-27T11:00:00Z --note "voicemail"');
  },
};
