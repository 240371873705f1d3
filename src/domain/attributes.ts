/**
 * A record's unmapped columns by header. Kept in an object without a prototype, so that a
 * header named `__proto__`, `constructor` or `toString` is a name like any other: in a plain
 * object, setting `__proto__` sets nothing, and reading `constructor` finds Object's own.
 */
export type Attributes = Record<string, string>;

/** New attributes, with those of `from` (a stored lead's, or JSON read back) copied in. */
export function attributesOf(from: Readonly<Record<string, string>> = {}): Attributes {
  return Object.assign(Object.create(null) as Attributes, from);
}
