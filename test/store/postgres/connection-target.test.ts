import { describe, expect, it } from "vitest";
import {
  connectionParameters,
  isPostgresTarget,
  type PostgresTarget,
  parsePostgresUrl,
  passwordFromFile,
  printableTarget,
  resolveTarget,
} from "../../../src/store/postgres/connection-target.js";

const defaults = { osUser: "kim", socketFolder: "/var/run/postgresql" };

describe("isPostgresTarget", () => {
  it.each([
    ["postgres://ana@db/funnel", true],
    ["postgresql://ana@db/funnel", true],
    ["POSTGRES://db/funnel", true],
    ["postgres:///funnel", true],
    ["./funnel.db", false],
    ["postgres.db", false],
    ["/srv/postgres://x", false],
    ["mysql://db/funnel", false],
  ])("%s: %s", (target, expected) => {
    expect(isPostgresTarget(target)).toBe(expected);
  });
});

describe("parsePostgresUrl reads what libpq reads", () => {
  it.each([
    [
      "postgres://ana@db.example.com:5432/funnel",
      { user: "ana", host: "db.example.com", port: "5432", dbname: "funnel" },
    ],
    [
      "postgresql://ana:s3cret@db.example.com/funnel",
      { user: "ana", password: "s3cret", host: "db.example.com", dbname: "funnel" },
    ],
    ["postgres://db.example.com", { host: "db.example.com" }],
    ["postgres://", {}],
    ["postgres:///funnel", { dbname: "funnel" }],
    [
      "postgres://root@/funnel?host=/var/run/postgresql",
      { user: "root", host: "/var/run/postgresql", dbname: "funnel" },
    ],
    [
      "postgres://%2Fvar%2Frun%2Fpostgresql/funnel",
      { host: "/var/run/postgresql", dbname: "funnel" },
    ],
    ["postgres://[::1]:5433/funnel", { host: "::1", port: "5433", dbname: "funnel" }],
    ["postgres://[2001:db8::7]/funnel", { host: "2001:db8::7", dbname: "funnel" }],
    // A password's own @, : and / (escaped) stay in it; the last @ ends the user part.
    [
      "postgres://ana:p@ss:w%2Frd@db/funnel",
      { user: "ana", password: "p@ss:w/rd", host: "db", dbname: "funnel" },
    ],
    [
      "postgres://ana%40acme@db/sales%20team",
      { user: "ana@acme", host: "db", dbname: "sales team" },
    ],
    ["postgres://ana:@db/funnel", { user: "ana", host: "db", dbname: "funnel" }],
    [
      "postgres://db/funnel?sslmode=verify-full&application_name=cron%20job",
      { host: "db", dbname: "funnel", sslmode: "verify-full", application_name: "cron job" },
    ],
    // A parameter overrides the URL's own part.
    [
      "postgres://ana@db:5432/funnel?port=6432&user=bo&dbname=other",
      { user: "bo", host: "db", port: "6432", dbname: "other" },
    ],
    [
      "postgres://db/funnel?sslmode=require&&connect_timeout=5&",
      { host: "db", dbname: "funnel", sslmode: "require", connect_timeout: "5" },
    ],
  ])("%s", (url, expected) => {
    expect(parsePostgresUrl(url)).toEqual(expected);
  });

  it.each([
    [
      "postgres://db/funnel?gssencmode=disable",
      /does not use the PostgreSQL connection parameter "gssencmode"/,
    ],
    ["postgres://db/funnel?sslmode", /a parameter of the PostgreSQL URL has no value/],
    [
      "postgres://ana:50%@db/funnel",
      /the password in the PostgreSQL URL has a % not followed by two hexadecimal digits/,
    ],
    ["postgres://db/fun%zznel", /the database name in the PostgreSQL URL has a %/],
    ["sqlite:///funnel.db", /not a postgres:\/\/ URL/],
  ])("refuses %s in one line", (url, message) => {
    expect(() => parsePostgresUrl(url)).toThrow(message);
  });

  it("never quotes a password in its messages", () => {
    for (const url of [
      "postgres://ana:Hunter2%@db/funnel",
      "postgres://ana:Hunter2@db/funnel?nope=1",
      "postgres://ana:Hunter2@db/funnel?sslmode=sometimes",
      "postgres://ana:Hunter2@db:99999/funnel",
      "postgres://ana:Hunter2@db1,db2/funnel",
    ]) {
      let message = "";
      try {
        resolveTarget(connectionParameters(url, {}), defaults);
      } catch (error) {
        message = `${(error as Error).message} ${(error as { hint?: string }).hint ?? ""}`;
      }
      expect(message, url).not.toBe("");
      expect(message, url).not.toContain("Hunter2");
    }
  });
});

