/**
 * Work that pauses between its pieces (a generator that yields), and the two ways the service runs
 * it: at once, or in slices between which the requests that came meanwhile are answered (the first
 * analysis, the diagnostics, Fix All).
 */

/** Lets the requests and notifications that arrived meanwhile be handled (a timer would wait a millisecond or more). */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Work that pauses (yields) between pieces, run to its end at once. */
export function runToEnd<T>(work: Generator<void, T>): T {
  let r = work.next();
  while (!r.done) r = work.next();
  return r.value;
}

/**
 * Work that pauses between pieces (the diagnostics cable by cable, Fix All), run in slices of about
 * `sliceMs`, yielding to the event loop between them so that requests are answered meanwhile;
 * undefined, and the work dropped, when `stale` says so after a pause. Work that ends within its
 * first slice never yields. `onPause` hears each yield and how many pieces were done so far.
 */
export async function runInSlices<T>(work: Generator<void, T>, sliceMs: number, stale: () => boolean, onPause?: (pieces: number) => void): Promise<{ value: T } | undefined> {
  let done = 0;
  let t0 = Date.now();
  for (let r = work.next(); ; r = work.next()) {
    if (r.done) return { value: r.value };
    done++;
    if (Date.now() - t0 >= sliceMs) {
      onPause?.(done);
      await yieldToEventLoop();
      if (stale()) {
        work.return(undefined as T);
        return undefined;
      }
      t0 = Date.now();
    }
  }
}
