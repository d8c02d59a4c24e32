/**
 * The parser benches' baseline (issue 9): the same text split into lines and words, which the
 * parser's time is set against in the same run. Written once, so that every bench's ratio is to
 * the same work.
 */
export function splitBaseline(text) {
  let words = 0;
  for (const line of text.split(/\r?\n/)) words += line.split(/\s+/).length;
  return words;
}

/**
 * Milliseconds of CPU the process spent running `fn` (its GC threads included): on a shared machine
 * wall-clock time also counts the time the process waited for a core.
 */
export function cpuOf(fn) {
  const c0 = process.cpuUsage();
  fn();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
}
