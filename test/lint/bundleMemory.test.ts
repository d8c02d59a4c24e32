/**
 * What scripts/build.mjs does to the bundles so that the idle server costs less memory
 * (scripts/bundleMemory.mjs): ASCII output, so V8 keeps the source one byte a character, and
 * large JSON arrays read by JSON.parse, not compiled as array literals. The dist/ checks need
 * `npm run build` (npm test builds first).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runInNewContext } from 'node:vm';
import { build, type Plugin } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';

interface BundleMemory {
  asciiOnly: (js: string, name?: string) => string;
  jsonArraysParsed: Plugin;
}
const root = join(__dirname, '..', '..');
const load = async () => (await import(pathToFileURL(join(root, 'scripts/bundleMemory.mjs')).href)) as BundleMemory;
const isAscii = (s: string) => !/[^\x00-\x7f]/.test(s);

describe('asciiOnly', () => {
  // Each regular expression with what it matches (and fails to) over the same inputs, before and after.
  const inputs = ['O’Brien', 'O\'Brien', '“quoted”', '¶ 5.', 'Í', 'smile 😀 here', '😀', 'x\u00a0y', 'a\\’b', 'Mr Smith', 'plain', '…', 'a–b', 'ÍÍ'];
  const script = [
    'var r = [',
    '  /[’“”]/,',
    '  /^[A-Z][A-Za-z\'’-]*$/i,',
    '  /(?<![\\p{L}\\p{N}\'’])([A-Z][a-z]{1,4})/gu,',
    '  /\\’/,', // an identity escape of a character beyond ASCII (no u flag)
    '  /\\\\’/,', // a backslash, then the character
    '  /😀/u, /[😀]/u, /[😀]/, /😀+/u,',
    '  /^[(¶]?Í|É$/, /x\u00a0y/, /…$/,',
    '];',
    '// a comment with ’curly’ quotes and an ellipsis …',
    '/* and a block comment — dashes */',
    'var s = "escaped \\u2019";',
  ].join('\n');

  it('writes regular expressions and comments in ASCII, and every expression matches what it did', async () => {
    const { asciiOnly } = await load();
    const out = asciiOnly(script, 't.js');
    expect(isAscii(out)).toBe(true);
    expect(out).toContain('// a comment with \\u2019curly\\u2019 quotes');
    const run = (js: string) => {
      const ctx: { r?: RegExp[]; s?: string } = {};
      runInNewContext(js, ctx);
      return { flags: ctx.r!.map((r) => r.flags), s: ctx.s, matches: ctx.r!.map((r) => inputs.map((i) => JSON.stringify(i.match(new RegExp(r.source, r.flags))))) };
    };
    const before = run(script);
    expect(run(out)).toEqual(before);
    // The inputs reach both sides of each expression.
    before.matches.forEach((m, i) => expect(new Set(m).size, String(i)).toBeGreaterThan(1));
  });

  it('turns white space beyond ASCII between tokens into a space, and leaves an ASCII text as it is', async () => {
    const { asciiOnly } = await load();
    expect(asciiOnly('var\u00a0a = 1;\u2028var b = 2;')).toBe('var a = 1;\nvar b = 2;');
    expect(asciiOnly(script.replace(/[^\x00-\x7f]/g, ''))).toBe(script.replace(/[^\x00-\x7f]/g, ''));
  });

  it('refuses a character esbuild should have escaped (a string, a template, a name), and code it cannot read', async () => {
    const { asciiOnly } = await load();
    expect(() => asciiOnly('var s = "’";')).toThrow(/StringLiteral/);
    expect(() => asciiOnly('var s = `a${1}’`;')).toThrow(/Template/);
    expect(() => asciiOnly('var café = 1;')).toThrow(/Identifier/);
    expect(() => asciiOnly('var = ’;')).toThrow(/cannot be read/);
  });
});

describe('jsonArraysParsed', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cable-bundle-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('bundles a large JSON array as JSON.parse of its text, and gives the same values as esbuild\'s own JSON', async () => {
    const { jsonArraysParsed } = await load();
    const words = Array.from({ length: 5000 }, (_, i) => `word${i}’s`);
    writeFileSync(join(dir, 'big.json'), JSON.stringify(words, null, 1));
    writeFileSync(join(dir, 'small.json'), JSON.stringify(['a', 'b']));
    writeFileSync(join(dir, 'object.json'), JSON.stringify({ name: 'x', list: words }));
    writeFileSync(join(dir, 'entry.js'), "import big from './big.json'; import small from './small.json'; import object, { name } from './object.json'; module.exports = { big, small, object, name };");
    const bundle = async (plugins: Plugin[]) => {
      const r = await build({ entryPoints: [join(dir, 'entry.js')], bundle: true, format: 'cjs', platform: 'node', write: false, logLevel: 'silent', plugins });
      return r.outputFiles[0]!.text;
    };
    const value = (js: string) => {
      const module = { exports: {} as unknown };
      runInNewContext(js, { module, exports: module.exports });
      return module.exports;
    };
    const plain = await bundle([]);
    const parsed = await bundle([jsonArraysParsed]);
    expect(value(parsed)).toEqual(value(plain));
    expect((value(parsed) as { big: string[] }).big).toEqual(words);
    expect(parsed).toMatch(/JSON\.parse\(/);
    expect(parsed).not.toMatch(/"word4999\\u2019s",?\s*\n/);
    expect(plain).not.toMatch(/JSON\.parse\(/);
  });
});

describe('the built bundles', () => {
  const dist = (name: string) => readFileSync(join(root, 'dist', name), 'utf8');

  it('are ASCII', () => {
    for (const name of ['server.js', 'cli.js', 'client.js']) expect(isAscii(dist(name)), name).toBe(true);
  });

  it('hold the split-word lists as JSON texts, not array literals', () => {
    for (const name of ['server.js', 'cli.js']) {
      const js = dist(name);
      expect(js.match(/_default = JSON\.parse\('\["/g)?.length, name).toBeGreaterThanOrEqual(8);
      expect(js).not.toMatch(/_default = \[\s*"a",/);
    }
  });
});
