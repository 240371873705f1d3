import { withoutExportEscapes } from "../csv/formula-cells.js";
import { columnList } from "../csv/parse-options.js";
import { type ColumnMapping, mapColumns, parseColumnMapOption } from "../domain/column-mapping.js";
import { isValidEmail, normaliseEmail } from "../domain/email.js";
import { isValidHandle, parseRole, type RepRole, repRoles } from "../domain/reps.js";
import type { RowFormat } from "./row-format.js";

/** Rep fields, as `--map "Header=field"` names them (GUIDE §2). */
export const repColumns = [
  "name",
  "handle",
  "role",
  "team",
  "territory",
  "manager",
  "email",
] as const;
export type RepColumn = (typeof repColumns)[number];

/**
 * Headers of team sheets, by field; where a file holds several for one field, the first listed
 * wins. The Kaggle CRM sales set's sales_teams.csv: sales_agent, manager, regional_office.
 */
const repHeaderSynonyms: Record<RepColumn, readonly string[]> = {
  name: [
    "name",
    "fullname",
    "repname",
    "salesrep",
    "rep",
    "salesagent",
    "agent",
    "agentname",
    "salesperson",
    "salesrepresentative",
    "employee",
    "employeename",
    "owner",
  ],
  handle: ["handle", "username", "alias", "login", "userid"],
  role: ["role", "title", "jobtitle", "position"],
  team: ["team", "squad", "group", "teamname", "regionaloffice", "office", "salesoffice"],
  territory: ["territory", "region", "country", "area", "geo"],
  manager: ["manager", "reportsto", "managername", "salesmanager", "lead", "teamlead"],
  email: ["email", "emailaddress", "mail", "workemail"],
};

export interface RepSettings {
  readonly kind: "reps";
}

/** A rep as read: blank cells are undefined (an update keeps what the rep had). */
export interface RepRow {
  readonly name: string | undefined;
  readonly handle: string | undefined;
  readonly email: string | undefined;
  readonly role: RepRole | undefined;
  readonly team: string | undefined;
  readonly territory: string | undefined;
  readonly manager: string | undefined;
  readonly cells: readonly string[];
}

export function repFormat(_settings: RepSettings): RowFormat<RepColumn, RepRow, RepRow[]> {
  return {
    map: (headers, map) =>
      mapColumns(
        headers,
        repHeaderSynonyms,
        parseColumnMapOption(map, repColumns),
        undefined,
        "ignored",
      ),
    missing: (mapping, headers) =>
      mapping.fieldIndex.name === undefined && mapping.fieldIndex.handle === undefined
        ? {
            message: "no column holds a rep's name or handle",
            hint: `call a column Name or Handle, or name it with --map "Header=name" (columns: ${columnList(headers)})`,
          }
        : undefined,
    needed: ["name"],
    read: readRepRow,
    batch: () => [],
    add: (batch, row) => batch.push(row),
  };
}

function readRepRow(
  raw: readonly string[],
  mapping: ColumnMapping<RepColumn>,
): { ok: true; value: RepRow } | { ok: false; reason: string; field?: RepColumn } {
  const width = mapping.columns.length;
  if (raw.length < width || raw.slice(width).some((cell) => cell.trim() !== ""))
    return { ok: false, reason: `has ${raw.length} fields, the header has ${width}` };
  const cells = withoutExportEscapes(raw);
  const cell = (column: RepColumn): string | undefined => {
    const index = mapping.fieldIndex[column];
    const value = index === undefined ? "" : (cells[index] ?? "").trim();
    return value === "" ? undefined : value;
  };
  const name = cell("name");
  const handle = cell("handle")?.toLowerCase();
  if (handle !== undefined && !isValidHandle(handle))
    return {
      ok: false,
      reason: `invalid handle "${handle}" (lower-case letters, digits, . _ -)`,
      field: "handle",
    };
  if (name === undefined && handle === undefined) return { ok: false, reason: "no name or handle" };
  const emailText = cell("email");
  const email = emailText === undefined ? undefined : normaliseEmail(emailText);
  if (email !== undefined && !isValidEmail(email))
    return { ok: false, reason: `invalid email "${email}"`, field: "email" };
  const roleText = cell("role");
  const role = roleText === undefined ? undefined : parseRole(roleText);
  if (roleText !== undefined && role === undefined)
    return {
      ok: false,
      reason: `unknown role "${roleText}" (known: ${repRoles.join(", ")})`,
      field: "role",
    };
  return {
    ok: true,
    value: {
      name,
      handle,
      email,
      role,
      team: cell("team"),
      territory: cell("territory"),
      manager: cell("manager"),
      cells: raw,
    },
  };
}
