// Every parser of a cell or an option runs in time linear in its input (issue 12): a value
// of 1 MB costs about a thousand times a value of 1 KB of the same shape, not a million times.
// Times are compared with each other, never with a clock figure, so that a loaded machine
// slows both alike; each is the best of a few runs.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { validQuota } from "../../src/app/quotas.js";
import { requireRep } from "../../src/app/reps.js";
import { nonNegativeInteger, positiveInteger } from "../../src/cli/options.js";
import { asOfOption, dateOption, periodFromOptions } from "../../src/cli/period-options.js";
import { unescapeImportedCell, withoutExportEscapes } from "../../src/csv/formula-cells.js";
import { detectDelimiter } from "../../src/csv/sniff.js";
import { parseWorkingDays, parseWorkingHours } from "../../src/domain/business-hours.js";
import { headerKey } from "../../src/domain/column-mapping.js";
import { dateFormatProblem, parseDateStrict } from "../../src/domain/dates.js";
import {
  mapDealColumns,
  parseDealKind,
  parseDealStatus,
  parseYesNo,
} from "../../src/domain/deal-header-mapping.js";
import { readDealRow } from "../../src/domain/deal-record.js";
import { contactEmail, isValidEmail, normaliseEmail } from "../../src/domain/email.js";
import { mapHeaders, parseMapOption } from "../../src/domain/header-mapping.js";
import { buildIncomingLead } from "../../src/domain/lead-record.js";
import { parseAmount, parseCurrency } from "../../src/domain/money.js";
import { parsePeriod } from "../../src/domain/periods.js";
import {
  defaultPipeline,
  parsePipelineConfig,
  resolveDealStage,
} from "../../src/domain/pipeline.js";
import { parseQuotaOwner, parseQuotaPeriod } from "../../src/domain/quota-owner.js";
import { handleFromName, isValidHandle, parseRole } from "../../src/domain/reps.js";
import { scoreLead } from "../../src/domain/scoring.js";
import { applySlaOptions, emptySla, type SlaSetOptions } from "../../src/domain/sla.js";
import { parseStageName } from "../../src/domain/stages.js";
import { RejectTally } from "../../src/import/import-counts.js";
import { usageErrorLine } from "../../src/program.js";
import { findDeal } from "../../src/store/deals.js";
import { findLead } from "../../src/store/leads.js";
import { insertRep } from "../../src/store/reps.js";
import { busyTimeoutMs } from "../../src/store/sqlite/busy-timeout.js";
import { openStore, type Store, type WriteTx } from "../../src/store/store.js";
import { autocommitTx } from "../helpers/store.js";

const small = 1024;
const large = 1024 * 1024;
/** Per-character time at 1 MB may be this many times that at 1 KB; quadratic would be ~1000. */
const allowedFactor = 30;

const now = new Date(2026, 10, 27, 12);
const fiscal = { fiscalYearStart: 1 };

/** Runs a parser for its time only: what it returns or throws does not matter here. */
const attempt = (parse: (text: string) => unknown) => async (text: string) => {
  try {
    // The store's lookups answer asynchronously: their refusals too.
    await parse(text);
  } catch {
    // a refusal is an answer too
  }
};

let store: Store;
let tx: WriteTx;
let folder: string;

