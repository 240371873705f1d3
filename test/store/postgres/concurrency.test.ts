import { expect, it } from "vitest";
import { describePostgres, usePostgresDatabase } from "../../helpers/postgres.js";
import { plainEnv, runFunnel } from "../../helpers/run-funnel.js";
import { useTempDir } from "../../helpers/temp-dir.js";

const mqls = 160;
const reps = ["ana", "ben", "cai"];
const processes = 4;

describePostgres("writers at the same moment on PostgreSQL", () => {
  const database = usePostgresDatabase();
  const temp = useTempDir();
  const env = () => plainEnv({ PGPASSFILE: temp.path("none") });

  it("handoffs from several processes at once give each lead to one rep, and the round-robin stays fair", async () => {
    // MQLs made in a file (the import writes SQLite only for now), copied up.
    const csv = [
      "email,stage,created_at,source",
      ...Array.from(
        { length: mqls },
        (_, index) => `lead${index}@example.com,mql,2026-11-01T10:00:00Z,web`,
      ),
    ].join("\n");
    const file = temp.path("local.db");
    expect((await runFunnel(["import", temp.write("mqls.csv", csv), "--db", file])).code).toBe(0);
    for (const handle of reps)
      expect(
        (await runFunnel(["rep", "add", handle, "--name", handle, "--role", "ae", "--db", file]))
          .code,
      ).toBe(0);
    const url = database.url();
    expect(
      (await runFunnel(["db", "copy", "--from", file, "--to", url], { env: env() })).code,
    ).toBe(0);

    const runs = await Promise.all(
      Array.from({ length: processes }, () =>
        runFunnel(
          [
            "handoff",
            "--strategy",
            "round-robin",
            "--limit",
            String(mqls / processes),
            "--at",
            "2026-11-02 09:00",
            "--json",
            "--db",
            url,
          ],
          { env: env() },
        ),
      ),
    );
    for (const run of runs) {
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
    }
    const sql = await database.connect();
    const twice = await sql`SELECT lead_id FROM handoffs GROUP BY lead_id HAVING count(*) > 1`;
    expect(twice).toEqual([]);
    const [handedOff] = await sql`SELECT count(*)::int AS n FROM handoffs`;
    expect(handedOff?.n).toBe(mqls);
    const [owned] = await sql`SELECT count(*)::int AS n FROM leads WHERE owner IS NOT NULL`;
    expect(owned?.n).toBe(mqls);
    // Each run went on from where the one committed before it left the rotation.
    const perRep = await sql`SELECT r.handle, count(*)::int AS n FROM handoffs h
      JOIN reps r ON r.id = h.rep_id GROUP BY r.handle ORDER BY r.handle`;
    const counts = perRep.map((row) => row.n as number);
    expect(counts.reduce((sum, n) => sum + n, 0)).toBe(mqls);
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
  });
});
