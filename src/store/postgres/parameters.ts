/**
 * The shared modules' parameters (`?` in order, or `@name`, as SQLite takes them) as
 * PostgreSQL's `$1, $2, ...`: outside string literals, quoted names and comments, a `?` is
 * the next number and each `@name` one number however often it appears. Pure and cached per
 * statement text: the statements are a fixed set, numbered once each.
 */
import type { Params } from "../engine.js";

export interface NumberedStatement {
  readonly text: string;
  /** Positional: how many `?`. Named: the names in the order of their numbers. */
  readonly names: readonly string[] | number;
}

const numbered = new Map<string, NumberedStatement>();

export function numberParameters(sql: string): NumberedStatement {
  let statement = numbered.get(sql);
  if (statement === undefined) {
    statement = scan(sql);
    numbered.set(sql, statement);
  }
  return statement;
}

/** The values of `params` in the order of the statement's numbers (undefined as NULL). */
export function parameterValues(
  statement: NumberedStatement,
  params: Params | undefined,
): unknown[] {
  const { names } = statement;
  if (typeof names === "number") {
    const values = Array.isArray(params) ? params : [];
    if (values.length !== names)
      throw new Error(`the statement takes ${names} parameters, and ${values.length} were given`);
    return values.map((value) => value ?? null);
  }
  const named = (params ?? {}) as Readonly<Record<string, unknown>>;
  return names.map((name) => {
    if (!Object.hasOwn(named, name))
      throw new Error(`the statement's parameter @${name} has no value`);
    return named[name] ?? null;
  });
}

function scan(sql: string): NumberedStatement {
  let text = "";
  let positional = 0;
  const names: string[] = [];
  let index = 0;
  while (index < sql.length) {
    const character = sql[index] as string;
    const quoteEnd =
      character === "'" || character === '"'
        ? closing(sql, index, character)
        : sql.startsWith("--", index)
          ? lineEnd(sql, index)
          : sql.startsWith("/*", index)
            ? commentEnd(sql, index)
            : undefined;
    if (quoteEnd !== undefined) {
      text += sql.slice(index, quoteEnd);
      index = quoteEnd;
    } else if (character === "?") {
      text += `$${++positional}`;
      index++;
    } else if (character === "@" && /[A-Za-z_]/.test(sql[index + 1] ?? "")) {
      const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(sql.slice(index + 1))?.[0] as string;
      let number = names.indexOf(name) + 1;
      if (number === 0) number = names.push(name);
      text += `$${number}`;
      index += name.length + 1;
    } else {
      text += character;
      index++;
    }
  }
  if (positional > 0 && names.length > 0)
    throw new Error("a statement mixes ? and @name parameters");
  return { text, names: names.length > 0 ? names : positional };
}

/** Just past the quote that closes the one at `start` (a doubled quote is part of the text). */
function closing(sql: string, start: number, quote: string): number {
  let index = start + 1;
  while (index < sql.length) {
    if (sql[index] === quote) {
      if (sql[index + 1] !== quote) return index + 1;
      index += 2;
    } else index++;
  }
  return sql.length;
}

function lineEnd(sql: string, start: number): number {
  const end = sql.indexOf("\n", start);
  return end < 0 ? sql.length : end;
}

function commentEnd(sql: string, start: number): number {
  const end = sql.indexOf("*/", start + 2);
  return end < 0 ? sql.length : end + 2;
}
