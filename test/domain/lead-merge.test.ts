import { describe, expect, it } from "vitest";
import { type LeadValues, mergeIncoming } from "../../src/domain/lead-merge.js";
import type { IncomingLead } from "../../src/domain/lead-record.js";
import type { Stage } from "../../src/domain/stages.js";

function current(values: Partial<LeadValues> = {}): LeadValues {
  return {
    external_id: "00Q1",
    email: "ada@example.com",
    first_name: "Ada",
    last_name: "Lovelace",
    name: "Ada Lovelace",
    company: "Acme",
    title: "CTO",
    phone: "+44 20 7946 0000",
    country: "GB",
    source: "Webinar",
    campaign: "Q3 Launch",
    created_at: "2026-02-10T09:30:00.000Z",
    owner: "jdoe",
    stage: "mql",
    score: 40,
    attributes: { Notes: "met at the booth", Rating: "Warm" },
    ...values,
  };
}

function incoming(values: Partial<IncomingLead> = {}): IncomingLead {
  return {
    external_id: null,
    email: null,
    first_name: null,
    last_name: null,
    name: null,
    company: null,
    title: null,
    phone: null,
    country: null,
    source: null,
    campaign: null,
    created_at: null,
    owner: null,
    stage: null,
    score: null,
    attributes: {},
    stage_label: null,
    ...values,
  };
}

describe("mergeIncoming: fields", () => {
  it.each([
    ["external_id", "00Q9"],
    ["email", "ada@lovelace.example"],
    ["first_name", "Augusta"],
    ["last_name", "King"],
    ["name", "Augusta Ada King"],
    ["company", "Globex"],
    ["title", "CEO"],
    ["phone", "+1 555 0100"],
    ["country", "US"],
    ["source", "Google Ads"],
    ["campaign", "Q4 Launch"],
    ["created_at", "2026-01-05T00:00:00.000Z"],
    ["owner", "asmith"],
    ["score", 85],
    ["score", 0],
  ] as [keyof LeadValues & keyof IncomingLead, string | number][])(
    "a non-empty %s (%j) overwrites",
    (field, value) => {
      const before = current();
      const merge = mergeIncoming(before, incoming({ [field]: value }));
      expect(merge.next).toEqual({ ...before, [field]: value });
      expect(merge.changed).toBe(true);
      expect(merge.stageChange).toBeNull();
    },
  );

  it("a blank (null) cell never clears a field", () => {
    const before = current();
    const merge = mergeIncoming(before, incoming());
    expect(merge).toEqual({ next: before, changed: false, stageChange: null });
  });

  it("does not clear fields the database holds when only one field changes", () => {
    const merge = mergeIncoming(current(), incoming({ title: "VP Engineering" }));
    expect(merge.next.company).toBe("Acme");
    expect(merge.next.score).toBe(40);
    expect(merge.next.attributes).toEqual({ Notes: "met at the booth", Rating: "Warm" });
  });

  it("fills a field the database left empty", () => {
    const merge = mergeIncoming(current({ phone: null }), incoming({ phone: "+1 555 0100" }));
    expect(merge.next.phone).toBe("+1 555 0100");
    expect(merge.changed).toBe(true);
  });

  it("is unchanged when every non-blank value equals what is stored", () => {
    const before = current();
    const merge = mergeIncoming(
      before,
      incoming({
        external_id: "00Q1",
        email: "ada@example.com",
        company: "Acme",
        score: 40,
        stage: "mql",
        attributes: { Rating: "Warm" },
      }),
    );
    expect(merge).toEqual({ next: before, changed: false, stageChange: null });
  });

  it("does not mutate the current lead", () => {
    const before = current();
    const snapshot = structuredClone(before);
    mergeIncoming(
      before,
      incoming({
        company: "Globex",
        stage: "sql",
        attributes: { Rating: "Hot", Industry: "Retail" },
      }),
    );
    expect(before).toEqual(snapshot);
  });
});

describe("mergeIncoming: attributes", () => {
  it.each([
    [{ Rating: "Hot" }, { Notes: "met at the booth", Rating: "Hot" }, true],
    [
      { Industry: "Retail" },
      { Notes: "met at the booth", Rating: "Warm", Industry: "Retail" },
      true,
    ],
    [
      { Rating: "Hot", Industry: "Retail" },
      { Notes: "met at the booth", Rating: "Hot", Industry: "Retail" },
      true,
    ],
    [{ Rating: "Warm" }, { Notes: "met at the booth", Rating: "Warm" }, false],
    [{}, { Notes: "met at the booth", Rating: "Warm" }, false],
    // Names every object has: a header, like any other (as JSON reads them, own properties).
    [
      JSON.parse('{"__proto__": "a", "constructor": "b", "toString": "c"}'),
      JSON.parse(
        '{"Notes": "met at the booth", "Rating": "Warm", "__proto__": "a", "constructor": "b", "toString": "c"}',
      ),
      true,
    ],
  ] as [Record<string, string>, Record<string, string>, boolean][])(
    "merges %j by name",
    (attributes, merged, changed) => {
      const merge = mergeIncoming(current(), incoming({ attributes }));
      expect(merge.next.attributes).toEqual(merged);
      expect(merge.changed).toBe(changed);
    },
  );
});

describe("mergeIncoming: stage", () => {
  it.each([
    ["lead", "mql", true],
    ["mql", "sal", true],
    ["mql", "customer", true],
    ["opportunity", "customer", true],
    ["mql", "disqualified", true],
    ["sql", "recycled", true],
    ["recycled", "mql", true],
    ["disqualified", "sql", true],
    ["disqualified", "recycled", true],
    ["mql", "mql", false],
    ["sql", "mql", false],
    ["customer", "lead", false],
    ["customer", "disqualified", false],
    ["recycled", "lead", false],
    ["disqualified", "lead", false],
  ] as [Stage, Stage, boolean][])("%s with %s in the file moves: %s", (from, to, moves) => {
    const before = current({ stage: from });
    const merge = mergeIncoming(before, incoming({ stage: to }));
    if (moves) {
      expect(merge.next).toEqual({ ...before, stage: to });
      expect(merge.stageChange).toEqual({ from, to, reason: null });
      expect(merge.changed).toBe(true);
    } else {
      expect(merge.next).toEqual(before);
      expect(merge.stageChange).toBeNull();
      expect(merge.changed).toBe(false);
    }
  });

  it("records the file's wording as the reason", () => {
    const merge = mergeIncoming(
      current({ stage: "sal" }),
      incoming({ stage: "disqualified", stage_label: "Closed - Not Converted" }),
    );
    expect(merge.stageChange).toEqual({
      from: "sal",
      to: "disqualified",
      reason: "Closed - Not Converted",
    });
    expect(merge.next.stage).toBe("disqualified");
  });

  it("keeps the stage but applies other fields when the file's stage is behind", () => {
    const merge = mergeIncoming(
      current({ stage: "opportunity" }),
      incoming({ stage: "mql", company: "Globex" }),
    );
    expect(merge.next.stage).toBe("opportunity");
    expect(merge.next.company).toBe("Globex");
    expect(merge.stageChange).toBeNull();
    expect(merge.changed).toBe(true);
  });

  it("a blank stage never moves it", () => {
    const merge = mergeIncoming(current({ stage: "sql" }), incoming({ stage: null }));
    expect(merge.next.stage).toBe("sql");
    expect(merge.stageChange).toBeNull();
  });
});
