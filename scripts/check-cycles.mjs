#!/usr/bin/env node
// Import cycles in server/src and client/src, between files and between folders (issue 8).
//
// In every folder, each file directly in it and each subfolder (taken whole) is one node, and an
// import between two files of the folder is an edge between the nodes that hold them. A cycle among
// these nodes is reported: `service/diagnostics ↔ service/codeActions` is one (a file in each imports
// the other folder), and so is any plain file cycle, at the folder that holds both files. Type-only
// imports count too: they tie the folders' designs together even when the bundle drops them.
//
// The TypeScript compiler API resolves the imports exactly as tsc does (tsconfig.json's options), in
// about a second; eslint-plugin-import-x's no-cycle sees only files, and costs more.
//
// Usage: node scripts/check-cycles.mjs [--verbose] [--json]. Exits 1 when there is a cycle not in
// ALLOWED. test/lint/cycles.test.ts tests findCycles.
import { readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';

// Cycles allowed for now, each with its reason; none at present.
export const ALLOWED = [];

/** Whether an import or export declaration brings in types only (`import type`, `{ type A, type B }`). */
function typeOnlyClause(node) {
  if (ts.isImportDeclaration(node)) {
    const clause = node.importClause;
    if (!clause) return false; // a side-effect import runs the module
    if (clause.isTypeOnly) return true;
    const named = clause.namedBindings;
    return !clause.name && !!named && ts.isNamedImports(named) && named.elements.length > 0 && named.elements.every((e) => e.isTypeOnly);
  }
  if (node.isTypeOnly) return true;
  const named = node.exportClause;
  return !!named && ts.isNamedExports(named) && named.elements.length > 0 && named.elements.every((e) => e.isTypeOnly);
}

/**
 * The imports between the TypeScript files of `roots` (folders relative to `root`), resolved with
 * `root`/tsconfig.json's options: `{ from, target, typeOnly, line }`, paths relative to `root`.
 */
export function readImports(root, roots = ['server/src', 'client/src']) {
  const config = ts.readConfigFile(join(root, 'tsconfig.json'), ts.sys.readFile);
  if (config.error) throw new Error(ts.flattenDiagnosticMessageText(config.error.messageText, '\n'));
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, root);
  const rel = (abs) => relative(root, abs).split(sep).join('/');
  const files = parsed.fileNames.map(rel).filter((f) => roots.some((r) => f.startsWith(`${r}/`)) && !f.endsWith('.d.ts'));
  const inScope = new Set(files);

  const importsOf = (from) => {
    const abs = join(root, from);
    let text;
    try {
      text = readFileSync(abs, 'utf8');
    } catch {
      return []; // removed since tsconfig.json's file list was read
    }
    const source = ts.createSourceFile(abs, text, ts.ScriptTarget.Latest, true);
    const found = [];
    const add = (specifier, typeOnly, node) => {
      const resolved = ts.resolveModuleName(specifier, abs, parsed.options, ts.sys).resolvedModule;
      if (!resolved || resolved.isExternalLibraryImport) return;
      const target = rel(resolved.resolvedFileName);
      if (!inScope.has(target)) return;
      const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
      found.push({ from, target, typeOnly, line });
    };
    const visit = (node) => {
      if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
        add(node.moduleSpecifier.text, typeOnlyClause(node), node);
      } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference) && ts.isStringLiteral(node.moduleReference.expression)) {
        add(node.moduleReference.expression.text, node.isTypeOnly, node);
      } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteral(node.arguments[0])) {
        add(node.arguments[0].text, false, node);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
    return found;
  };

  return { files, edges: files.flatMap(importsOf) };
}

/** The child of `folder` that holds `file` (a file name, or a subfolder name with a slash), or undefined. */
function childOf(folder, file) {
  if (!file.startsWith(`${folder}/`)) return undefined;
  const rest = file.slice(folder.length + 1);
  const slash = rest.indexOf('/');
  return slash < 0 ? rest : `${rest.slice(0, slash)}/`;
}

