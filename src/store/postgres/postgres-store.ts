/**
 * The PostgreSQL engine: one connection (a command is one session), the schema migrated on
 * open, reads in one REPEATABLE READ READ ONLY transaction (one snapshot), writes in one
 * SERIALIZABLE transaction run again when another command's commit undid it.
 *
 * SERIALIZABLE rather than row locks: a write reads before it decides (a handoff reads the
 * round-robin position and the lead's owner, then writes both), and every such decision is
 * then made as if the writes ran one after the other, without each use case naming the rows
 * it must lock. Two handoffs of one lead at the same moment: one commits, the other fails
 * with a serialization failure, runs again, and finds the lead handed off.
 */
import { setTimeout as sleep } from "node:timers/promises";
import type { Sql, TransactionSql } from "postgres";
import type { Executor, Params, TxParts } from "../engine.js";
import type { OpenStoreOptions, ReadTx, Store, WriteOptions, WriteTx } from "../store.js";
import { connect, locateTarget } from "./connection.js";
import { printableTarget } from "./connection-target.js";
import { describePostgresError, isRetryable, tooMuchContention } from "./errors.js";
import { PostgresImport } from "./import.js";
import { migratePostgres, schemaVersionOf } from "./migrations.js";
import { numberParameters, parameterValues } from "./parameters.js";
import { PostgresQueries } from "./queries.js";

/**
 * bigint (count(*), ids, amounts in minor units) and numeric (sum() of bigints) as JavaScript
 * numbers, as SQLite gives them: ids, counts and money stay far below 2^53, and a sum past it
 * is refused by rowsWithAmountSums (store/amount-sums.ts), as SQLite's are.
 */
export const numberParsers = { 20: Number, 1700: Number } as const;

/** Tries of a write undone by other commands' commits, before it gives up in one line. */
const writeAttempts = 8;

/** Opens the database `url` names as a Store, migrating its schema first. */
export async function openPostgresStore(url: string, options: OpenStoreOptions): Promise<Store> {
  const env = options.env ?? process.env;
  // The password file's warning (others may read it) is said where opening says things.
  const warn = options.notify ?? ((line: string) => process.stderr.write(line));
  const target = locateTarget(url, env, warn);
  const location = printableTarget(target);
  const client = await connect(target);
  try {
    await migratePostgres(client, location);
  } catch (error) {
    await client.end({ timeout: 0 });
    throw describePostgresError(error, location);
  }
  return new PostgresStore(client, location);
}

/**
 * A setting of the database `url` names, read through a short connection of its own without
 * creating or migrating anything; undefined when it has none or cannot be reached (opening it
 * for the command then says why).
 */
export async function peekPostgresSetting(
  url: string,
  key: string,
  env: NodeJS.ProcessEnv,
): Promise<string | undefined> {
  let client: Sql | undefined;
  try {
    client = await connect(locateTarget(url, env, () => undefined));
    if ((await schemaVersionOf(client)) === 0) return undefined;
    const [row] = await client.unsafe("SELECT value FROM settings WHERE key = $1", [key]);
    return row?.value as string | undefined;
  } catch {
    return undefined;
  } finally {
    await client?.end({ timeout: 0 });
  }
}

export class PostgresStore implements Store {
  readonly engine = "postgres";
  private inUse = false;

  constructor(
    readonly client: Sql,
    readonly location: string,
  ) {}

  async read<T>(work: (tx: ReadTx) => Promise<T>): Promise<T> {
    return this.transaction(async () => {
      try {
        return await this.client.begin("ISOLATION LEVEL REPEATABLE READ READ ONLY", (tx) =>
          work(this.parts(tx) as unknown as ReadTx),
        );
      } catch (error) {
        throw describePostgresError(error, this.location);
      }
    });
  }

  async write<T>(work: (tx: WriteTx) => Promise<T>, options: WriteOptions<T> = {}): Promise<T> {
    return this.transaction(async () => {
      for (let attempt = 1; ; attempt++) {
        let committing = false;
        try {
          return await this.client.begin("ISOLATION LEVEL SERIALIZABLE", async (tx) => {
            const result = await work(this.parts(tx) as unknown as WriteTx);
            if (options.dryRun === true || options.discard?.(result) === true) await tx.rollback();
            else committing = true;
            return result;
          });
        } catch (error) {
          if (!isRetryable(error)) throw describePostgresError(error, this.location, committing);
          if (attempt === writeAttempts) throw tooMuchContention(this.location, attempt);
          // Jittered, growing: two commands that collided do not collide again in step.
          await sleep(Math.random() * 20 * attempt);
        }
      }
    });
  }

  async close(): Promise<void> {
    await this.client.end({ timeout: 5 });
  }

  private parts(tx: TransactionSql): TxParts {
    const executor = new PostgresExecutor(tx);
    return {
      executor,
      queries: new PostgresQueries(executor),
      bulk: new PostgresImport(tx),
      dialect: { noLimit: null },
    };
  }

  /** One transaction at a time, as the SQLite engine. */
  private async transaction<T>(run: () => Promise<T>): Promise<T> {
    if (this.inUse)
      throw new Error(
        "a store transaction was started while another was open: pass the open one instead",
      );
    this.inUse = true;
    try {
      return await run();
    } finally {
      this.inUse = false;
    }
  }
}

/** Runs the shared modules' SQL: parameters numbered, statements prepared, numbers parsed. */
export class PostgresExecutor implements Executor {
  constructor(private readonly tx: TransactionSql) {}

  async all<Row>(sql: string, params?: Params): Promise<Row[]> {
    return (await this.query(sql, params)) as unknown as Row[];
  }

  async get<Row>(sql: string, params?: Params): Promise<Row | undefined> {
    return (await this.query(sql, params))[0] as Row | undefined;
  }

  async run(sql: string, params?: Params): Promise<{ changes: number }> {
    return { changes: (await this.query(sql, params)).count };
  }

  /** The statement as PostgreSQL takes it, to run (with `.values()`, `.forEach()`...). */
  query(sql: string, params?: Params) {
    const statement = numberParameters(sql);
    return this.tx
      .unsafe(statement.text, parameterValues(statement, params) as never[], { prepare: true })
      .parsers(numberParsers);
  }
}
