import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * Asks V8 for one full collection, run concurrently with the server's work. The server asks at two
 * moments when it holds much garbage that V8 would otherwise keep until the heap had grown further:
 *
 * - after the body of a large message is read (stdioReader.ts). Filling the body of a 200 MB
 *   didOpen takes about a second, so its Buffer is in the old generation by the time the text is
 *   read from it, and only a mark-compact gives back an old Buffer's bytes. When the last one of
 *   the first analysis fell while the body was still being read (before the analysis had made the
 *   heap large), the next came only after the analysis, and the 200 MB stayed for all of it: the
 *   server's peak was 1.19 GB in those runs and 0.97 GB in the others (three and two of five;
 *   /tmp/lead/tp/sock/reqgc.mjs).
 * - when a sliced first parse ends (server.ts), before the rules run and the diagnostics are
 *   encoded: the parse's garbage is then freed for them to fill, where the heap grew for them.
 *
 * Node has no call for it without --expose-gc, which the editors do not pass; the flag set at run
 * time exposes `gc` to a new context (as Jest does for its heap figures). Never on a timer.
 */
export function majorCollection(): void {
  gcFunction ??= exposedGc();
  void gcFunction?.({ type: 'major', execution: 'async' });
}

let gcFunction: ((options: { type: 'major'; execution: 'async' }) => Promise<void> | void) | null | undefined;

function exposedGc(): typeof gcFunction {
  try {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as unknown;
    return typeof gc === 'function' ? (gc as NonNullable<typeof gcFunction>) : null;
  } catch {
    return null;
  }
}
