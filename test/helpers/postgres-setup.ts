/**
 * Vitest's global setup, run once before all test files: says in one line that the PostgreSQL
 * tests are skipped and how to run them, or, when FUNNEL_TEST_PG is set, checks once that its
 * server answers, so that a wrong URL is one message rather than a failure in every test.
 */
import { connect, locateTarget } from "../../src/store/postgres/connection.js";

export default async function setup(): Promise<void> {
  const base = process.env.FUNNEL_TEST_PG;
  if (!base) {
    console.log(
      "PostgreSQL tests skipped: run them with FUNNEL_TEST_PG=postgres://… npm test (a user who may create databases and roles, e.g. FUNNEL_TEST_PG='postgres://root@/postgres?host=/var/run/postgresql')",
    );
    return;
  }
  try {
    const sql = await connect(
      locateTarget(base, process.env, (line) => process.stderr.write(line)),
    );
    await sql.end();
  } catch (error) {
    const hint = (error as { hint?: string }).hint;
    throw new Error(`FUNNEL_TEST_PG: ${(error as Error).message}${hint ? `; ${hint}` : ""}`);
  }
}
