import { once } from "node:events";
import { createWriteStream } from "node:fs";
import type { CommandContext } from "../../cli/context.js";
import { handlePendingSignals, interruptible } from "../../cli/interruptible.js";
import { type LeadFilterOptions, leadFilterFrom } from "../../cli/lead-filter.js";
import { readStore } from "../../cli/with-store.js";
import { leadFields } from "../../domain/lead-fields.js";
import { InterruptedError } from "../../errors.js";
import { replacementFile } from "../../files/out-file.js";
import { escapeFormula, toCsvLine } from "../../render/csv.js";
import { chooseOutput } from "../../render/formats.js";
import { neutraliseControls } from "../../render/terminal.js";
import { attributeNames, iterateLeads } from "../../store/leads.js";
import { fiscalCalendar } from "../../store/settings.js";

interface ExportOptions extends LeadFilterOptions {
  format?: string;
  json?: boolean;
  out?: string;
}

/**
 * Streams leads out, row by row, so an export of a million leads needs no more memory than one.
 * CSV: the lead fields, then one column per attribute, so the file imports back into the
 * same leads. JSON: an array of leads with their id, attributes (an object) and updated_at.
 * With --out, Ctrl-C stops it at the next chunk, and the file is neither written nor replaced;
 * to standard output, Ctrl-C stops it at once, as it stops any program writing there.
 */
export function runExportLeads(options: ExportOptions, context: CommandContext): Promise<void> {
  return options.out === undefined
    ? exportLeads(options, context, undefined)
    : interruptible((signal) => exportLeads(options, context, signal));
}

async function exportLeads(
  options: ExportOptions,
  context: CommandContext,
  signal: AbortSignal | undefined,
): Promise<void> {
  const defaultToCsv =
    options.format === undefined && options.json !== true && options.out === undefined;
  const output = chooseOutput(defaultToCsv ? { ...options, format: "csv" } : options);
  let sink: NodeJS.WritableStream = context.stdout;
  let file: ReturnType<typeof replacementFile> | undefined;
  let buffered = "";
  // On a terminal a person reads it: control characters neutralised, as `deliver` does.
  const forSink = (text: string) =>
    output.out === undefined && context.stdout.isTTY === true ? neutraliseControls(text) : text;
  const write = async (text: string) => {
    buffered += text;
    if (buffered.length < 1 << 16) return;
    const chunk = forSink(buffered);
    buffered = "";
    if (!sink.write(chunk)) await once(sink, "drain");
    // A signal is seen once the loop yields, at a drain: often enough, as chunks are 64 KiB.
    stopIfInterrupted();
  };
  const stopIfInterrupted = () => {
    if (signal?.aborted !== true) return;
    // A device or a pipe (--out /dev/stdout) is written in place: what went out stays out.
    throw new InterruptedError(
      file !== undefined && file.path !== output.out
        ? `interrupted; nothing was written to ${output.out}`
        : `interrupted; ${output.out} got only part of the export`,
    );
  };
  try {
    await readStore(context, async (tx) => {
      // The filter (and the database) first: a bad --created leaves no empty --out file behind.
      const filter = leadFilterFrom(options, new Date(), await fiscalCalendar(tx));
      if (output.out !== undefined) {
        file = replacementFile(output.out);
        // The stream closes the file when it finishes (or fails).
        sink = createWriteStream("", { fd: file.fd });
      }
      if (output.format === "json") {
        await write("[");
        let first = true;
        for await (const lead of iterateLeads(tx, filter)) {
          const { batch_id: _batch, ...exported } = lead;
          await write(`${first ? "\n" : ",\n"}  ${JSON.stringify(exported)}`);
          first = false;
        }
        await write(first ? "]\n" : "\n]\n");
      } else {
        const attributes = await attributeNames(tx, filter);
        // Attribute names come from imported headers: a spreadsheet would run them as formulas too.
        await write(toCsvLine([...leadFields, ...attributes.map(escapeFormula)]));
        for await (const lead of iterateLeads(tx, filter)) {
          const cells = [
            ...leadFields.map((field) => escapeFormula(String(lead[field] ?? ""))),
            ...attributes.map((name) => escapeFormula(lead.attributes[name] ?? "")),
          ];
          await write(toCsvLine(cells));
        }
      }
    });
    sink.write(forSink(buffered));
    if (file !== undefined) {
      sink.end();
      await once(sink, "finish");
      await handlePendingSignals();
      // The last chunk, or a small export's only one, may have been written when the signal came.
      stopIfInterrupted();
      file.publish();
    }
  } finally {
    file?.discard();
  }
}
