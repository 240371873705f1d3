// Apart from periods.ts so that building the command tree (for --help) does not load date-fns.
export const periodExamples =
  "2026-10, 2026-Q4, 2026, this-month, last-month, this-quarter, last-quarter, this-year, last-year, ytd";
