import type { ColumnMapping } from "../domain/column-mapping.js";
import { type DealSettings, dealFormat } from "./deal-format.js";
import { type LeadSettings, leadFormat } from "./lead-format.js";
import { type QuotaSettings, quotaFormat } from "./quota-format.js";
import { type RepSettings, repFormat } from "./rep-format.js";

export type ImportKind = "leads" | "deals" | "quotas" | "reps";

/** A row as read: its value, or why it is rejected and which field's value did not fit. */
export type RowRead<V, F extends string> =
  | { ok: true; value: V }
  | { ok: false; reason: string; field?: F | undefined };

/**
 * How one kind of file is read, in whichever thread reads it (its settings are plain data, so
 * a worker thread can build the same format): the header's mapping, and each row's value.
 */
export interface RowFormat<F extends string, V, B> {
  /** The file's columns by their headers and `--map`; throws a MappingError for a bad `--map`. */
  map(headers: readonly string[], map: readonly string[]): ColumnMapping<F>;
  /** Why no row of a file mapped so could be imported (no column for a field it needs). */
  missing(
    mapping: ColumnMapping<F>,
    headers: readonly string[],
  ): { message: string; hint: string } | undefined;
  /**
   * Fields a guessed column fills even when its values do not fit, rejecting those rows: the
   * ones a record cannot do without (a lead's email is what identifies it).
   */
  readonly needed: readonly F[];
  /** The date a record gets the import time for when the file has none (the summary says so). */
  readonly dateField?: F;
  read(cells: readonly string[], mapping: ColumnMapping<F>): RowRead<V, F>;
  /** A batch to send to the writer: leads travel as flat rows (cheap across threads). */
  batch(): B;
  add(batch: B, value: V): void;
}

export type FormatSettings = LeadSettings | DealSettings | QuotaSettings | RepSettings;

// biome-ignore lint/suspicious/noExplicitAny: the reader handles every kind's rows alike
export type AnyRowFormat = RowFormat<string, any, any>;

/** The format of a kind of file, from its settings. */
export function rowFormat(settings: FormatSettings): AnyRowFormat {
  switch (settings.kind) {
    case "leads":
      return leadFormat(settings) as AnyRowFormat;
    case "deals":
      return dealFormat(settings) as AnyRowFormat;
    case "quotas":
      return quotaFormat(settings) as AnyRowFormat;
    case "reps":
      return repFormat(settings) as AnyRowFormat;
  }
}
