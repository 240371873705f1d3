import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, symlinkSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { atClock, hasFaketime } from "../helpers/clock.js";
import { funnelBin, repoRoot, runFunnel } from "../helpers/run-funnel.js";
import { useTempDir } from "../helpers/temp-dir.js";

const temp = useTempDir();
// Cron runs the line at 06:30 on the 1st: with faketime, on 1 March 2027 (last month: February,
// whatever the day today); without it, on the machine's clock.
const cronTime = hasFaketime ? new Date("2027-03-01T06:30:00Z") : undefined;

/** The command of the crontab line in docs/reports.md's "Monthly reports from cron" section. */
function docsCronCommand(): string {
  const page = readFileSync(join(repoRoot, "docs", "reports.md"), "utf8");
  const block = /## Monthly reports from cron[\s\S]*?```crontab\n([\s\S]*?)```/.exec(page)?.[1];
  if (block === undefined)
    throw new Error("docs/reports.md has no crontab block under Monthly reports from cron");
  const line = block.split("\n").find((entry) => /^[\d*/,-]+( [\d*/,-]+){4} /.test(entry));
  if (line === undefined) throw new Error("the crontab block has no schedule line");
  return line.split(" ").slice(5).join(" ");
}

/** Last month as the command's own time zone (its `TZ=`) sees it, so midnight on the 1st agrees. */
function lastMonth(command: string, now = new Date()): { label: string; day: string } {
  const timeZone = /\bTZ=(\S+)/.exec(command)?.[1] ?? "UTC";
  const [year, month] = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
  })
    .format(now)
    .split("-")
    .map(Number) as [number, number];
  const previous = month === 1 ? { year: year - 1, month: 12 } : { year, month: month - 1 };
  const label = `${previous.year}-${String(previous.month).padStart(2, "0")}`;
  return { label, day: `${label}-15` };
}

describe("the crontab line of docs/reports.md", () => {
  it("runs as cron runs it: no TTY, only PATH and TZ, another working directory", async () => {
    const command = docsCronCommand();
    expect(command).toMatch(/--db \/srv\/funnel\/funnel\.db/);
    expect(command).toMatch(/\{period\}/);
    // /srv/funnel stands for a folder of the test's own; `funnel` is found on PATH, as after npm install -g.
    const home = temp.path("srv-funnel");
    const bin = temp.path("bin");
    const cwd = temp.path("cron-home");
    for (const dir of [home, bin, cwd]) mkdirSync(dir, { recursive: true });
    symlinkSync(funnelBin, join(bin, "funnel"));
    const db = join(home, "funnel.db");
    const setup = async (...args: string[]) => {
      const result = await runFunnel(["--db", db, ...args]);
      expect(result.stderr).toBe("");
      expect(result.code).toBe(0);
    };
    await setup("rep", "add", "ana", "--role", "ae", "--team", "east");
    await setup("rep", "add", "bo", "--role", "ae", "--team", "east");
    const month = lastMonth(command, cronTime);
    await setup("quota", "set", "team:east", month.label, "100k");
    await setup("deal", "add", "--owner", "ana", "--amount", "50k", "--at", month.day);
    await setup("deal", "won", "1", "--at", month.day);

    const shell = ["/bin/sh", "-c", command.replaceAll("/srv/funnel", home)];
    const runAsCron = () =>
      spawnSync(
        "env",
        [
          "-i",
          `PATH=${bin}:${dirname(process.execPath)}:/usr/bin:/bin`,
          "TZ=UTC",
          ...(cronTime === undefined ? shell : atClock(cronTime, shell)),
        ],
        {
          cwd,
          encoding: "utf8",
          stdio: ["ignore", "pipe", "pipe"],
        },
      );
    const breach = runAsCron();
    const report = join(home, "reports", `quota-${month.label}.md`);
    expect(breach.stdout).toBe("");
    expect(breach.stderr).toBe(
      `funnel: 1 of 1 teams under 80 % attainment for ${month.label}: east 50 %\n`,
    );
    expect(breach.status).toBe(3);
    expect(readFileSync(report, "utf8")).toMatch(
      new RegExp(
        `^## Quota ${month.label} \\(.*\\), closed: final figures\\n[\\s\\S]*\\| east \\| 2 \\| 100,000.00 \\| 50,000.00 \\| 50 \\|`,
      ),
    );
    expect(existsSync(join(cwd, "funnel.db"))).toBe(false);

    await setup("deal", "add", "--owner", "bo", "--amount", "40k", "--at", month.day);
    await setup("deal", "won", "2", "--at", month.day);
    const met = runAsCron();
    expect(met.stderr).toBe("");
    expect(met.status).toBe(0);
    expect(readFileSync(report, "utf8")).toMatch(
      /\| east \| 2 \| 100,000.00 \| 90,000.00 \| 90 \|/,
    );
  });
});
