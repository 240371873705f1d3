/**
 * Connecting to PostgreSQL: the target completed from the environment funnel was given (not
 * the client's own reading of process.env and ~/.pgpass, so a command run in-process with
 * another environment connects where that environment says), and the client, loaded only
 * here, on first use: nothing on the start-up path imports it.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { homedir, userInfo } from "node:os";
import { join } from "node:path";
import type { ConnectionOptions } from "node:tls";
import type { Sql } from "postgres";
import { UserError } from "../../errors.js";
import {
  connectionParameters,
  type Environment,
  isSocketFolder,
  type PostgresTarget,
  printableTarget,
  resolveTarget,
} from "./connection-target.js";

/** Where libpq looks for the local server's socket: Debian's folder, then upstream's. */
const socketFolders = ["/var/run/postgresql", "/tmp"] as const;

/**
 * The target a `postgres://` URL names in `env`, completed as libpq completes it: PG*
 * variables, the local socket, the OS user, and the password file when no password is given
 * (PGPASSFILE or $HOME/.pgpass; one that others may read is ignored, with a warning, as libpq
 * ignores it).
 */
export function locateTarget(
  url: string,
  env: Environment,
  warn: (line: string) => void,
): PostgresTarget {
  const parameters = connectionParameters(url, env);
  const socketName = `.s.PGSQL.${parameters.port ?? 5432}`;
  const socketFolder =
    socketFolders.find((folder) => existsSync(join(folder, socketName))) ?? socketFolders[0];
  const passwordFile =
    parameters.password === undefined
      ? readPasswordFile(parameters.passfile ?? join(env.HOME || homedir(), ".pgpass"), warn)
      : undefined;
  return resolveTarget(parameters, { osUser: osUser(env), socketFolder, passwordFile });
}

function readPasswordFile(path: string, warn: (line: string) => void): string | undefined {
  let mode: number;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) return undefined;
    mode = stat.mode;
  } catch {
    return undefined;
  }
  if ((mode & 0o077) !== 0) {
    warn(
      `funnel: ignoring the password file ${path}: others may read it (chmod 600 ${path} to use it)\n`,
    );
    return undefined;
  }
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}

function osUser(env: Environment): string {
  try {
    return userInfo().username;
  } catch {
    // A container's user may have no passwd entry.
    return env.USER || env.LOGNAME || "postgres";
  }
}

export interface ConnectOptions {
  /** Connections the client may open at once (one by default: a command is one session). */
  readonly max?: number;
}

/**
 * A client for the target, connected (a first query has run, so a wrong host, password or
 * database fails here, as one line naming the target without its password).
 */
export async function connect(target: PostgresTarget, options: ConnectOptions = {}): Promise<Sql> {
  const { default: postgres } = await import("postgres");
  const sql = postgres({
    host: target.host,
    port: target.port,
    path: isSocketFolder(target.host) ? join(target.host, `.s.PGSQL.${target.port}`) : undefined,
    user: target.user,
    database: target.database,
    // A function, so the client never looks for a password of its own: locateTarget did.
    pass: () => target.password ?? "",
    ssl: sslOption(target, (path) => readFileSync(path)),
    channel_binding: target.channelBinding,
    // libpq waits forever by default; a command that hangs helps nobody: the client's 30 s.
    connect_timeout: target.connectTimeout ?? 30,
    max: options.max ?? 1,
    // The client prints the server's notices to stdout, which carries funnel's data.
    onnotice: false,
    connection: {
      application_name: target.applicationName ?? "funnel",
      // Timestamps are ISO texts; a query that reads one without an offset as a time means UTC,
      // as SQLite's date functions do (store/postgres/queries.ts).
      TimeZone: "UTC",
      ...(target.options === undefined ? {} : { options: target.options }),
    },
  });
  try {
    await sql`SELECT 1`;
    return sql;
  } catch (error) {
    await sql.end({ timeout: 0 });
    throw describeConnectError(error, target);
  }
}

/**
 * The client's TLS setting for libpq's sslmode. Never over a Unix socket (libpq does not
 * either). require encrypts without checking the certificate unless a root certificate is
 * given (then it checks it, as libpq does); verify-ca checks the certificate, verify-full the
 * host name too. Without sslrootcert (or with sslrootcert=system) the checks use Node's
 * certificate authorities, where libpq would want ~/.postgresql/root.crt.
 */
export function sslOption(
  target: PostgresTarget,
  readFile: (path: string) => Buffer,
): false | "prefer" | "require" | ConnectionOptions {
  if (isSocketFolder(target.host) || target.sslmode === "disable") return false;
  if (target.sslmode === "allow" || target.sslmode === "prefer") return "prefer";
  const read = (path: string | undefined, what: string): Buffer | undefined => {
    if (path === undefined || (what === "sslrootcert" && path === "system")) return undefined;
    try {
      return readFile(path);
    } catch (error) {
      throw new UserError(
        `cannot read the ${what} file ${path}: ${(error as Error).message}`,
        `check the ${what} parameter of --db`,
      );
    }
  };
  const ca = read(target.sslrootcert, "sslrootcert");
  const files: ConnectionOptions = {
    ...(ca === undefined ? {} : { ca }),
    ...optional("cert", read(target.sslcert, "sslcert")),
    ...optional("key", read(target.sslkey, "sslkey")),
  };
  const unchecked = target.sslmode === "require" && target.sslrootcert === undefined;
  if (unchecked)
    return Object.keys(files).length === 0 ? "require" : { ...files, rejectUnauthorized: false };
  if (target.sslmode === "verify-full") return files;
  // verify-ca, or require with a root certificate: the chain, not the host name.
  return { ...files, checkServerIdentity: () => undefined };
}

function optional(key: "cert" | "key", value: Buffer | undefined): ConnectionOptions {
  return value === undefined ? {} : { [key]: value };
}

/** Connection failures as one line naming the target (never its password). */
export function describeConnectError(error: unknown, target: PostgresTarget): Error {
  if (error instanceof UserError) return error;
  const where = printableTarget(target);
  const code = (error as { code?: unknown }).code;
  const message = (error as Error).message;
  const hint = "check the host, port, user and database in --db (or FUNNEL_DB, PGHOST…)";
  switch (code) {
    case "ECONNREFUSED":
    case "ENOENT":
      return new UserError(`cannot connect to ${where}: no PostgreSQL server answers there`, hint);
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return new UserError(`cannot connect to ${where}: the host ${target.host} is unknown`, hint);
    case "CONNECT_TIMEOUT":
      return new UserError(`cannot connect to ${where}: the server did not answer in time`, hint);
    case "SSL_NOT_SUPPORTED":
      return new UserError(
        `cannot connect to ${where}: the server does not offer TLS, and sslmode=${target.sslmode} requires it`,
        "ask for TLS on the server, or use sslmode=prefer",
      );
    case "28P01":
    case "28000":
      return new UserError(
        `PostgreSQL refused the login to ${where}: ${message}`,
        "check the user, and the password in PGPASSWORD or ~/.pgpass",
      );
    case "3D000":
      return new UserError(
        `there is no database ${target.database} at ${where}`,
        `create it (createdb ${target.database}) or name another in --db`,
      );
  }
  if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code))
    return new UserError(`cannot connect to ${where}: ${message}`, hint);
  return error instanceof Error ? error : new Error(String(error));
}
