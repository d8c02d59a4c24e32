import { describe, expect, it } from 'vitest';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { capDiagnostics, maxDiagnosticsPerFile } from '../../server/src/service/diagnostics/editorCap';

const d = (line: number, severity: DiagnosticSeverity | undefined, message = `p${line}`): Diagnostic => ({
  range: { start: { line, character: 0 }, end: { line, character: 1 } },
  ...(severity === undefined ? {} : { severity }),
  message,
});

/** VS Code's extension host (DiagnosticCollection), as it chooses what to show of a long list. */
function vscodeKeeps(list: Diagnostic[], max: number): Diagnostic[] {
  if (list.length <= max) return list;
  const out: Diagnostic[] = [];
  outer: for (const s of [1, 2, 3, 4]) for (const x of list) if ((x.severity ?? 1) === s && out.push(x) === max) break outer;
  return out;
}

describe('the diagnostics an editor keeps', () => {
  it('are all of them when they fit, or when the client gives no number', () => {
    const list = [d(1, 1), d(2, 2)];
    expect(capDiagnostics(list, 2)).toBe(list);
    expect(capDiagnostics(list, undefined)).toBe(list);
  });

  it("are VS Code's choice (errors first, then warnings, information, hints, each in order) with a note in the last place", () => {
    const list = [d(1, 4), d(2, 2), d(3, 1), d(4, 3), d(5, 2), d(6, undefined), d(7, 1), d(8, 4)];
    const capped = capDiagnostics(list, 5);
    expect(capped).toHaveLength(5);
    // The first four are what VS Code would keep of four; the fifth says what is left out.
    expect(capped.slice(0, 4)).toEqual(vscodeKeeps(list, 4));
    expect(capped.slice(0, 4).map((x) => x.range.start.line)).toEqual([3, 6, 7, 2]);
    expect(capped[4]).toMatchObject({ severity: DiagnosticSeverity.Warning, range: capped[3]!.range });
    expect(capped[4]!.message).toMatch(/^Not showing 4 further problems: the editor keeps 5 per file \(errors first\); "cable check" on the file lists every one\.$/);
    // VS Code, given what is sent, has nothing more to cut.
    expect(vscodeKeeps(capped, 5)).toEqual(capped);
  });

  it('keeps VS Code\u2019s choice on a long random list', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const list = Array.from({ length: 5000 }, (_, i) => d(i, (1 + Math.floor(rnd() * 4)) as DiagnosticSeverity));
    const capped = capDiagnostics(list, 1000);
    expect(capped).toHaveLength(1000);
    expect(capped.slice(0, 999)).toEqual(vscodeKeeps(list, 999));
    expect(capped[999]!.message).toContain('Not showing 4,001 further problems');
  });

  it('takes the number from initializationOptions only when it is a positive integer', () => {
    expect(maxDiagnosticsPerFile({ maxDiagnosticsPerFile: 1000 })).toBe(1000);
    for (const bad of [undefined, null, 'x', {}, { maxDiagnosticsPerFile: 0 }, { maxDiagnosticsPerFile: 2.5 }, { maxDiagnosticsPerFile: '1000' }]) {
      expect(maxDiagnosticsPerFile(bad)).toBeUndefined();
    }
  });
});
