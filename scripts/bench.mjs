#!/usr/bin/env node
// The project's speed and memory targets, measured (never a timed unit test):
//   import  <= 1.25 x the slower of its two parts' references on the same file: csv-parse alone
//           reading it into arrays (scripts/csv-parse-alone.mjs), and the sqlite3 shell loading
//           its rows into funnel's leads shape with one stage event per lead
//           (scripts/import-reference/sqlite3-leads.sql)
//   peak memory of the import < 200 MB (for the 1,000,000-row file)
//   `funnel --version` and `funnel --help` <= 1.2 x `node -e 0`; `funnel leads --limit 5` and
//   `funnel report quota` on the demo database <= 1.5 x
//   each report on 1,000,000 leads <= 1 s and <= 2 x the sqlite3 shell running an equivalent
//   hand-written aggregate query (scripts/report-queries/*.sql) on the same file
// Prints PASS/MISS per target and writes the figures to bench/results.json. Exits 0 even when a
// target is missed (it is a measurement, not a gate); non-zero only when something failed to run.
// With --engine postgres (scripts/bench-postgres.mjs): the same reports on the same data copied
// up to PostgreSQL with funnel db copy, against hand-written queries run by psql.
// Usage: npm run bench [-- --rows N] [-- --runs K] [-- --report-runs K] [-- --only import|startup|reports|tables]
//        [-- --report-db FILE] [-- --sizes 100000,1000000,5000000]   (builds first; runs from any folder). --only startup times four
//        commands' start against `node -e 0` (bench/demo.db, built by `funnel demo`). --only tables times long
//        tables (leads --limit 10000, report pipeline's thousands of stale deals) on
//        bench/tables-bench.db, generated the same way at 20,000 leads and deals. The reports part runs on
//        bench/reports-bench.db, which scripts/generate-report-db.mjs builds once and reuses while
//        its version matches; --report-db times another file as is (a copy with trial indexes).
//        --sizes times every report on a file of each size (leads beyond 1,000,000 are older
//        ones, in the years before) and says whether any grows faster than the rows its period
//        holds: a quarter's report must not slow down as older years pile up.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { mkdir, readFile } from "node:fs/promises";
import { loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const root = fileURLToPath(new URL("..", import.meta.url));
process.chdir(root); // all paths below are relative to the repository

const values = options();
const rows = positiveInteger("--rows", values.rows);
const runs = positiveInteger("--runs", values.runs);
const reportRuns = positiveInteger("--report-runs", values["report-runs"]);
const reportLeads = positiveInteger("--report-leads", values["report-leads"]);
const reportSizes = values.sizes?.split(",").map((size) => positiveInteger("--sizes", size));
const parts = ["import", "startup", "reports", "tables"];
if (values.only !== undefined && !parts.includes(values.only))
  fail(`--only must be ${parts.join(", ")}, not "${values.only}"`);
const runsPart = (part) => values.only === undefined || values.only === part;
// Interleaved rounds of every start-up command: the machine is shared, so many, and the median.
const startupRuns = 30;
const fullRows = 1_000_000; // the size the memory target is set for

const csv = `bench/leads-${rows}.csv`;
const funnelDb = "bench/funnel-bench.db";
const sqliteDb = "bench/sqlite3-bench.db";
const hasTime = existsSync("/usr/bin/time");
const hasSqlite = spawnSync("sqlite3", ["--version"], { stdio: "ignore" }).status === 0;

await mkdir("bench", { recursive: true });
if (values.engine !== "sqlite" && values.engine !== "postgres")
  fail(`--engine must be sqlite or postgres, not "${values.engine}"`);
if (values.engine === "postgres") {
  const { postgresBench } = await import("./bench-postgres.mjs");
  await postgresBench({ rows, reportLeads, reportRuns, server: values.pg, only: values.only });
  process.exit(0);
}
// Figures of a part not run this time are kept from the last run that measured them.
const results = existsSync("bench/results.json")
  ? JSON.parse(readFileSync("bench/results.json", "utf8"))
  : {};
results.date = new Date().toISOString();
results.node = process.version;
if (runsPart("import")) Object.assign(results, await importBench());
if (runsPart("startup")) results.startup = startupBench();
if (runsPart("reports")) {
  if (reportSizes === undefined) results.reports = await reportsBench();
  else results.reportGrowth = await reportGrowthBench(reportSizes);
}
if (runsPart("tables")) results.tables = await tablesBench();
writeFileSync("bench/results.json", `${JSON.stringify(results, null, 2)}\n`);
console.log("\n  figures written to bench/results.json");

// ---------------------------------------------------------------------------------------------

/** The import targets; returns their figures for bench/results.json. */
async function importBench() {
  // 1. The data: generated once per size and reused (the generator is deterministic).
  if (!existsSync(csv)) {
    // Write under another name first, so an interrupted run never leaves a short file to reuse.
    const partial = `${csv}.partial`;
    run(process.execPath, ["scripts/generate-leads.mjs", String(rows), partial], "generate-leads");
    renameSync(partial, csv);
  }
  const fileMB = statSync(csv).size / 1e6;
  console.log(`funnel bench: ${rows.toLocaleString("en")} rows, ${fileMB.toFixed(1)} MB (${csv})`);

  // 2. and 3. The import, each run into a fresh database; funnel, sqlite3 and csv-parse
  // alternate so that all three see the same machine load.
  const funnelRuns = [];
  const sqliteRuns = [];
  const parseRuns = [];
  for (let i = 0; i < runs; i++) {
    freshDatabase(funnelDb);
    rmSync("bench/rejects.csv", { force: true });
    const funnel = await measure("bin/funnel", [
      "--db",
      funnelDb,
      "import",
      csv,
      "--rejects",
      "bench/rejects.csv",
    ]);
    if (funnel.status !== 0) fail(`funnel import exited with ${funnel.status}`, funnel.stderr);
    funnelRuns.push(funnel);
    if (hasSqlite) sqliteRuns.push(await sqliteImport());
    parseRuns.push(await csvParseAlone());
  }
  const importSeconds = median(funnelRuns.map((r) => r.seconds));
  const importCpu = median(funnelRuns.map((r) => r.cpuSeconds));
  const peakMB = Math.max(...funnelRuns.map((r) => r.peakKB)) / 1024;
  const sqliteSeconds = hasSqlite ? median(sqliteRuns.map((r) => r.seconds)) : undefined;
  const sqliteCpu = hasSqlite ? median(sqliteRuns.map((r) => r.cpuSeconds)) : undefined;
  const parseSeconds = median(parseRuns.map((r) => r.seconds));
  const parseCpu = median(parseRuns.map((r) => r.cpuSeconds));
  // The target is against the slower of the two parts (wall time, as a user waits for it).
  const slowerSeconds = Math.max(parseSeconds, sqliteSeconds ?? 0);
  const slower = hasSqlite && sqliteSeconds > parseSeconds ? "sqlite3" : "csv-parse";
  const importRatio = importSeconds / slowerSeconds;

  // 4. The report.
  const importPass = importRatio <= 1.25;
  const peakPass = rows === fullRows ? peakMB < 200 : undefined; // other sizes: not comparable
  const verdict = (pass) => (pass === undefined ? "n/a " : pass ? "PASS" : "MISS");
  // A figure alone, or a figure with its verdict and target.
  const line = (label, figure, target, pass) =>
    console.log(
      `  ${label.padEnd(18)}${target === undefined ? figure : `${figure.padEnd(26)}${verdict(pass)}  (target ${target})`}`,
    );
  const s = (seconds) => `${seconds.toFixed(2)} s`;
  const times = (ratio, what) => `${ratio.toFixed(2)} x ${what}`;

  console.log(
    `  median of ${runs} import run(s); peak memory by ${
      hasTime ? "/usr/bin/time" : "polling /proc"
    }; load average ${loadavg()
      .map((load) => load.toFixed(1))
      .join(" ")}\n`,
  );
  // Wall time, and CPU time (user + sys, all threads) beside it when GNU time measured it.
  const withCpu = (seconds, cpu) => (hasTime ? `${s(seconds)} (cpu ${s(cpu)})` : s(seconds));
  line("funnel import", withCpu(importSeconds, importCpu));
  line(
    "sqlite3 shell",
    hasSqlite ? withCpu(sqliteSeconds, sqliteCpu) : "skipped: sqlite3 is not on PATH",
  );
  line("csv-parse alone", withCpu(parseSeconds, parseCpu));
  line(
    "import",
    times(importRatio, slower),
    "<= 1.25 x the slower of sqlite3 and csv-parse",
    importPass,
  );
  line(
    "peak memory",
    `${peakMB.toFixed(1)} MB`,
    `< 200 MB${rows === fullRows ? "" : `, set for ${fullRows.toLocaleString("en")} rows`}`,
    peakPass,
  );

  return {
    rows,
    fileMB: round(fileMB),
    runs,
    import: {
      loadAverage: loadavg().map(round),
      funnelSeconds: round(importSeconds),
      funnelCpuSeconds: hasTime ? round(importCpu) : null,
      funnelRunsSeconds: funnelRuns.map((r) => round(r.seconds)),
      sqlite3Seconds: hasSqlite ? round(sqliteSeconds) : null,
      sqlite3CpuSeconds: hasSqlite && hasTime ? round(sqliteCpu) : null,
      sqlite3RunsSeconds: sqliteRuns.map((r) => round(r.seconds)),
      sqlite3Rows: sqliteRuns.at(-1)?.rows ?? null,
      csvParseSeconds: round(parseSeconds),
      csvParseCpuSeconds: hasTime ? round(parseCpu) : null,
      csvParseRunsSeconds: parseRuns.map((r) => round(r.seconds)),
      slower,
      ratio: round(importRatio),
      target: "<= 1.25 x the slower of sqlite3 and csv-parse",
      pass: importPass,
    },
    peakMemory: {
      mb: round(peakMB),
      method: hasTime ? "/usr/bin/time %M" : "/proc/<pid>/status VmHWM polled every 50 ms",
      target: `< 200 MB at ${fullRows} rows`,
      pass: peakPass ?? null,
    },
  };
}

// ---------------------------------------------------------------------------------------------

/**
 * The start-up targets: four commands against a bare `node -e 0`, on the demo database (built
 * afresh by `funnel demo`, a few hundred leads: the time is Node's and funnel's start, not work).
 */
function startupBench() {
  const db = "bench/demo.db";
  freshDatabase(db);
  run("bin/funnel", ["--db", db, "demo"], "funnel demo", "ignore");
  const targets = [
    ["version", "funnel --version", ["--version"], 1.2],
    ["help", "funnel --help", ["--help"], 1.2],
    ["leads", "funnel leads --limit 5", ["--db", db, "leads", "--limit", "5"], 1.5],
    [
      "quota",
      "funnel report quota",
      ["--db", db, "report", "quota", "--period", "2026-Q4", "--as-of", "2026-11-27"],
      1.5,
    ],
  ];
  const loadBefore = loadavg()[0];
  const times = startupTimes({
    node: [process.execPath, ["-e", "0"]],
    ...Object.fromEntries(targets.map(([name, , args]) => [name, ["bin/funnel", args]])),
  });
  const loadAfter = loadavg()[0];
  console.log(
    `\nfunnel bench: start-up, median of ${startupRuns} interleaved rounds, load average ${loadBefore.toFixed(2)} then ${loadAfter.toFixed(2)} (${process.version})\n`,
  );
  console.log(`  ${"node -e 0".padEnd(24)}${times.node.toFixed(1)} ms`);
  const figures = targets.map(([name, label, args, target]) => {
    const ratio = times[name] / times.node;
    const pass = ratio <= target;
    console.log(
      `  ${label.padEnd(24)}${`${times[name].toFixed(1)} ms = ${ratio.toFixed(2)} x node`.padEnd(28)}${pass ? "PASS" : "MISS"}  (target <= ${target} x node -e 0)`,
    );
    return {
      command: `funnel ${args.join(" ")}`,
      ms: round(times[name]),
      ratio: round(ratio),
      target: `<= ${target} x node -e 0`,
      pass,
    };
  });
  return {
    runs: startupRuns,
    loadAverage: [round(loadBefore), round(loadAfter)],
    nodeMs: round(times.node),
    results: figures,
  };
}

// ---------------------------------------------------------------------------------------------

/** Each report: its name, its arguments, its reference query, and the rows its period holds. */
function reportCases() {
  // Fixed periods and as-of date, in UTC, so that the figures (and the queries' literals) hold.
  const asOf = ["--as-of", "2026-11-27"];
  const quarter = ["--period", "2026-Q3", ...asOf];
  // The quota report on the running quarter, so that it also computes the open pipeline.
  const running = ["--period", "2026-Q4", ...asOf];
  return [
    [
      "funnel cohort --by source",
      ["funnel", "--mode", "cohort", "--by", "source", ...quarter],
      "funnel-cohort",
      "SELECT count(*) FROM leads WHERE created_at >= '2026-07-01' AND created_at < '2026-10-01'",
    ],
    [
      "funnel activity --by source",
      ["funnel", "--mode", "activity", "--by", "source", ...quarter],
      "funnel-activity",
      "SELECT count(*) FROM stage_events WHERE at >= '2026-07-01' AND at < '2026-10-01'",
    ],
    [
      "sources",
      ["sources", ...quarter],
      "sources",
      "SELECT count(*) FROM leads WHERE created_at >= '2026-07-01' AND created_at < '2026-10-01'",
    ],
    [
      "quota --by rep",
      ["quota", "--by", "rep", ...running],
      "quota-rep",
      "SELECT count(*) FROM deals WHERE closed_at IS NULL OR closed_at >= '2026-10-01'",
    ],
    [
      "quota --by team",
      ["quota", "--by", "team", ...running],
      "quota-team",
      "SELECT count(*) FROM deals WHERE closed_at IS NULL OR closed_at >= '2026-10-01'",
    ],
    [
      "pipeline",
      ["pipeline", ...asOf],
      "pipeline",
      "SELECT count(*) FROM deals WHERE closed_at IS NULL OR closed_at > '2026-11-27T23:59:59.999Z'",
    ],
    [
      "sla",
      ["sla", ...quarter],
      "sla",
      "SELECT (SELECT count(*) FROM stage_events WHERE at >= '2026-07-01' AND at < '2026-10-01') + (SELECT count(*) FROM handoffs WHERE at >= '2026-07-01' AND at < '2026-10-01')",
    ],
  ];
}

/** The generated reports file of `leads` leads (built once, reused while its stamp matches). */
function reportDatabase(leads) {
  const db = leads === 1_000_000 ? "bench/reports-bench.db" : `bench/reports-bench-${leads}.db`;
  // A few million leads' events are held in memory before they go in, in time order.
  run(
    process.execPath,
    [
      "--max-old-space-size=12000",
      "scripts/generate-report-db.mjs",
      "--leads",
      String(leads),
      "--out",
      db,
    ],
    "generate-report-db",
  );
  return db;
}

/**
 * How each report's time grows with the file: every report at each size (median of
 * --report-runs after a warm-up), beside the rows its period holds (the leads created in it,
 * its stage events and handoffs, the deals it can count). Between two sizes, a report whose
 * time grows over 1.25 x as much as its period's rows (or at all, past that noise, when they
 * stay the same) grows faster than linearly: MISS.
 */
async function reportGrowthBench(sizes) {
  const env = { ...process.env, TZ: "UTC", NO_COLOR: "1", CI: "true" };
  const files = sizes.map((leads) => ({ leads, db: reportDatabase(leads) }));
  const load = loadavg()[0];
  console.log(
    `\nfunnel bench: report growth over ${sizes.map((n) => n.toLocaleString("en")).join(", ")} leads, median of ${reportRuns} run(s) each after one warm-up, TZ=UTC; load average ${load.toFixed(2)}\n`,
  );
  const header = files.map(({ leads }) => `${(leads / 1e6).toString()}M`.padEnd(22)).join("");
  console.log(`  ${"report".padEnd(30)}${header}growth`);
  console.log(`  ${"".padEnd(30)}${files.map(() => "seconds (period rows)".padEnd(22)).join("")}`);
  const figures = [];
  for (const [name, args, , periodRowsSql] of reportCases()) {
    const points = [];
    for (const { leads, db } of files) {
      const command = ["--db", db, "report", ...args, "--json"];
      const list = [];
      for (let i = 0; i <= reportRuns; i++) {
        const result = await timed("bin/funnel", command, { env });
        if (result.status !== 0)
          fail(`funnel ${command.join(" ")} exited with ${result.status}`, result.stderr);
        if (i > 0) list.push(result.seconds); // run 0 warms the page cache (and migrates)
      }
      const periodRows = Number(
        spawnSync("sqlite3", [db, periodRowsSql], { encoding: "utf8" }).stdout.trim(),
      );
      points.push({ leads, seconds: median(list), periodRows });
    }
    // Each step: time ratio against period-rows ratio.
    const steps = points.slice(1).map((point, index) => {
      const before = points[index];
      const timeRatio = point.seconds / before.seconds;
      const rowsRatio = point.periodRows / Math.max(1, before.periodRows);
      return { timeRatio, rowsRatio, superlinear: timeRatio > 1.25 * Math.max(1, rowsRatio) };
    });
    const pass = steps.every((step) => !step.superlinear);
    console.log(
      `  ${name.padEnd(30)}${points
        .map((p) => `${p.seconds.toFixed(2)} s (${p.periodRows.toLocaleString("en")})`.padEnd(22))
        .join("")}${steps
        .map((step) => `x${step.timeRatio.toFixed(2)} time / x${step.rowsRatio.toFixed(2)} rows`)
        .join(", ")}  ${pass ? "PASS" : "MISS"}`,
    );
    figures.push({
      report: name,
      points: points.map((p) => ({ ...p, seconds: round(p.seconds) })),
      steps: steps.map((step) => ({
        timeRatio: round(step.timeRatio),
        rowsRatio: round(step.rowsRatio),
        superlinear: step.superlinear,
      })),
      pass,
    });
  }
  return {
    sizes,
    runs: reportRuns,
    loadAverage: round(load),
    target: "no report's time grows more than 1.25 x its period's rows between two sizes",
    results: figures,
  };
}

/**
 * The report targets: each report of the built binary against the sqlite3 shell running an
 * equivalent hand-written query (scripts/report-queries/) on the same generated database.
 * A report whose command does not run (not written yet) is "not measured", not a failure.
 */
async function reportsBench() {
  // --report-db: another file, as is (e.g. a copy with candidate indexes); else the generated one.
  // Builds the file once; reuses it while its generator version and size match.
  const db = values["report-db"] ?? reportDatabase(reportLeads);
  if (!existsSync(db)) fail(`--report-db ${db} does not exist`);
  const env = { ...process.env, TZ: "UTC", NO_COLOR: "1", CI: "true" };
  const load = loadavg()[0];
  const counts = spawnSync(
    "sqlite3",
    [
      db,
      "SELECT (SELECT count(*) FROM leads), (SELECT count(*) FROM stage_events), (SELECT count(*) FROM deals);",
    ],
    { encoding: "utf8" },
  )
    .stdout.trim()
    .split("|")
    .map(Number);
  const [leads, events, deals] = counts.map((n) => n.toLocaleString("en"));
  console.log(
    `\nfunnel bench: reports on ${db} (${leads} leads, ${events} stage events, ${deals} deals)`,
  );
  console.log(
    `  median of ${reportRuns} run(s) each after one warm-up, TZ=UTC, --as-of 2026-11-27; cpu = user + sys; load average ${load.toFixed(2)} on this machine\n`,
  );
  // The bare starts of both programs: a funnel whose own work took no time beyond the shell's
  // query would still take Node's start more, so its ratio cannot go below the "floor" column.
  const starts = startupTimes({
    node: [process.execPath, ["-e", "0"]],
    sqlite3: ["sqlite3", [db, "SELECT 1;"]],
  });
  const nodeStart = starts.node / 1000;
  const sqliteStart = starts.sqlite3 / 1000;
  console.log(
    `  bare starts: node -e 0 ${nodeStart.toFixed(2)} s, sqlite3 SELECT 1 ${sqliteStart.toFixed(2)} s; floor = (node start + sqlite3's time without its start) / sqlite3's time\n`,
  );
  console.log(
    `  ${"report".padEnd(30)}${"funnel".padEnd(10)}${"(cpu)".padEnd(10)}${"sqlite3".padEnd(10)}${"(cpu)".padEnd(10)}${"ratio".padEnd(10)}${"floor".padEnd(10)}`,
  );
  const figures = [];
  for (const [name, args, query] of reportCases()) {
    const command = ["--db", db, "report", ...args, "--json"];
    const sql = readFileSync(`scripts/report-queries/${query}.sql`, "utf8");
    const funnelRuns = [];
    const sqliteRuns = [];
    let missing;
    // Run 0 warms the page cache (and migrates a file made by an older schema): not counted.
    for (let i = 0; i <= reportRuns && missing === undefined; i++) {
      const funnel = await timed("bin/funnel", command, { env });
      if (funnel.status !== 0) {
        missing = funnel.stderr.trim().split("\n")[0] || `exit ${funnel.status}`;
        break;
      }
      const sqlite = await timed("sqlite3", [db], { input: sql, env });
      if (sqlite.status !== 0)
        fail(
          `sqlite3 < scripts/report-queries/${query}.sql exited with ${sqlite.status}`,
          sqlite.stderr,
        );
      if (i > 0) {
        funnelRuns.push(funnel);
        sqliteRuns.push(sqlite);
      }
    }
    const entry = {
      report: name,
      command: `funnel ${command.join(" ")}`,
      query: `scripts/report-queries/${query}.sql`,
    };
    if (missing !== undefined) {
      console.log(`  ${name.padEnd(30)}not measured: ${missing}`);
      figures.push({ ...entry, measured: false, reason: missing });
      continue;
    }
    const wall = (list) => median(list.map((r) => r.seconds));
    const cpu = (list) =>
      list[0].cpuSeconds === null ? null : median(list.map((r) => r.cpuSeconds));
    const funnelSeconds = wall(funnelRuns);
    const sqliteSeconds = wall(sqliteRuns);
    const ratio = funnelSeconds / sqliteSeconds;
    const floor = (nodeStart + Math.max(0, sqliteSeconds - sqliteStart)) / sqliteSeconds;
    const pass = funnelSeconds <= 1 && ratio <= 2;
    const cpuText = (seconds) => (seconds === null ? "" : `(${seconds.toFixed(2)})`);
    console.log(
      `  ${name.padEnd(30)}${`${funnelSeconds.toFixed(2)} s`.padEnd(10)}${cpuText(cpu(funnelRuns)).padEnd(10)}` +
        `${`${sqliteSeconds.toFixed(2)} s`.padEnd(10)}${cpuText(cpu(sqliteRuns)).padEnd(10)}` +
        `${`${ratio.toFixed(2)} x`.padEnd(10)}${`${floor.toFixed(2)} x`.padEnd(10)}${pass ? "PASS" : "MISS"}  (target <= 1 s and <= 2 x sqlite3)`,
    );
    figures.push({
      ...entry,
      measured: true,
      funnelSeconds: round(funnelSeconds),
      funnelCpuSeconds: cpu(funnelRuns) === null ? null : round(cpu(funnelRuns)),
      funnelRunsSeconds: funnelRuns.map((r) => round(r.seconds)),
      sqlite3Seconds: round(sqliteSeconds),
      sqlite3CpuSeconds: cpu(sqliteRuns) === null ? null : round(cpu(sqliteRuns)),
      sqlite3RunsSeconds: sqliteRuns.map((r) => round(r.seconds)),
      ratio: round(ratio),
      floorRatio: round(floor),
      pass,
    });
  }
  return {
    database: db,
    generator: spawnSync(
      "sqlite3",
      [db, "SELECT value FROM settings WHERE key = 'bench.generator';"],
      {
        encoding: "utf8",
      },
    ).stdout.trim(),
    leads: counts[0],
    stageEvents: counts[1],
    deals: counts[2],
    runs: reportRuns,
    timeZone: "UTC",
    loadAverage: round(load),
    nodeStartSeconds: round(nodeStart),
    sqlite3StartSeconds: round(sqliteStart),
    target: "<= 1 s and <= 2 x sqlite3 (median wall time)",
    results: figures,
  };
}

/**
 * Long tables: 10,000 leads as a table, and the pipeline report with its thousands of stale
 * deals, each <= 1 s (median wall time, stdout to nowhere: not a terminal, so nothing is cut).
 */
async function tablesBench() {
  const db = "bench/tables-bench.db";
  run(
    process.execPath,
    ["scripts/generate-report-db.mjs", "--leads", "20000", "--deals", "20000", "--out", db],
    "generate-report-db",
  );
  const env = { ...process.env, TZ: "UTC", NO_COLOR: "1", CI: "true" };
  const tables = [
    ["leads --limit 10000", ["leads", "--limit", "10000"]],
    ["report pipeline (stale deals)", ["report", "pipeline", "--as-of", "2026-11-27"]],
  ];
  console.log(`\nfunnel bench: long tables on ${db}, median of ${reportRuns} run(s)\n`);
  const figures = [];
  for (const [name, args] of tables) {
    const command = ["--db", db, ...args, "--format", "table"];
    const list = [];
    for (let i = 0; i <= reportRuns; i++) {
      const result = await timed("bin/funnel", command, { env });
      if (result.status !== 0)
        fail(`funnel ${command.join(" ")} exited with ${result.status}`, result.stderr);
      if (i > 0) list.push(result); // run 0 warms the page cache: not counted
    }
    const seconds = median(list.map((r) => r.seconds));
    const cpuSeconds = list[0].cpuSeconds === null ? null : median(list.map((r) => r.cpuSeconds));
    const pass = seconds <= 1;
    console.log(
      `  ${name.padEnd(32)}${`${seconds.toFixed(2)} s`.padEnd(10)}${cpuSeconds === null ? "".padEnd(10) : `(${cpuSeconds.toFixed(2)})`.padEnd(10)}${pass ? "PASS" : "MISS"}  (target <= 1 s)`,
    );
    figures.push({
      table: name,
      command: `funnel ${command.join(" ")}`,
      seconds: round(seconds),
      cpuSeconds: cpuSeconds === null ? null : round(cpuSeconds),
      pass,
    });
  }
  return { database: db, runs: reportRuns, target: "<= 1 s (median wall time)", results: figures };
}

/**
 * Runs a command to the end; wall time, CPU time (user + sys, by GNU time, else null) and exit
 * status. Stdout goes nowhere, like `> /dev/null`.
 */
async function timed(command, args, { input, env } = {}) {
  const timeFile = "bench/time.out";
  const [file, argv] = hasTime
    ? ["/usr/bin/time", ["-f", "%U %S", "-o", timeFile, command, ...args]]
    : [command, args];
  const started = performance.now();
  const child = spawn(file, argv, { stdio: ["pipe", "ignore", "pipe"], env });
  child.stdin.end(input);
  let stderr = "";
  child.stderr.on("data", (data) => {
    if (stderr.length < 64_000) stderr += data;
  });
  const status = await new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => resolve(code ?? signal));
  });
  const seconds = (performance.now() - started) / 1000;
  let cpuSeconds = null;
  if (hasTime) {
    const [user, sys] = readFileSync(timeFile, "utf8")
      .trim()
      .split("\n")
      .at(-1)
      .split(" ")
      .map(Number);
    cpuSeconds = user + sys;
  }
  return { seconds, cpuSeconds, status, stderr };
}