describe("the PG* variables fill what the URL leaves out", () => {
  const env = {
    PGHOST: "db.example.com",
    PGPORT: "6432",
    PGUSER: "bo",
    PGPASSWORD: "from-env",
    PGDATABASE: "sales",
    PGSSLMODE: "require",
    PGAPPNAME: "nightly",
  };

  it("takes each variable the URL does not give", () => {
    expect(connectionParameters("postgres://", env)).toEqual({
      host: "db.example.com",
      port: "6432",
      user: "bo",
      password: "from-env",
      dbname: "sales",
      sslmode: "require",
      application_name: "nightly",
    });
  });

  it("keeps what the URL gives over the variables", () => {
    expect(connectionParameters("postgres://ana:pw@db2:5433/funnel?sslmode=disable", env)).toEqual({
      host: "db2",
      port: "5433",
      user: "ana",
      password: "pw",
      dbname: "funnel",
      sslmode: "disable",
      application_name: "nightly",
    });
  });

  it("takes an empty variable as unset", () => {
    expect(connectionParameters("postgres://db/funnel", { PGUSER: "", PGPORT: "" })).toEqual({
      host: "db",
      dbname: "funnel",
    });
  });
});

describe("resolveTarget completes a target with libpq's defaults", () => {
  it("the local socket, the OS user, a database named after the user, sslmode prefer", () => {
    expect(resolveTarget(parsePostgresUrl("postgres://"), defaults)).toEqual({
      host: "/var/run/postgresql",
      port: 5432,
      user: "kim",
      database: "kim",
      password: undefined,
      sslmode: "prefer",
      sslrootcert: undefined,
      sslcert: undefined,
      sslkey: undefined,
      channelBinding: "prefer",
      connectTimeout: undefined,
      applicationName: undefined,
      options: undefined,
    } satisfies PostgresTarget);
  });

  it.each([
    ["postgres://ana@db:0/funnel", /the PostgreSQL port "0" is not a whole number from 1 to 65535/],
    ["postgres://ana@db:65536/funnel", /port "65536" is not a whole number/],
    ["postgres://ana@db:54x/funnel", /port "54x" is not a whole number/],
    ["postgres://db/funnel?connect_timeout=-1", /connect_timeout "-1" is not a whole number/],
    [
      "postgres://db/funnel?sslmode=on",
      /the PostgreSQL sslmode "on" is not one of disable, allow, prefer, require, verify-ca, verify-full/,
    ],
    [
      "postgres://db/funnel?channel_binding=yes",
      /channel_binding "yes" is not one of disable, prefer, require/,
    ],
    [
      "postgres://db1:5432,db2:5432/funnel",
      /funnel connects to one PostgreSQL server, and the URL names several/,
    ],
  ])("refuses %s in one line", (url, message) => {
    expect(() => resolveTarget(parsePostgresUrl(url), defaults)).toThrow(message);
  });

  it("names PGSSLMODE when the variable is what is wrong", () => {
    expect(() =>
      resolveTarget(connectionParameters("postgres://db/x", { PGSSLMODE: "yes" }), defaults),
    ).toThrow(
      expect.objectContaining({ hint: "set sslmode to one of them in the URL or PGSSLMODE" }),
    );
  });
});

