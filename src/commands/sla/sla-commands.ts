import type { Command } from "../../cli/commander.js";
import type { CommandGroup, ContextOf } from "../../cli/context.js";
import { addExamples, addSubcommandExamples } from "../../cli/examples.js";
import { addOutputOptions, addPeriodOptions, collect } from "../../cli/options.js";

const slaFigures = `
Figures:
  marketing   leads that became MQLs in the period (each lead once, by its source) against
              the monthly target x the months in the period (a quarter 3, 1-14 Nov 14/30);
              while the period runs, against target x elapsed share ("on pace")
  follow-up   handoffs made in the period whose first touch came within the window
  decision    handoffs of MQLs accepted or rejected (or moved on) within the window
  in time %   in time / (in time + late or none); a handoff whose window is still open and
              has nothing done yet is pending and counts neither way
  speed       handoff to first touch, p50 and p90 (working time with business hours)
  waiting     handoffs still without a touch or a decision at the as-of date
Only handoffs, touches and stage changes at or before --as-of count.`;

/** `funnel sla set|show|check`. */
export const wiring: CommandGroup["wiring"] = {
  sla(sla, context) {
    sla
      .command("set")
      .description("set or change the SLA; options not given keep their value, off removes one")
      .option("--mql-target <n>", "MQLs marketing delivers a month (prorated for other periods)")
      .option(
        "--source-target <source=n>",
        "MQLs a month from one source, e.g. web=20 (repeatable; web=off removes it)",
        collect,
      )
      .option("--follow-up-hours <h>", "sales touches each handoff within H hours")
      .option("--decision-days <d>", "sales accepts or rejects each handoff within D days")
      .option("--business-hours", "count only working time in both windows")
      .option("--no-business-hours", "count the windows around the clock")
      .option("--working-days <days>", "working days, e.g. mon-fri (default), sun-thu, mon,wed,fri")
      .option("--working-hours <hours>", "working hours in local time, e.g. 09:00-17:00 (default)")
      .option("--share <pct>", "share of handoffs that must meet each window, % (default 90)")
      .addHelpText(
        "after",
        `
With business hours, the windows count working time only (in local time, TZ): 4 working hours
from Friday 16:00 end Monday 12:00 (mon-fri 09:00-17:00), and D days are D working days.
Options not given keep their value: --source-target events=off, --no-business-hours undo.`,
      )
      .action(async (options, command: Command) => {
        const { runSlaSet } = await import("./sla-set.js");
        await runSlaSet(options, context(command));
      });
    addOutputOptions(sla.command("show").description("the SLA as set"), ["table", "json"]).action(
      async (options, command: Command) => {
        const { runSlaShow } = await import("./sla-show.js");
        await runSlaShow(options, context(command));
      },
    );
    addOutputOptions(
      addPeriodOptions(
        sla
          .command("check")
          .description(
            "one verdict line per side; exit 3 when a side breached (for cron: stderr says which)",
          ),
        "this-month",
      ),
      ["table", "json"],
    )
      .option("--quiet", "print nothing unless breached (then one line on stderr)")
      .addHelpText(
        "after",
        `${slaFigures}
A side breaches when a window's in-time share is under the required share, or when MQLs are
under target (the total or a source with a target; while the period runs: behind pace).

In a crontab, the 1st of each month at 07:00:
  0 7 1 * * TZ=Europe/Lisbon funnel --db /srv/funnel/funnel.db sla check --period last-month --quiet`,
      )
      .action(async (options, command: Command) => {
        const { runSlaCheck } = await import("./sla-check.js");
        await runSlaCheck(options, context(command));
      });
    addExamples(sla, "funnel sla show", "funnel sla check --period 2026-10  # exits 3: breached");
    addSubcommandExamples(sla, {
      set: [
        "funnel sla set --mql-target 50 --source-target web=20 --source-target events=8",
        "funnel sla set --follow-up-hours 4 --business-hours --decision-days 2",
      ],
      show: ["funnel sla show", "funnel sla show --json"],
      check: [
        "funnel sla check --period 2026-10  # exits 3: the SLA was breached that month",
        "funnel sla check --period 2026-11 --as-of 2026-11-27 --quiet  # exits 3",
      ],
    });
  },
};

/** `funnel report sla`, under the `report` command. */
export function addSlaReport(report: Command, context: ContextOf): void {
  addOutputOptions(
    addPeriodOptions(
      report
        .command("sla")
        .description(
          "the SLA, both sides: MQLs against target by source; follow-up, speed-to-lead and decisions per rep; verdicts",
        ),
      "this-month",
    ),
  )
    .addHelpText("after", slaFigures)
    .action(async (options, command: Command) => {
      const { runReportSla } = await import("./report-sla.js");
      await runReportSla(options, context(command));
    });
}
