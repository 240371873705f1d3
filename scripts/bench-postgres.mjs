// `npm run bench -- --engine postgres [--pg URL]`: the issue's PostgreSQL targets, measured.
//   each report on the 1,000,000-lead bench database <= 1 s and <= 2 x the same hand-written
//   query run by psql (scripts/report-queries/postgres/*.sql, the sqlite3 ones in PostgreSQL's
//   dialect)
//   the import of the bench file (bench/leads-N.csv) <= 1.5 x psql's \copy of it into a table of
//   the file's shape (a text column per header) with an index on its email column (not UNIQUE:
//   the file repeats some emails, which \copy cannot skip before PostgreSQL 17)
// The server: --pg URL, else FUNNEL_BENCH_PG, else FUNNEL_TEST_PG (a user who may create
// databases). The data: bench/reports-bench.db (scripts/generate-report-db.mjs), copied up once
// with `funnel db copy` into a database named after its size, then VACUUM ANALYZE (what
// autovacuum does to a live database); reused while its generator stamp matches the file's.
// Figures go to bench/results.json under "postgres".
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";

export async function postgresBench({ rows, reportLeads, reportRuns, server, only }) {
  const base = server ?? process.env.FUNNEL_BENCH_PG ?? process.env.FUNNEL_TEST_PG;
  if (!base) fail("--engine postgres needs a server: --pg URL, FUNNEL_BENCH_PG or FUNNEL_TEST_PG");
  if (only !== undefined && only !== "reports" && only !== "import")
    fail("--engine postgres measures the import and the reports (--only import|reports)");
  const env = { ...process.env, TZ: "UTC", NO_COLOR: "1", CI: "true" };
  const results = existsSync("bench/results.json")
    ? JSON.parse(readFileSync("bench/results.json", "utf8"))
    : {};
  results.postgres ??= {};
  if (only !== "reports") results.postgres.import = await importBench(base, rows, env);
  if (only !== "import")
    results.postgres.reports = await reportsBench(base, reportLeads, reportRuns, env);
  results.postgres.date = new Date().toISOString();
  writeFileSync("bench/results.json", `${JSON.stringify(results, null, 2)}\n`);
  console.log("\n  figures written to bench/results.json");
}

