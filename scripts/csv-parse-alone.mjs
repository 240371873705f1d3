#!/usr/bin/env node
// The bench's csv-parse reference (issue 18 §1): csv-parse alone reading a CSV file into arrays
// (one per record) in one process, with the options funnel's importers use, and nothing else.
// Prints the number of records. Usage: node scripts/csv-parse-alone.mjs FILE
import { createReadStream } from "node:fs";
import { parse } from "csv-parse";

const file = process.argv[2];
if (file === undefined) throw new Error("usage: csv-parse-alone.mjs FILE");
// The options of src/csv/parse-options.ts (csvParseOptions), and the reader's object buffer.
const parser = createReadStream(file, { highWaterMark: 1 << 20 }).pipe(
  parse({
    delimiter: ",",
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
    max_record_size: 16 * 1024 * 1024,
    highWaterMark: 1024,
  }),
);
let records = 0;
for await (const record of parser) if (Array.isArray(record)) records++;
console.log(records);