/** Tarjan's strongly connected components of more than one node (graph: Map node -> Set of nodes). */
function components(graph) {
  let index = 0;
  const stack = [];
  const info = new Map();
  const out = [];
  const connect = (v) => {
    const vi = { index, low: index, onStack: true };
    index++;
    info.set(v, vi);
    stack.push(v);
    for (const w of graph.get(v) ?? []) {
      const wi = info.get(w);
      if (!wi) {
        connect(w);
        vi.low = Math.min(vi.low, info.get(w).low);
      } else if (wi.onStack) {
        vi.low = Math.min(vi.low, wi.index);
      }
    }
    if (vi.low === vi.index) {
      const scc = [];
      let w;
      do {
        w = stack.pop();
        info.get(w).onStack = false;
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1) out.push(scc.sort());
    }
  };
  for (const v of graph.keys()) if (!info.has(v)) connect(v);
  return out;
}

/**
 * The cycles among the children (files and subfolders) of every folder that `edges` touch, each as
 * `{ folder, members, links, allowed }`, `allowed` when an entry of `allowed` covers it.
 */
export function findCycles(edges, allowed = ALLOWED) {
  const files = [...new Set(edges.flatMap((e) => [e.from, e.target]))];
  const folders = [...new Set(files.flatMap((f) => {
    const parts = f.split('/');
    return parts.slice(0, -1).map((_, i) => parts.slice(0, i + 1).join('/'));
  }))].sort();

  const cycles = [];
  for (const folder of folders) {
    const graph = new Map();
    const witness = new Map();
    for (const e of edges) {
      const a = childOf(folder, e.from);
      const b = childOf(folder, e.target);
      if (a === undefined || b === undefined || a === b) continue;
      if (!graph.has(a)) graph.set(a, new Set());
      graph.get(a).add(b);
      const key = `${a}\0${b}`;
      if (!witness.has(key)) witness.set(key, []);
      witness.get(key).push(e);
    }
    for (const members of components(graph)) {
      const inCycle = new Set(members);
      const links = [];
      for (const a of members) {
        for (const b of graph.get(a) ?? []) {
          if (!inCycle.has(b)) continue;
          const ws = witness.get(`${a}\0${b}`);
          links.push({ from: a, to: b, typeOnly: ws.every((w) => w.typeOnly), imports: ws.map((w) => `${w.from}:${w.line} -> ${w.target}${w.typeOnly ? ' (type)' : ''}`) });
        }
      }
      const isAllowed = allowed.some((a) => a.folder === folder && (a.members === '*' || members.every((m) => a.members.includes(m))));
      cycles.push({ folder, members, links, allowed: isAllowed });
    }
  }
  return cycles;
}

function main() {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const { files, edges } = readImports(root);
  const cycles = findCycles(edges);
  const failing = cycles.filter((c) => !c.allowed);
  const verbose = process.argv.includes('--verbose');
  const counts = `${files.length} files, ${edges.length} imports`;

  if (process.argv.includes('--json')) {
    process.stdout.write(`${JSON.stringify({ files: files.length, imports: edges.length, cycles }, null, 2)}\n`);
  } else {
    for (const c of cycles) {
      if (c.allowed && !verbose) {
        process.stdout.write(`allowed for now (ALLOWED in scripts/check-cycles.mjs; --verbose shows the imports): ${c.folder}/ between ${c.members.join(', ')}\n`);
        continue;
      }
      process.stdout.write(`\n${c.allowed ? 'Allowed for now (ALLOWED in scripts/check-cycles.mjs): import' : 'Import'} cycle in ${c.folder}/ between ${c.members.join(', ')}:\n`);
      for (const l of c.links) {
        process.stdout.write(`  ${l.from} -> ${l.to}${l.typeOnly ? ' (types only)' : ''}\n`);
        for (const i of l.imports.slice(0, 3)) process.stdout.write(`      ${i}\n`);
        if (l.imports.length > 3) process.stdout.write(`      … and ${l.imports.length - 3} more\n`);
      }
    }
    if (cycles.length === 0) process.stdout.write(`check-cycles: no import cycles (${counts})\n`);
    else process.stdout.write(`${failing.length > 0 || verbose ? '\n' : ''}check-cycles: ${failing.length} import cycle(s), ${cycles.length - failing.length} allowed for now (${counts})\n`);
  }
  if (failing.length > 0) process.exitCode = 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