/** funnel import of the bench file against psql's \copy of it, each into a fresh database. */
async function importBench(base, rows, env) {
  const csv = `bench/leads-${rows}.csv`;
  if (!existsSync(csv)) run(process.execPath, ["scripts/generate-leads.mjs", String(rows), csv]);
  const name = "funnel_bench_import";
  const url = withDatabase(base, name);
  const fresh = () => {
    psql(base, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    psql(base, `CREATE DATABASE ${name}`);
  };
  console.log(`funnel bench: import of ${csv} into PostgreSQL ${url}, each into a fresh database`);
  fresh();
  // The schema first (an empty funnel database), as \copy's table is made before it is timed.
  psql(url, "SELECT 1");
  spawnSync("bin/funnel", ["--db", url, "rep", "list"], { env, stdio: "ignore" });
  const funnel = await timed(
    "bin/funnel",
    ["--db", url, "import", csv, "--rejects", "bench/rejects.csv"],
    env,
  );
  if (funnel.status !== 0) fail(`funnel import exited with ${funnel.status}`, funnel.stderr);
  const imported = Number(psql(url, "SELECT count(*) FROM leads"));
  fresh();
  const headers = readFileSync(csv, "utf8")
    .slice(0, 4096)
    .split("\n")[0]
    .split(",")
    .map((h) => h.replace(/^"|"$/g, ""));
  const email = headers.find((h) => h.toLowerCase().replace(/[^a-z]/g, "") === "email");
  const quoted = (h) => `"${h.replaceAll('"', '""')}"`;
  psql(
    url,
    `CREATE TABLE leads (${headers.map((h) => `${quoted(h)} text`).join(", ")}); CREATE INDEX leads_email ON leads (${quoted(email)})`,
  );
  const copy = await timed(
    "psql",
    ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-c", `\\copy leads FROM '${csv}' CSV HEADER`, url],
    env,
  );
  if (copy.status !== 0) fail(`psql \\copy exited with ${copy.status}`, copy.stderr);
  psql(base, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  const ratio = funnel.seconds / copy.seconds;
  const pass = ratio <= 1.5;
  console.log(
    `  funnel import   ${funnel.seconds.toFixed(2)} s (${imported.toLocaleString("en")} leads)`,
  );
  console.log(`  psql \\copy      ${copy.seconds.toFixed(2)} s`);
  console.log(
    `  ratio           ${ratio.toFixed(2)} x   ${pass ? "PASS" : "MISS"}  (target <= 1.5 x psql \\copy)\n`,
  );
  return {
    file: csv,
    leads: imported,
    funnelSeconds: round(funnel.seconds),
    psqlCopySeconds: round(copy.seconds),
    ratio: round(ratio),
    pass,
  };
}

/** Each report on the bench database copied up, against psql running the hand-written query. */
async function reportsBench(base, reportLeads, reportRuns, env) {
  const file =
    reportLeads === 1_000_000 ? "bench/reports-bench.db" : `bench/reports-bench-${reportLeads}.db`;
  run(process.execPath, [
    "scripts/generate-report-db.mjs",
    "--leads",
    String(reportLeads),
    "--out",
    file,
  ]);
  const stamp = sqlite(file, "SELECT value FROM settings WHERE key = 'bench.generator';");
  const name = `funnel_bench_${reportLeads}`;
  const url = withDatabase(base, name);

  let copySeconds = null;
  if (psql(url, "SELECT value FROM settings WHERE key = 'bench.generator'", true) !== stamp) {
    console.log(`funnel bench: copying ${file} up to ${url} (once, with funnel db copy)`);
    psql(base, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    psql(base, `CREATE DATABASE ${name}`);
    const started = performance.now();
    const copy = spawnSync("bin/funnel", ["db", "copy", "--from", file, "--to", url], {
      env,
      stdio: ["ignore", "ignore", "inherit"],
    });
    if (copy.status !== 0) fail(`funnel db copy exited with ${copy.status}`);
    copySeconds = (performance.now() - started) / 1000;
    console.log(`  copied in ${copySeconds.toFixed(1)} s`);
    psql(url, "VACUUM ANALYZE");
  }

  const [leads, events, deals] = psql(
    url,
    "SELECT (SELECT count(*) FROM leads) || ' ' || (SELECT count(*) FROM stage_events) || ' ' || (SELECT count(*) FROM deals)",
  )
    .split(" ")
    .map((n) => Number(n).toLocaleString("en"));
  console.log(
    `\nfunnel bench: reports on PostgreSQL ${url} (${leads} leads, ${events} stage events, ${deals} deals)`,
  );
  console.log(
    `  median of ${reportRuns} run(s) each after one warm-up, TZ=UTC, --as-of 2026-11-27; load average ${loadavg()[0].toFixed(2)} on this machine`,
  );
  console.log("");
  console.log(
    `  ${"report".padEnd(30)}${"funnel".padEnd(10)}${"psql".padEnd(10)}${"ratio".padEnd(10)}`,
  );

  const asOf = ["--as-of", "2026-11-27"];
  const quarter = ["--period", "2026-Q3", ...asOf];
  const running = ["--period", "2026-Q4", ...asOf];
  const reports = [
    [
      "funnel cohort --by source",
      ["funnel", "--mode", "cohort", "--by", "source", ...quarter],
      "funnel-cohort",
    ],
    [
      "funnel activity --by source",
      ["funnel", "--mode", "activity", "--by", "source", ...quarter],
      "funnel-activity",
    ],
    ["sources", ["sources", ...quarter], "sources"],
    ["quota --by rep", ["quota", "--by", "rep", ...running], "quota-rep"],
    ["quota --by team", ["quota", "--by", "team", ...running], "quota-team"],
    ["pipeline", ["pipeline", ...asOf], "pipeline"],
    ["sla", ["sla", ...quarter], "sla"],
  ];
  const figures = [];
  for (const [report, args, query] of reports) {
    const command = ["--db", url, "report", ...args, "--json"];
    const sqlFile = `scripts/report-queries/postgres/${query}.sql`;
    const funnelRuns = [];
    const psqlRuns = [];
    // Run 0 warms the server's cache: not counted.
    for (let i = 0; i <= reportRuns; i++) {
      const funnel = await timed("bin/funnel", command, env);
      if (funnel.status !== 0)
        fail(`funnel ${command.join(" ")} exited with ${funnel.status}`, funnel.stderr);
      const hand = await timed(
        "psql",
        ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", sqlFile, url],
        env,
      );
      if (hand.status !== 0) fail(`psql -f ${sqlFile} exited with ${hand.status}`, hand.stderr);
      if (i > 0) {
        funnelRuns.push(funnel.seconds);
        psqlRuns.push(hand.seconds);
      }
    }
    const funnelSeconds = median(funnelRuns);
    const psqlSeconds = median(psqlRuns);
    const ratio = funnelSeconds / psqlSeconds;
    const pass = funnelSeconds <= 1 && ratio <= 2;
    console.log(
      `  ${report.padEnd(30)}${`${funnelSeconds.toFixed(2)} s`.padEnd(10)}${`${psqlSeconds.toFixed(2)} s`.padEnd(10)}${`${ratio.toFixed(2)} x`.padEnd(10)}${pass ? "PASS" : "MISS"}  (target <= 1 s and <= 2 x psql)`,
    );
    figures.push({
      report,
      command: `funnel ${command.join(" ")}`,
      query: sqlFile,
      funnelSeconds: round(funnelSeconds),
      psqlSeconds: round(psqlSeconds),
      ratio: round(ratio),
      pass,
    });
  }
  return {
    database: url,
    leads: Number(leads.replaceAll(",", "")),
    ...(copySeconds === null ? {} : { dbCopySeconds: round(copySeconds) }),
    reports: figures,
  };
}

/** `url` naming `database` on the same server. */
function withDatabase(url, database) {
  const parts = /^(postgres(?:ql)?:\/\/[^/?]*)(?:\/[^?]*)?(\?.*)?$/i.exec(url);
  if (parts === null) fail("the server is not a postgres:// URL");
  return `${parts[1]}/${database}${parts[2] ?? ""}`;
}

function psql(url, sql, mayFail = false) {
  const result = spawnSync("psql", ["-X", "-Atq", "-c", sql, url], { encoding: "utf8" });
  if (result.status !== 0) {
    if (mayFail) return undefined;
    fail(`psql -c "${sql}" exited with ${result.status}`, result.stderr);
  }
  return result.stdout.trim();
}

function sqlite(file, sql) {
  return spawnSync("sqlite3", [file, sql], { encoding: "utf8" }).stdout.trim();
}

async function timed(command, args, env) {
  const started = performance.now();
  const child = spawn(command, args, { stdio: ["ignore", "ignore", "pipe"], env });
  let stderr = "";
  child.stderr.on("data", (data) => {
    if (stderr.length < 64_000) stderr += data;
  });
  const status = await new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => resolve(code ?? signal));
  });
  return { status, stderr, seconds: (performance.now() - started) / 1000 };
}

function run(command, args) {
  const result = spawnSync(command, args, { stdio: "inherit" });
  if (result.status !== 0) fail(`${args[0]} exited with ${result.status ?? result.signal}`);
}

function median(list) {
  const sorted = [...list].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function round(value) {
  return Math.round(value * 1000) / 1000;
}

function fail(message, stderr = "") {
  if (stderr.trim() !== "") process.stderr.write(`${stderr.trimEnd()}\n`);
  process.stderr.write(`bench: ${message}\n`);
  process.exit(1);
}
