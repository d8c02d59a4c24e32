import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

interface Edge { from: string; target: string; typeOnly: boolean; line: number }
interface Cycle { folder: string; members: string[]; allowed: boolean; links: { from: string; to: string; typeOnly: boolean }[] }
interface CyclesModule {
  findCycles: (edges: Edge[], allowed?: { folder: string; members: string[] | '*' }[]) => Cycle[];
  readImports: (root: string, roots?: string[]) => { files: string[]; edges: Edge[] };
}

const script = pathToFileURL(join(__dirname, '../../scripts/check-cycles.mjs')).href;
const load = async () => (await import(script)) as CyclesModule;
const edge = (from: string, target: string, typeOnly = false): Edge => ({ from, target, typeOnly, line: 1 });

describe('check-cycles: findCycles', () => {
  it('finds a plain file cycle at the folder that holds both files', async () => {
    const { findCycles } = await load();
    const cycles = findCycles([edge('s/a.ts', 's/b.ts'), edge('s/b.ts', 's/a.ts'), edge('s/b.ts', 's/c.ts')], []);
    expect(cycles.map((c) => [c.folder, c.members])).toEqual([['s', ['a.ts', 'b.ts']]]);
  });

  it('finds a folder cycle that no file cycle shows (diagnostics/ ↔ codeActions/)', async () => {
    const { findCycles } = await load();
    const cycles = findCycles([
      edge('svc/diagnostics/rules.ts', 'svc/codeActions/edits.ts'),
      edge('svc/codeActions/fixAll.ts', 'svc/diagnostics/engine.ts'),
    ], []);
    expect(cycles.map((c) => [c.folder, c.members])).toEqual([['svc', ['codeActions/', 'diagnostics/']]]);
    expect(cycles[0]!.links.map((l) => `${l.from}->${l.to}`).sort()).toEqual(['codeActions/->diagnostics/', 'diagnostics/->codeActions/']);
  });

  it('sees no cycle where a folder imports its subfolder and the subfolder a sibling file', async () => {
    const { findCycles } = await load();
    expect(findCycles([edge('svc/index.ts', 'svc/d/index.ts'), edge('svc/d/rule.ts', 'svc/ranges.ts')], [])).toEqual([]);
  });

  it('closes a cycle through another folder, and marks it types-only when it is', async () => {
    const { findCycles } = await load();
    const cycles = findCycles([edge('src/parser/a.ts', 'src/service/b.ts', true), edge('src/service/b.ts', 'src/parser/a.ts')], []);
    expect(cycles.map((c) => [c.folder, c.members])).toEqual([['src', ['parser/', 'service/']]]);
    expect(cycles[0]!.links.find((l) => l.from === 'parser/')!.typeOnly).toBe(true);
  });

  it('allows only what an allowance names', async () => {
    const { findCycles } = await load();
    const edges = [edge('s/a.ts', 's/b.ts'), edge('s/b.ts', 's/a.ts'), edge('t/x/a.ts', 't/y/b.ts'), edge('t/y/b.ts', 't/x/a.ts')];
    const cycles = findCycles(edges, [{ folder: 's', members: '*' }, { folder: 't', members: ['x/', 'z/'] }]);
    expect(cycles.map((c) => [c.folder, c.allowed])).toEqual([['s', true], ['t', false]]);
  });
});

describe('check-cycles: readImports', () => {
  const root = mkdtempSync(join(tmpdir(), 'cable-cycles-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };

  it('resolves imports as tsc does and tells type-only imports from the others', async () => {
    write('tsconfig.json', JSON.stringify({ compilerOptions: { module: 'Node16', moduleResolution: 'Node16', strict: true }, include: ['src'] }));
    write('src/a.ts', "import type { B } from './b';\nimport { c } from './sub';\nexport type A = B | typeof c;\n");
    write('src/b.ts', "import { type A } from './a';\nimport { readFileSync } from 'node:fs';\nexport type B = A | typeof readFileSync;\n");
    write('src/sub/index.ts', "export { c } from '../c';\n");
    write('src/c.ts', 'export const c = 1;\n');
    const { readImports } = await load();
    const { files, edges } = readImports(root, ['src']);
    expect(files.sort()).toEqual(['src/a.ts', 'src/b.ts', 'src/c.ts', 'src/sub/index.ts']);
    expect(edges.map((e) => `${e.from}:${e.line} -> ${e.target}${e.typeOnly ? ' (type)' : ''}`).sort()).toEqual([
      'src/a.ts:1 -> src/b.ts (type)',
      'src/a.ts:2 -> src/sub/index.ts',
      'src/b.ts:1 -> src/a.ts (type)',
      'src/sub/index.ts:1 -> src/c.ts',
    ]);
  });
});