/**
 * Runs a command to the end and returns its wall time, peak RSS (KB) and exit status.
 * GNU time's %M is the peak RSS of the whole process, so it covers funnel's worker thread too;
 * it writes to a file (-o) so that it does not mix with the command's own stderr.
 */
async function measure(command, args, { input, quiet = false } = {}) {
  const timeFile = "bench/time.out";
  const [file, argv] = hasTime
    ? ["/usr/bin/time", ["-f", "%M %U %S", "-o", timeFile, command, ...args]]
    : [command, args];
  const started = performance.now();
  const child = spawn(file, argv, { stdio: ["pipe", "ignore", quiet ? "ignore" : "pipe"] });
  child.stdin.end(input);
  let stderr = "";
  child.stderr?.on("data", (data) => {
    if (stderr.length < 64_000) stderr += data;
  });
  // Without GNU time: the kernel's high-water mark (VmHWM), read every 50 ms while the process
  // lives; it can only miss growth in the last 50 ms before exit.
  let polledKB = 0;
  const poll = hasTime
    ? undefined
    : setInterval(async () => {
        const status = await readFile(`/proc/${child.pid}/status`, "utf8").catch(() => "");
        const kb = Number(/^VmHWM:\s+(\d+)/m.exec(status)?.[1] ?? 0);
        polledKB = Math.max(polledKB, kb);
      }, 50);
  const status = await new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => resolve(code ?? signal));
  });
  const seconds = (performance.now() - started) / 1000;
  clearInterval(poll);
  // GNU time puts "Command exited with non-zero status N" above the figure: take the last line.
  const [peak, user, sys] = hasTime
    ? readFileSync(timeFile, "utf8").trim().split("\n").at(-1).split(" ").map(Number)
    : [polledKB, Number.NaN, Number.NaN];
  return { seconds, peakKB: peak, cpuSeconds: user + sys, status, stderr };
}

