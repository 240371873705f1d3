/** A one-line progress bar on a terminal's stderr, redrawn at most ten times a second. */
export class ProgressBar {
  /** What the bar says after its percentage: megabytes of a file read. */
  protected amount(done: number, total: number): string {
    const megabytes = (bytes: number) => (bytes / 1e6).toFixed(1);
    return `${megabytes(done)}/${megabytes(total)} MB`;
  }

  private lastDraw = 0;
  private drawn = false;
  private lastText = "";

  constructor(
    private readonly stream: NodeJS.WritableStream,
    private readonly label: string,
  ) {}

  update(done: number, total: number): void {
    const now = Date.now();
    if (now - this.lastDraw < 100) return;
    this.lastDraw = now;
    const share = total > 0 ? Math.min(1, done / total) : 0;
    const width = 30;
    const filled = Math.round(share * width);
    const text = `\r${this.label} [${"#".repeat(filled)}${".".repeat(width - filled)}] ${Math.round(share * 100)}% ${this.amount(done, total)}`;
    if (text === this.lastText) return;
    this.lastText = text;
    this.stream.write(text);
    this.drawn = true;
  }

  clear(): void {
    if (!this.drawn) return;
    this.stream.write("\r\u001b[2K");
    this.drawn = false;
  }
}

/** The bar for work counted in rows (a database copy). */
export class RowProgressBar extends ProgressBar {
  protected override amount(done: number, total: number): string {
    return `${done}/${total} rows`;
  }
}
