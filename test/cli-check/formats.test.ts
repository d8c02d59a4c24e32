/**
 * Each output format's text, pinned byte for byte: a run is written piece by piece as its files are
 * checked (formats.ts makes every piece, report.ts puts them together), and what the pieces make
 * of a whole run is fixed here, for runs with problems, with none, in colour and not. SARIF is
 * held to the whole document stringified at once, as code-scanning tools read it.
 */
import { describe, expect, it } from 'vitest';
import type { JsonDiagnostic } from '../../server/src/cli/checkFile';
import { FORMATS, type Format } from '../../server/src/cli/formats';
import { formatResult, ReportWriter, type Job } from '../../server/src/cli/report';
import { ruleDocLink } from '../../server/src/cli/ruleDocs';
import { RULES } from '../../server/src/service/diagnostics/catalogue';

const msg = 'A message, with: 50% and "quotes"';
const D = (file: string, line: number, severity: JsonDiagnostic['severity'], code: string, fixable: boolean, message = msg): JsonDiagnostic => ({
  file,
  line,
  column: line + 2,
  endLine: line,
  endColumn: line + 9,
  severity,
  code,
  rule: `rule-${code}`,
  message,
  fixable,
});
const MANY = [D('dir\\a.cable', 3, 'error', 'CBL101', false), D('dir\\a.cable', 12, 'warning', 'CBL303', true, 'short'), D('b.cable', 100, 'information', 'CBL204', false), D('b.cable', 7, 'hint', 'CBL999', true)];
/** The files of a run in order, those without problems among them (clean0.cable …). */
const FILES = ['dir\\a.cable', 'clean0.cable', 'b.cable', 'clean1.cable', 'clean2.cable'];

function run(format: Format, diags: readonly JsonDiagnostic[], files: readonly string[], color = false, quiet = false): string {
  const job: Job = { format, color, quiet, read: {}, version: '1.2.3' };
  let out = '';
  const w = new ReportWriter(job, (s) => void (out += s));
  for (const file of files) w.add(formatResult({ file, diagnostics: diags.filter((d) => d.file === file) }, job));
  w.end();
  return out;
}