/** Each parser of user text, fed one value. */
const parsers: [string, (text: string) => unknown][] = [
  ["amount (USD)", (text) => parseAmount(text, "USD")],
  ["amount (KWD)", (text) => parseAmount(text, "KWD")],
  ["currency", (text) => parseCurrency(text)],
  ["date", (text) => parseDateStrict(text)],
  ["date with --date-format", (text) => parseDateStrict(text, "dd/MM/yyyy HH:mm")],
  [
    "--date-format itself",
    (text) => dateFormatProblem(text) ?? parseDateStrict("27/11/2026", text),
  ],
  ["--at, --as-of", attempt((text) => [dateOption("--at", text), asOfOption(text)])],
  ["--from, --to", attempt((text) => periodFromOptions({ from: text, to: text }, "", fiscal, now))],
  ["email", (text) => isValidEmail(normaliseEmail(text))],
  ["contact cell (Name (email))", (text) => contactEmail(text)],
  ["deal status", (text) => parseDealStatus(text)],
  ["yes/no cell", (text) => parseYesNo(text)],
  [
    "usage error quoting a value",
    (text) => usageErrorLine(`error: option '--x' argument '${text}' is invalid.\n`),
  ],
  ["period", (text) => parsePeriod(text, now, fiscal)],
  ["quota period", (text) => parseQuotaPeriod(text, now, fiscal)],
  ["lead stage", (text) => parseStageName(text)],
  ["deal stage", (text) => resolveDealStage(text, defaultPipeline)],
  [
    "pipeline stage names",
    (text) => parsePipelineConfig({ pipeline: { stageNames: { [text]: "won" } } }),
  ],
  ["pipeline stages", (text) => parsePipelineConfig({ pipeline: { stages: { [text]: 10 } } })],
  ["deal kind", (text) => parseDealKind(text)],
  ["role", (text) => parseRole(text)],
  ["handle", (text) => isValidHandle(text)],
  ["handle from a name", (text) => handleFromName(text)],
  ["quota owner", (text) => parseQuotaOwner(text)],
  ["header", (text) => headerKey(text)],
  [
    "header row, and --map naming each column",
    attempt((text) => {
      const headers = text.split(",");
      return mapHeaders(headers, parseMapOption(headers.map((header) => `${header}=attribute`)));
    }),
  ],
  ["--map", attempt((text) => parseMapOption([text]))],
  ["--map pair", attempt((text) => parseMapOption([`${text}=email`]))],
  ["--map field", attempt((text) => mapDealColumns(["Amount"], [`Amount=${text}`]))],
  [
    "lead row",
    (text) => {
      const headers = [
        "email",
        "external_id",
        "created_at",
        "stage",
        "score",
        "phone",
        "owner",
        "Notes",
      ];
      return buildIncomingLead(
        headers.map(() => text),
        { mapping: mapHeaders(headers), headerCount: headers.length },
      );
    },
  ],
  [
    "deal row",
    (text) => {
      const headers = [
        "Stage",
        "Owner",
        "Amount",
        "Currency",
        "Created Date",
        "Close Date",
        "Type",
        "Notes",
      ];
      return readDealRow([...headers.map(() => text)], {
        mapping: mapDealColumns(headers),
        headerCount: headers.length,
        pipeline: defaultPipeline,
        currency: "USD",
      });
    },
  ],
  ["working days", (text) => parseWorkingDays(text)],
  ["working hours", (text) => parseWorkingHours(text)],
  ...(
    ["mqlTarget", "followUpHours", "decisionDays", "share", "workingDays", "workingHours"] as const
  ).map((option): [string, (text: string) => unknown] => [
    `sla set ${option}`,
    attempt((text) => applySlaOptions(emptySla, { [option]: text } as SlaSetOptions)),
  ]),
  [
    "sla set sourceTarget",
    attempt((text) => applySlaOptions(emptySla, { sourceTarget: [text, `${text}=5`] })),
  ],
  [
    "scoring title",
    (text) =>
      scoreLead(
        { source: text, title: text, country: text, attributes: { Industry: text } },
        {
          threshold: 50,
          source: { web: 1 },
          // A keyword of half the title's words and one more: compared at every word, once.
          title: { "vp sales": 1, [`${text.slice(0, text.length >> 1)} zz`]: 1 },
          country: { us: 1 },
          attributes: { industry: { software: 1 } },
        },
      ),
  ],
  ["imported cell", (text) => unescapeImportedCell(text)],
  ["imported record", (text) => withoutExportEscapes([text, `'${text}`])],
  ["delimiter", (text) => detectDelimiter(text)],
  ["whole-number option", attempt((text) => [positiveInteger(text), nonNegativeInteger(text)])],
  ["FUNNEL_BUSY_TIMEOUT_MS", attempt((text) => busyTimeoutMs({ FUNNEL_BUSY_TIMEOUT_MS: text }))],
  [
    "reject reason tally",
    (text) => new RejectTally().add(`invalid email "${text}" in "${text}"`, 1),
  ],
  ["lead reference", (text) => findLead(tx, text)],
  ["deal reference", (text) => findDeal(tx, text)],
  ["rep handle", attempt((text) => requireRep(tx, text))],
  [
    "quota row",
    attempt((text) =>
      validQuota(tx, { owner: text, period: text, target: text, metric: "revenue" }, now, fiscal),
    ),
  ],
  [
    "quota row (counts, team)",
    attempt((text) =>
      validQuota(
        tx,
        { owner: `team:${text}`, period: "2026-11", target: text, metric: "deals" },
        now,
        fiscal,
      ),
    ),
  ],
];

/** The kinds of separator and space real values hold. */
const separators = [
  " ",
  "\t",
  "\u00a0",
  "\u202f",
  "\u2009",
  ",",
  ".",
  "'",
  "’",
  "-",
  "/",
  ":",
  "@",
  "=",
];
/** Those that group digits in amounts somewhere. */
const groupSeparators = [" ", "\u00a0", "\u202f", "\u2009", ",", ".", "'", "’"];

const repeatTo = (unit: string, length: number) =>
  unit.repeat(Math.ceil(length / unit.length)).slice(0, length);

