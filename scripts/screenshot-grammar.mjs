#!/usr/bin/env node
// Screenshots of a cable in a real VS Code (code-server in headless Chromium,
// set up by ../shared/tools/vscode-web/setup.sh), one per colour theme, for
// docs/screenshots/. Needs the packaged extension (npm run package).
//
//   node scripts/screenshot-grammar.mjs [--vsix cable-text-0.1.0.vsix]
//        [--file ../shared/seed/000_cdd151ddbff82ab0.txt] [--lines 1,43] [--out docs/screenshots]
import { spawn, execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const vsix = resolve(root, arg('vsix', 'cable-text-0.1.0.vsix'));
const source = resolve(root, arg('file', '../shared/seed/000_cdd151ddbff82ab0.txt'));
const outDir = resolve(root, arg('out', 'docs/screenshots'));
// First visible line of each screenshot: the header, then the text.
const lines = arg('lines', '1,43').split(',').map(Number);
const port = Number(arg('port', '8137'));
const codeServer = join(homedir(), '.cache', 'cable-vscode-web', 'bin', 'code-server');
const THEMES = [
  ['dark', 'Default Dark Modern'],
  ['light', 'Default Light Modern'],
];

for (const [what, path] of [['extension package', vsix], ['cable', source], ['code-server (run ../shared/tools/vscode-web/setup.sh)', codeServer]]) {
  if (!existsSync(path)) {
    console.error(`screenshot-grammar: ${what} not found: ${path}`);
    process.exit(2);
  }
}

const work = mkdtempSync(join(tmpdir(), 'cable-shot-'));
const workspace = join(work, 'workspace');
const extensions = join(work, 'ext');
mkdirSync(workspace);
const fileName = '08ASTANA2318.cable';
copyFileSync(source, join(workspace, fileName));
execFileSync(codeServer, ['--user-data-dir', join(work, 'ud-install'), '--extensions-dir', extensions, '--install-extension', vsix], { stdio: 'inherit' });
mkdirSync(outDir, { recursive: true });

async function shoot(slug, theme) {
  const userData = join(work, `ud-${slug}`);
  mkdirSync(join(userData, 'User'), { recursive: true });
  writeFileSync(join(userData, 'User', 'settings.json'), JSON.stringify({
    'workbench.colorTheme': theme,
    'workbench.startupEditor': 'none',
    'chat.disableAIFeatures': true,
    'security.workspace.trust.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'editor.minimap.enabled': false,
    'editor.fontSize': 14,
    'workbench.tips.enabled': false,
    'window.commandCenter': false,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
  }, null, 2));
  const server = spawn(codeServer, ['--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check',
    '--user-data-dir', userData, '--extensions-dir', extensions, workspace], { stdio: 'ignore' });
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    for (let i = 0; ; i++) {
      try {
        await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`, { waitUntil: 'domcontentloaded' });
        break;
      } catch (e) {
        if (i > 30) throw e;
        await page.waitForTimeout(1000);
      }
    }
    await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 90000 });
    await page.waitForTimeout(1500); // the workbench drops keystrokes sent right after the explorer shows
    // The workspace holds only the cable: open it from the explorer.
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: fileName }).dblclick();
    await page.waitForSelector('.monaco-editor .view-lines', { timeout: 60000 });
    // Hide the side bar so the text gets the width.
    await page.keyboard.press('Control+B');
    await page.waitForTimeout(4000); // tokenization and the language server settle
    for (const line of lines) {
      // Scroll (Ctrl+Down scrolls one visual line, the cursor stays) and keep
      // the mouse off the text, where it would open a hover.
      await page.locator('.monaco-editor .view-lines').click({ position: { x: 5, y: 5 } });
      await page.keyboard.press('Control+Home');
      for (let i = 1; i < line; i++) await page.keyboard.press('Control+ArrowDown');
      await page.mouse.move(5, 5);
      await page.waitForTimeout(1200);
      const path = join(outDir, `seed-${slug}${line > 1 ? `-line${line}` : ''}.png`);
      await page.screenshot({ path });
      console.log(`wrote ${path}`);
    }
  } finally {
    await browser.close();
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
  }
}

try {
  for (const [slug, theme] of THEMES) await shoot(slug, theme);
} finally {
  rmSync(work, { recursive: true, force: true });
}
