/**
 * The schema, as an ordered list of migrations. Migration N brings a database from
 * `user_version` N-1 to N; each one runs in one transaction with its version bump.
 * Never edit a migration that has shipped: add a new one.
 *
 * SQL stays close to what PostgreSQL also accepts: ISO-8601 text timestamps (UTC, with
 * milliseconds and `Z`, so text order is time order), integer money, JSON as text.
 */
import { backfillLeadStagesSql, leadStageColumns } from "../lead-stages-sql.js";

export interface Migration {
  readonly version: number;
  readonly description: string;
  readonly sql: string;
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    description: "leads, stage events, reps, import batches",
    sql: `
      CREATE TABLE reps (
        id          INTEGER PRIMARY KEY,
        handle      TEXT NOT NULL UNIQUE,
        name        TEXT NOT NULL,
        email       TEXT,
        role        TEXT NOT NULL CHECK (role IN ('sdr','ae','am','cs','manager','marketing')),
        team        TEXT,
        territory   TEXT,
        manager     TEXT,
        active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
        weight      INTEGER NOT NULL DEFAULT 1 CHECK (weight >= 0),
        capacity    INTEGER CHECK (capacity IS NULL OR capacity >= 0),
        created_at  TEXT NOT NULL
      );

      CREATE TABLE import_batches (
        id           INTEGER PRIMARY KEY,
        kind         TEXT NOT NULL,
        file_name    TEXT NOT NULL,
        file_path    TEXT NOT NULL,
        file_size    INTEGER NOT NULL,
        sha256       TEXT NOT NULL,
        options      TEXT NOT NULL,
        started_at   TEXT NOT NULL,
        finished_at  TEXT,
        rows_read    INTEGER NOT NULL DEFAULT 0,
        inserted     INTEGER NOT NULL DEFAULT 0,
        updated      INTEGER NOT NULL DEFAULT 0,
        unchanged    INTEGER NOT NULL DEFAULT 0,
        rejected     INTEGER NOT NULL DEFAULT 0,
        reverted_at  TEXT,
        -- Highest stage event id when the batch started: later events are later changes.
        last_event_id INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX import_batches_sha256 ON import_batches (sha256);

      CREATE TABLE leads (
        id           INTEGER PRIMARY KEY,
        external_id  TEXT,
        email        TEXT,
        first_name   TEXT,
        last_name    TEXT,
        name         TEXT,
        company      TEXT,
        title        TEXT,
        phone        TEXT,
        country      TEXT,
        source       TEXT,
        campaign     TEXT,
        created_at   TEXT NOT NULL,
        owner        TEXT,
        stage        TEXT NOT NULL CHECK (stage IN
                       ('lead','mql','sal','sql','opportunity','customer','disqualified','recycled')),
        score        INTEGER,
        attributes   TEXT NOT NULL DEFAULT '{}',
        batch_id     INTEGER REFERENCES import_batches (id),
        updated_at   TEXT NOT NULL
      );
      CREATE UNIQUE INDEX leads_email ON leads (email) WHERE email IS NOT NULL;
      CREATE UNIQUE INDEX leads_external_id ON leads (external_id) WHERE external_id IS NOT NULL;

      -- Append-only record of every stage change; reports are computed from it.
      CREATE TABLE stage_events (
        id          INTEGER PRIMARY KEY,
        lead_id     INTEGER NOT NULL REFERENCES leads (id),
        from_stage  TEXT,
        to_stage    TEXT NOT NULL,
        at          TEXT NOT NULL,
        actor       TEXT NOT NULL,
        reason      TEXT,
        batch_id    INTEGER REFERENCES import_batches (id)
      );
      CREATE INDEX stage_events_lead ON stage_events (lead_id, at);

      -- What an import overwrote, so that \`import revert\` can put it back exactly.
      CREATE TABLE lead_revisions (
        batch_id  INTEGER NOT NULL REFERENCES import_batches (id),
        lead_id   INTEGER NOT NULL REFERENCES leads (id),
        previous  TEXT NOT NULL,
        PRIMARY KEY (batch_id, lead_id)
      );
      CREATE INDEX lead_revisions_lead ON lead_revisions (lead_id);
    `,
  },
  {
    version: 2,
    description: "handoffs, touches, settings",
    sql: `
      -- Assigning a lead to a rep; the SLA clock starts at \`at\`.
      CREATE TABLE handoffs (
        id           INTEGER PRIMARY KEY,
        lead_id      INTEGER NOT NULL REFERENCES leads (id),
        rep_id       INTEGER NOT NULL REFERENCES reps (id),
        at           TEXT NOT NULL,
        strategy     TEXT NOT NULL,
        explanation  TEXT,
        actor        TEXT NOT NULL
      );
      CREATE INDEX handoffs_lead ON handoffs (lead_id, at);
      CREATE INDEX handoffs_rep ON handoffs (rep_id, at);

      -- Logged activities; the first one after a handoff gives speed-to-lead.
      CREATE TABLE touches (
        id       INTEGER PRIMARY KEY,
        lead_id  INTEGER NOT NULL REFERENCES leads (id),
        rep_id   INTEGER REFERENCES reps (id),
        kind     TEXT NOT NULL CHECK (kind IN ('call','email','meeting','demo')),
        at       TEXT NOT NULL,
        note     TEXT
      );
      CREATE INDEX touches_lead ON touches (lead_id, at);

      -- Small named values that must survive between runs (the round-robin position).
      CREATE TABLE settings (
        key    TEXT PRIMARY KEY,
        value  TEXT NOT NULL
      );
    `,
  },
  {
    version: 3,
    description: "stage event details (qualification answers, notes)",
    sql: `ALTER TABLE stage_events ADD COLUMN details TEXT;`,
  },
  {
    version: 4,
    description: "deals, deal events, quotas, revisions of imported records",
    sql: `
      -- A deal; \`stage\` is a pipeline stage, or 'won'/'lost' once closed (closed deals are final).
      CREATE TABLE deals (
        id              INTEGER PRIMARY KEY,
        external_id     TEXT,
        name            TEXT,
        account         TEXT,
        lead_id         INTEGER REFERENCES leads (id),
        owner_id        INTEGER NOT NULL REFERENCES reps (id),
        amount          INTEGER CHECK (amount IS NULL OR amount >= 0),  -- minor units
        stage           TEXT NOT NULL,
        kind            TEXT NOT NULL DEFAULT 'new' CHECK (kind IN ('new','renewal','expansion')),
        opened_at       TEXT NOT NULL,
        expected_close  TEXT,
        closed_at       TEXT,
        lost_reason     TEXT,
        attributes      TEXT NOT NULL DEFAULT '{}',
        batch_id        INTEGER REFERENCES import_batches (id),
        updated_at      TEXT NOT NULL,
        CHECK ((stage IN ('won','lost')) = (closed_at IS NOT NULL))
      );
      CREATE UNIQUE INDEX deals_external_id ON deals (external_id) WHERE external_id IS NOT NULL;
      CREATE INDEX deals_owner_closed ON deals (owner_id, closed_at);
      CREATE INDEX deals_closed ON deals (closed_at);
      CREATE INDEX deals_lead ON deals (lead_id);

      -- Append-only record of every deal stage change (opened, moved, won, lost).
      CREATE TABLE deal_events (
        id          INTEGER PRIMARY KEY,
        deal_id     INTEGER NOT NULL REFERENCES deals (id),
        from_stage  TEXT,
        to_stage    TEXT NOT NULL,
        at          TEXT NOT NULL,
        actor       TEXT NOT NULL,
        amount      INTEGER,
        reason      TEXT,
        batch_id    INTEGER REFERENCES import_batches (id)
      );
      CREATE INDEX deal_events_deal ON deal_events (deal_id, at);

      -- A target for a rep or a team, for a month, quarter or year. Its edges are calendar days
      -- (YYYY-MM-DD, \`period_to\` exclusive), read in the local time of whoever reports, and kept
      -- so that a later change of fiscal year does not move the quota.
      CREATE TABLE quotas (
        id           INTEGER PRIMARY KEY,
        rep_id       INTEGER REFERENCES reps (id),
        team         TEXT,
        period       TEXT NOT NULL,
        period_from  TEXT NOT NULL,
        period_to    TEXT NOT NULL,
        metric       TEXT NOT NULL CHECK (metric IN ('revenue','deals','mqls','sals')),
        target       INTEGER NOT NULL CHECK (target >= 0),
        batch_id     INTEGER REFERENCES import_batches (id),
        updated_at   TEXT NOT NULL,
        CHECK ((rep_id IS NULL) <> (team IS NULL))
      );
      CREATE UNIQUE INDEX quotas_owner_period
        ON quotas (coalesce(rep_id, 0), coalesce(team, ''), period_from, period_to, metric);

      -- What an import overwrote in a deal or quota, so that \`import revert\` can put it back.
      CREATE TABLE revisions (
        batch_id   INTEGER NOT NULL REFERENCES import_batches (id),
        entity     TEXT NOT NULL CHECK (entity IN ('deal','quota')),
        entity_id  INTEGER NOT NULL,
        previous   TEXT NOT NULL,
        PRIMARY KEY (batch_id, entity, entity_id)
      );
      -- Highest deal event id when a batch started: later deal events are later changes.
      ALTER TABLE import_batches ADD COLUMN last_deal_event_id INTEGER NOT NULL DEFAULT 0;
      -- The deals import that created a rep (--create-reps), so that its revert removes them.
      ALTER TABLE reps ADD COLUMN batch_id INTEGER REFERENCES import_batches (id);
    `,
  },
  {
    version: 5,
    description: "indexes for the reports (cohorts by creation date, stage events per lead)",
    sql: `
      -- Cohort reports (funnel, sources) take the leads created in a period, by group.
      CREATE INDEX leads_created ON leads (created_at, source, campaign, owner);
      -- Per-lead event lookups read stage and time from the index alone. Replaces
      -- stage_events_lead: with both, the planner (no statistics) kept the narrower one.
      CREATE INDEX stage_events_lead_cover ON stage_events (lead_id, at, to_stage, from_stage);
      DROP INDEX stage_events_lead;
    `,
  },
  {
    version: 6,
    description: "per-lead first-reached times of each stage, for cohort reports",
    sql: `
      ${leadStageColumns.map((name) => `ALTER TABLE leads ADD COLUMN ${name} TEXT;`).join("\n      ")}
      ${backfillLeadStagesSql()};
      -- Cohort reports count, per group, the leads created in a period that reached each stage
      -- by a date: from this index alone. It starts with leads_created's columns, which it
      -- replaces.
      CREATE INDEX leads_cohort ON leads (created_at, source, campaign, owner,
        mql_at, sal_at, sql_at, opportunity_at, customer_at, rejected_at);
      DROP INDEX leads_created;
    `,
  },
  {
    version: 7,
    description: "stage events per lead in (time, id) order",
    sql: `
      -- Reports walk a lead's events in (at, id) order, the order ties between events at the
      -- same instant are broken in: with id in the index that order is the index's own, so
      -- neither the activity funnel's pass over a period nor the SLA's first-and-last-event
      -- lookups sort. Replaces stage_events_lead_cover (same columns, id added).
      CREATE INDEX stage_events_lead_order ON stage_events (lead_id, at, id, to_stage, from_stage);
      DROP INDEX stage_events_lead_cover;
    `,
  },
  {
    version: 8,
    description: "handoffs per lead with their rep",
    sql: `
      -- The SLA report reads a period's handoffs lead by lead, each with its rep: with the rep
      -- in the index it never reads a handoff's row (a random read per handoff, 61,000 in a
      -- quarter at 1M leads). Replaces handoffs_lead (same columns, rep_id added).
      CREATE INDEX handoffs_lead_rep ON handoffs (lead_id, at, rep_id);
      DROP INDEX handoffs_lead;
    `,
  },
  {
    version: 9,
    description: "stage events and handoffs by time",
    sql: `
      -- Reports over a period (the activity funnel, the SLA, the monthly MQLs) read the
      -- period's events and handoffs from a range of these, so that a quarter costs the same
      -- however many years of older rows the file holds; before, they walked every row in lead
      -- order. Covering, in (at, id) order: a period's moves come in the order ties are broken
      -- in, and no row is read.
      CREATE INDEX stage_events_at ON stage_events (at, id, lead_id, to_stage, from_stage);
      CREATE INDEX handoffs_at ON handoffs (at, lead_id, rep_id);
    `,
  },
];

export const schemaVersion = migrations.length;
