import type { CliIo } from '../../server/src/cli/io';

/** A `cable` command's I/O that keeps what it writes: no TTY, no colour, no environment. */
export function io(): CliIo & { out: string; err: string } {
  const o = { out: '', err: '', stderrIsTTY: false, version: 'test', env: {} } as CliIo & { out: string; err: string };
  o.stdout = (s) => void (o.out += s);
  o.stderr = (s) => void (o.err += s);
  return o;
}
