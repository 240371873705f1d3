/** `funnel help import`: how funnel import maps a CSV file's columns and values. */
export const text = `How funnel import reads a file

Kinds: leads (the default), --type deals, --type quotas, --type reps; all go
through the same rules below.

Columns: headers are matched to fields whatever their case and punctuation,
knowing the synonyms real exports use (Email, E-mail Address, Full Name,
Account Name, Organization, Lead Source, utm_source, Created Date, Create Date,
Lifecycle Stage, Record ID ...; funnel import --help lists each kind's
fields). When two columns look like one field, the one that names it most
plainly is used and the other kept as an attribute, with a warning. Every
other column is kept in the record's attributes, never dropped. The summary
says what each column went to. funnel import --help lists the options.

--map "Their Header=field,..." names a column's field yourself;
--map "Header=attribute" keeps a column that looks like a field as an
attribute; --map "Header=ignore" drops a column.

A guessed column never rejects a row: a column recognised by its header (not
named by --map) fills its field only if most of its values fit it, judged on
the first 10,000 rows; else it is kept as an attribute and the summary gives
the --map that takes it anyway. A later value that does not fit is kept as an
attribute of its row, the field left blank, and counted in the summary. Only a
column named by --map rejects the rows whose value does not fit; and the values
a record cannot do without (a lead's email, a deal's currency, a quota's owner,
period, metric and target).

Dates are parsed strictly, never guessed: ISO 8601, YYYY-MM-DD,
YYYY-MM-DD HH:mm[:ss], or --date-format (date-fns tokens, e.g. dd/MM/yyyy).
Values without a zone are in the team's time zone (funnel help periods). A lead
with no created date is created at the import, and the summary counts them.

--delimiter sets the delimiter; without it , ; or tab is detected. A UTF-8 BOM
is stripped; CRLF and quoted fields are understood.

Rejects: rejected rows go to FILE.rejects.csv next to the input (or --rejects
FILE) with their columns plus line and reason. It exists only for an import
that rejected rows: the next import of the file replaces it, or removes it
when nothing is rejected. Fix the rows and import the rejects file: its line
and reason columns are ignored. read = inserted + updated + unchanged +
rejected, always. An import is all or nothing; one that rejects every row
changes nothing and exits 1.

Re-imports: a row matches a lead by external id, else by email (trimmed,
lower-cased). --on-duplicate update (the default: non-empty cells overwrite,
blank cells never clear, a stage never moves backwards, a created date only
moves earlier), skip or error. The same bytes imported again with the same
options after an import that rejected nothing change nothing, and the summary
says so; funnel import revert BATCH undoes a batch.

Status beside stage: in a deals file, a status column (open, won, lost, as
Pipedrive writes it) and yes/no columns such as Salesforce's Won and Closed say
whether the deal is closed, whatever its stage says. In a leads file, when both
a Lifecycle Stage and a Lead Status column are there (HubSpot), the lifecycle
stage is the stage and the lead status is kept as an attribute. CRM stage and
status wordings (Working - Contacted, Closed - Not Converted ...) are known.
`;
