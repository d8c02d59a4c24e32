/** A progress bar on stderr for long runs on a terminal; silent when piped or for a few files. */
export class Progress {
  private done_ = 0;
  private lastDraw = 0;
  private drawn = false;
  private readonly active: boolean;

  constructor(
    private readonly total: number,
    enabled: boolean,
    private readonly write: (s: string) => void,
  ) {
    // A handful of files finishes before a bar would be read.
    this.active = enabled && total >= 50;
  }

  tick(): void {
    this.done_++;
    if (!this.active) return;
    const now = Date.now();
    if (now - this.lastDraw < 100 && this.done_ < this.total) return;
    this.lastDraw = now;
    const width = 30;
    const filled = Math.round((this.done_ / this.total) * width);
    this.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${this.done_}/${this.total} files`);
    this.drawn = true;
  }

  done(): void {
    if (this.drawn) this.write('\r\x1b[2K');
  }
}
