/**
 * What a command sees of the outside world: its output streams, whether they are terminals, the
 * environment (for colour) and standard input. Tests pass their own, so every command runs
 * in-process exactly as it does in a terminal or a pipe.
 */
import { createColors } from 'picocolors';

export interface CliIo {
  stdout: (s: string) => void;
  /** Raw bytes to standard output (a fixed file that is not valid UTF-8); else written as UTF-8. */
  stdoutBytes?: (b: Uint8Array) => void;
  stderr: (s: string) => void;
  stderrIsTTY: boolean;
  /** Whether standard output is a terminal (colour); false when absent. */
  stdoutIsTTY?: boolean;
  version: string;
  /** NO_COLOR, FORCE_COLOR and TERM are read here; process.env when absent. */
  env?: Record<string, string | undefined>;
  /** All of standard input; `--stdin` and `-` read it. */
  readStdin?: () => Promise<Buffer>;
}

export const processIo = (version = '0.0.0'): CliIo => ({
  stdout: (s) => process.stdout.write(s),
  stdoutBytes: (b) => process.stdout.write(b),
  stderr: (s) => process.stderr.write(s),
  stderrIsTTY: !!process.stderr.isTTY,
  stdoutIsTTY: !!process.stdout.isTTY,
  version,
  env: process.env,
  readStdin: () =>
    new Promise<Buffer>((resolve, reject) => {
      const chunks: Buffer[] = [];
      process.stdin.on('data', (c: Buffer) => chunks.push(c));
      process.stdin.on('end', () => resolve(Buffer.concat(chunks)));
      process.stdin.on('error', reject);
    }),
});

export type ColorMode = 'auto' | 'always' | 'never';

/**
 * Colour as the conventions have it (no-color.org, force-color.org): `--color`/`--no-color` first,
 * then FORCE_COLOR (any value but `0`/`false`), then NO_COLOR (any non-empty value), then whether
 * the stream is a terminal that is not `TERM=dumb`.
 */
export function useColor(io: CliIo, stream: 'stdout' | 'stderr', mode: ColorMode = 'auto'): boolean {
  if (mode === 'always') return true;
  if (mode === 'never') return false;
  const env = io.env ?? process.env;
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '0' && force !== 'false') return true;
  if (force === '0' || force === 'false') return false;
  if (env.NO_COLOR) return false;
  const tty = stream === 'stdout' ? !!io.stdoutIsTTY : io.stderrIsTTY;
  return tty && env.TERM !== 'dumb';
}

export type Colors = ReturnType<typeof createColors>;

export function colors(enabled: boolean): Colors {
  return createColors(enabled);
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
