-- The sqlite3 shell's reference for funnel's lead import (issue 18 §1, npm run bench): the same
-- rows into a table of the same shape as funnel's leads, with the same indexes, and one
-- stage-event row per lead, in one transaction. The bench first runs `.import --csv --schema
-- temp FILE file`, which makes the temporary table `file` from the header (one TEXT column per
-- header of scripts/generate-leads.mjs), then this script. Like funnel: emails lower-cased, the first row
-- of an email or a lead id wins (funnel merges the later ones; here they are dropped), and the
-- reports' cohort index is built once after the rows, as funnel builds it for a large import.
CREATE TABLE leads (
  id INTEGER PRIMARY KEY, external_id TEXT, email TEXT, first_name TEXT, last_name TEXT,
  name TEXT, company TEXT, title TEXT, phone TEXT, country TEXT, source TEXT, campaign TEXT,
  created_at TEXT NOT NULL, owner TEXT,
  stage TEXT NOT NULL CHECK (stage IN
    ('lead','mql','sal','sql','opportunity','customer','disqualified','recycled')),
  score INTEGER, attributes TEXT NOT NULL DEFAULT '{}', batch_id INTEGER, updated_at TEXT NOT NULL,
  lead_at TEXT, mql_at TEXT, sal_at TEXT, sql_at TEXT, opportunity_at TEXT, customer_at TEXT,
  lead_arrived_at TEXT, mql_arrived_at TEXT, sal_arrived_at TEXT, sql_arrived_at TEXT,
  opportunity_arrived_at TEXT, customer_arrived_at TEXT, rejected_at TEXT);
CREATE UNIQUE INDEX leads_email ON leads (email) WHERE email IS NOT NULL;
CREATE UNIQUE INDEX leads_external_id ON leads (external_id) WHERE external_id IS NOT NULL;
CREATE TABLE stage_events (
  id INTEGER PRIMARY KEY, lead_id INTEGER NOT NULL REFERENCES leads (id), from_stage TEXT,
  to_stage TEXT NOT NULL, at TEXT NOT NULL, actor TEXT NOT NULL, reason TEXT, batch_id INTEGER,
  details TEXT);
CREATE INDEX stage_events_lead_order ON stage_events (lead_id, at, id, to_stage, from_stage);
BEGIN;
INSERT OR IGNORE INTO leads (external_id, email, first_name, last_name, company, title, phone,
  country, source, campaign, created_at, owner, stage, score, attributes, batch_id, updated_at,
  lead_at, lead_arrived_at)
SELECT "Lead ID", lower(trim("Email")), "First Name", "Last Name", "Company", "Job Title",
  "Phone", "Country", "Lead Source", "Campaign", "Created Date", "Lead Owner", 'lead',
  CAST("Score" AS INTEGER), json_object('Industry', "Industry", 'Employees', "Employees"), 1,
  "Created Date", "Created Date", "Created Date"
FROM file;
INSERT INTO stage_events (lead_id, from_stage, to_stage, at, actor, reason, batch_id)
SELECT id, NULL, stage, created_at, 'import', stage, 1 FROM leads;
CREATE INDEX leads_cohort ON leads (created_at, source, campaign, owner,
  mql_at, sal_at, sql_at, opportunity_at, customer_at, rejected_at);
COMMIT;
