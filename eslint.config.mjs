// ESLint for Cable Text: typescript-eslint's recommended rules (type-aware for the files in
// tsconfig.json) and the layers of issue 8 as import rules. Import cycles, between files and between
// folders, are checked by scripts/check-cycles.mjs and unused files, exports and dependencies by knip
// (knip.jsonc); `npm run lint` runs all three.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Every Node built-in, bare and with `node:` (fs, node:fs, fs/promises, node:fs/promises, …). */
const nodeBuiltins = [...new Set(builtinModules.flatMap((m) => (m.startsWith('node:') ? [m] : [m, `node:${m}`])))];

const noNodeBuiltins = (why) => nodeBuiltins.map((name) => ({ name, message: why }));

// The language service runs in any host (the LSP server, the CLI, a browser worker): it reaches files
// only through the WorkspaceFileSystem interface, and the editor only through what server.ts hands it.
const serviceMessage =
  'server/src/service is host-free: no Node built-ins (reach files through WorkspaceFileSystem; only workspace/nodeFileSystem.ts is the Node adapter).';
const serviceRestrictions = {
  paths: [
    ...noNodeBuiltins(serviceMessage),
    ...['vscode', 'vscode-languageclient', 'vscode-languageclient/node', 'vscode-languageserver', 'vscode-languageserver/node'].map((name) => ({
      name,
      message: 'server/src/service speaks LSP types only (vscode-languageserver-types, vscode-languageserver-textdocument); the connection belongs to server.ts.',
    })),
  ],
  patterns: [
    {
      regex: '^(\\.\\./)+(cli|import|server)(/|$)',
      message: 'server/src/service does not import the CLI, the importer or the server: they stand on it.',
    },
  ],
};

export default tseslint.config(
  {
    // tables.generated.ts is written by scripts/gen-data.mjs (and carries its own eslint-disable).
    ignores: ['dist/**', 'node_modules/**', 'test-results/**', '**/*.vsix', 'test/**/fixtures/**', 'test/**/__snapshots__/**', 'server/src/data/tables.generated.ts'],
  },
  js.configs.recommended,
  {
    rules: {
      // Finding control characters is this project's job: the parser and the importer match them
      // with regular expressions on purpose (CBL403 control-characters, CBL404 not-text).
      'no-control-regex': 'off',
    },
  },

  // TypeScript in tsconfig.json: type-aware rules (a full lint stays well under a minute on 2 cores).
  {
    files: ['client/src/**/*.ts', 'server/src/**/*.ts', 'test/**/*.ts', 'test/**/*.mts', 'scripts/**/*.ts'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // The code writes `lines[i]!` on purpose, as if noUncheckedIndexedAccess were on: the `!` marks
      // each place that trusts an index. Without that compiler flag this rule calls all ~230 of them
      // unnecessary; the casts it would also catch are few, and reviewed by hand.
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
      // Parameters named `_x` keep a callback's or an interface's signature readable; tsc's
      // noUnusedLocals/noUnusedParameters already report the rest.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // An async function without await is how this code implements a Promise-returning interface
      // (a WorkspaceFileSystem, a grammar loader, LSP middleware that returns next(…)): the signature
      // is the contract. no-floating-promises and no-misused-promises guard the promises that matter.
      '@typescript-eslint/require-await': 'off',
    },
  },

  // Tests and scripts read the JSON the CLI, the server and the tools print: `any` by nature.
  {
    files: ['test/**/*.ts', 'test/**/*.mts', 'scripts/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // Tests read JSON of no declared shape (`Record<string, any>`) and feed invalid input on purpose.
      '@typescript-eslint/no-explicit-any': 'off',
      // Failure messages print whatever they got, arrays, objects and undefined included.
      '@typescript-eslint/no-base-to-string': 'off',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowAny: true, allowArray: true, allowBoolean: true, allowNullish: true, allowNumber: true }],
    },
  },

  // Plain JavaScript outside the TypeScript project (build, benchmark and generator scripts, the
  // grammar generator, vitest configs): the recommended rules without type information.
  {
    files: ['**/*.mjs', 'vitest.config.mts', 'vitest.e2e.config.ts'],
    extends: [tseslint.configs.recommended, tseslint.configs.disableTypeChecked],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['test/e2e/**/*.mjs'],
    // The VS Code harness hands functions to page.evaluate(): they run in the browser.
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },

  {
    // vscode-languageclient types a middleware's `next` as returning `any`, and a diagnostic report's
    // kind is compared with the protocol's wire value ('full'): both are the library's typing.
    files: ['client/src/extension.ts'],
    rules: { '@typescript-eslint/no-unsafe-return': 'off', '@typescript-eslint/no-unsafe-enum-comparison': 'off' },
  },

  // ---- The layers (issue 8) ----

  // The parser is written once and stands alone: parser files import each other and the data tables.
  {
    files: ['server/src/parser/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{
          regex: '^(?!\\./|\\.\\./data(/|$))',
          message: 'server/src/parser imports only parser/ and data/ (no packages, no Node built-ins): everything else stands on the parser.',
        }],
      }],
    },
  },

  // The data tables are the bottom layer: they import nothing outside data/.
  {
    files: ['server/src/data/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ regex: '^(?!\\./)', message: 'server/src/data imports nothing outside data/ (not the parser, not the service, no Node built-ins).' }],
      }],
    },
  },

  { files: ['server/src/service/**/*.ts'], rules: { 'no-restricted-imports': ['error', serviceRestrictions] } },
  {
    // The Node adapter of WorkspaceFileSystem: the one service file that is allowed node:fs, node:path
    // and node:url, because server.ts and the CLI hand it to the service from outside. It still may
    // not reach the CLI or the connection.
    files: ['server/src/service/workspace/nodeFileSystem.ts'],
    rules: { 'no-restricted-imports': ['error', { ...serviceRestrictions, paths: serviceRestrictions.paths.filter((p) => !nodeBuiltins.includes(p.name)) }] },
  },

  // The importer (the CLI's `cable import`, and the extension's Import Archive command, which runs it
  // in the extension host) stands on the parser and the data only, so that the client that bundles it
  // brings no language-server code along. Its row, page and cable modules are pure as well: file
  // access is run.ts's and workerSink.ts's (the Node side, like service/workspace/nodeFileSystem.ts).
  {
    files: ['server/src/import/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{
          regex: '^\\.\\./(?!parser(/|$)|data(/|$))',
          message: 'server/src/import imports only import/, parser/ and data/ (the client bundles it): not the service, the CLI or the server.',
        }],
      }],
    },
  },
  {
    files: ['server/src/import/cable.ts', 'server/src/import/csv.ts', 'server/src/import/html.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: noNodeBuiltins('server/src/import/{cable,csv,html}.ts are pure: file access belongs in import/run.ts.'),
        patterns: [{
          regex: '^\\.\\./(?!parser(/|$)|data(/|$))',
          message: 'server/src/import imports only import/, parser/ and data/ (the client bundles it): not the service, the CLI or the server.',
        }],
      }],
    },
  },

  // The extension talks to the language server over LSP and imports nothing from server/, except
  // the importer (server/src/import, kept free of the service above), which Import Archive runs in
  // the extension host as the CLI runs it in a terminal.
  {
    files: ['client/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{
          regex: '(^|/)server/(?!src/import/)',
          message: 'client/ imports nothing from server/ but the importer (server/src/import): it talks to the language server over LSP.',
        }],
      }],
    },
  },
);
