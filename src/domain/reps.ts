/** Rep roles, as `--role` and the reps CSV accept them. */
export const repRoles = ["sdr", "ae", "am", "cs", "manager", "marketing"] as const;
export type RepRole = (typeof repRoles)[number];

/** Roles that work leads handed off by marketing. */
export const salesRoles: readonly RepRole[] = ["sdr", "ae", "am", "manager"];

const roleSynonyms = new Map<string, RepRole>(
  Object.entries({
    sdr: "sdr",
    bdr: "sdr",
    salesdevelopment: "sdr",
    salesdevelopmentrep: "sdr",
    salesdevelopmentrepresentative: "sdr",
    businessdevelopmentrep: "sdr",
    insidesales: "sdr",
    insidesalesrep: "sdr",
    ae: "ae",
    accountexecutive: "ae",
    fieldsales: "ae",
    salesrep: "ae",
    am: "am",
    accountmanager: "am",
    cs: "cs",
    csm: "cs",
    customersuccess: "cs",
    customersuccessmanager: "cs",
    manager: "manager",
    salesmanager: "manager",
    headofsales: "manager",
    vpsales: "manager",
    marketing: "marketing",
    marketer: "marketing",
    marketingmanager: "marketing",
  }) as [string, RepRole][],
);

/** The role a spreadsheet's wording means (`Account Executive`, `BDR`), or undefined. */
export function parseRole(text: string): RepRole | undefined {
  return roleSynonyms.get(text.toLowerCase().replace(/[^a-z]/g, ""));
}

const handlePattern = /^[a-z0-9](?:[a-z0-9._-]{0,62}[a-z0-9])?$/;

/** Lower-case letters, digits, `.`, `_` and `-`, starting and ending with a letter or digit. */
export function isValidHandle(handle: string): boolean {
  return handlePattern.test(handle);
}

/** `Ana Souza` → `ana-souza`, `José Müller` → `jose-muller`. */
export function handleFromName(name: string): string {
  const slug = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60);
  return slug === "" ? "rep" : slug;
}

/**
 * Whether a rep's manager cell means this rep: their handle, or the name of someone who was not
 * a rep yet when it was written (`Maria Lopes` for maria-lopes).
 */
export function namesRep(manager: string, rep: { handle: string; name: string }): boolean {
  const text = manager.trim().toLowerCase();
  return (
    text === rep.handle ||
    text === rep.name.trim().toLowerCase() ||
    handleFromName(manager) === rep.handle
  );
}

/** `base`, or `base-2`, `base-3`, ... : the first that `taken` does not hold. */
export function uniqueHandle(base: string, taken: (handle: string) => boolean): string {
  let candidate = base;
  for (let n = 2; taken(candidate); n++) candidate = `${base}-${n}`;
  return candidate;
}

/** What an owner cell can name a rep by. */
export interface RepNames {
  readonly handle: string;
  readonly name: string;
  readonly email: string | null;
}

/** Whom an owner cell names: one rep, several reps of that name, or nobody. */
export type RepMatch<R> = { rep: R } | { ambiguous: readonly R[] } | undefined;

/** `  Kim   LEE ` and `kim lee` meet here. */
function ownerKey(text: string): string {
  return text.trim().toLowerCase().replace(/\s+/g, " ");
}

/**
 * The reps an owner cell can name, by handle, email or name, whatever the case and spacing
 * (`kim-lee`, `kim@acme.example`, `Kim Lee`): one lookup, however many rows ask.
 */
export class RepIndex<R extends RepNames> {
  private readonly byHandle = new Map<string, R>();
  private readonly byEmail = new Map<string, R>();
  private readonly byName = new Map<string, R[]>();

  constructor(reps: readonly R[] = []) {
    for (const rep of reps) this.add(rep);
  }

  add(rep: R): void {
    this.byHandle.set(rep.handle, rep);
    const email = rep.email?.toLowerCase();
    if (email !== undefined && !this.byEmail.has(email)) this.byEmail.set(email, rep);
    const key = ownerKey(rep.name);
    this.byName.set(key, [...(this.byName.get(key) ?? []), rep]);
  }

  match(owner: string): RepMatch<R> {
    const key = ownerKey(owner);
    const rep = this.byHandle.get(key) ?? this.byEmail.get(key);
    if (rep !== undefined) return { rep };
    const named = this.byName.get(key) ?? [];
    if (named.length === 1) return { rep: named[0] as R };
    return named.length > 1 ? { ambiguous: named } : undefined;
  }
}