/**
 * The sqlite3 shell loading the file into funnel's leads shape: `.import` into a temporary table,
 * then scripts/import-reference/sqlite3-leads.sql (the table, its indexes, one stage event per
 * lead). The row count is checked: anything near zero means the import did not run.
 */
async function sqliteImport() {
  freshDatabase(sqliteDb);
  const script = [
    ".bail on",
    `.import --csv --schema temp "${csv}" file`,
    ".read scripts/import-reference/sqlite3-leads.sql",
    "",
  ].join("\n");
  const result = await measure("sqlite3", [sqliteDb], { input: script });
  if (result.status !== 0) fail(`sqlite3 exited with ${result.status}`, result.stderr);
  const count = spawnSync("sqlite3", [sqliteDb, "SELECT count(*) FROM stage_events;"], {
    encoding: "utf8",
  });
  const imported = Number(count.stdout.trim());
  // Duplicates and nothing else are left out: anything near zero means the import did not run.
  if (count.status !== 0 || !(imported > rows * 0.9)) {
    fail(`sqlite3 imported ${count.stdout.trim() || "no"} rows of ${rows}`, count.stderr);
  }
  return { ...result, rows: imported };
}

/** csv-parse alone reading the file into arrays (scripts/csv-parse-alone.mjs). */
async function csvParseAlone() {
  const result = await measure(process.execPath, ["scripts/csv-parse-alone.mjs", csv]);
  if (result.status !== 0) fail(`csv-parse-alone exited with ${result.status}`, result.stderr);
  return result;
}

