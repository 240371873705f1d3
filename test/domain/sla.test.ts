import { describe, expect, it } from "vitest";
import {
  applySlaOptions,
  countOutcome,
  emptySla,
  type HandoffFacts,
  judgeHandoff,
  marketingVerdict,
  monthsIn,
  newWindowCounter,
  type SlaSettings,
  salesVerdict,
  slaFromJson,
  slaToJson,
  targetFigures,
  type WindowOutcome,
  windowVerdict,
} from "../../src/domain/sla.js";
import { UsageError } from "../../src/errors.js";

const utc = (text: string) => new Date(`${text}Z`);

describe("sla set options", () => {
  it("sets what is given and keeps the rest", () => {
    const first = applySlaOptions(emptySla, {
      mqlTarget: "50",
      sourceTarget: ["Web=20", "events=10"],
    });
    expect(first).toEqual({ ...emptySla, mqlTarget: 50, sourceTargets: { web: 20, events: 10 } });
    const second = applySlaOptions(first, {
      followUpHours: "4",
      decisionDays: "2",
      share: "85%",
      sourceTarget: ["events=off", "email=5"],
    });
    expect(second).toEqual({
      ...emptySla,
      mqlTarget: 50,
      sourceTargets: { web: 20, email: 5 },
      followUpHours: 4,
      decisionDays: 2,
      sharePct: 85,
    });
    expect(applySlaOptions(second, { mqlTarget: "off", followUpHours: "0.5" })).toEqual({
      ...second,
      mqlTarget: null,
      followUpHours: 0.5,
    });
  });

  it("business hours: defaults mon-fri 09:00-17:00; a calendar alone turns them on; --no- turns them off", () => {
    const on = applySlaOptions(emptySla, { businessHours: true });
    expect(on.businessHours).toEqual({ days: [1, 2, 3, 4, 5], startMinute: 540, endMinute: 1020 });
    const hours = applySlaOptions(on, { workingHours: "08:00-16:00" });
    expect(hours.businessHours).toEqual({
      days: [1, 2, 3, 4, 5],
      startMinute: 480,
      endMinute: 960,
    });
    const days = applySlaOptions(emptySla, { workingDays: "sun-thu" });
    expect(days.businessHours).toEqual({
      days: [0, 1, 2, 3, 4],
      startMinute: 540,
      endMinute: 1020,
    });
    expect(applySlaOptions(hours, { businessHours: false }).businessHours).toBeNull();
  });

  it.each([
    [{}, /^nothing to set/],
    [{ sourceTarget: [] }, /^nothing to set/],
    [{ mqlTarget: "abc" }, /^--mql-target "abc" is not a whole number/],
    [{ mqlTarget: "0" }, /^--mql-target "0" is not a whole number of 1 or more/],
    [{ mqlTarget: "12.5" }, /^--mql-target "12.5"/],
    [{ sourceTarget: ["web"] }, /^--source-target "web" is not SOURCE=N/],
    [{ sourceTarget: ["=5"] }, /^--source-target "=5" is not SOURCE=N/],
    [{ sourceTarget: ["web=lots"] }, /^--source-target web "lots" is not a whole number/],
    [{ followUpHours: "-4" }, /^--follow-up-hours "-4" is not a number of hours over 0/],
    [{ followUpHours: "0" }, /^--follow-up-hours "0" is not a number of hours over 0/],
    [{ followUpHours: "10000" }, /^--follow-up-hours 10000 is more than 8784 hours/],
    [{ decisionDays: "2d" }, /^--decision-days "2d" is not a number of days/],
    [{ share: "0" }, /^--share "0" is not a percentage over 0, up to 100/],
    [{ share: "101" }, /^--share "101"/],
    [{ workingDays: "weekdays" }, /^--working-days "weekdays" is not a list of days/],
    [{ workingHours: "17:00-09:00" }, /^--working-hours "17:00-09:00" is not HH:MM-HH:MM/],
    [{ businessHours: false, workingDays: "mon-fri" }, /^--no-business-hours and --working-days/],
  ] as const)("refuses %j naming the flag", (options, message) => {
    const attempt = () => applySlaOptions(emptySla, options);
    expect(attempt).toThrow(UsageError);
    expect(attempt).toThrow(message);
  });

  it("stores as snake_case JSON and reads back the same", () => {
    const sla: SlaSettings = {
      mqlTarget: 50,
      sourceTargets: { web: 20 },
      followUpHours: 4,
      decisionDays: 2,
      businessHours: { days: [0, 1, 2, 3, 4], startMinute: 480, endMinute: 960 },
      sharePct: 85,
    };
    expect(slaToJson(sla)).toEqual({
      mql_target: 50,
      source_targets: { web: 20 },
      follow_up_hours: 4,
      decision_days: 2,
      business_hours: { working_days: "sun-thu", working_hours: "08:00-16:00" },
      share_pct: 85,
    });
    expect(slaFromJson(JSON.stringify(slaToJson(sla)))).toEqual(sla);
    expect(slaFromJson("{}")).toEqual(emptySla);
  });
});

