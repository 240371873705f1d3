/**
 * Where a PostgreSQL database is: a `postgres://` URL (the form `--db` and FUNNEL_DB take),
 * completed as libpq completes it, so that a URL, a `psql` habit and a ~/.pgpass that work
 * for the team's other tools work for funnel too: what the URL leaves out comes from the PG*
 * variables, then from libpq's defaults (the local server's socket, the OS user, a database
 * named after the user), and the password last from the password file.
 *
 * Pure: the environment, the OS user, the socket folder and the password file's text are
 * given (connection.ts reads them), so every rule is table-tested. Messages never quote the
 * URL itself, which may hold a password; `printableTarget` is the one form of a target that
 * messages, summaries and JSON show.
 */
import { UserError } from "../../errors.js";

export type SslMode = "disable" | "allow" | "prefer" | "require" | "verify-ca" | "verify-full";
const sslModes: readonly string[] = [
  "disable",
  "allow",
  "prefer",
  "require",
  "verify-ca",
  "verify-full",
] satisfies SslMode[];

/**
 * libpq's connection parameters that funnel honours, each with the variable that supplies it
 * when the URL does not. Others (hostaddr, gssencmode, target_session_attrs…) are refused
 * rather than silently ignored.
 */
const parameterVariables = {
  host: "PGHOST",
  port: "PGPORT",
  dbname: "PGDATABASE",
  user: "PGUSER",
  password: "PGPASSWORD",
  passfile: "PGPASSFILE",
  sslmode: "PGSSLMODE",
  sslrootcert: "PGSSLROOTCERT",
  sslcert: "PGSSLCERT",
  sslkey: "PGSSLKEY",
  channel_binding: "PGCHANNELBINDING",
  connect_timeout: "PGCONNECT_TIMEOUT",
  application_name: "PGAPPNAME",
  options: "PGOPTIONS",
} as const;

export type ParameterName = keyof typeof parameterVariables;
/** Connection parameters as written (URL or environment), before defaults. */
export type ConnectionParameters = Partial<Record<ParameterName, string>>;

export type Environment = Readonly<Record<string, string | undefined>>;

/** A target with every part known: what a client is given to connect. */
export interface PostgresTarget {
  /** A host name or address, or the folder of the server's Unix socket (starts with "/"). */
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly database: string;
  readonly password: string | undefined;
  readonly sslmode: SslMode;
  /** Files for TLS: the server's certificate authority, the client's certificate and key. */
  readonly sslrootcert: string | undefined;
  readonly sslcert: string | undefined;
  readonly sslkey: string | undefined;
  readonly channelBinding: "disable" | "prefer" | "require";
  /** Seconds to wait for a connection; undefined waits as long as the client does. */
  readonly connectTimeout: number | undefined;
  readonly applicationName: string | undefined;
  /** Server settings for the session, as `-c name=value` words (PGOPTIONS). */
  readonly options: string | undefined;
}

/** What libpq would fall back on, read by connection.ts. */
export interface TargetDefaults {
  /** libpq's default user: the operating-system user. */
  readonly osUser: string;
  /** libpq's default host: the folder of the local server's Unix socket. */
  readonly socketFolder: string;
  /** The text of the password file (PGPASSFILE or ~/.pgpass), when one may be read. */
  readonly passwordFile?: string | undefined;
}

const defaultPort = 5432;
const urlSchemes = /^postgres(?:ql)?:\/\//i;

/** Whether a --db or FUNNEL_DB value names a PostgreSQL database rather than a file. */
export function isPostgresTarget(target: string): boolean {
  return urlSchemes.test(target);
}

const urlExample = "write it as postgres://user@host:5432/database";

/**
 * The parameters a `postgres://` or `postgresql://` URL gives, read as libpq reads it:
 * `postgres://[user[:password]@][host][:port][/database][?param=value&…]`, every part
 * %-decoded, a parameter overriding its part of the URL (`?host=/var/run/postgresql` names a
 * socket folder, as does a host written `%2Fvar%2Frun%2Fpostgresql`). Empty parts are left out.
 */
