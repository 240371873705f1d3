import { exactTotal } from "../domain/money.js";

/**
 * The rows of a query that added amounts up, each sum checked: a JavaScript number holds
 * integers exactly only up to 2^53, so a sum past that is refused in one line, as one added up
 * in JavaScript is. (A sum past the engine's own integers is refused by the engine's errors.)
 */
export function rowsWithAmountSums<Row>(rows: Row[], sums: readonly (keyof Row)[]): Row[] {
  for (const row of rows) for (const sum of sums) exactTotal(row[sum] as number);
  return rows;
}
