/**
 * The `cable` command held to ESLint's and Prettier's conventions (issue 13): formats, colour,
 * plurals, suggestions, "No files matching", not-text, config errors, --quiet and --max-warnings,
 * standard input, fix --check / --dry-run exit codes, explain, completion, the exit-code table.
 * In-process through main() with a captured io, and through the built dist/cli.js where a real
 * process matters (environment variables, standard input, pipes).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatGithub } from '../../server/src/cli/formats';
import type { CliIo } from '../../server/src/cli/io';
import { useColor } from '../../server/src/cli/io';
import { main } from '../../server/src/cli/main';
import { buildProgram, EXIT_CODES } from '../../server/src/cli/program';
import { countInBackground, Progress } from '../../server/src/cli/progress';
import { RULES } from '../../server/src/service/diagnostics/catalogue';
import { fixText } from '../../server/src/service/codeActions/fixAll';
import { CLEAN, replaceLine } from '../diagnostics/fixture';

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const built = fs.existsSync(CLI);
const ESC = '\x1b[';

type Io = CliIo & { out: string; err: string };
function io(extra: Partial<CliIo> = {}): Io {
  const o = { out: '', err: '', stderrIsTTY: false, stdoutIsTTY: false, version: '9.9.9', env: {}, ...extra } as Io;
  o.stdout = (s) => void (o.out += s);
  o.stderr = (s) => void (o.err += s);
  return o;
}
const stdinOf = (text: string | Buffer) => () => Promise.resolve(Buffer.isBuffer(text) ? text : Buffer.from(text));
async function run(args: string[], extra: Partial<CliIo> = {}): Promise<Io & { code: number }> {
  const o = io(extra);
  const code = await main(args, o);
  return Object.assign(o, { code });
}
function cable(args: string[], options: { env?: Record<string, string>; input?: string | Buffer } = {}) {
  const env: Record<string, string | undefined> = { ...process.env, ...options.env };
  // The test runner may set these; each test says what it wants.
  if (!options.env || !('FORCE_COLOR' in options.env)) delete env.FORCE_COLOR;
  if (!options.env || !('NO_COLOR' in options.env)) delete env.NO_COLOR;
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', env, input: options.input, timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const SPLIT = replaceLine(CLEAN, 'policy, saying that "Russia has always been and remains Kazakhstan\'s ', ['policy, saying that "Russia has always been and rema', 'ins Kazakhstan\'s ']);
const TWO_SPLITS = replaceLine(SPLIT, 'slowdown is a serious reminder "of what happens when people live ', ['slowdown is a serious remi', 'nder "of what happens when people live ']);

let dir: string;
const file = (name: string, content: string | Buffer) => {
  const p = path.join(dir, name);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, content);
  return p;
};
let cleanFile: string;
let splitFile: string;
let twoFile: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cable-cmd-'));
  cleanFile = file('clean/clean.cable', fixText(CLEAN).text);
  splitFile = file('split.cable', SPLIT);
  twoFile = file('two.cable', TWO_SPLITS);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const warningsOf = async (f: string) => {
  const r = await run(['check', '--format', 'json', f]);
  return (JSON.parse(r.out) as Array<{ severity: string; rule: string }>).filter((d) => d.severity === 'warning');
};

describe('formats', () => {
  it('stylish (the default) groups by file, aligns columns and sums up with plurals', async () => {
    const r = await run(['check', splitFile, twoFile]);
    expect(r.code).toBe(1);
    const lines = r.out.split('\n');
    const head = lines.indexOf(splitFile);
    expect(head).toBeGreaterThanOrEqual(0);
    expect(lines[head + 1]).toMatch(/^ {2}\d+:\d+ +warning +.+ {2}\S+ CBL\d{3}/);
    expect(r.out).toMatch(/split-word CBL303 \(fixable\)/);
    expect(lines.indexOf(twoFile)).toBeGreaterThan(head);
    const n = (await warningsOf(splitFile)).length + (await warningsOf(twoFile)).length;
    expect(r.out).toContain(`✖ ${n} problems (0 errors, ${n} warnings) in 2 of 2 files`);
    expect(r.out).not.toContain(ESC);
  });

  it('says "1 problem", "1 warning", "1 file" in the singular', async () => {
    const f = file('one/one.cable', fixText(SPLIT).text.replace('TAGS: PREL PGOV ECON KZ', 'TAGS: PREL PGOV ECON kz'));
    const warnings = await warningsOf(f);
    expect(warnings.map((w) => w.rule)).toEqual(['tags-lowercase']);
    const r = await run(['check', f]);
    expect(r.out).toMatch(/✖ 1 problem \(0 errors, 1 warning\) in 1 of 1 file\n/);
    const c = await run(['check', '--format', 'compact', f]);
    expect(c.out).toMatch(/\n1 problem \(0 errors, 1 warning, 0 information, 0 hints\) in 1 of 1 file\n$/);
  });

  it('stylish says so when there is nothing to report', async () => {
    const r = await run(['check', '--quiet', cleanFile]);
    expect(r.code).toBe(0);
    expect(r.out).toBe('✔ No problems in 1 file.\n');
  });

  it('compact is one problem a line, file:line:col first; text is its old name', async () => {
    const a = await run(['check', '--format', 'compact', splitFile]);
    const b = await run(['check', '--format', 'text', splitFile]);
    expect(a.out).toBe(b.out);
    expect(a.out).toMatch(new RegExp(`^${splitFile.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:49: warning CBL303 `, 'm'));
  });

  it('github writes workflow annotations, escaped', async () => {
    const r = await run(['check', '--format', 'github', splitFile]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(new RegExp(`^::warning file=${splitFile.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')},line=\\d+,col=49,endLine=\\d+,endColumn=4,title=CBL303 split-word \\(fixable with cable fix\\)::"rema" / "ins"`, 'm'));
    const odd = formatGithub([{ file: 'a,b:c.cable', line: 1, column: 2, endLine: 1, endColumn: 3, severity: 'information', code: 'CBL204', rule: 'r', message: '50% done\nnext', fixable: false }]);
    expect(odd).toBe('::notice file=a%2Cb%3Ac.cable,line=1,col=2,endLine=1,endColumn=3,title=CBL204 r::50%25 done%0Anext\n');
  });

  it('json and sarif are unchanged in shape', async () => {
    const j = await run(['check', '--format', 'json', splitFile]);
    expect(Object.keys(JSON.parse(j.out)[0]).sort()).toEqual(['code', 'column', 'endColumn', 'endLine', 'file', 'fixable', 'line', 'message', 'rule', 'severity']);
    const s = await run(['check', '-f', 'sarif', splitFile]);
    expect(JSON.parse(s.out).runs[0].tool.driver.version).toBe('9.9.9');
  });
});

describe('colour', () => {
  it('colours a terminal, and honours NO_COLOR, FORCE_COLOR, --color and --no-color', async () => {
    const tty = { stdoutIsTTY: true, stderrIsTTY: true };
    expect((await run(['check', splitFile], tty)).out).toContain(`${ESC}33mwarning`);
    expect((await run(['check', splitFile], { ...tty, env: { NO_COLOR: '1' } })).out).not.toContain(ESC);
    expect((await run(['check', splitFile], { ...tty, env: { TERM: 'dumb' } })).out).not.toContain(ESC);
    expect((await run(['check', splitFile], { env: { FORCE_COLOR: '1' } })).out).toContain(ESC);
    expect((await run(['check', splitFile], { ...tty, env: { FORCE_COLOR: '0' } })).out).not.toContain(ESC);
    expect((await run(['check', '--no-color', splitFile], { ...tty, env: { FORCE_COLOR: '1' } })).out).not.toContain(ESC);
    expect((await run(['check', '--color', splitFile], { env: { NO_COLOR: '1' } })).out).toContain(ESC);
    // FORCE_COLOR wins over NO_COLOR, as force-color.org has it.
    expect(useColor(io({ env: { NO_COLOR: '1', FORCE_COLOR: '1' } }), 'stdout')).toBe(true);
  });

  it.skipIf(!built)('in a real process: none when piped, FORCE_COLOR forces it, NO_COLOR keeps it off', () => {
    expect(cable(['check', splitFile]).stdout).not.toContain(ESC);
    expect(cable(['check', splitFile], { env: { FORCE_COLOR: '1' } }).stdout).toContain(`${ESC}33mwarning`);
    expect(cable(['check', splitFile], { env: { NO_COLOR: '1' } }).stdout).not.toContain(ESC);
  });
});

describe('usage errors: a suggestion and exit 2, not the whole help', () => {
  it('suggests the command for a mistyped one', async () => {
    const r = await run(['chek', splitFile]);
    expect(r.code).toBe(2);
    expect(r.err).toBe('cable: unknown command "chek" (did you mean check?)\nRun "cable --help" to see the commands.\n');
    expect(r.out).toBe('');
    const h = await run(['help', 'chek']);
    expect(h.code).toBe(2);
    expect(h.err).toContain('unknown command "chek" (did you mean check?)');
  });

  it('suggests the option for a mistyped one', async () => {
    const r = await run(['check', '--formt', 'json', splitFile]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("cable check: unknown option '--formt' (did you mean --format?)");
    expect(r.err).not.toContain('Options:');
    const f = await run(['fix', '--dry-rn', splitFile]);
    expect(f.err).toContain('(did you mean --dry-run?)');
  });

  it('names the allowed values of an option', async () => {
    const r = await run(['check', '--format', 'xml', splitFile]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/allowed formats are stylish, compact, json, sarif, github/);
    for (const bad of [['--max-warnings', 'many'], ['--max-warnings', '-2'], ['--workers', '0']]) {
      expect((await run(['check', ...bad, splitFile])).code).toBe(2);
    }
  });

  it('prints help on request, with exit 0, and the exit codes in it', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    expect(r.out).toContain(EXIT_CODES);
    const c = await run(['check', '--help']);
    expect(c.code).toBe(0);
    expect(c.out).toContain('--max-warnings <n>');
    expect(c.out).toContain(EXIT_CODES);
    expect((await run(['help', 'fix'])).out).toContain('--check');
    expect((await run(['--version'])).out).toBe('9.9.9\n');
  });
});

describe('what is checked', () => {
  it('says "No files matching" and exits 2 for a folder without .cable files, with no summary', async () => {
    const d = path.join(dir, 'txt-only');
    file('txt-only/seed.txt', SPLIT);
    const r = await run(['check', d]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`No files matching "${d}" were found`);
    expect(r.out).toBe('');
  });

  it('checks a file named explicitly whatever its extension', async () => {
    const t = file('named.txt', SPLIT);
    const r = await run(['check', '--format', 'json', t]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out).some((d: { rule: string }) => d.rule === 'split-word')).toBe(true);
  });

  it('a missing file: its error and exit 2, no summary of nothing', async () => {
    const r = await run(['check', path.join(dir, 'absent.cable')]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('absent.cable: no such file or directory');
    expect(r.out).toBe('');
    const f = await run(['fix', path.join(dir, 'absent.cable')]);
    expect(f.code).toBe(2);
    expect(f.err).not.toMatch(/fixed \d+ problems/);
  });

  it('reports a binary .cable as the not-text error (CBL404), exit 1', async () => {
    const b = file('bin/binary.cable', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0xff, 0xfe, 0x00]));
    const r = await run(['check', '--format', 'json', b]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out)).toMatchObject([{ code: 'CBL404', rule: 'not-text', severity: 'error', line: 1, column: 1 }]);
  });

  it('a bad --config is fatal (exit 2, nothing checked), and so is a bad .cablerc.json', async () => {
    const cfg = file('bad-config.json', JSON.stringify({ rules: { 'split-wird': 'error' } }));
    const r = await run(['check', '--config', cfg, splitFile]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('unknown rule "split-wird"');
    expect(r.err).toContain('the configuration has errors: nothing was done');
    expect(r.out).toBe('');
    const sev = file('bad-severity.json', JSON.stringify({ rules: { 'split-word': 'loud' } }));
    expect((await run(['check', '--config', sev, splitFile])).code).toBe(2);
    const notJson = file('not-json.json', '{ rules: ');
    expect((await run(['fix', '--config', notJson, splitFile])).code).toBe(2);
    expect(fs.readFileSync(splitFile, 'utf8')).toBe(SPLIT);
    const rc = file('rc/.cablerc.json', '{"rules": {"nope": "off"}}');
    const inRc = file('rc/x.cable', SPLIT);
    const r2 = await run(['check', inRc]);
    expect(r2.code).toBe(2);
    expect(r2.err).toContain(`${rc}: unknown rule "nope"`);
  });
});

describe('--quiet and --max-warnings', () => {
  it('--max-warnings N allows N warnings; one more exits 1 and says why; -1 has no limit', async () => {
    const n = (await warningsOf(twoFile)).length;
    expect(n).toBeGreaterThanOrEqual(2);
    expect((await run(['check', '--max-warnings', String(n), twoFile])).code).toBe(0);
    const over = await run(['check', '--max-warnings', String(n - 1), twoFile]);
    expect(over.code).toBe(1);
    expect(over.err).toContain(`too many warnings (${n} warnings, --max-warnings ${n - 1})`);
    expect((await run(['check', '--max-warnings', '-1', twoFile])).code).toBe(0);
    // Without the option, any warning is a failure (the default of 0).
    expect((await run(['check', twoFile])).code).toBe(1);
  });

  it('--quiet shows and counts errors only', async () => {
    const q = await run(['check', '--quiet', '--format', 'json', twoFile]);
    expect(q.code).toBe(0);
    expect(JSON.parse(q.out)).toEqual([]);
    const withError = file('err.cable', SPLIT.replace('O 241054Z NOV 08', 'O 321054Z NOV 08'));
    const e = await run(['check', '--quiet', '--format', 'json', withError]);
    expect(e.code).toBe(1);
    const diags = JSON.parse(e.out) as Array<{ severity: string; rule: string }>;
    expect(diags.length).toBeGreaterThan(0);
    expect(diags.every((d) => d.severity === 'error')).toBe(true);
    expect(diags.map((d) => d.rule)).toContain('dtg-invalid');
  });
});

describe('standard input', () => {
  it('--stdin and "-" check standard input, named <stdin> or by --stdin-filename', async () => {
    const a = await run(['check', '--stdin', '--format', 'json'], { readStdin: stdinOf(SPLIT) });
    expect(a.code).toBe(1);
    const diags = JSON.parse(a.out) as Array<{ file: string; rule: string }>;
    expect(diags.every((d) => d.file === '<stdin>')).toBe(true);
    expect(diags.map((d) => d.rule)).toContain('split-word');
    const b = await run(['check', '-', '--format', 'json', '--stdin-filename', 'cables/x.cable'], { readStdin: stdinOf(SPLIT) });
    expect(JSON.parse(b.out).every((d: { file: string }) => d.file === 'cables/x.cable')).toBe(true);
    expect(b.out.replace(/cables\/x\.cable/g, '<stdin>')).toBe(a.out);
  });

  it('takes the settings of the .cablerc.json above --stdin-filename', async () => {
    file('rcdir/.cablerc.json', JSON.stringify({ rules: { 'split-word': 'error' } }));
    const r = await run(['check', '--stdin', '--format', 'json', '--stdin-filename', path.join(dir, 'rcdir', 'in.cable')], { readStdin: stdinOf(SPLIT) });
    expect(JSON.parse(r.out).find((d: { rule: string }) => d.rule === 'split-word').severity).toBe('error');
  });

  it('rejects --stdin-filename without standard input, and stdin twice', async () => {
    expect((await run(['check', '--stdin-filename', 'x.cable', splitFile])).code).toBe(2);
    const twice = await run(['check', '--stdin', '-'], { readStdin: stdinOf(SPLIT) });
    expect(twice.code).toBe(2);
    expect(twice.err).toContain('can be read once');
  });

  it('fix --stdin writes the fixed text to standard output; --check and --dry-run write nothing of it', async () => {
    const f = await run(['fix', '--stdin'], { readStdin: stdinOf(SPLIT) });
    expect(f.code).toBe(0);
    expect(f.out).toBe(fixText(SPLIT).text);
    const c = await run(['fix', '-', '--check'], { readStdin: stdinOf(SPLIT) });
    expect(c.code).toBe(1);
    expect(c.out).toBe('');
    const d = await run(['fix', '-', '--dry-run'], { readStdin: stdinOf(SPLIT) });
    expect(d.code).toBe(1);
    expect(d.out).toMatch(/^--- <stdin>\n\+\+\+ <stdin>\n@@/);
    const mixed = await run(['fix', '-', splitFile], { readStdin: stdinOf(SPLIT) });
    expect(mixed.code).toBe(2);
  });

  it.skipIf(!built)('in a real process, from a pipe', () => {
    const r = cable(['check', '-', '--format', 'compact'], { input: SPLIT });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^<stdin>:\d+:49: warning CBL303/m);
    const p = cable(['parse', '--stdin', '--stdin-filename', 'piped.cable'], { input: CLEAN });
    expect(p.code).toBe(0);
    expect(JSON.parse(p.stdout)).toMatchObject({ file: 'piped.cable', referenceId: '08ASTANA2318' });
    const f = cable(['fix', '-'], { input: SPLIT });
    expect(f.stdout).toBe(fixText(SPLIT).text);
  });
});

describe('fix --check and --dry-run', () => {
  it('--check lists the files that would change, writes nothing and exits 1; 0 when all is fixed', async () => {
    const f = file('check/c.cable', SPLIT);
    const r = await run(['fix', '--check', path.dirname(f)]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(new RegExp(`^${f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: would fix .*split-word ×1`, 'm'));
    expect(r.err).toMatch(/would fix \d+ problems? in 1 of 1 file; run `cable fix` to apply/);
    expect(fs.readFileSync(f, 'utf8')).toBe(SPLIT);
    expect((await run(['fix', f])).code).toBe(0);
    const again = await run(['fix', '--check', f]);
    expect(again.code).toBe(0);
    expect(again.out).toBe('');
    expect((await run(['fix', '--dry-run', f])).code).toBe(0);
  });
});

describe('cable explain', () => {
  it('prints a rule by code, bare number or name: summary, description, bad and good', async () => {
    const rule = RULES.find((r) => r.name === 'split-word')!;
    for (const key of ['CBL303', 'cbl303', '303', 'split-word']) {
      const r = await run(['explain', key]);
      expect(r.code).toBe(0);
      expect(r.out).toContain('CBL303 split-word');
      expect(r.out).toContain(rule.summary);
      expect(r.out).toContain(rule.description.split(' ').slice(0, 6).join(' '));
      expect(r.out).toContain(`Bad:\n    ${rule.bad.split('\n')[0]}`);
      expect(r.out).toContain(`Good:\n    ${rule.good.split('\n')[0]}`);
    }
  });

  it('lists every rule without an argument, and suggests for an unknown one (exit 2)', async () => {
    const all = await run(['explain']);
    expect(all.code).toBe(0);
    for (const r of RULES) expect(all.out).toContain(`${r.code}  ${r.name}`);
    const bad = await run(['explain', 'split-wrd']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('no rule "split-wrd" (did you mean split-word?)');
  });
});

describe('cable completion', () => {
  const program = buildProgram(io(), { code: 0 }, { importSummary: 'import' });
  const visible = program.commands.filter((c) => !(c as unknown as { _hidden: boolean })._hidden);

  it('declares every command and option of the parser in each shell script', async () => {
    for (const shell of ['bash', 'zsh', 'fish']) {
      const r = await run(['completion', shell]);
      expect(r.code).toBe(0);
      for (const c of visible) {
        expect(r.out).toContain(c.name());
        for (const o of c.options) {
          if (shell === 'fish') expect(r.out).toContain(`-l ${o.long!.slice(2)}`);
          else expect(r.out).toContain(o.long!);
        }
      }
      expect(r.out).toContain('stylish compact json sarif github');
    }
    const bad = await run(['completion', 'tcsh']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/bash, zsh, fish/);
  });

  const complete = (words: string[]): string[] => {
    const script = path.join(dir, 'cable.bash');
    fs.writeFileSync(script, spawnSync(process.execPath, [CLI, 'completion', 'bash'], { encoding: 'utf8' }).stdout);
    const arr = words.map((w) => `'${w}'`).join(' ');
    const r = spawnSync('bash', ['-c', `source '${script}'; COMP_WORDS=(${arr}); COMP_CWORD=${words.length - 1}; _cable; printf '%s\\n' "\${COMPREPLY[@]}"`], { cwd: dir, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    return r.stdout.split('\n').filter(Boolean);
  };

  it.skipIf(!built)('bash: completes commands, options, option values and .cable paths', () => {
    expect(spawnSync('bash', ['-n', '-c', spawnSync(process.execPath, [CLI, 'completion', 'bash'], { encoding: 'utf8' }).stdout]).status).toBe(0);
    expect(complete(['cable', 'ch'])).toEqual(['check']);
    expect(complete(['cable', 'check', '--max-'])).toEqual(['--max-warnings', '--max-file-size']);
    expect(complete(['cable', 'check', '--format', 'j'])).toEqual(['json']);
    expect(complete(['cable', 'explain', 'split-w'])).toEqual(['split-word']);
    expect(complete(['cable', 'completion', 'f'])).toEqual(['fish']);
    const paths = complete(['cable', 'check', 's']);
    expect(paths).toContain('split.cable');
    expect(paths).not.toContain('seed.txt');
  });

  for (const shell of ['zsh', 'fish'] as const) {
    const has = spawnSync(shell, ['--version']).status === 0;
    it.skipIf(!has || !built)(`${shell}: the script is valid ${shell}`, () => {
      const script = path.join(dir, `cable.${shell}`);
      fs.writeFileSync(script, spawnSync(process.execPath, [CLI, 'completion', shell], { encoding: 'utf8' }).stdout);
      const r = spawnSync(shell, ['-n', script], { encoding: 'utf8' });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
    });
  }

  it.skipIf(!built || spawnSync('fish', ['--version']).status !== 0)('fish: completes commands and --format values', () => {
    const script = spawnSync(process.execPath, [CLI, 'completion', 'fish'], { encoding: 'utf8' }).stdout;
    const ask = (line: string) =>
      spawnSync('fish', ['--no-config', '-c', `${script}\ncomplete -C '${line}'`], { encoding: 'utf8' })
        .stdout.split('\n')
        .map((l) => l.split('\t')[0]);
    expect(ask('cable ch')).toContain('check');
    expect(ask('cable check --format ')).toEqual(expect.arrayContaining(['stylish', 'compact', 'json', 'sarif', 'github']));
  });
});

describe('progress bar', () => {
  it('shows files done, the rate and the time left, on a terminal only, and clears itself', () => {
    let t = 1_000_000;
    let out = '';
    const p = new Progress(1000, true, (s) => void (out += s), () => t);
    for (let i = 0; i < 250; i++) {
      t += 4;
      p.tick();
    }
    expect(p.line()).toBe('[########......................] 250/1,000 files  250 files/s  3 s left');
    // Redrawn at most every 100 ms, each time over the last.
    expect(out).toContain('\r[#######.......................] 226/1,000 files  250 files/s  4 s left\x1b[K');
    p.done();
    expect(out.endsWith('\r\x1b[2K')).toBe(true);
    let piped = '';
    const q = new Progress(1000, false, (s) => void (piped += s), () => t);
    q.tick();
    q.done();
    expect(piped).toBe('');
  });

  it('counts a small run before the first file, and a long walk in slices between the work', async () => {
    const small = new Progress(undefined, true, () => undefined);
    countInBackground([1, 2, 3].values(), small);
    expect(small.line()).toMatch(/^\[\.+\] 0\/3 files$/);
    // A walk that outlasts the first slice is finished later, without blocking the event loop.
    let produced = 0;
    const slow = {
      next: () => {
        const t = Date.now() + 1;
        while (Date.now() < t);
        return produced++ < 30 ? { done: false, value: produced } : { done: true, value: undefined };
      },
    } as Iterator<number>;
    const long = new Progress(undefined, true, () => undefined);
    countInBackground(slow, long, 5, 5);
    expect(long.line()).toContain('(counting)');
    while (produced <= 30) await new Promise((r) => setImmediate(r));
    expect(long.line()).toMatch(/ 0\/30 files$/);
  });

  it('is drawn by cable check on a terminal (stderr), not when piped or with --no-progress', async () => {
    const many = path.join(dir, 'many');
    for (let i = 0; i < 60; i++) file(`many/m${i}.cable`, SPLIT);
    const tty = await run(['check', '--format', 'json', many], { stderrIsTTY: true });
    // The 60 files are counted before the first is checked, so the bar knows its total.
    expect(tty.err).toMatch(/\r\[#+\.*\] \d+\/60 files/);
    expect(tty.err.endsWith('\r\x1b[2K')).toBe(true);
    expect(JSON.parse(tty.out).length).toBeGreaterThan(0);
    expect((await run(['check', '--format', 'json', '--no-progress', many], { stderrIsTTY: true })).err).toBe('');
    expect((await run(['check', '--format', 'json', many])).err).toBe('');
  });
});

describe('the README', () => {
  it('has one exit-code table, and the codes it names are those of --help', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## The `cable` command'), readme.indexOf('\n## ', readme.indexOf('## The `cable` command') + 5));
    const rows = [...section.matchAll(/^\| (\d+) \|/gm)].map((m) => m[1]);
    expect(rows).toEqual(['0', '1', '2']);
    for (const code of rows) expect(EXIT_CODES).toMatch(new RegExp(`^  ${code}  `, 'm'));
    // Every command and option the parser knows is in the README's section.
    const program = buildProgram(io(), { code: 0 }, { importSummary: 'import' });
    for (const c of program.commands) {
      if (c.name() === 'import') continue;
      for (const o of c.options) expect(section, `${c.name()} ${o.long}`).toContain(o.long!);
    }
  });
});
