// Control characters and escape sequences in data (a lead named "\u001b[2J") must never
// reach a terminal as themselves: they could recolour, retitle, move or clear it. C0 (but tab
// and newline), DEL and C1 (\u009b is a one-byte CSI), the line/paragraph separators, and the
// bidirectional marks, embeddings, overrides and isolates, which reorder what follows them
// on screen (`abc\u202etxt.exe` shows as `abcexe.txt`).
const controlCharacters =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching them is the point
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;

/**
 * The one sanitiser for text meant for people (tables, plain output, messages on stderr):
 * shows control characters as visible `\u001b`-style text; keeps tabs and newlines.
 */
export function neutraliseControls(text: string): string {
  return text.replace(
    controlCharacters,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/**
 * For a message that must stay one line (an error, a warning) whatever file data it quotes:
 * line breaks shown as `\n`, other control characters neutralised.
 */
export function oneLine(text: string): string {
  return neutraliseControls(text).replaceAll("\n", "\\n");
}

/** Whether colour may be used on a stream: a TTY, unless NO_COLOR; FORCE_COLOR wins. */
export function colourEnabled(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== "0" && force !== "false";
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  return stream.isTTY === true && env.TERM !== "dumb";
}

/** Writes a plain (uncoloured) message for people, with data in it neutralised. */
export function writePlain(stream: NodeJS.WritableStream, text: string): void {
  stream.write(neutraliseControls(text));
}
