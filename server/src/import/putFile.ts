/**
 * Writing a file a command produces (`cable import`'s cables, `cable split`'s parts) without ever
 * losing what is there: a file that already holds the same bytes is left as it is, one with other
 * bytes is left alone unless forced, and the bytes go to a temporary file beside the target that
 * is renamed over it, so an interrupted run never leaves half a file under the name.
 */
import type * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';

export type PutOutcome = 'written' | 'unchanged' | 'kept';

/**
 * Puts `content` at `target` through the temporary file `tmp` (in the same folder, unique to the
 * run). `temps` hears of the temporary file while it exists, so that a run ended by a signal can
 * remove it.
 */
export async function putFile(target: string, content: string | Uint8Array, force: boolean, tmp: string, temps?: { add(tmp: string): unknown; delete(tmp: string): unknown }): Promise<PutOutcome> {
  let existing: fs.Stats | undefined;
  try {
    existing = await fsp.stat(target);
  } catch {
    existing = undefined;
  }
  if (existing) {
    const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content.buffer, content.byteOffset, content.byteLength);
    if (existing.isFile() && existing.size === bytes.length && bytes.equals(await fsp.readFile(target))) return 'unchanged';
    if (!force) return 'kept';
  }
  if (path.dirname(tmp) !== path.dirname(target)) throw new Error(`putFile: ${tmp} is not beside ${target}`);
  temps?.add(tmp);
  try {
    await fsp.writeFile(tmp, content, { flag: 'wx' });
    await fsp.rename(tmp, target);
  } catch (e) {
    await fsp.unlink(tmp).catch(() => undefined);
    throw e;
  } finally {
    temps?.delete(tmp);
  }
  return 'written';
}
