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

/**
 * One `--map` pair: the header as the user wrote it, and the column it should fill, or
 * `attribute` (kept as an attribute even if it looks like a field) or `ignore` (dropped).
 */
export interface ColumnOverride<F extends string> {
  readonly header: string;
  readonly field: F | "attribute" | "ignore";
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
      if (!(fields as readonly string[]).includes(field) && !keptOrDropped.includes(field)) {
        throw new MappingError(
          `--map "${pair.trim()}": unknown field "${field}"`,
          `use one of ${fields.join(", ")}, or attribute, or ignore`,
        );
      }
      overrides.set(headerKey(header), { header, field: field as ColumnOverride<F>["field"] });
    }
  }
  return overrides;
}

const keptOrDropped: readonly string[] = ["attribute", "ignore"];

export interface MappedColumn<F extends string> {
  readonly index: number;
  readonly header: string;
  /** The field it fills, or undefined when it is kept as an attribute named `attribute`. */
  readonly field: F | undefined;
  readonly attribute: string;
  /**
   * How it was decided: by `--map` (a field, `attribute` or `ignore`), or guessed from its
   * header (a field, or an attribute when it looks like none). Only a guessed field gives way
   * when its values do not fit (see withoutField).
   */
  readonly how: "map" | "guess";
  /** `--map "Header=ignore"`: neither a field nor an attribute. */
  readonly ignored: boolean;
  /** The field an attribute column looks like (another column was used, or its values do not fit). */
  readonly looksLike?: F;
}

export interface ColumnMapping<F extends string> {
  readonly columns: readonly MappedColumn<F>[];
  readonly fieldIndex: Partial<Record<F, number>>;
  readonly warnings: readonly string[];
}

/**
 * Exports that name each column `Object - Field` (Pipedrive: `Deal - Title`, `Person - Email`,
 * `Organization - Name`): the objects (as header keys) whose fields are the file's own, and for
 * each linked object the few of its fields that fill one of ours (`Person - Email` on a deal is
 * its lead). Other fields of a linked object are kept as attributes.
 */
export interface ObjectColumns<F extends string> {
  readonly own: readonly string[];
  readonly linked: ReadonlyMap<string, ReadonlyMap<string, F>>;
}

/** A field a header looks like, and how plainly: the lower the rank, the plainer. */
interface Guess<F extends string> {
  readonly field: F;
  readonly rank: number;
}

// A linked object's field is a weaker guess than any of the file's own columns.
const linkedRank = 1000;

/**
 * Decides which column fills which field: `--map` overrides first, then the synonyms. When
 * several columns look like one field, the one whose header names it most plainly wins (the
 * field's own name, then the synonyms in their listed order: HubSpot's `Lifecycle Stage` before
 * its `Lead Status`), the first such column on a tie; the others are kept as attributes, with a
 * warning.
 */
export function mapColumns<F extends string>(
  headers: readonly string[],
  synonyms: Readonly<Record<F, readonly string[]>>,
  overrides: ReadonlyMap<string, ColumnOverride<F>> = new Map(),
  objects?: ObjectColumns<F>,
  /** What becomes of a column that fills no field (reps and quotas keep no attributes). */
  otherColumns: "kept as an attribute" | "ignored" = "kept as an attribute",
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
  const byKey = new Map<string, Guess<F>>();
  for (const [field, names] of Object.entries(synonyms) as [F, readonly string[]][]) {
    names.forEach((name, rank) => {
      if (!byKey.has(name)) byKey.set(name, { field, rank: name === headerKey(field) ? -1 : rank });
    });
  }
  const explicit = keys.map((key) => overrides.get(key)?.field);
  const guesses = headers.map((header, index) =>
    explicit[index] === undefined ? guessField(header, byKey, objects) : undefined,
  );
  const fieldIndex: Partial<Record<F, number>> = {};
  // Explicit mappings first, so an automatic match never takes a field the user assigned.
  explicit.forEach((field, index) => {
    if (
      field !== undefined &&
      !keptOrDropped.includes(field) &&
      fieldIndex[field as F] === undefined
    )
      fieldIndex[field as F] = index;
  });
  // Then, for each field left, the column that names it most plainly.
  const strongest = new Map<F, number>();
  guesses.forEach((guess, index) => {
    if (guess === undefined || fieldIndex[guess.field] !== undefined) return;
    const best = strongest.get(guess.field);
    if (best === undefined || guess.rank < (guesses[best]?.rank ?? linkedRank))
      strongest.set(guess.field, index);
  });
  for (const [field, index] of strongest) fieldIndex[field] = index;
  const warnings: string[] = [];
  const attributeNames = new UniqueNames();
  const columns = headers.map((raw, index): MappedColumn<F> => {
    const header = raw.trim();
    const given = explicit[index];
    const wanted = given ?? guesses[index]?.field;
    let field: F | undefined;
    let looksLike: F | undefined;
    if (wanted !== undefined && !keptOrDropped.includes(wanted)) {
      if (fieldIndex[wanted as F] === index) field = wanted as F;
      else {
        looksLike = wanted as F;
        const taken = headers[fieldIndex[wanted as F] ?? 0]?.trim();
        warnings.push(
          `column "${header}" also looks like ${wanted}; "${taken}" is used, it is ${otherColumns}`,
        );
      }
    }
    return {
      index,
      header,
      field,
      attribute: attributeNames.claim(header || `column ${index + 1}`),
      how: given === undefined ? "guess" : "map",
      ignored: given === "ignore",
      ...(looksLike === undefined ? {} : { looksLike }),
    };
  });
  return { columns, fieldIndex, warnings };
}

/**
 * The mapping with the column that fills `field` kept as an attribute instead (a guessed
 * column whose values do not fit the field).
 */
export function withoutField<F extends string>(
  mapping: ColumnMapping<F>,
  field: F,
): ColumnMapping<F> {
  const index = mapping.fieldIndex[field];
  if (index === undefined) return mapping;
  const fieldIndex = { ...mapping.fieldIndex };
  delete fieldIndex[field];
  const columns = mapping.columns.map((column) =>
    column.index === index ? { ...column, field: undefined, looksLike: field } : column,
  );
  return { columns, fieldIndex, warnings: mapping.warnings };
}

/** Whether the column filling `field` was guessed from its header, so it may give way. */
export function isGuessed<F extends string>(mapping: ColumnMapping<F>, field: F): boolean {
  const index = mapping.fieldIndex[field];
  return index !== undefined && mapping.columns[index]?.how === "guess";
}

/**
 * The field a header looks like. `Object - Field` is read by its parts when the object is the
 * file's own kind or a linked one; the field part may repeat its object (`Deal - Deal created`).
 */
function guessField<F extends string>(
  header: string,
  byKey: ReadonlyMap<string, Guess<F>>,
  objects: ObjectColumns<F> | undefined,
): Guess<F> | undefined {
  const text = header.trim();
  const at = text.indexOf(" - ");
  if (objects !== undefined && at > 0) {
    const object = headerKey(text.slice(0, at));
    const part = headerKey(text.slice(at + 3));
    if (objects.own.includes(object)) {
      const repeated = part.startsWith(object) ? part.slice(object.length) : undefined;
      return byKey.get(part) ?? (repeated ? byKey.get(repeated) : undefined);
    }
    const linked = objects.linked.get(object);
    if (linked !== undefined) {
      const field = linked.get(part);
      return field === undefined ? undefined : { field, rank: linkedRank };
    }
  }
  return byKey.get(headerKey(text));
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
