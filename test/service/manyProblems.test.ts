import { describe, expect, it } from 'vitest';
import { docFromText, NOT_CANCELLED, service } from './helpers';

// VS Code keeps 1,000 problems per file; the log tells a large export's reader the rest exist.
describe('a file with more problems than VS Code shows', () => {
  it('is said once in the log, with where to see them all', () => {
    const logs: string[] = [];
    const svc = service({ log: (m) => void logs.push(m) });
    const damaged = Array.from({ length: 1100 }, (_, i) => `Syria,s army moved on day ${i}.`).join('\n');
    const big = docFromText(`UNCLAS ROME 000001\n\nSUBJECT: TEST\n\n1. (U) ${damaged}\n\nSMITH\n`);
    const count = svc.computeDiagnostics(big, NOT_CANCELLED).length;
    expect(count).toBeGreaterThan(1000);
    svc.computeDiagnostics(docFromText(big.getText(), big.uri, 2), NOT_CANCELLED);
    const said = logs.filter((l) => l.startsWith(`problems of ${big.uri}:`));
    expect(said).toEqual([`problems of ${big.uri}: ${count}; VS Code shows at most 1000 per file (errors first), so ${count - 1000} have no squiggle there: \`cable check\` on the file lists every one`]);
    const small = docFromText('UNCLAS ROME 000002\n\nSUBJECT: TEST\n\n1. (U) Syria,s army.\n\nSMITH\n');
    svc.computeDiagnostics(small, NOT_CANCELLED);
    expect(logs.some((l) => l.includes(small.uri))).toBe(false);
  });
});
