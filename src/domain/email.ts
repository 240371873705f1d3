/** Lower-cased and trimmed: the form a lead's email is matched and stored by. */
export function normaliseEmail(value: string): string {
  return value.trim().toLowerCase();
}

// Pragmatic, not RFC 5322: one @, no spaces or angle brackets, a dotted domain with a
// letter-only top level. It catches what exports really contain ("n/a", "john@", names).
const emailPattern = /^[^\s@<>(),;:"[\]]+@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,63}$/;

/** Whether an already-normalised email looks deliverable enough to identify a lead. */
export function isValidEmail(normalised: string): boolean {
  return normalised.length <= 254 && emailPattern.test(normalised);
}

/**
 * The email in a contact cell as CRMs write it: `Maria Gonzalez (maria@x.example)` (HubSpot's
 * associations), `Maria Gonzalez <maria@x.example>`, or the address alone; the first of several
 * (`A (a@x.example);B (b@x.example)`). Undefined when the cell holds no valid address.
 */
export function contactEmail(cell: string): string | undefined {
  for (const part of cell.split(/[()<>;,]/)) {
    const email = normaliseEmail(part);
    if (isValidEmail(email)) return email;
  }
  return undefined;
}
