// Bundles the extension client, the language server and the CLI into dist/ with esbuild.
// The .vsix ships dist/ only, so everything the three entry points need is bundled in.
import { build } from 'esbuild';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { asciiOnly, jsonArraysParsed } from './bundleMemory.mjs';

const watch = process.argv.includes('--watch');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
  legalComments: 'none',
  // Escapes in strings, templates and identifiers; asciiOnly below does regular expressions and comments.
  charset: 'ascii',
  plugins: [jsonArraysParsed],
};

await Promise.all([
  build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] }),
  // Also the `cable-language-server` bin (package.json), hence the shebang; VS Code starts the
  // same file with node over IPC, which ignores the line.
  build({ ...common, entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js', banner: { js: '#!/usr/bin/env node' } }),
  build({
    ...common,
    entryPoints: ['server/src/cli/main.ts'],
    outfile: 'dist/cli.js',
    banner: { js: '#!/usr/bin/env node' },
  }),
]);
// ASCII, so that V8 keeps each bundle's source one byte a character (bundleMemory.mjs).
for (const file of ['dist/client.js', 'dist/server.js', 'dist/cli.js']) {
  const js = readFileSync(file, 'utf8');
  const ascii = asciiOnly(js, file);
  if (ascii !== js) writeFileSync(file, ascii);
}
chmodSync('dist/cli.js', 0o755);
chmodSync('dist/server.js', 0o755);
if (watch) console.log('watch mode is not supported; run npm run build again');
