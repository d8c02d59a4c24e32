/**
 * A progress bar on stderr for long runs on a terminal: files done, the rate and the time left.
 * Silent when piped or for a few files.
 */
export class Progress {
  private done_ = 0;
  private lastDraw = 0;
  private drawn = false;
  private readonly active: boolean;
  private readonly started: number;

  constructor(
    private readonly total: number,
    enabled: boolean,
    private readonly write: (s: string) => void,
    private readonly now: () => number = Date.now,
  ) {
    // A handful of files finishes before a bar would be read.
    this.active = enabled && total >= 50;
    this.started = now();
  }

  tick(): void {
    this.done_++;
    if (!this.active) return;
    const now = this.now();
    if (now - this.lastDraw < 100 && this.done_ < this.total) return;
    this.lastDraw = now;
    this.write(`\r${this.line(now)}\x1b[K`);
    this.drawn = true;
  }

  /** `[#######.......] 500/1,007 files  412 files/s  1 s left` */
  line(now: number = this.now()): string {
    const width = 30;
    const filled = Math.round((this.done_ / this.total) * width);
    const secs = (now - this.started) / 1000;
    const rate = secs > 0 ? this.done_ / secs : 0;
    const n = (x: number) => x.toLocaleString('en-US');
    let tail = '';
    if (rate > 0 && secs >= 0.5) {
      const left = (this.total - this.done_) / rate;
      tail = `  ${n(Math.round(rate))} files/s  ${duration(left)} left`;
    }
    return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${n(this.done_)}/${n(this.total)} files${tail}`;
  }

  done(): void {
    if (this.drawn) this.write('\r\x1b[2K');
  }
}

function duration(s: number): string {
  if (s < 60) return `${Math.ceil(s)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${Math.round(s - m * 60)} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}