/** Median wall time in ms per command; the runs interleave so that load hits them alike. */
function startupTimes(commands) {
  const times = Object.fromEntries(Object.keys(commands).map((name) => [name, []]));
  for (let i = 0; i <= startupRuns; i++) {
    for (const [name, [command, args]] of Object.entries(commands)) {
      const started = performance.now();
      const result = spawnSync(command, args, { stdio: ["ignore", "ignore", "pipe"] });
      const elapsed = performance.now() - started;
      if (result.status !== 0) {
        fail(`${command} ${args.join(" ")} exited with ${result.status}`, String(result.stderr));
      }
      if (i > 0) times[name].push(elapsed); // run 0 warms the disk cache: not counted
    }
  }
  return Object.fromEntries(Object.entries(times).map(([name, list]) => [name, median(list)]));
}

function freshDatabase(path) {
  for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(path + suffix, { force: true });
}

function run(command, args, label, stdout = "inherit") {
  const result = spawnSync(command, args, { stdio: ["inherit", stdout, "inherit"] });
  if (result.status !== 0) fail(`${label} exited with ${result.status ?? result.signal}`);
}

function median(list) {
  const sorted = [...list].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function round(value) {
  return Math.round(value * 1000) / 1000;
}

function options() {
  try {
    return parseArgs({
      options: {
        rows: { type: "string", default: "1000000" },
        runs: { type: "string", default: "1" },
        "report-runs": { type: "string", default: "5" },
        "report-leads": { type: "string", default: "1000000" },
        "report-db": { type: "string" },
        sizes: { type: "string" },
        only: { type: "string" },
        engine: { type: "string", default: "sqlite" },
        pg: { type: "string" },
      },
    }).values;
  } catch (error) {
    fail(
      `${error.message}; usage: node scripts/bench.mjs [--rows N] [--runs K] [--report-runs K] [--report-leads N] [--report-db FILE] [--sizes N,N,...] [--only import|startup|reports|tables] [--engine sqlite|postgres [--pg URL]]`,
    );
  }
}

function positiveInteger(option, text) {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) fail(`${option} must be a positive integer`);
  return value;
}

function fail(message, stderr = "") {
  if (stderr.trim() !== "") process.stderr.write(`${stderr.trimEnd()}\n`);
  process.stderr.write(`bench: ${message}\n`);
  process.exit(1);
}