const E = '\x1b[';
describe('each format, for a run of five files, two with problems', () => {
  it('stylish', () => {
    expect(run('stylish', MANY, FILES)).toBe(
      '\ndir\\a.cable\n' +
        `  3:5    error    ${msg}  rule-CBL101 CBL101\n` +
        '  12:14  warning  short                              rule-CBL303 CBL303 (fixable)\n\n' +
        'b.cable\n' +
        `  100:102  information  ${msg}  rule-CBL204 CBL204\n` +
        `  7:9      hint         ${msg}  rule-CBL999 CBL999 (fixable)\n\n` +
        '✖ 4 problems (1 error, 1 warning, 1 information, 1 hint) in 2 of 5 files\n' +
        '  2 problems fixable with `cable fix` (`cable fix --dry-run` shows the changes)\n',
    );
    expect(run('stylish', MANY, FILES, true)).toBe(
      `\n${E}4mdir\\a.cable${E}24m\n` +
        `  ${E}2m3:5  ${E}22m  ${E}31merror  ${E}39m  ${msg}  ${E}2mrule-CBL101 CBL101${E}22m\n` +
        `  ${E}2m12:14${E}22m  ${E}33mwarning${E}39m  short                              ${E}2mrule-CBL303 CBL303 (fixable)${E}22m\n\n` +
        `${E}4mb.cable${E}24m\n` +
        `  ${E}2m100:102${E}22m  ${E}34minformation${E}39m  ${msg}  ${E}2mrule-CBL204 CBL204${E}22m\n` +
        `  ${E}2m7:9    ${E}22m  ${E}2mhint       ${E}22m  ${msg}  ${E}2mrule-CBL999 CBL999 (fixable)${E}22m\n\n` +
        `${E}1m${E}31m✖ 4 problems (1 error, 1 warning, 1 information, 1 hint) in 2 of 5 files${E}39m${E}22m\n` +
        `${E}2m  2 problems fixable with \`cable fix\` (\`cable fix --dry-run\` shows the changes)${E}22m\n`,
    );
    // Only the quieter levels: no cross in colour, no fixable line, the levels present named.
    const info = [D('c.cable', 1, 'information', 'CBL204', false), D('d.cable', 2, 'hint', 'CBL204', false)];
    expect(run('stylish', info, ['c.cable', 'd.cable', 'e.cable'])).toBe(
      `\nc.cable\n  1:3  information  ${msg}  rule-CBL204 CBL204\n\nd.cable\n  2:4  hint  ${msg}  rule-CBL204 CBL204\n\n` +
        '✖ 2 problems (0 errors, 0 warnings, 1 information, 1 hint) in 2 of 3 files\n',
    );
  });

  it('compact', () => {
    const lines = [
      `dir\\a.cable:3:5: error CBL101 ${msg} [rule-CBL101]`,
      'dir\\a.cable:12:14: warning CBL303 short [rule-CBL303, fixable]',
      `b.cable:100:102: information CBL204 ${msg} [rule-CBL204]`,
      `b.cable:7:9: hint CBL999 ${msg} [rule-CBL999, fixable]`,
      '4 problems (1 error, 1 warning, 1 information, 1 hint) in 2 of 5 files; 2 fixable with `cable fix`',
    ];
    expect(run('compact', MANY, FILES)).toBe(lines.join('\n') + '\n');
    expect(run('compact', MANY, FILES, true)).toBe(
      `dir\\a.cable:3:5: ${E}31merror${E}39m CBL101 ${msg} ${E}2m[rule-CBL101]${E}22m\n` +
        `dir\\a.cable:12:14: ${E}33mwarning${E}39m CBL303 short ${E}2m[rule-CBL303, fixable]${E}22m\n` +
        `b.cable:100:102: ${E}34minformation${E}39m CBL204 ${msg} ${E}2m[rule-CBL204]${E}22m\n` +
        `b.cable:7:9: ${E}2mhint${E}22m CBL999 ${msg} ${E}2m[rule-CBL999, fixable]${E}22m\n` +
        lines[4] +
        '\n',
    );
    // --quiet: what is neither shown nor counted.
    expect(run('compact', MANY, FILES, false, true)).toBe(`${lines[0]}\n1 problem (1 error, 0 warnings, 0 information, 0 hints) in 1 of 5 files\n`);
  });

  it('json: one diagnostic a line, one JSON value', () => {
    const out = run('json', MANY, FILES);
    expect(out).toBe('[\n' + MANY.map((d) => JSON.stringify(d)).join(',\n') + '\n]\n');
    expect(JSON.parse(out)).toEqual(MANY);
  });

  it('github: workflow commands, escaped, and no summary', () => {
    const out = run('github', MANY, FILES, true);
    expect(out).toBe(
      '::error file=dir/a.cable,line=3,col=5,endLine=3,endColumn=12,title=CBL101 rule-CBL101::A message, with: 50%25 and "quotes"\n' +
        '::warning file=dir/a.cable,line=12,col=14,endLine=12,endColumn=21,title=CBL303 rule-CBL303 (fixable with cable fix)::short\n' +
        '::notice file=b.cable,line=100,col=102,endLine=100,endColumn=109,title=CBL204 rule-CBL204::A message, with: 50%25 and "quotes"\n' +
        '::notice file=b.cable,line=7,col=9,endLine=7,endColumn=16,title=CBL999 rule-CBL999 (fixable with cable fix)::A message, with: 50%25 and "quotes"\n',
    );
  });

  const SARIF_LEVEL = { error: 'error', warning: 'warning', information: 'note', hint: 'note' } as const;
  const sarifDocument = (diags: readonly JsonDiagnostic[]) =>
    JSON.stringify(
      {
        $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
        version: '2.1.0',
        runs: [
          {
            tool: {
              driver: {
                name: 'cable',
                version: '1.2.3',
                rules: RULES.map((r) => ({
                  id: r.code,
                  name: r.name,
                  shortDescription: { text: r.summary },
                  fullDescription: { text: r.description },
                  helpUri: ruleDocLink(r),
                  defaultConfiguration: { level: SARIF_LEVEL[r.severity] },
                })),
              },
            },
            columnKind: 'utf16CodeUnits',
            results: diags.map((d) => ({
              ruleId: d.code,
              ruleIndex: RULES.findIndex((r) => r.code === d.code),
              level: SARIF_LEVEL[d.severity],
              message: { text: d.message },
              locations: [
                {
                  physicalLocation: {
                    artifactLocation: { uri: d.file.split('\\').join('/') },
                    region: { startLine: d.line, startColumn: d.column, endLine: d.endLine, endColumn: d.endColumn },
                  },
                },
              ],
              properties: { rule: d.rule, fixable: d.fixable },
            })),
          },
        ],
      },
      null,
      2,
    ) + '\n';

  it('sarif: the document as stringified whole, rules and all', () => {
    const real = [D('a.cable', 3, 'warning', RULES[2]!.code, true), D('b.cable', 4, 'error', RULES[0]!.code, false)];
    expect(run('sarif', [...MANY, ...real], [...FILES, 'a.cable'], true)).toBe(sarifDocument([...MANY.filter((d) => d.file === 'dir\\a.cable'), ...MANY.filter((d) => d.file === 'b.cable'), real[1]!, real[0]!]));
    expect(run('sarif', [], FILES)).toBe(sarifDocument([]));
    // An unknown rule has no index (-1), as SARIF allows.
    expect(JSON.parse(run('sarif', MANY, FILES)).runs[0].results.find((r: { ruleId: string }) => r.ruleId === 'CBL999').ruleIndex).toBe(-1);
  });
});

describe('a run with no problems', () => {
  it('says so in the formats that sum up, and is an empty value in the others', () => {
    const expected: Record<Format, string> = {
      stylish: '✔ No problems in 5 files.\n',
      compact: '0 problems (0 errors, 0 warnings, 0 information, 0 hints) in 0 of 5 files\n',
      json: '[]\n',
      sarif: run('sarif', [], ['x.cable']),
      github: '',
    };
    for (const f of FORMATS) expect(run(f, [], FILES), f).toBe(expected[f]);
    expect(run('stylish', [], ['x.cable'], true)).toBe(`${E}32m✔${E}39m No problems in 1 file.\n`);
    // Errors only, of files that have warnings alone: nothing shown, nothing counted.
    expect(run('stylish', [D('w.cable', 1, 'warning', 'CBL303', true)], ['w.cable'], false, true)).toBe('✔ No problems in 1 file.\n');
  });

  it('writes nothing when no file was checked (the reasons are on stderr)', () => {
    for (const f of FORMATS) expect(run(f, [], []), f).toBe('');
  });
});