describe("marketing: targets prorated by months", () => {
  const local = (y: number, m: number, d: number) => new Date(y, m - 1, d);
  it.each([
    [local(2026, 11, 1), local(2026, 12, 1), 1, "a month"],
    [local(2026, 10, 1), local(2027, 1, 1), 3, "a quarter"],
    [local(2026, 1, 1), local(2027, 1, 1), 12, "a year"],
    [local(2026, 11, 1), local(2026, 11, 15), 14 / 30, "1-14 November: 14 of 30 days"],
    [local(2026, 10, 16), local(2026, 11, 16), 16 / 31 + 15 / 30, "16 Oct - 15 Nov"],
    [local(2026, 2, 1), local(2026, 2, 15), 0.5, "half of February (28 days)"],
  ])("%s .. %s is %d month(s)", (from, to, months, _why) => {
    expect(monthsIn({ from, to })).toBeCloseTo(months, 9);
  });

  it.each([
    // monthly, months, delivered, elapsed -> target, attainment %, expected, short
    [50, 1, 42, 1, 50, 84, null, 8],
    [50, 1, 55, 1, 50, 110, null, 0],
    [50, 3, 120, 1, 150, 80, null, 30],
    [100, 14 / 30, 46, 1, 100 * (14 / 30), (46 / (100 * (14 / 30))) * 100, null, 1],
    [50, 1, 20, 0.5, 50, 40, 25, 5],
    [50, 1, 30, 0.5, 50, 60, 25, 0],
  ])(
    "%d a month x %d months, %d delivered, %d elapsed",
    (monthly, months, delivered, elapsed, target, attainment, expected, short) => {
      const figures = targetFigures({ monthlyTarget: monthly, months, delivered, elapsed });
      expect(figures.target).toBeCloseTo(target, 9);
      expect(figures.attainmentPct).toBeCloseTo(attainment, 9);
      expect(figures.expected).toBe(expected);
      expect(figures.short).toBe(short);
    },
  );

  it("no target: delivered only", () => {
    expect(targetFigures({ monthlyTarget: null, months: 1, delivered: 7, elapsed: 1 })).toEqual({
      target: null,
      delivered: 7,
      attainmentPct: null,
      expected: null,
      short: null,
    });
  });
});

