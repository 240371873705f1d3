#!/usr/bin/env node
// Builds the reports benchmark database: 50 reps in 5 teams, 1,000,000 leads created
// 2025-01..2026-11 with their stage events (~2 a lead), handoffs and touches for most MQLs,
// 100,000 deals with their events, 2026 quotas per rep and team, and an SLA. A smaller file
// spreads its leads over the same span; a bigger one adds older leads, in the years before
// (ids after the recent ones), so that its recent quarters are those of the 1,000,000 file.
// Deterministic (seeded PRNG): the same version and size give the same file.
// The schema comes from the built binary (its real migrations); rows go in with better-sqlite3,
// in big transactions, and the leads' first-reached times from the built store's own SQL. Leads go in in the order they were created; stage events, handoffs and
// touches are collected and go in in time order, as a real file appends them (so the events of
// one lead are spread over the table, not side by side).
// Usage: node scripts/generate-report-db.mjs [--leads N] [--deals N] [--out bench/reports-bench.db]
//        [--force]   (reuses the file when its generator version and sizes match)
import { spawnSync } from "node:child_process";
import { existsSync, renameSync, rmSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { backfillLeadStagesSql } from "../dist/chunks/script-lead-stages-sql.js";
import { Database } from "../dist/chunks/script-sqlite-driver.js";
import { seededRandom } from "./seeded-random.mjs";

/** Bump when the data changes, so that benchmarks never compare figures of two data sets. */
export const generatorVersion = 3;
const versionKey = "bench.generator";

const root = fileURLToPath(new URL("..", import.meta.url));
process.chdir(root);

const { values } = parseArgs({
  options: {
    leads: { type: "string", default: "1000000" },
    deals: { type: "string" },
    out: { type: "string", default: "bench/reports-bench.db" },
    force: { type: "boolean", default: false },
  },
});
const leadCount = Number(values.leads);
const dealCount = Number(values.deals ?? Math.round(leadCount / 10));
if (!Number.isInteger(leadCount) || leadCount < 1000) fail("--leads must be an integer >= 1000");
if (!Number.isInteger(dealCount) || dealCount < 1) fail("--deals must be a positive integer");
const out = values.out;
// Up to 1,000,000 leads all fall in 2025-01..2026-11; the leads beyond that are older, spread
// over the years before at the density the span starts with (about 350,000 a year), so that
// bigger files hold the same recent quarters and more history: a report over one quarter can
// be timed as the years pile up.
const recentCount = Math.min(leadCount, 1_000_000);
const olderCount = leadCount - recentCount;
const stamp = `v${generatorVersion} leads=${leadCount} deals=${dealCount}${olderCount > 0 ? " older-years" : ""}`;

if (!values.force && existsSync(out) && storedStamp(out) === stamp) {
  console.log(`generate-report-db: ${out} is up to date (${stamp})`);
  process.exit(0);
}

// ---------------------------------------------------------------------------------------------
// Randomness and time.

const random = seededRandom(20261127);
const pick = (list) => list[Math.floor(random() * list.length)];
const chance = (p) => random() < p;
const between = (low, high) => low + random() * (high - low);
/** A weighted choice: `table` is [[value, weight], ...]. */
function weighted(table) {
  const total = table.reduce((sum, [, w]) => sum + w, 0);
  let r = random() * total;
  for (const [value, w] of table) {
    r -= w;
    if (r < 0) return value;
  }
  return table.at(-1)[0];
}
/** Skewed toward `low`: most waits are short, a few are long. */
const skewed = (low, high) => low + (high - low) * random() ** 2.5;

const hour = 3_600_000;
const day = 24 * hour;
const start = Date.UTC(2025, 0, 1);
const end = Date.UTC(2026, 10, 27); // leads are created up to here
const now = Date.UTC(2026, 10, 27, 12); // nothing happens after this moment
const iso = (ms) => new Date(ms).toISOString();

// ---------------------------------------------------------------------------------------------
// Reps: 5 teams of 10 (a manager, 4 AEs, 2 SDRs, an AM, 2 marketers).

const firstNames = [
  "ana",
  "joao",
  "maria",
  "wei",
  "priya",
  "liam",
  "olivia",
  "noah",
  "emma",
  "lucas",
];
const lastNames = [
  "souza",
  "silva",
  "smith",
  "chen",
  "patel",
  "muller",
  "garcia",
  "rossi",
  "kim",
  "nguyen",
];
const teams = [
  ["emea", "Europe"],
  ["na-east", "US East"],
  ["na-west", "US West"],
  ["apac", "Asia Pacific"],
  ["latam", "Latin America"],
];
const teamRoles = ["manager", "ae", "ae", "ae", "ae", "sdr", "sdr", "am", "marketing", "marketing"];
const reps = [];
for (const [t, [team, territory]] of teams.entries()) {
  let manager;
  for (const [r, role] of teamRoles.entries()) {
    const first = firstNames[(t * 3 + r) % firstNames.length];
    const last = lastNames[(t + r * 7) % lastNames.length];
    const handle = `${first}.${last}${t}`;
    const rep = {
      id: reps.length + 1,
      handle,
      name: `${cap(first)} ${cap(last)}`,
      email: `${handle}@example.com`,
      role,
      team,
      territory,
      manager: role === "manager" ? null : manager,
    };
    if (role === "manager") manager = handle;
    reps.push(rep);
  }
}
const byRole = (...roles) => reps.filter((rep) => roles.includes(rep.role));
const salesReps = byRole("sdr", "ae");
const closers = byRole("ae", "am");
const marketers = byRole("marketing");
const aesOfTeam = (team) => reps.filter((rep) => rep.team === team && rep.role === "ae");

// ---------------------------------------------------------------------------------------------
// Lead attributes.

const sources = [
  ["web", 30],
  ["seo", 15],
  ["paid-search", 15],
  ["social", 10],
  ["email", 8],
  ["events", 7],
  ["referral", 5],
  ["partners", 4],
  ["direct-mail", 2],
  ["pr", 1],
  [null, 3],
];
const campaignsOf = {
  web: ["website-form", "pricing-page", "free-trial", null],
  seo: ["blog", "comparison-pages", null],
  "paid-search": ["brand", "competitor", "generic", "retargeting"],
  social: ["linkedin-ads", "twitter-organic", "youtube"],
  email: ["newsletter", "nurture", "product-update"],
  events: ["saas-summit", "webinar", "roadshow", "trade-show"],
  referral: ["customer-referral", null],
  partners: ["reseller", "integration-partner"],
  "direct-mail": ["q4-mailer"],
  pr: [null],
};
const countries = [
  ["US", 35],
  ["BR", 8],
  ["DE", 8],
  ["FR", 6],
  ["GB", 8],
  ["IN", 7],
  ["JP", 4],
  ["CA", 5],
  ["AU", 4],
  ["ES", 4],
  ["PT", 3],
  ["NL", 3],
  ["MX", 5],
];
const teamOfCountry = {
  US: "na-east",
  CA: "na-west",
  BR: "latam",
  MX: "latam",
  JP: "apac",
  IN: "apac",
  AU: "apac",
};
const titles = [
  "CEO",
  "CTO",
  "VP Sales",
  "Head of Marketing",
  "Engineer",
  "Analyst",
  "Director",
  null,
];
const companies = ["Acme", "Globex", "Initech", "Umbrella", "Hooli", "Stark", "Wayne", "Tyrell"];
const recycleReasons = [
  ["no budget", 35],
  ["bad timing", 25],
  ["not the decision maker", 20],
  ["no response", 15],
  [null, 5],
];
const disqualifyReasons = [
  ["student", 20],
  ["competitor", 10],
  ["spam", 30],
  ["wrong country", 15],
  ["too small", 25],
];
const lostReasons = ["price", "competitor", "no decision", "timing", "features"];
const touchKinds = [
  ["email", 50],
  ["call", 35],
  ["meeting", 10],
  ["demo", 5],
];
const openStages = ["prospecting", "qualification", "proposal", "negotiation"];

// ---------------------------------------------------------------------------------------------
// The file: schema from the binary, then the rows.

await mkdir(dirname(out), { recursive: true });
const partial = `${out}.partial`;
removeDatabase(partial);
const schema = spawnSync("bin/funnel", ["--db", partial, "config", "show"], {
  encoding: "utf8",
  env: { ...process.env, NO_COLOR: "1", CI: "true" },
});
if (schema.status !== 0) fail(`bin/funnel config show exited with ${schema.status}`, schema.stderr);

const started = performance.now();
const db = new Database(partial);
// Nothing here needs to survive a crash: the file is renamed into place only when complete.
db.pragma("journal_mode = OFF");
db.pragma("synchronous = OFF");
db.pragma("cache_size = -262144"); // 256 MB
db.pragma("foreign_keys = OFF");
// Indexes are dropped for the load and made again from their own SQL at the end: the same
// schema, built several times faster than row by row.
const indexes = db
  .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")
  .all();
for (const index of indexes) db.exec(`DROP INDEX "${index.name}"`);

const insertRep = db.prepare(
  `INSERT INTO reps (id, handle, name, email, role, team, territory, manager, active, weight, capacity, created_at)
   VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, 1, NULL, ?)`,
);
const insertLead = db.prepare(
  `INSERT INTO leads (id, external_id, email, first_name, last_name, name, company, title, phone, country,
     source, campaign, created_at, owner, stage, score, attributes, batch_id, updated_at)
   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '{}', NULL, ?)`,
);
const insertEvent = db.prepare(
  "INSERT INTO stage_events (lead_id, from_stage, to_stage, at, actor, reason) VALUES (?, ?, ?, ?, ?, ?)",
);
const insertHandoff = db.prepare(
  "INSERT INTO handoffs (lead_id, rep_id, at, strategy, explanation, actor) VALUES (?, ?, ?, ?, NULL, ?)",
);
const insertTouch = db.prepare(
  "INSERT INTO touches (lead_id, rep_id, kind, at, note) VALUES (?, ?, ?, ?, NULL)",
);
const insertDeal = db.prepare(
  `INSERT INTO deals (id, external_id, name, account, lead_id, owner_id, amount, stage, kind, opened_at,
     expected_close, closed_at, lost_reason, attributes, batch_id, updated_at)
   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '{}', NULL, ?)`,
);
const insertDealEvent = db.prepare(
  "INSERT INTO deal_events (deal_id, from_stage, to_stage, at, actor, amount, reason) VALUES (?, ?, ?, ?, ?, ?, ?)",
);
const insertQuota = db.prepare(
  `INSERT INTO quotas (rep_id, team, period, period_from, period_to, metric, target, batch_id, updated_at)
   VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?)`,
);
const setSetting = db.prepare(
  "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
);

db.transaction(() => {
  for (const rep of reps) {
    insertRep.run(
      rep.id,
      rep.handle,
      rep.name,
      rep.email,
      rep.role,
      rep.team,
      rep.territory,
      rep.manager,
      iso(start - 30 * day),
    );
  }
})();

const counts = { events: 0, handoffs: 0, touches: 0, deals: 0, dealEvents: 0, quotas: 0 };
let dealId = 0;

/** Rows that go in in time order once all leads are made: [ms, ...values]. */
const later = { events: [], handoffs: [], touches: [] };

/** A deal and its events; `lead` when it came from a lead's opportunity. */
function addDeal(deal) {
  dealId += 1;
  const { opened, owner } = deal;
  const amount = Math.round(between(5_000, 60_000) * (chance(0.1) ? 4 : 1)) * 100;
  const expectedClose = opened + Math.round(between(20, 150)) * day;
  // Outcome and when: a deal closes (won or lost) some weeks after it opened, unless that is
  // still to come at `now`; a few stall and stay open long past their expected close.
  let outcome =
    deal.outcome ??
    weighted([
      ["won", 38],
      ["lost", 57],
      ["open", 5],
    ]);
  let closed = deal.closedAt ?? opened + Math.round(skewed(10, 160) * day);
  if (outcome !== "open" && closed > now) outcome = "open";
  if (outcome === "open") closed = null;
  const last = closed ?? now;
  // Stage moves between opening and closing (or now).
  const moves = [];
  let at = opened;
  let stage = 0;
  const steps = outcome === "won" ? 3 : Math.floor(random() * 4);
  for (let i = 0; i < steps && stage < openStages.length - 1; i++) {
    at += Math.round(skewed(2, 35) * day);
    if (at >= last) break;
    stage += 1;
    moves.push([openStages[stage - 1], openStages[stage], at]);
  }
  const finalStage = outcome === "open" ? openStages[stage] : outcome;
  insertDeal.run(
    dealId,
    `D${String(dealId).padStart(7, "0")}`,
    `${deal.account} ${deal.kind}`,
    deal.account,
    deal.leadId ?? null,
    owner.id,
    chance(0.03) && outcome === "open" ? null : amount,
    finalStage,
    deal.kind,
    iso(opened),
    iso(expectedClose),
    closed === null ? null : iso(closed),
    outcome === "lost" ? pick(lostReasons) : null,
    iso(closed ?? moves.at(-1)?.[2] ?? opened),
  );
  insertDealEvent.run(dealId, null, "prospecting", iso(opened), owner.handle, amount, null);
  for (const [from, to, when] of moves)
    insertDealEvent.run(dealId, from, to, iso(when), owner.handle, amount, null);
  counts.dealEvents += 1 + moves.length;
  if (closed !== null) {
    insertDealEvent.run(
      dealId,
      openStages[stage],
      outcome,
      iso(closed),
      owner.handle,
      amount,
      outcome === "lost" ? pick(lostReasons) : null,
    );
    counts.dealEvents += 1;
  }
  counts.deals += 1;
  return { outcome, closed };
}

/**
 * One lead's life: its creation event, then moves until it stops or `now` comes. Returns its
 * final stage and owner.
 */
function liveLead(leadId, created, source, team) {
  let stage = null;
  let at = created;
  let owner = null;
  const move = (to, when, actor, reason = null) => {
    later.events.push([when, leadId, stage, to, actor, reason]);
    stage = to;
    at = when;
  };
  // Events and referrals often arrive already qualified.
  const atMql = chance(source === "events" || source === "referral" ? 0.3 : 0.06);
  move(atMql ? "mql" : "lead", created, "import");
  if (stage === "lead") {
    if (chance(0.1)) {
      const when = at + skewed(1, 60) * day;
      if (when <= now)
        move("disqualified", when, pick(marketers).handle, weighted(disqualifyReasons));
      return { stage, owner, at };
    }
    if (!chance(0.42)) return { stage, owner, at };
    const when = at + skewed(0.1, 30) * day;
    if (when > now) return { stage, owner, at };
    move("mql", when, chance(0.4) ? "import" : pick(marketers).handle);
  }
  for (let round = 0; round < 2 && stage === "mql"; round++) {
    // Handoff to a sales rep of the lead's territory, most of the time.
    if (!chance(0.85)) return { stage, owner, at };
    const handed = at + skewed(0.05, 3) * day;
    if (handed > now) return { stage, owner, at };
    const local = salesReps.filter((rep) => rep.team === team);
    const rep = chance(0.9) ? pick(local) : pick(salesReps);
    later.handoffs.push([
      handed,
      leadId,
      rep.id,
      chance(0.7) ? "round-robin" : "territory",
      "import",
    ]);
    owner = rep.handle;
    // Touches: most handoffs get a first call or email within hours, some never do.
    if (chance(0.8)) {
      let touched = handed + skewed(0.1, 96) * hour;
      for (let n = 0; n < 3 && touched <= now; n++) {
        later.touches.push([touched, leadId, rep.id, weighted(touchKinds)]);
        if (!chance(0.45)) break;
        touched += skewed(0.5, 10) * day;
      }
    }
    const decided = handed + skewed(0.1, 12) * day;
    if (decided > now) return { stage, owner, at };
    const decision = weighted([
      ["sal", 60],
      ["recycled", 15],
      ["disqualified", 5],
      ["none", 20],
    ]);
    if (decision === "none") return { stage, owner, at };
    if (decision === "sal") {
      move("sal", decided, rep.handle);
      break;
    }
    move(
      decision,
      decided,
      rep.handle,
      weighted(decision === "recycled" ? recycleReasons : disqualifyReasons),
    );
    if (decision === "disqualified") return { stage, owner, at };
    // Marketing nurtures some recycled leads back to MQL.
    if (!chance(0.2)) return { stage, owner, at };
    const again = at + skewed(20, 120) * day;
    if (again > now) return { stage, owner, at };
    move("mql", again, pick(marketers).handle);
  }
  if (stage !== "sal") return { stage, owner, at };
  const ownerRep = reps.find((rep) => rep.handle === owner);
  if (!chance(0.5)) return { stage, owner, at };
  const qualified = at + skewed(1, 20) * day;
  if (qualified > now) return { stage, owner, at };
  move("sql", qualified, owner);
  if (!chance(0.5)) return { stage, owner, at };
  const opened = at + skewed(1, 30) * day;
  if (opened > now) return { stage, owner, at };
  // An SDR passes the opportunity to an AE of the team.
  const closer = ownerRep.role === "ae" ? ownerRep : pick(aesOfTeam(ownerRep.team));
  move("opportunity", opened, closer.handle);
  owner = closer.handle;
  if (dealId >= dealCount) return { stage, owner, at };
  const deal = addDeal({
    leadId,
    opened,
    owner: closer,
    kind: "new",
    account: pick(companies),
  });
  if (deal.outcome === "won") move("customer", deal.closed, closer.handle);
  return { stage, owner, at };
}

// Leads: created in time order, with growth (density rising 1 -> 2 over the span); then the
// older ones (ids after the recent ones, as a later import of history would give them), at
// the density of the span's start: d(created)/du = 1.5 x span at u = 0.
const batchSize = 50_000;
const olderSpan = (olderCount / recentCount) * 1.5 * (end - start);
for (let first = 1; first <= leadCount; first += batchSize) {
  db.transaction(() => {
    const last = Math.min(leadCount, first + batchSize - 1);
    for (let id = first; id <= last; id++) {
      const u = (id - 1 + random()) / recentCount;
      const created =
        id <= recentCount
          ? Math.floor(start + (end - start) * (Math.sqrt(1 + 3 * u) - 1))
          : Math.floor(
              start - olderSpan + (olderSpan * (id - recentCount - 1 + random())) / olderCount,
            );
      const source = weighted(sources);
      const campaign = source === null ? null : pick(campaignsOf[source]);
      const country = weighted(countries);
      const team = teamOfCountry[country] ?? (chance(0.5) ? "emea" : "na-east");
      const firstName = pick(firstNames);
      const lastName = pick(lastNames);
      // The lead's life first (foreign keys are off while generating), so that the row goes
      // in once with the stage and owner it ended with.
      const life = liveLead(id, created, source, team);
      // Some leads come with an owner from the CRM even before any handoff.
      const owner = life.owner ?? (chance(0.3) ? pick(salesReps).handle : null);
      insertLead.run(
        id,
        chance(0.6) ? `MQL-${id}` : null,
        `${firstName}.${lastName}.${id}@example.com`,
        cap(firstName),
        cap(lastName),
        `${cap(firstName)} ${cap(lastName)}`,
        pick(companies),
        pick(titles),
        chance(0.5) ? `+1555${String(id).padStart(7, "0")}` : null,
        country,
        source,
        campaign === null ? null : `${source}-${campaign}`,
        iso(created),
        owner,
        life.stage,
        Math.floor(random() * 101),
        iso(life.at),
      );
    }
  })();
}

// Events, handoffs and touches in time order (a stable sort: a lead's same-moment events keep
// their order).
const inTimeOrder = [
  ["events", (r) => insertEvent.run(r[1], r[2], r[3], iso(r[0]), r[4], r[5])],
  ["handoffs", (r) => insertHandoff.run(r[1], r[2], iso(r[0]), r[3], r[4])],
  ["touches", (r) => insertTouch.run(r[1], r[2], r[3], iso(r[0]))],
];
for (const [table, insert] of inTimeOrder) {
  const rows = later[table].sort((a, b) => a[0] - b[0]);
  for (let first = 0; first < rows.length; first += 200_000) {
    db.transaction(() => {
      for (let i = first; i < Math.min(rows.length, first + 200_000); i++) insert(rows[i]);
    })();
  }
  counts[table] = rows.length;
  later[table] = [];
}

// The leads' first-reached times (migration 6), from their events, as the migration fills
// them: rows inserted here bypass the store functions that keep them current.
db.exec(backfillLeadStagesSql());

// Renewals and expansions (no lead) up to the deal count.
db.transaction(() => {
  while (dealId < dealCount) {
    const opened = Math.floor(between(start, now - day));
    addDeal({
      opened,
      owner: pick(closers),
      kind: chance(0.6) ? "renewal" : "expansion",
      account: pick(companies),
    });
  }
})();

// Quotas for 2026: revenue per rep per month, deals per rep per quarter, revenue per team per
// quarter; marketers carry an MQL quota per month.
db.transaction(() => {
  const updated = iso(Date.UTC(2025, 11, 15));
  const month = (m) => `2026-${String(m).padStart(2, "0")}`;
  const dayOf = (y, m) => `${y}-${String(m).padStart(2, "0")}-01`;
  const monthlyRevenue = new Map();
  for (const rep of reps) {
    if (rep.role === "marketing") {
      for (let m = 1; m <= 12; m++) {
        insertQuota.run(
          rep.id,
          null,
          month(m),
          dayOf(2026, m),
          m === 12 ? "2027-01-01" : dayOf(2026, m + 1),
          "mqls",
          Math.round(between(1200, 2000)),
          updated,
        );
        counts.quotas += 1;
      }
      continue;
    }
    const base = { ae: 1_800_000, am: 900_000, sdr: 400_000, manager: 600_000 }[rep.role];
    const monthly = Math.round(base * between(0.8, 1.2)) * 100;
    monthlyRevenue.set(rep.team, (monthlyRevenue.get(rep.team) ?? 0) + monthly);
    for (let m = 1; m <= 12; m++) {
      insertQuota.run(
        rep.id,
        null,
        month(m),
        dayOf(2026, m),
        m === 12 ? "2027-01-01" : dayOf(2026, m + 1),
        "revenue",
        monthly,
        updated,
      );
      counts.quotas += 1;
    }
    for (let q = 1; q <= 4; q++) {
      const to = q === 4 ? "2027-01-01" : dayOf(2026, q * 3 + 1);
      insertQuota.run(
        rep.id,
        null,
        `2026-Q${q}`,
        dayOf(2026, q * 3 - 2),
        to,
        "deals",
        Math.round(between(30, 70)),
        updated,
      );
      counts.quotas += 1;
    }
  }
  for (const [team, monthly] of monthlyRevenue) {
    for (let q = 1; q <= 4; q++) {
      const to = q === 4 ? "2027-01-01" : dayOf(2026, q * 3 + 1);
      insertQuota.run(
        null,
        team,
        `2026-Q${q}`,
        dayOf(2026, q * 3 - 2),
        to,
        "revenue",
        Math.round((monthly * 3 * 0.9) / 100) * 100,
        updated,
      );
      counts.quotas += 1;
    }
  }
  // The SLA (settings key "sla", the stored form of src/domain/sla.ts).
  setSetting.run(
    "sla",
    JSON.stringify({
      mql_target: 14_000,
      source_targets: { web: 4_500, "paid-search": 2_200, events: 1_200 },
      follow_up_hours: 4,
      decision_days: 3,
      business_hours: { working_days: "mon-fri", working_hours: "09:00-17:00" },
      share_pct: 90,
    }),
  );
  setSetting.run("currency", "USD");
  setSetting.run(versionKey, stamp);
})();

for (const index of indexes) db.exec(index.sql);
db.pragma("journal_mode = WAL"); // as funnel leaves its files
db.close();
removeDatabase(out);
renameSync(partial, out);
const seconds = (performance.now() - started) / 1000;
console.log(
  `generate-report-db: ${out} (${stamp}) in ${seconds.toFixed(1)} s: ${leadCount.toLocaleString("en")} leads, ${counts.events.toLocaleString("en")} stage events, ${counts.handoffs.toLocaleString("en")} handoffs, ${counts.touches.toLocaleString("en")} touches, ${counts.deals.toLocaleString("en")} deals, ${counts.dealEvents.toLocaleString("en")} deal events, ${counts.quotas} quotas, ${reps.length} reps`,
);

// ---------------------------------------------------------------------------------------------

function cap(word) {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** The generator stamp stored in a file, or undefined (missing, unreadable, other schema). */
function storedStamp(path) {
  try {
    const existing = new Database(path, { readonly: true, fileMustExist: true });
    try {
      return existing.prepare("SELECT value FROM settings WHERE key = ?").pluck().get(versionKey);
    } finally {
      existing.close();
    }
  } catch {
    return undefined;
  }
}

function removeDatabase(path) {
  for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(path + suffix, { force: true });
}

function fail(message, stderr = "") {
  if (stderr.trim() !== "") process.stderr.write(`${stderr.trimEnd()}\n`);
  process.stderr.write(`generate-report-db: ${message}\n`);
  process.exit(1);
}
