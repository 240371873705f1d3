/**
 * Reading a CSV header: which column fills which field, from the headers real exports use and
 * `--map` overrides. Each kind of file (leads, deals, quotas) brings its own fields and synonyms.
 */

/**
 * Letters and digits only (any script), lower-cased: `E-mail Address` and `email_address`
 * meet here, and `メール` stays itself.
 */
export function headerKey(header: string): string {
  return header
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, "");
}

export class MappingError extends Error {
  readonly hint: string;
  constructor(message: string, hint: string) {
    super(message);
    this.name = "MappingError";
    this.hint = hint;
  }
}

/** One `--map` pair: the header as the user wrote it, and the column it should fill. */
export interface ColumnOverride<F extends string> {
  readonly header: string;
  readonly field: F | "attribute";
}

/**
 * `--map "Their Header=field,..."` (repeatable) for a file of `fields`; `example` is a pair to
 * show when one is malformed.
 */
export function parseColumnMapOption<F extends string>(
  values: readonly string[],
  fields: readonly F[],
  example = `Their Header=${fields[0] ?? "field"}`,
): Map<string, ColumnOverride<F>> {
  const overrides = new Map<string, ColumnOverride<F>>();
  for (const value of values) {
    for (const pair of value.split(",")) {
      if (pair.trim() === "") continue;
      const at = pair.lastIndexOf("=");
      const header = at < 0 ? "" : pair.slice(0, at).trim();
      const field =
        at < 0
          ? ""
          : pair
              .slice(at + 1)
              .trim()
              .toLowerCase();
      if (header === "" || field === "") {
        throw new MappingError(
          `--map "${pair.trim()}" is not Header=field`,
          `write it as --map "${example}"`,
        );
      }
      if (!(fields as readonly string[]).includes(field) && field !== "attribute") {
        throw new MappingError(
          `--map "${pair.trim()}": unknown field "${field}"`,
          `use one of ${fields.join(", ")}, or attribute`,
        );
      }
      overrides.set(headerKey(header), { header, field: field as F | "attribute" });
    }
  }
  return overrides;
}

export interface MappedColumn<F extends string> {
  readonly index: number;
  readonly header: string;
  /** The field it fills, or undefined when it is kept as an attribute named `attribute`. */
  readonly field: F | undefined;
  readonly attribute: string;
}

export interface ColumnMapping<F extends string> {
  readonly columns: readonly MappedColumn<F>[];
  readonly fieldIndex: Partial<Record<F, number>>;
  readonly warnings: readonly string[];
}

/**
 * Decides which column fills which field: `--map` overrides first, then the synonyms; a
 * second column for a field already taken is kept as an attribute, with a warning.
 */
export function mapColumns<F extends string>(
  headers: readonly string[],
  synonyms: Readonly<Record<F, readonly string[]>>,
  overrides: ReadonlyMap<string, ColumnOverride<F>> = new Map(),
): ColumnMapping<F> {
  const keys = headers.map(headerKey);
  const present = new Set(keys);
  for (const [key, override] of overrides) {
    if (!present.has(key)) {
      throw new MappingError(
        `--map names a column the file does not have ("${override.header}")`,
        `the file's columns are: ${headers.join(", ")}`,
      );
    }
  }
  const byKey = new Map<string, F>();
  for (const [field, names] of Object.entries(synonyms) as [F, readonly string[]][]) {
    for (const name of names) if (!byKey.has(name)) byKey.set(name, field);
  }
  const explicit = keys.map((key) => overrides.get(key)?.field);
  const fieldIndex: Partial<Record<F, number>> = {};
  // Explicit mappings first, so an automatic match never takes a field the user assigned.
  explicit.forEach((field, index) => {
    if (field !== undefined && field !== "attribute" && fieldIndex[field] === undefined)
      fieldIndex[field] = index;
  });
  // Then a column named as the field itself (`external_id`), so that a file with both `id` and
  // `external_id` (funnel's own lists) fills the field from the column that says it.
  keys.forEach((key, index) => {
    const field = byKey.get(key);
    if (explicit[index] === undefined && field !== undefined && headerKey(field) === key)
      fieldIndex[field] ??= index;
  });
  const warnings: string[] = [];
  const attributeNames = new UniqueNames();
  const columns = headers.map((raw, index): MappedColumn<F> => {
    const header = raw.trim();
    const wanted = explicit[index] ?? byKey.get(keys[index] ?? "");
    let field: F | undefined;
    if (wanted !== undefined && wanted !== "attribute") {
      if (fieldIndex[wanted] === undefined) fieldIndex[wanted] = index;
      if (fieldIndex[wanted] === index) field = wanted;
      else {
        const taken = headers[fieldIndex[wanted] ?? 0]?.trim();
        warnings.push(
          `column "${header}" also looks like ${wanted}; "${taken}" is used, it is kept as an attribute`,
        );
      }
    }
    return {
      index,
      header,
      field,
      attribute: attributeNames.claim(header || `column ${index + 1}`),
    };
  });
  return { columns, fieldIndex, warnings };
}

/** Names made unique: `Notes`, `Notes (2)`, `Notes (3)`, ... */
class UniqueNames {
  private readonly taken = new Set<string>();
  /** The next number to try for each name, so that n copies of a name cost n steps, not n². */
  private readonly next = new Map<string, number>();

  claim(name: string): string {
    let candidate = name;
    let n = this.next.get(name) ?? 2;
    while (this.taken.has(candidate)) candidate = `${name} (${n++})`;
    this.next.set(name, n);
    this.taken.add(candidate);
    return candidate;
  }
}