describe("sales: one handoff against the windows", () => {
  const sla: SlaSettings = { ...emptySla, followUpHours: 4, decisionDays: 2 };
  const handoff = (facts: Partial<HandoffFacts>): HandoffFacts => ({
    at: "2026-11-02T10:00:00.000Z",
    nextHandoffAt: null,
    firstTouchAt: null,
    decidedAt: null,
    decision: null,
    stageAtHandoff: "mql",
    ...facts,
  });
  const asOf = utc("2026-11-10T00:00:00");

  it.each([
    // facts, as of -> follow-up, decision, speed, waiting touch, waiting decision, waited
    [
      { firstTouchAt: "2026-11-02T12:00:00.000Z", decidedAt: "2026-11-03T10:00:00.000Z" },
      asOf,
      "met",
      "met",
      120,
      false,
      false,
      0,
    ],
    [
      { firstTouchAt: "2026-11-02T14:00:00.000Z", decidedAt: "2026-11-04T10:00:00.000Z" },
      asOf,
      "met",
      "met",
      240,
      false,
      false,
      0,
    ],
    [
      { firstTouchAt: "2026-11-02T14:01:00.000Z", decidedAt: "2026-11-04T10:01:00.000Z" },
      asOf,
      "missed",
      "missed",
      241,
      false,
      false,
      0,
    ],
    // Never touched, never decided, windows long over: missed, and waiting since 10:00 on the 2nd (7 d 14 h).
    [{}, asOf, "missed", "missed", null, true, true, 10_920],
    // At 13:00 the 4-hour window is still open: pending, not missed.
    [{}, utc("2026-11-02T13:00:00"), "pending", "pending", null, true, true, 180],
    [
      { firstTouchAt: "2026-11-02T11:00:00.000Z" },
      utc("2026-11-03T10:00:00"),
      "met",
      "pending",
      60,
      false,
      true,
      1440,
    ],
    // Handed to someone else at 11:00 before anything was done: the next handoff carries the clock.
    [
      { nextHandoffAt: "2026-11-02T11:00:00.000Z" },
      asOf,
      "reassigned",
      "reassigned",
      null,
      false,
      false,
      0,
    ],
    [
      { nextHandoffAt: "2026-11-02T11:00:00.000Z", firstTouchAt: "2026-11-02T12:00:00.000Z" },
      asOf,
      "reassigned",
      "reassigned",
      null,
      false,
      false,
      0,
    ],
    // Reassigned at 15:00, after the 14:00 deadline, untouched: this handoff missed it.
    [
      { nextHandoffAt: "2026-11-02T15:00:00.000Z" },
      asOf,
      "missed",
      "reassigned",
      null,
      false,
      false,
      0,
    ],
    // An accepted lead reassigned: nothing to decide.
    [
      { stageAtHandoff: "sal", firstTouchAt: "2026-11-02T10:30:00.000Z" },
      asOf,
      "met",
      "not applicable",
      30,
      false,
      false,
      0,
    ],
  ] as const)(
    "%j as of %s",
    (facts, at, followUp, decision, speed, waitingTouch, waitingDecision, waited) => {
      const judgement = judgeHandoff(handoff(facts), sla, at);
      expect(judgement).toEqual({
        followUp,
        decision,
        speedMinutes: speed,
        waitingForTouch: waitingTouch,
        waitingForDecision: waitingDecision,
        waitedMinutes: waited,
      });
    },
  );

  it("no windows set: not applicable", () => {
    const judgement = judgeHandoff(handoff({}), { ...emptySla, mqlTarget: 5 }, asOf);
    expect([judgement.followUp, judgement.decision]).toEqual(["not applicable", "not applicable"]);
  });

  it("business hours: working time only (UTC = Lisbon in November)", () => {
    const hours: SlaSettings = {
      ...sla,
      businessHours: { days: [1, 2, 3, 4, 5], startMinute: 540, endMinute: 1020 },
    };
    const saved = process.env.TZ;
    process.env.TZ = "Europe/Lisbon";
    try {
      // Friday 16:00; 4 working hours end Monday 12:00; 2 working days end Tuesday 16:00.
      const friday = handoff({ at: "2026-11-27T16:00:00.000Z" });
      const mondayNoon = utc("2026-12-01T00:00:00");
      // Touched Monday 11:30: 60 (Friday) + 150 (Monday) = 210 working minutes.
      expect(
        judgeHandoff({ ...friday, firstTouchAt: "2026-11-30T11:30:00.000Z" }, hours, mondayNoon),
      ).toMatchObject({ followUp: "met", speedMinutes: 210, decision: "pending" });
      // Touched Monday 12:30: 270, late; as of Tuesday 00:00 the decision window is still open.
      expect(
        judgeHandoff({ ...friday, firstTouchAt: "2026-11-30T12:30:00.000Z" }, hours, mondayNoon),
      ).toMatchObject({
        followUp: "missed",
        speedMinutes: 270,
        decision: "pending",
        waitedMinutes: 540,
      });
      // Decided Tuesday 16:00 exactly: in time; 16:01: late.
      expect(
        judgeHandoff(
          { ...friday, decidedAt: "2026-12-01T16:00:00.000Z" },
          hours,
          utc("2026-12-10T00:00:00"),
        ).decision,
      ).toBe("met");
      expect(
        judgeHandoff(
          { ...friday, decidedAt: "2026-12-01T16:01:00.000Z" },
          hours,
          utc("2026-12-10T00:00:00"),
        ).decision,
      ).toBe("missed");
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });
});

describe("countOutcome: one window's tally, counted in place", () => {
  it.each([
    [[], { met: 0, missed: 0, pending: 0 }],
    [["met"], { met: 1, missed: 0, pending: 0 }],
    [["missed", "missed"], { met: 0, missed: 2, pending: 0 }],
    [["pending", "met", "pending"], { met: 1, missed: 0, pending: 2 }],
    [["reassigned", "not applicable"], { met: 0, missed: 0, pending: 0 }],
    [
      ["met", "reassigned", "missed", "not applicable", "pending"],
      { met: 1, missed: 1, pending: 1 },
    ],
  ] as const)("%j", (outcomes, tally) => {
    const counter = newWindowCounter();
    for (const outcome of outcomes) countOutcome(counter, outcome as WindowOutcome);
    expect(counter).toEqual(tally);
  });

  it("gives each report its own counter", () => {
    const first = newWindowCounter();
    countOutcome(first, "met");
    expect(newWindowCounter()).toEqual({ met: 0, missed: 0, pending: 0 });
  });
});

describe("verdicts", () => {
  it.each([
    // met, missed, required -> kept, share, points short, handoffs short
    [9, 1, 90, true, 90, 0, 0],
    [8, 2, 90, false, 80, 10, 1],
    [17, 3, 90, false, 85, 5, 1],
    [6, 1, 95, false, (6 / 7) * 100, 95 - (6 / 7) * 100, 1],
    [4, 2, 90, false, (4 / 6) * 100, 90 - (4 / 6) * 100, 2],
    [0, 0, 90, true, null, 0, 0],
    [1, 0, 100, true, 100, 0, 0],
  ])(
    "%d met, %d missed, %d %% required",
    (met, missed, required, kept, share, points, handoffs) => {
      const verdict = windowVerdict({ met, missed, pending: 3 }, required);
      expect(verdict.kept).toBe(kept);
      if (share === null) expect(verdict.sharePct).toBeNull();
      else expect(verdict.sharePct).toBeCloseTo(share, 9);
      expect(verdict.shortPoints).toBeCloseTo(points, 9);
      expect(verdict.shortHandoffs).toBe(handoffs);
    },
  );

  it("marketing lines: closed, in progress, not set", () => {
    const month = { periodLabel: "2026-11", running: false };
    const total = targetFigures({ monthlyTarget: 50, months: 1, delivered: 42, elapsed: 1 });
    const web = {
      source: "web",
      ...targetFigures({ monthlyTarget: 20, months: 1, delivered: 12, elapsed: 1 }),
    };
    const events = {
      source: "events",
      ...targetFigures({ monthlyTarget: 10, months: 1, delivered: 11, elapsed: 1 }),
    };
    expect(marketingVerdict({ ...month, total, sources: [web, events] })).toMatchObject({
      status: "breached",
      breached: true,
      line: "marketing: breached for 2026-11: 42 of 50 MQLs (84 %), 8 short; web 12 of 20 (8 short)",
    });
    const enough = targetFigures({ monthlyTarget: 50, months: 1, delivered: 55, elapsed: 1 });
    expect(marketingVerdict({ ...month, total: enough, sources: [events] })).toMatchObject({
      status: "kept",
      breached: false,
      line: "marketing: kept for 2026-11: 55 of 50 MQLs (110 %); events 11 of 10",
    });
    // A source under target breaches even when the total is met.
    expect(marketingVerdict({ ...month, total: enough, sources: [web] }).status).toBe("breached");
    const running = targetFigures({ monthlyTarget: 50, months: 1, delivered: 20, elapsed: 0.5 });
    expect(
      marketingVerdict({ periodLabel: "2026-11", running: true, total: running, sources: [] }),
    ).toMatchObject({
      status: "behind pace",
      breached: true,
      line: "marketing: behind pace for 2026-11: 20 MQLs so far, 25 expected by now of 50, 5 behind",
    });
    const none = targetFigures({ monthlyTarget: null, months: 1, delivered: 3, elapsed: 1 });
    expect(marketingVerdict({ ...month, total: none, sources: [] })).toMatchObject({
      status: "not set",
      breached: false,
    });
  });

  it("sales lines: each window in force, by points and handoffs", () => {
    const sla: SlaSettings = { ...emptySla, followUpHours: 4, decisionDays: 2 };
    expect(
      salesVerdict({
        periodLabel: "2026-11",
        sla,
        followUp: { met: 8, missed: 2, pending: 1 },
        decision: { met: 9, missed: 1, pending: 0 },
      }),
    ).toMatchObject({
      status: "breached",
      breached: true,
      line: "sales: breached for 2026-11: follow-up 80 % of 10 within 4 h (required 90 %): 10 pts short, 1 handoff(s), 1 pending; decision 90 % of 10 within 2 d (required 90 %)",
    });
    expect(
      salesVerdict({
        periodLabel: "2026-11",
        sla: {
          ...sla,
          decisionDays: null,
          businessHours: { days: [1], startMinute: 0, endMinute: 60 },
        },
        followUp: { met: 10, missed: 0, pending: 0 },
        decision: { met: 0, missed: 5, pending: 0 },
      }).line,
    ).toBe("sales: kept for 2026-11: follow-up 100 % of 10 within 4 working h (required 90 %)");
    expect(
      salesVerdict({
        periodLabel: "2026-11",
        sla,
        followUp: { met: 0, missed: 0, pending: 2 },
        decision: { met: 0, missed: 0, pending: 2 },
      }),
    ).toMatchObject({ status: "no data", breached: false });
  });
});
