/**
 * "Cable: Import Archive…" driven through a stand-in for the VS Code API: the pickers' answers go
 * in, the import runs on the real code, the files land, the progress notification is told how far
 * it got, cancelling stops it, and the output folder is opened.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { IMPORT_COMMAND, registerImportArchive } from '../../client/src/importArchive';
import { csvOf, listFiles, removeTempDirs, tempDir } from './helpers';

const state = vi.hoisted(() => ({
  quickPicks: [] as Array<(items: any[]) => any>,
  dialogs: [] as Array<string[] | undefined>,
  executed: [] as unknown[][],
  messages: [] as string[],
  reports: [] as Array<{ message?: string; increment?: number }>,
  cancelAfterReports: Infinity,
  lines: [] as string[],
  registered: new Map<string, (...a: unknown[]) => unknown>(),
}));

vi.mock('vscode', () => {
  const uri = (p: string) => ({ fsPath: p, toString: () => `file://${p}` });
  class Disposable {
    constructor(private readonly f: () => void) {}
    dispose() {
      this.f();
    }
  }
  return {
    Disposable,
    ProgressLocation: { Notification: 15 },
    Uri: { file: uri },
    workspace: { workspaceFolders: undefined, getWorkspaceFolder: () => undefined },
    commands: {
      registerCommand: (id: string, f: (...a: unknown[]) => unknown) => {
        state.registered.set(id, f);
        return new Disposable(() => state.registered.delete(id));
      },
      executeCommand: async (...a: unknown[]) => {
        state.executed.push(a);
      },
    },
    window: {
      createOutputChannel: () => ({ appendLine: (l: string) => state.lines.push(l), show: () => undefined, dispose: () => undefined }),
      showQuickPick: async (items: any[]) => state.quickPicks.shift()!(items),
      showOpenDialog: async () => state.dialogs.shift()?.map(uri),
      showInformationMessage: async (m: string) => {
        state.messages.push(m);
        return undefined;
      },
      showWarningMessage: async (m: string) => {
        state.messages.push(m);
        return undefined;
      },
      withProgress: async (_o: unknown, task: (p: unknown, t: unknown) => Promise<unknown>) => {
        let cancel: (() => void) | undefined;
        const token = { onCancellationRequested: (f: () => void) => (cancel = f) };
        const progress = {
          report: (r: { message?: string; increment?: number }) => {
            state.reports.push(r);
            if (state.reports.length >= state.cancelAfterReports) cancel?.();
          },
        };
        return task(progress, token);
      },
    },
  };
});


const row = (n: number) => [String(n), '1/2/2009 3:04', `09AMMAN${n}`, 'Embassy Amman', 'CONFIDENTIAL', '', 'VZCZC', `\nC O N F I D E N T I A L AMMAN ${n}\n`];

beforeEach(() => {
  state.quickPicks = [];
  state.dialogs = [];
  state.executed = [];
  state.messages = [];
  state.reports = [];
  state.lines = [];
  state.cancelAfterReports = Infinity;
});

afterAll(removeTempDirs);

describe('Cable: Import Archive…', () => {
  it('imports the picked cables.csv into the picked folder with the picked layout, then opens it', async () => {
    const dir = tempDir('vscode');
    const csv = join(dir, 'cables.csv');
    writeFileSync(csv, csvOf([row(1), row(2), [...row(3).slice(0, 7), '  ']]));
    const out = join(dir, 'out');
    const d = registerImportArchive();
    state.quickPicks.push((items) => items[0], (items) => items.find((i: { layout: string }) => i.layout === 'year-month'));
    state.dialogs.push([csv], [out]);
    const summary = (await state.registered.get(IMPORT_COMMAND)!()) as { written: number; skippedTotal: number };
    expect(summary).toMatchObject({ written: 2, skippedTotal: 1 });
    expect(listFiles(out)).toEqual(['2009/01/09AMMAN1.cable', '2009/01/09AMMAN2.cable']);
    expect(state.messages[0]).toMatch(/2 cables in .* \(2 written, 0 already there\), 1 skipped/);
    expect(state.lines.some((l) => /row 3 \(line \d+\): 09AMMAN3: empty body/.test(l))).toBe(true);
    expect(state.executed).toEqual([['vscode.openFolder', expect.objectContaining({ fsPath: out }), { forceNewWindow: true }]]);
    d.dispose();
    expect(state.registered.has(IMPORT_COMMAND)).toBe(false);
  });

  it('stops when the notification is cancelled, and a second run completes the rest', async () => {
    const dir = tempDir('vscode-cancel');
    const csv = join(dir, 'cables.csv');
    writeFileSync(csv, csvOf(Array.from({ length: 3000 }, (_, i) => row(i + 1))));
    const out = join(dir, 'out');
    const d = registerImportArchive();
    // Progress is reported every 256 rows at most every 250 ms; cancel at the first report.
    state.cancelAfterReports = 1;
    const slow = vi.spyOn(Date, 'now');
    let t = 0;
    slow.mockImplementation(() => (t += 1000));
    state.quickPicks.push((items) => items[0], (items) => items[3]);
    state.dialogs.push([csv], [out]);
    const first = (await state.registered.get(IMPORT_COMMAND)!()) as { written: number; cancelled: boolean };
    slow.mockRestore();
    expect(first.cancelled).toBe(true);
    expect(first.written).toBeGreaterThan(0);
    expect(first.written).toBeLessThan(3000);
    expect(state.messages[0]).toMatch(/^Import stopped/);
    state.cancelAfterReports = Infinity;
    state.quickPicks.push((items) => items[0], (items) => items[3]);
    state.dialogs.push([csv], [out]);
    const second = (await state.registered.get(IMPORT_COMMAND)!()) as { written: number; unchanged: number };
    expect(second.written + second.unchanged).toBe(3000);
    expect(second.unchanged).toBe(first.written);
    expect(listFiles(out)).toHaveLength(3000);
    d.dispose();
  });

  it('does nothing when a picker is dismissed', async () => {
    const d = registerImportArchive();
    state.quickPicks.push(() => undefined);
    expect(await state.registered.get(IMPORT_COMMAND)!()).toBeUndefined();
    state.quickPicks.push((items) => items[1]);
    state.dialogs.push(undefined);
    expect(await state.registered.get(IMPORT_COMMAND)!()).toBeUndefined();
    expect(state.executed).toEqual([]);
    d.dispose();
    expect(existsSync('out')).toBe(false);
  });
});
