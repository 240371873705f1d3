// Kept apart from formats.ts so that building the command tree (for --help) loads only this.
export const outputFormats = ["table", "csv", "json", "md"] as const;
export type OutputFormat = (typeof outputFormats)[number];