export function parsePostgresUrl(url: string): ConnectionParameters {
  const scheme = urlSchemes.exec(url);
  if (scheme === null) throw new UserError("not a postgres:// URL", urlExample);
  const rest = url.slice(scheme[0].length);
  const authorityEnd = rest.search(/[/?]/);
  const authority = authorityEnd < 0 ? rest : rest.slice(0, authorityEnd);
  const afterAuthority = authorityEnd < 0 ? "" : rest.slice(authorityEnd);
  const queryStart = afterAuthority.indexOf("?");
  const path = queryStart < 0 ? afterAuthority : afterAuthority.slice(0, queryStart);
  const query = queryStart < 0 ? "" : afterAuthority.slice(queryStart + 1);

  const parameters: ConnectionParameters = {};
  // The last @ ends the user part: a password's own @ then needs no escaping.
  const at = authority.lastIndexOf("@");
  if (at >= 0) {
    const userPart = authority.slice(0, at);
    const colon = userPart.indexOf(":");
    set(parameters, "user", decode(colon < 0 ? userPart : userPart.slice(0, colon), "user name"));
    if (colon >= 0) set(parameters, "password", decode(userPart.slice(colon + 1), "password"));
  }
  const hostAndPort = authority.slice(at + 1);
  const bracketed = /^\[([^\]]*)\](?::(.*))?$/.exec(hostAndPort);
  const colon = hostAndPort.lastIndexOf(":");
  const [host, port] = bracketed
    ? [bracketed[1] ?? "", bracketed[2] ?? ""]
    : colon < 0
      ? [hostAndPort, ""]
      : [hostAndPort.slice(0, colon), hostAndPort.slice(colon + 1)];
  set(parameters, "host", decode(host, "host"));
  set(parameters, "port", port);
  set(parameters, "dbname", decode(path.replace(/^\//, ""), "database name"));

  for (const pair of query.split("&")) {
    if (pair === "") continue;
    const equals = pair.indexOf("=");
    if (equals < 0)
      throw new UserError(
        "a parameter of the PostgreSQL URL has no value",
        "write each one as name=value after the ?",
      );
    const name = decode(pair.slice(0, equals), "parameter name");
    if (!isParameterName(name))
      throw new UserError(
        `funnel does not use the PostgreSQL connection parameter ${JSON.stringify(name)}`,
        `remove it from the URL; funnel takes ${Object.keys(parameterVariables).join(", ")}`,
      );
    set(parameters, name, decode(pair.slice(equals + 1), `${name} parameter`));
  }
  return parameters;
}

/** The URL's parameters with the PG* variables filling the ones it leaves out. */
export function connectionParameters(url: string, env: Environment): ConnectionParameters {
  const parameters = parsePostgresUrl(url);
  for (const [name, variable] of Object.entries(parameterVariables)) {
    if (parameters[name as ParameterName] === undefined)
      set(parameters, name as ParameterName, env[variable] ?? "");
  }
  return parameters;
}

/** A target with libpq's defaults for what the parameters leave out. */
export function resolveTarget(
  parameters: ConnectionParameters,
  defaults: TargetDefaults,
): PostgresTarget {
  const host = parameters.host ?? defaults.socketFolder;
  if (host.includes(","))
    throw new UserError(
      `funnel connects to one PostgreSQL server, and the URL names several (${host})`,
      "name one host",
    );
  const port = portNumber(parameters.port);
  const user = parameters.user ?? defaults.osUser;
  const database = parameters.dbname ?? user;
  const withoutPassword = { host, port, user, database };
  const password =
    parameters.password ??
    (defaults.passwordFile === undefined
      ? undefined
      : passwordFromFile(defaults.passwordFile, withoutPassword, defaults.socketFolder));
  return {
    ...withoutPassword,
    password,
    sslmode: oneOf(parameters.sslmode ?? "prefer", sslModes, "sslmode") as SslMode,
    sslrootcert: parameters.sslrootcert,
    sslcert: parameters.sslcert,
    sslkey: parameters.sslkey,
    channelBinding: oneOf(
      parameters.channel_binding ?? "prefer",
      ["disable", "prefer", "require"],
      "channel_binding",
    ) as PostgresTarget["channelBinding"],
    connectTimeout:
      parameters.connect_timeout === undefined
        ? undefined
        : wholeNumber(parameters.connect_timeout, "connect_timeout", 0, 2_147_483),
    applicationName: parameters.application_name,
    options: parameters.options,
  };
}

export function isSocketFolder(host: string): boolean {
  return host.startsWith("/");
}

/**
 * The target as a URL without its password: `postgres://ana@db.example.com:5432/funnel`, or
 * `postgres://ana@/funnel?host=/var/run/postgresql` for a local socket. It says where funnel
 * connected, defaults included; given back to --db it reaches the same database (the
 * password then comes from PGPASSWORD or ~/.pgpass).
 */
export function printableTarget(target: PostgresTarget): string {
  const user = encodeURIComponent(target.user);
  const database = encodeURIComponent(target.database);
  if (isSocketFolder(target.host)) {
    const port = target.port === defaultPort ? "" : `&port=${target.port}`;
    return `postgres://${user}@/${database}?host=${encodeURIComponent(target.host).replace(/%2F/g, "/")}${port}`;
  }
  const host = target.host.includes(":") ? `[${target.host}]` : encodeURIComponent(target.host);
  // Over a socket TLS is never used, so only a network address shows its sslmode.
  const sslmode = target.sslmode === "prefer" ? "" : `?sslmode=${target.sslmode}`;
  return `postgres://${user}@${host}:${target.port}/${database}${sslmode}`;
}

/**
 * The password for `target` in a password file's text, as libpq finds it: the first line
 * `host:port:database:user:password` whose fields match (`*` matches anything, `\:` and `\\`
 * are a colon and a backslash). A connection through the default socket folder matches the
 * host `localhost`.
 */
export function passwordFromFile(
  text: string,
  target: Pick<PostgresTarget, "host" | "port" | "user" | "database">,
  socketFolder: string,
): string | undefined {
  const host = target.host === socketFolder ? "localhost" : target.host;
  const wanted = [host, String(target.port), target.database, target.user];
  for (const line of text.split(/\r?\n/)) {
    if (line.startsWith("#")) continue;
    const fields = passwordFileFields(line);
    if (fields.length < 5) continue;
    if (wanted.every((value, index) => fields[index] === "*" || fields[index] === value))
      return fields[4];
  }
  return undefined;
}

function passwordFileFields(line: string): string[] {
  const fields: string[] = [];
  let field = "";
  for (let index = 0; index < line.length; index++) {
    const character = line[index] as string;
    if (character === "\\" && index + 1 < line.length) field += line[++index];
    else if (character === ":" && fields.length < 4) {
      fields.push(field);
      field = "";
    } else field += character;
  }
  fields.push(field);
  return fields;
}

function isParameterName(name: string): name is ParameterName {
  return Object.hasOwn(parameterVariables, name);
}

/** Sets a parameter unless empty: libpq takes an empty value as no value. */
function set(parameters: ConnectionParameters, name: ParameterName, value: string): void {
  if (value !== "") parameters[name] = value;
}

function decode(text: string, what: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    // Not quoted: it may be the password.
    throw new UserError(
      `the ${what} in the PostgreSQL URL has a % not followed by two hexadecimal digits`,
      "write a % in a URL as %25",
    );
  }
}

function portNumber(text: string | undefined): number {
  return text === undefined ? defaultPort : wholeNumber(text, "port", 1, 65_535);
}

function wholeNumber(text: string, what: string, min: number, max: number): number {
  const value = /^\d{1,10}$/.test(text) ? Number(text) : Number.NaN;
  if (!(value >= min && value <= max))
    throw new UserError(
      `the PostgreSQL ${what} ${JSON.stringify(text)} is not a whole number from ${min} to ${max}`,
      urlExample,
    );
  return value;
}

function oneOf(value: string, allowed: readonly string[], what: string): string {
  if (!allowed.includes(value))
    throw new UserError(
      `the PostgreSQL ${what} ${JSON.stringify(value)} is not one of ${allowed.join(", ")}`,
      `set ${what} to one of them in the URL or ${parameterVariables[what as ParameterName]}`,
    );
  return value;
}
