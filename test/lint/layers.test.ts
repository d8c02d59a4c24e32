import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

// The layer rules of eslint.config.mjs (its no-restricted-imports blocks), run on made-up files with
// the TypeScript parser but without type information, which an in-memory file cannot have.
const root = join(__dirname, '../..');

async function layerLinter(): Promise<(file: string, code: string) => string[]> {
  const config = (await import(pathToFileURL(join(root, 'eslint.config.mjs')).href)).default as Linter.Config[];
  const layers = config.filter((c) => c.rules && 'no-restricted-imports' in c.rules);
  expect(layers.length).toBeGreaterThanOrEqual(5);
  const linter = new Linter({ cwd: root });
  const base: Linter.Config = { files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } };
  return (file, code) => linter.verify(code, [base, ...layers], join(root, file)).map((m) => `${m.line}: ${m.ruleId ?? 'fatal'}`);
}

describe('eslint.config.mjs: the layers', () => {
  it('parser/ imports only parser/ and data/', async () => {
    const lint = await layerLinter();
    const code = [
      "import { a } from './text';",
      "import { b } from '../data';",
      "import { c } from '../data/pageText';",
      "import { d } from '../service/ranges';",
      "import { e } from '../cli/main';",
      "import { readFileSync } from 'node:fs';",
      "import { Position } from 'vscode-languageserver-types';",
      'export const all = [a, b, c, d, e, readFileSync, Position];',
    ].join('\n');
    expect(lint('server/src/parser/probe.ts', code)).toEqual(['4: no-restricted-imports', '5: no-restricted-imports', '6: no-restricted-imports', '7: no-restricted-imports']);
  });

  it('data/ imports nothing outside data/', async () => {
    const lint = await layerLinter();
    const code = "import { a } from './tables.generated';\nimport { b } from '../parser';\nimport { c } from '../service';\nimport * as fs from 'fs';\nexport const all = [a, b, c, fs];\n";
    expect(lint('server/src/data/probe.ts', code)).toEqual(['2: no-restricted-imports', '3: no-restricted-imports', '4: no-restricted-imports']);
  });

  it('service/ imports no Node built-in, no connection and nothing that stands on it; nodeFileSystem.ts is the Node adapter', async () => {
    const lint = await layerLinter();
    const code = [
      "import { a } from '../parser';",
      "import { b } from './ranges';",
      "import type { Range } from 'vscode-languageserver-types';",
      "import { readFile } from 'node:fs/promises';",
      "import * as path from 'path';",
      "import { createConnection } from 'vscode-languageserver/node';",
      "import { c } from '../cli/main';",
      "import { d } from '../import/run';",
      'export const all: unknown[] = [a, b, readFile, path, createConnection, c, d];',
      'export type R = Range;',
    ].join('\n');
    const banned = ['4: no-restricted-imports', '5: no-restricted-imports', '6: no-restricted-imports', '7: no-restricted-imports', '8: no-restricted-imports'];
    expect(lint('server/src/service/probe.ts', code)).toEqual(banned);
    const deeper = code.replace("'../parser'", "'../../../parser'").replace("'../cli/main'", "'../../../cli/main'").replace("'../import/run'", "'../../../import/run'");
    expect(lint('server/src/service/diagnostics/rules/probe.ts', deeper)).toEqual(banned);
    // The adapter may use node:fs and node:path, not the connection, the CLI or the importer.
    expect(lint('server/src/service/workspace/nodeFileSystem.ts', deeper)).toEqual(['6: no-restricted-imports', '7: no-restricted-imports', '8: no-restricted-imports']);
  });

  it('client/ imports nothing from server/ but the importer', async () => {
    const lint = await layerLinter();
    const code = [
      "import * as vscode from 'vscode';",
      "import { LanguageClient } from 'vscode-languageclient/node';",
      "import { CsvReader } from '../../server/src/import/csv';",
      "import { runImport } from '../../server/src/import/run';",
      "import { parse } from '../../server/src/parser';",
      "import { x } from '../../server/src/service/ranges';",
      "import { startServer } from '../../server/src/server';",
      'export const all: unknown[] = [vscode, LanguageClient, CsvReader, runImport, parse, x, startServer];',
    ].join('\n');
    expect(lint('client/src/probe.ts', code)).toEqual(['5: no-restricted-imports', '6: no-restricted-imports', '7: no-restricted-imports']);
  });

  it('the importer stands on parser/ and data/ only, and its row, page and cable modules are Node-free', async () => {
    const lint = await layerLinter();
    const code = [
      "import { readFileSync } from 'node:fs';",
      "import { splitReferenceId } from '../parser/header';",
      "import { tags } from '../data';",
      "import { CsvReader } from './csv';",
      "import { x } from '../service/ranges';",
      "import { y } from '../cli/main';",
      'export const all: unknown[] = [readFileSync, splitReferenceId, tags, CsvReader, x, y];',
    ].join('\n');
    expect(lint('server/src/import/run.ts', code)).toEqual(['5: no-restricted-imports', '6: no-restricted-imports']);
    expect(lint('server/src/import/csv.ts', code)).toEqual(['1: no-restricted-imports', '5: no-restricted-imports', '6: no-restricted-imports']);
  });
});
