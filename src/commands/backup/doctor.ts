import type { CommandContext } from "../../cli/context.js";
import { BreachError } from "../../errors.js";
import { renderDoctorReport } from "../../render/doctor-report.js";
import { chooseOutput, deliver } from "../../render/formats.js";
import { examineDatabase } from "../../store/maintenance.js";

interface DoctorCommandOptions {
  quick?: boolean;
  checkpoint?: boolean;
  dryRun?: boolean;
  format?: string;
  json?: boolean;
  out?: string;
}

/**
 * `funnel doctor`: the database's checks and the leftovers of killed commands, as a table (or
 * --format); exit 3 with one line on stderr when a check found a problem.
 */
export async function runDoctor(
  options: DoctorCommandOptions,
  context: CommandContext,
): Promise<void> {
  const output = chooseOutput(options, context);
  const report = await examineDatabase({
    database: context.dbPath,
    quick: options.quick === true,
    checkpoint: options.checkpoint === true,
    dryRun: options.dryRun === true,
    env: context.env,
  });
  deliver(
    renderDoctorReport(report, output.format, output.screen),
    output.out,
    context.stdout,
    output.format,
  );
  const problems = report.checks.filter((check) => check.status === "problem");
  if (problems.length > 0)
    throw new BreachError(
      `doctor found ${problems.length === 1 ? "a problem" : `${problems.length} problems`} in ${context.dbPath}: ${problems.map((check) => `${check.check}: ${check.detail}`).join(" | ")}`,
    );
}
