/**
 * The README's "Other editors" section and the files it shows (docs/editors): the README holds
 * each file as it is, and every setting in them is one the server accepts. The Neovim and Emacs
 * files are also run in real editors by the e2e suites.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRuleSettings } from '../../server/src/service/diagnostics/settings';
import { sectionFromInitializationOptions, settingsProblems } from '../../server/src/service/settings';
import { ROOT } from '../service/helpers';

const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const editorFile = (name: string) => readFileSync(join(ROOT, 'docs', 'editors', name), 'utf8');
const FILES = ['neovim.lua', 'helix-languages.toml', 'eglot.el', 'LSP.sublime-settings'];

/** No problem with the section, and every rule named in it exists with a valid severity. */
function expectValidSection(section: unknown): void {
  expect(settingsProblems(section)).toEqual([]);
  const rules = (section as { rules?: unknown }).rules;
  expect(rules, 'the example sets rule severities').toBeDefined();
  expect(parseRuleSettings(rules).errors).toEqual([]);
}

describe('README, "Other editors"', () => {
  it('shows each configuration file as it is in docs/editors', () => {
    const section = README.slice(README.indexOf('## Other editors'), README.indexOf('## The `cable` command'));
    expect(section.length).toBeGreaterThan(1000);
    for (const name of FILES) {
      expect(section, name).toContain(editorFile(name).trimEnd());
      expect(section, name).toContain(`(docs/editors/${name})`);
    }
    for (const editor of ['### Neovim', '### Helix', '### Emacs (Eglot)', '### Sublime Text', '### Zed', '### Highlighting in other editors']) expect(section).toContain(editor);
  });

  it('gives every file the command `cable-language-server --stdio` and settings the server accepts', () => {
    const lua = editorFile('neovim.lua');
    expect(lua).toContain("cmd = { 'cable-language-server', '--stdio' }");
    const luaRules = Object.fromEntries([...lua.matchAll(/\['([a-z-]+)'\] = '(\w+)'/g)].map((m) => [m[1], m[2]]));
    expect(Object.keys(luaRules).length).toBeGreaterThan(0);
    expect(parseRuleSettings(luaRules).errors).toEqual([]);

    const el = editorFile('eglot.el');
    expect(el).toContain('("cable-language-server" "--stdio"');
    const elRules = Object.fromEntries([...(/:rules \(([^)]*)\)/.exec(el)?.[1] ?? '').matchAll(/:([a-z-]+) "(\w+)"/g)].map((m) => [m[1], m[2]]));
    expect(Object.keys(elRules).length).toBeGreaterThan(0);
    expect(parseRuleSettings(elRules).errors).toEqual([]);
    // Balanced parentheses (outside strings): the file loads.
    let depth = 0;
    for (const ch of el.replace(/"(?:[^"\\]|\\.)*"/g, '""').replace(/;[^\n]*/g, '')) depth += ch === '(' ? 1 : ch === ')' ? -1 : 0;
    expect(depth).toBe(0);

    const sublime = JSON.parse(editorFile('LSP.sublime-settings').replace(/^\s*\/\/.*$/gm, '')) as { clients: { cable: { command: string[]; selector: string; initializationOptions: unknown } } };
    expect(sublime.clients.cable.command).toEqual(['cable-language-server', '--stdio']);
    expect(sublime.clients.cable.selector).toBe('text.cable');
    expectValidSection(sectionFromInitializationOptions(sublime.clients.cable.initializationOptions));
  });

  // Helix is not packaged in Debian 12, so no Helix runs in CI; its file is at least valid TOML
  // with the settings the server accepts (Python's tomllib reads it).
  const python = spawnSync('python3', ['-c', 'import tomllib'], { encoding: 'utf8' });
  it.skipIf(python.status !== 0)('gives Helix a languages.toml that parses, with the server and its settings', () => {
    const run = spawnSync('python3', ['-c', 'import json, sys, tomllib; print(json.dumps(tomllib.load(open(sys.argv[1], "rb"))))', join(ROOT, 'docs', 'editors', 'helix-languages.toml')], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    const toml = JSON.parse(run.stdout) as {
      'language-server': Record<string, { command: string; args: string[]; config: unknown }>;
      language: Array<{ name: string; scope: string; 'file-types': string[]; 'language-servers': string[] }>;
    };
    const server = toml['language-server']['cable-language-server']!;
    expect([server.command, ...server.args]).toEqual(['cable-language-server', '--stdio']);
    // Helix sends `config` as the initialization options.
    expectValidSection(sectionFromInitializationOptions(server.config));
    expect(toml.language).toEqual([expect.objectContaining({ name: 'cable', scope: 'text.cable', 'file-types': ['cable'], 'language-servers': ['cable-language-server'] })]);
  });
});