/** Values of a given length, by shape. */
const shapes: [string, (length: number) => string][] = [
  ["digits", (n) => repeatTo("1", n)],
  ["letters", (n) => repeatTo("a", n)],
  ["words", (n) => repeatTo("vp sales ", n)],
  ...separators.flatMap((separator): [string, (length: number) => string][] => [
    [`${JSON.stringify(separator)} run`, (n) => `1${repeatTo(separator, n - 2)}1`],
    [`${JSON.stringify(separator)} between digits`, (n) => repeatTo(`1${separator}`, n)],
  ]),
  ...groupSeparators.map((separator): [string, (length: number) => string] => [
    `${JSON.stringify(separator)} between groups`,
    (n) => `1${repeatTo(`${separator}234`, n - 1)}`,
  ]),
  ["code, spaces, digit", (n) => `USD${repeatTo(" ", n - 4)}1`],
  ["digit, spaces, code", (n) => `1${repeatTo(" ", n - 4)}USD`],
  ["dotted domain", (n) => `a@${repeatTo("a.", n - 3)}1`],
  ["dashed domain", (n) => `a@${repeatTo("a-", n - 2)}`],
  ["local part", (n) => `${repeatTo("a", n - 3)}@a`],
  ["date then junk", (n) => `2026-11-27${repeatTo(" ", n - 11)}x`],
  ["time, spaces, dash", (n) => `09:00${repeatTo(" ", n - 11)}-17:00`],
  ["team:", (n) => `team:${repeatTo(" ", n - 5)}`],
  ["percent", (n) => `${repeatTo(" ", n - 1)}%`],
  ["apostrophes then =", (n) => `${repeatTo("'", n - 1)}=`],
  ["quotes", (n) => repeatTo('"a', n)],
  ["header=field", (n) => repeatTo("a=email,", n)],
  [
    "numbered columns",
    (n) =>
      Array.from({ length: n }, (_, i) => `c${i}`)
        .join(",")
        .slice(0, n),
  ],
];

const nanoseconds = () => Number(process.hrtime.bigint());

/**
 * Nanoseconds per character of parsing `text`: the best of up to `runs` timings, each of
 * enough calls to take a quarter of a millisecond, stopping early once one is under `enough`.
 */
async function perCharacter(
  parse: (text: string) => unknown,
  text: string,
  runs: number,
  enough = 0,
): Promise<number> {
  let best = Number.POSITIVE_INFINITY;
  for (let run = 0; run < runs && best > enough; run++) {
    let calls = 0;
    let elapsed = 0;
    const start = nanoseconds();
    do {
      await parse(text);
      calls++;
      elapsed = nanoseconds() - start;
    } while (elapsed < 250_000);
    best = Math.min(best, elapsed / calls / text.length);
  }
  return best;
}

/** A shape's values, flat as a CSV reader hands them over (no run pays for flattening). */
function valuesOf(shape: (length: number) => string): (length: number) => string {
  const made = new Map<number, string>();
  return (length) => {
    let value = made.get(length);
    if (value === undefined) {
      value = Buffer.from(shape(length)).toString();
      made.set(length, value);
    }
    return value;
  };
}

/** How many times more each character of 1 MB costs than each of 1 KB, for one shape. */
async function slowdown(
  parse: (text: string) => unknown,
  value: (length: number) => string,
): Promise<number> {
  await perCharacter(parse, value(small), 2);
  const base = await perCharacter(parse, value(small), 3);
  const enough = base * allowedFactor;
  // A quadratic parser shows at 64 KB already, before 1 MB would take it minutes.
  const early = (await perCharacter(parse, value(64 * 1024), 3, enough)) / base;
  if (early > allowedFactor) return early;
  return (await perCharacter(parse, value(large), 5, enough)) / base;
}

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), "funnel-linearity-"));
  store = await openStore(join(folder, "funnel.db"));
  tx = autocommitTx(store);
  await insertRep(
    tx,
    {
      handle: "ana",
      name: "Ana",
      email: null,
      role: "ae",
      team: "East",
      territory: null,
      manager: null,
      active: true,
      weight: 1,
      capacity: null,
    },
    now.toISOString(),
  );
});
afterAll(async () => {
  await store.close();
  rmSync(folder, { recursive: true, force: true });
});

describe("every parser of user text runs in linear time", () => {
  it.each(shapes)("fed %s", async (_name, shape) => {
    const value = valuesOf(shape);
    const superlinear: string[] = [];
    for (const [name, parse] of parsers) {
      let ratio = await slowdown(parse, value);
      // Measured again before it counts: a pause of the machine (another process, a garbage
      // collection) can slow one run; a parser that is really superlinear is slow both times.
      if (ratio > allowedFactor) ratio = Math.min(ratio, await slowdown(parse, value));
      if (ratio > allowedFactor) superlinear.push(`${name}: ${ratio.toFixed(0)} x per character`);
    }
    expect(superlinear).toEqual([]);
  });
});
