import { exactTotal, totalTooLarge } from "../domain/money.js";

/**
 * The rows of a query that adds amounts up. SQLite adds integers exactly up to 2^63 and
 * raises "integer overflow" past that; a JavaScript number holds them exactly only up to
 * 2^53. A sum past either is refused in one line, as one added up in JavaScript is.
 */
export function rowsWithAmountSums<Row>(read: () => Row[], sums: readonly (keyof Row)[]): Row[] {
  let rows: Row[];
  try {
    rows = read();
  } catch (error) {
    const { code, message } = error as { code?: unknown; message?: unknown };
    if (code === "SQLITE_ERROR" && message === "integer overflow") throw totalTooLarge();
    throw error;
  }
  for (const row of rows) for (const sum of sums) exactTotal(row[sum] as number);
  return rows;
}