describe("the password file", () => {
  const file = [
    "# host:port:database:user:password",
    "db.example.com:5432:funnel:ana:ana-funnel",
    "db.example.com:5432:*:ana:ana-any",
    "localhost:5432:*:kim:kim-local",
    "/srv/pg:5432:*:kim:kim-other-socket",
    "*:*:*:bo:bo\\:with\\\\colon",
    "db.example.com:5432:funnel",
    "",
  ].join("\n");

  it.each([
    ["postgres://ana@db.example.com/funnel", "ana-funnel"],
    ["postgres://ana@db.example.com/sales", "ana-any"],
    ["postgres://ana@db.example.com:6432/funnel", undefined],
    // Through the default socket folder, libpq matches the host localhost.
    ["postgres://kim@/funnel", "kim-local"],
    ["postgres://kim@localhost/funnel", "kim-local"],
    ["postgres://kim@/funnel?host=/srv/pg", "kim-other-socket"],
    ["postgres://bo@anywhere:1234/x", "bo:with\\colon"],
    ["postgres://zoe@db.example.com/funnel", undefined],
    // A password given is never replaced.
    ["postgres://ana:given@db.example.com/funnel", "given"],
  ])("%s: %s", (url, password) => {
    const target = resolveTarget(parsePostgresUrl(url), { ...defaults, passwordFile: file });
    expect(target.password).toBe(password);
  });

  it("matches the default database, the user's name", () => {
    expect(
      passwordFromFile(
        "*:*:ana:ana:right\n*:*:*:ana:wrong",
        {
          host: "db",
          port: 5432,
          user: "ana",
          database: "ana",
        },
        "/tmp",
      ),
    ).toBe("right");
  });

  it("reads Windows line ends", () => {
    expect(
      passwordFromFile(
        "db:5432:*:ana:pw\r\n",
        { host: "db", port: 5432, user: "ana", database: "x" },
        "/tmp",
      ),
    ).toBe("pw");
  });
});

describe("printableTarget: where funnel connects, without the password", () => {
  it.each([
    ["postgres://ana:s3cret@db.example.com/funnel", "postgres://ana@db.example.com:5432/funnel"],
    ["postgresql://ana@db.example.com:6432/funnel", "postgres://ana@db.example.com:6432/funnel"],
    [
      "postgres://ana:s3cret@db.example.com/funnel?sslmode=verify-full&application_name=x",
      "postgres://ana@db.example.com:5432/funnel?sslmode=verify-full",
    ],
    ["postgres://", "postgres://kim@/kim?host=/var/run/postgresql"],
    [
      "postgres://root:pw@/funnel?host=/var/run/postgresql",
      "postgres://root@/funnel?host=/var/run/postgresql",
    ],
    [
      "postgres://root@:5433/funnel?host=/tmp&sslmode=require",
      "postgres://root@/funnel?host=/tmp&port=5433",
    ],
    [
      "postgres://ana%40acme:pw@[::1]/sales%20team",
      "postgres://ana%40acme@[::1]:5432/sales%20team",
    ],
  ])("%s prints %s", (url, printable) => {
    expect(printableTarget(resolveTarget(parsePostgresUrl(url), defaults))).toBe(printable);
  });

  it("never prints a password, wherever it came from", () => {
    const target = resolveTarget(
      connectionParameters("postgres://ana@db/funnel", { PGPASSWORD: "Hunter2" }),
      { ...defaults, passwordFile: "*:*:*:*:Other3" },
    );
    expect(target.password).toBe("Hunter2");
    expect(printableTarget(target)).toBe("postgres://ana@db:5432/funnel");
  });

  it("reads back as the same target", () => {
    for (const url of [
      "postgres://ana:pw@db.example.com:6432/funnel?sslmode=require",
      "postgres://ana%40acme@[::1]/sales%20team",
      "postgres://root@:5433/funnel?host=/srv/my%20pg",
    ]) {
      const target = resolveTarget(parsePostgresUrl(url), defaults);
      const again = resolveTarget(parsePostgresUrl(printableTarget(target)), defaults);
      expect(again).toEqual({ ...target, password: undefined });
    }
  });
});
