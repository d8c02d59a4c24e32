/**
 * A progress bar on stderr for long runs on a terminal: files done, the rate and the time left.
 * Silent when piped, in CI logs, or for a few files. The number of files may not be known when
 * the run starts (the files are counted while they are checked): until it is, the bar shows the
 * files done and the rate.
 */
import type { CliIo } from './io';

/** Whether a bar may be drawn: stderr is a terminal that can move its cursor, and not a CI log. */
export function progressWanted(io: CliIo, requested: boolean): boolean {
  if (!requested || !io.stderrIsTTY) return false;
  const env = io.env ?? process.env;
  // CI services that give a pseudo-terminal keep every redraw in the log.
  if (env.CI && env.CI !== 'false' && env.CI !== '0') return false;
  return env.TERM !== 'dumb';
}

const RATE_WINDOW = 10_000;

export class Progress {
  private done_ = 0;
  private lastDraw = 0;
  private drawn = false;
  private readonly active: boolean;
  private readonly started: number;
  /** [time, files done] at recent draws: the rate is over the last RATE_WINDOW ms, not since the start. */
  private readonly samples: Array<[number, number]> = [];

  constructor(
    private total: number | undefined,
    enabled: boolean,
    private readonly write: (s: string) => void,
    private readonly now: () => number = Date.now,
  ) {
    // A handful of files finishes before a bar would be read.
    this.active = enabled && (total === undefined || total >= 50);
    this.started = now();
    this.samples.push([this.started, 0]);
  }

  /** The number of files, once counted. */
  setTotal(total: number): void {
    this.total = total;
  }

  tick(): void {
    this.done_++;
    if (!this.active) return;
    const now = this.now();
    if (now - this.lastDraw < 100 && this.done_ !== this.total) return;
    // A few files are done before the bar is worth drawing.
    if (this.total === undefined && this.done_ < 50) return;
    this.lastDraw = now;
    // Start-up and the first files are slower than the rest: the time left follows the recent rate.
    this.samples.push([now, this.done_]);
    while (this.samples.length > 2 && now - this.samples[1]![0] >= RATE_WINDOW) this.samples.shift();
    this.write(`\r${this.line(now)}\x1b[K`);
    this.drawn = true;
  }

  /** Writes a line of the run's own (`fixed x.cable`) above the bar, which is drawn again next tick. */
  print(s: string): void {
    if (this.drawn) {
      this.write('\r\x1b[2K');
      this.drawn = false;
    }
    this.write(s);
  }

  /** Clears the bar before something is written to the same terminal on stdout. */
  clear(): void {
    this.print('');
  }

  /** `[#######.......] 500/1,007 files  412 files/s  1 s left`; `500 files  412 files/s` uncounted. */
  line(now: number = this.now()): string {
    const width = 30;
    const secs = (now - this.started) / 1000;
    const [t0, d0] = this.samples[0]!;
    const rate = now > t0 ? ((this.done_ - d0) * 1000) / (now - t0) : 0;
    const n = (x: number) => x.toLocaleString('en-US');
    const measured = rate > 0 && secs >= 0.5;
    if (this.total === undefined) return `${n(this.done_)} files${measured ? `  ${n(Math.round(rate))} files/s` : ''}  (counting)`;
    const filled = Math.min(width, Math.round((this.done_ / Math.max(1, this.total)) * width));
    let tail = '';
    if (measured) {
      const left = Math.max(0, this.total - this.done_) / rate;
      tail = `  ${n(Math.round(rate))} files/s  ${duration(left)} left`;
    }
    return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${n(this.done_)}/${n(this.total)} files${tail}`;
  }

  done(): void {
    if (this.drawn) this.write('\r\x1b[2K');
    this.drawn = false;
  }
}

function duration(s: number): string {
  if (s < 60) return `${Math.ceil(s)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${Math.round(s - m * 60)} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

/**
 * Counts the files of a second walk in slices of a few milliseconds between the run's own work,
 * and gives the total to the bar when the walk ends. The first slice is longer and runs at once:
 * a run of a few thousand files has its total before the first file is checked (a 50 ms pause
 * nobody sees), and a busy machine's hiccup does not leave a small run uncounted. Returns a
 * function that stops it.
 */
export function countInBackground(files: Iterator<unknown>, progress: Progress, sliceMs = 8, firstSliceMs = 50): () => void {
  let stopped = false;
  let count = 0;
  const step = (ms: number) => {
    if (stopped) return;
    const until = Date.now() + ms;
    do {
      if (files.next().done) {
        progress.setTotal(count);
        return;
      }
      count++;
    } while (Date.now() < until);
    setImmediate(() => step(sliceMs));
  };
  step(firstSliceMs);
  return () => {
    stopped = true;
  };
}
