#!/usr/bin/env node
// Writes a realistic leads CSV for the benchmark: CRM-export headers, a few unmapped columns,
// ~1% duplicate emails (some updating, some identical) and ~0.5% bad rows (bad email, bad date).
// Deterministic: the same N gives the same file.
// Usage: node scripts/generate-leads.mjs [rows=1000000] [out=bench/leads-1000000.csv]
import { createWriteStream } from "node:fs";
import { mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import { seededRandom } from "./seeded-random.mjs";

const rows = Number(process.argv[2] ?? 1_000_000);
const out = process.argv[3] ?? `bench/leads-${rows}.csv`;

const random = seededRandom(20261127);
const pick = (list) => list[Math.floor(random() * list.length)];

const firstNames = [
  "Ana",
  "João",
  "Maria",
  "Wei",
  "Priya",
  "Liam",
  "Olivia",
  "Noah",
  "Emma",
  "Lucas",
  "Sofia",
  "Mateo",
  "Chloé",
  "Jörg",
  "Aiko",
  "Omar",
  "Fatima",
  "Ivan",
  "Zoe",
  "Ethan",
];
const lastNames = [
  "Souza",
  "Silva",
  "Smith",
  "Chen",
  "Patel",
  "Müller",
  "García",
  "Rossi",
  "Kim",
  "Nguyen",
  "O'Brien",
  "Dubois",
  "Kowalski",
  "Haddad",
  "Tanaka",
  "Johnson",
  "Brown",
  "Lee",
];
const companies = [
  "Acme Corp",
  "Globex",
  "Initech",
  "Umbrella, Inc.",
  "Hooli",
  "Stark Industries",
  "Wayne Enterprises",
  "Tyrell",
  "Cyberdyne",
  "Soylent",
  "Vandelay Industries",
  "Pied Piper",
];
const titles = [
  "CEO",
  "CTO",
  "VP Sales",
  "Head of Marketing",
  "Engineer",
  "Analyst",
  "Director of Operations",
  "Founder",
  "Product Manager",
  "Intern",
];
const countries = ["US", "BR", "DE", "FR", "GB", "IN", "JP", "CA", "AU", "ES", "PT", "NL"];
const sources = [
  "web",
  "seo",
  "paid_search",
  "social",
  "email",
  "direct_mail",
  "events",
  "pr",
  "referral",
  "partners",
];
const campaigns = ["q1-webinar", "spring-promo", "trade-show", "newsletter", "retargeting", ""];
const owners = ["ana-souza", "liam-smith", "wei-chen", "priya-patel", ""];
const statuses = [
  "Open - Not Contacted",
  "Lead",
  "MQL",
  "Working - Contacted",
  "SQL",
  "Unqualified",
  "Customer",
];
const industries = ["Software", "Retail", "Finance", "Health", "Manufacturing", "Education"];

function quote(value) {
  return /[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}
const pad = (n, width = 2) => String(n).padStart(width, "0");

await mkdir(dirname(out), { recursive: true });
const stream = createWriteStream(out);
const write = (line) =>
  stream.write(line) ? Promise.resolve() : new Promise((resolve) => stream.once("drain", resolve));

await write(
  "Lead ID,First Name,Last Name,Email,Company,Job Title,Phone,Country,Lead Source,Campaign,Created Date,Lead Owner,Lead Status,Score,Industry,Employees\n",
);
let chunk = "";
for (let i = 1; i <= rows; i++) {
  const first = pick(firstNames);
  const last = pick(lastNames);
  const roll = random();
  // ~1% of rows repeat an earlier lead (same id and email), ~0.5% are bad.
  const n = roll < 0.01 && i > 100 ? Math.floor(random() * (i - 1)) + 1 : i;
  let email = `${first}.${last}.${n}@example${n % 97}.com`.toLowerCase().replaceAll("'", "");
  const month = 1 + (n % 12);
  const day = 1 + (n % 28);
  let created = `2026-${pad(month)}-${pad(day)} ${pad(n % 24)}:${pad(n % 60)}:${pad((n * 7) % 60)}`;
  if (roll > 0.995 && roll <= 0.9975) email = `${first} ${last}`;
  if (roll > 0.9975) created = `${pad(day)}/${pad(month)}/2026`;
  const fields = [
    `L-${n}`,
    first,
    last,
    email,
    pick(companies),
    pick(titles),
    `+1 555 ${pad(n % 10000, 4)}`,
    pick(countries),
    pick(sources),
    pick(campaigns),
    created,
    pick(owners),
    pick(statuses),
    String(Math.floor(random() * 100)),
    pick(industries),
    String(10 * (1 + Math.floor(random() * 500))),
  ];
  chunk += `${fields.map(quote).join(",")}\n`;
  if (chunk.length > 1 << 20) {
    await write(chunk);
    chunk = "";
  }
}
await write(chunk);
await new Promise((resolve, reject) => stream.end((error) => (error ? reject(error) : resolve())));
process.stderr.write(`wrote ${rows} rows to ${out}\n`);
