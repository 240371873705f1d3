import type { CommandContext } from "../../cli/context.js";
import { readStore } from "../../cli/with-store.js";
import { type Column, chooseOutput, deliver, renderRows } from "../../render/formats.js";
import { textTable } from "../../render/table.js";
import { listReps, openLeadCounts } from "../../store/reps.js";

interface RepRow extends Record<string, string | number | null> {
  handle: string;
  name: string;
  role: string;
  team: string | null;
  territory: string | null;
  manager: string | null;
  status: string;
  weight: number;
  capacity: number | null;
  open_leads: number;
  email: string | null;
}

const columns: Column<RepRow>[] = [
  { key: "handle", header: "handle" },
  { key: "name", header: "name" },
  { key: "role", header: "role", priority: 1 },
  { key: "team", header: "team" },
  { key: "territory", header: "territory", priority: 4 },
  { key: "manager", header: "manager", priority: 3 },
  { key: "status", header: "status", priority: 2 },
  { key: "weight", header: "weight", align: "right", priority: 5 },
  { key: "capacity", header: "capacity", align: "right", priority: 5 },
  { key: "open_leads", header: "open leads", align: "right", priority: 2 },
  { key: "email", header: "email", priority: 6 },
];

export async function runRepList(
  options: { team?: string; active?: boolean; format?: string; json?: boolean; out?: string },
  context: CommandContext,
): Promise<void> {
  const output = chooseOutput(options, context);
  const { reps, open } = await readStore(context, async (tx) => ({
    reps: await listReps(tx, { team: options.team, activeOnly: options.active === true }),
    open: await openLeadCounts(tx),
  }));
  const rows = reps.map(
    (rep): RepRow => ({
      handle: rep.handle,
      name: rep.name,
      role: rep.role,
      team: rep.team,
      territory: rep.territory,
      manager: rep.manager,
      status: rep.active ? "active" : "inactive",
      weight: rep.weight,
      capacity: rep.capacity,
      open_leads: open.get(rep.handle) ?? 0,
      email: rep.email,
    }),
  );
  const text =
    rows.length === 0 && output.format === "table"
      ? 'No reps yet. Add one with: funnel rep add ana-souza --name "Ana Souza" --role ae\n'
      : renderRows(columns, rows, output.format, textTable, output.screen);
  deliver(text, output.out, context.stdout, output.format);
}
