import type { CommandContext } from "../../cli/context.js";
import type { PeriodOptions } from "../../cli/period-options.js";
import { BreachError } from "../../errors.js";
import { chooseOutput, deliver, outPathFor } from "../../render/formats.js";
import { renderVerdicts } from "../../render/sla-report.js";
import { colourEnabled } from "../../render/terminal.js";
import { slaReportFor } from "./report-sla.js";

interface SlaCheckOptions extends PeriodOptions {
  format?: string;
  json?: boolean;
  out?: string;
  quiet?: boolean;
}

/**
 * `funnel sla check`: one verdict line per side on stdout (unless --quiet), then, when a side
 * breached (or, while the period runs, marketing is behind pace), one line on stderr and exit 3.
 */
export async function runSlaCheck(
  options: SlaCheckOptions,
  context: CommandContext,
): Promise<void> {
  const output = chooseOutput(options, context);
  const report = await slaReportFor(options, context);
  if (options.quiet !== true) {
    const colour = output.out === undefined && colourEnabled(context.stdout, context.env);
    deliver(
      renderVerdicts(report, output.format === "json" ? "json" : "table", colour),
      outPathFor(output.out, report.period.label),
      context.stdout,
      output.format,
    );
  }
  const breached = report.verdicts.filter((verdict) => verdict.breached);
  if (breached.length > 0)
    throw new BreachError(
      `SLA breached for ${report.period.label}: ${breached
        .map(
          (verdict) =>
            `${verdict.side}${verdict.status === "breached" ? "" : ` ${verdict.status}`}: ${verdict.detail}`,
        )
        .join(" | ")}`,
    );
}
