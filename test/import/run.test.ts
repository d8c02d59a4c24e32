/**
 * runImport in-process: what the CLI and the editor command share. An export (--one-file) is put in
 * place whole or not at all.
 */
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runImport } from '../../server/src/import/run';
import { csvOf, removeTempDirs, tempDir } from './helpers';

afterAll(removeTempDirs);

const row = (n: number) => [String(n), '1/2/2009 3:04', `09AMMAN${n}`, 'Embassy Amman', 'CONFIDENTIAL', '', 'VZCZC', `\nC O N F I D E N T I A L AMMAN ${n}\n`];

describe('runImport --one-file', () => {
  it('leaves no export and no temporary file when stopped, and says nothing was written', async () => {
    const dir = tempDir('run-onefile');
    const csv = join(dir, 'cables.csv');
    writeFileSync(csv, csvOf(Array.from({ length: 2000 }, (_, i) => row(i + 1))));
    const file = join(dir, 'export.cable');
    const abort = new AbortController();
    const s = await runImport({ sources: [csv], out: dir, layout: 'flat', oneFile: file, force: false, signal: abort.signal, onProgress: () => abort.abort() });
    expect(s.cancelled).toBe(true);
    expect(s.written).toBe(0);
    expect(existsSync(file)).toBe(false);
    expect(readdirSync(dir)).toEqual(['cables.csv']);
    const whole = await runImport({ sources: [csv], out: dir, layout: 'flat', oneFile: file, force: false });
    expect(whole.written).toBe(2000);
    expect(existsSync(file)).toBe(true);
  });
});
