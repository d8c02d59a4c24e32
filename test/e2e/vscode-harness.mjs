// A real VS Code for the extension's end-to-end tests and for the screenshot scripts: code-server
// (VS Code for the browser, installed by ../shared/tools/vscode-web/setup.sh) with the packaged
// extension, driven in headless Chromium through playwright-core. Plain ESM so that both the
// vitest suites and `node scripts/screenshot-*.mjs` import it.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const VSIX = join(ROOT, 'cable-text-0.1.0.vsix');
export const CODE_SERVER = process.env['CABLE_CODE_SERVER'] ?? join(homedir(), '.cache', 'cable-vscode-web', 'bin', 'code-server');
export const CHROMIUM = process.env['CABLE_CHROMIUM'] ?? '/usr/bin/chromium';

/** What is missing to run VS Code here (empty when everything is in place). */
export function missingTools() {
  return [
    !existsSync(CODE_SERVER) && `${CODE_SERVER} (run ../shared/tools/vscode-web/setup.sh)`,
    !existsSync(CHROMIUM) && CHROMIUM,
    !existsSync(VSIX) && `${VSIX} (run npm run package)`,
  ].filter(Boolean);
}

export const BASE_SETTINGS = {
  'workbench.startupEditor': 'none',
  'chat.disableAIFeatures': true,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'workbench.tips.enabled': false,
  'editor.hover.delay': 100,
  'editor.minimap.enabled': false,
  'window.commandCenter': false,
  'workbench.layoutControl.enabled': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.auxiliaryBar.enabled': false,
};

function freePort() {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = srv.address().port;
      srv.close(() => resolvePort(port));
    });
    srv.on('error', reject);
  });
}

async function waitForHttp(url, timeoutMs) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    try {
      const res = await fetch(url);
      if (res.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${url} did not answer`);
}

/**
 * Starts code-server on `folder` with the extension installed in a fresh user-data folder and
 * opens it in Chromium. Returns the page and `stop()`, which closes the browser and ends this
 * code-server (by its process group, started here) and nothing else.
 *
 * @param {{ folder: string, settings?: Record<string, unknown>, viewport?: { width: number, height: number } }} options
 */
export async function startVSCode({ folder, settings = {}, viewport = { width: 1500, height: 950 } }) {
  const work = mkdtempSync(join(tmpdir(), 'cable-vscode-'));
  const userData = join(work, 'ud');
  const extensions = join(work, 'ext');
  mkdirSync(join(userData, 'User'), { recursive: true });
  const install = spawnSync(CODE_SERVER, ['--user-data-dir', userData, '--extensions-dir', extensions, '--install-extension', VSIX], { encoding: 'utf8', timeout: 120_000 });
  if (install.status !== 0) throw new Error(`installing the extension failed: ${install.stderr}${install.stdout}`);
  writeFileSync(join(userData, 'User', 'settings.json'), JSON.stringify({ ...BASE_SETTINGS, ...settings }, null, 2));
  const port = await freePort();
  const server = spawn(
    CODE_SERVER,
    ['--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--user-data-dir', userData, '--extensions-dir', extensions, folder],
    { stdio: 'ignore', detached: true },
  );
  const stopServer = () => {
    if (!server.pid) return;
    try {
      process.kill(-server.pid, 'SIGTERM');
    } catch {
      server.kill('SIGTERM');
    }
  };
  let browser;
  try {
    await waitForHttp(`http://127.0.0.1:${port}/healthz`, 60_000);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const page = await browser.newPage({ viewport });
    const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(folder)}`;
    await page.goto(url, { waitUntil: 'domcontentloaded' });
    await waitForWorkbench(page);
    return {
      page,
      browser,
      url,
      userData,
      async stop() {
        await browser.close().catch(() => {});
        stopServer();
      },
    };
  } catch (err) {
    await browser?.close().catch(() => {});
    stopServer();
    throw err;
  }
}

/** Waits until the workbench takes keystrokes (those sent before the explorer shows are lost). */
export async function waitForWorkbench(page) {
  await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 90_000 });
  await page.waitForTimeout(1500);
}

/** Runs a command from the palette by its title. */
export async function command(page, title) {
  await page.keyboard.press('Control+Shift+P');
  await page.waitForSelector('.quick-input-widget input');
  await page.keyboard.type(title);
  await page.waitForTimeout(700);
  await page.keyboard.press('Enter');
}

/** Opens a file of the workspace from the explorer and waits until its language mode is Cable. */
export async function openFile(page, name) {
  await page.locator('.explorer-folders-view .monaco-list-row', { hasText: name }).first().click();
  await page.waitForSelector('.monaco-editor .view-lines', { timeout: 60_000 });
  await waitForCableMode(page);
}

/**
 * Opens a file with Quick Open (works when the explorer is collapsed or scrolled). A large file
 * (`large: true`) may first be met by VS Code's "Open Anyway" question, answered as a reader would.
 */
export async function quickOpen(page, name, { large = false } = {}) {
  await page.keyboard.press('Control+P');
  await page.waitForSelector('.quick-input-widget input');
  await page.keyboard.type(name);
  await page.waitForSelector('.quick-input-widget .monaco-list-row', { timeout: 20_000 });
  await page.waitForTimeout(500);
  await page.keyboard.press('Enter');
  if (large) await openAnyway(page);
  await page.waitForSelector('.monaco-editor .view-lines', { timeout: 60_000 });
  await waitForCableMode(page);
}

/**
 * Over its large-file limit (workbench.editorLargeFileConfirmation: 10 MB for code-server's files,
 * 1 GB for a desktop's local files) VS Code asks before opening a file: "Open Anyway".
 */
export async function openAnyway(page) {
  const anyway = page.locator('.monaco-button', { hasText: 'Open Anyway' });
  await Promise.race([anyway.waitFor({ timeout: 60_000 }), page.waitForSelector('.monaco-editor .view-lines', { timeout: 60_000 })]);
  if (await anyway.count()) await anyway.first().click();
  await page.waitForSelector('.monaco-editor .view-lines', { timeout: 90_000 });
}

export async function waitForCableMode(page, timeoutMs = 60_000) {
  const mode = page.locator('#status\\.editor\\.mode');
  await mode.waitFor({ timeout: 30_000 });
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if ((await mode.innerText()).trim() === 'Cable') return;
    await page.waitForTimeout(300);
  }
  throw new Error(`the language mode stayed ${(await mode.innerText()).trim()}`);
}

/** Moves the caret to a 1-based line and column with Go to Line. */
export async function goTo(page, line, column = 1) {
  await page.locator('.monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+G');
  await page.waitForSelector('.quick-input-widget input');
  await page.keyboard.type(`${line}:${column}`);
  await page.keyboard.press('Enter');
  await page.waitForTimeout(300);
}

/** Polls `read` until `ok` holds for its value; returns that value or throws with the last one. */
export async function poll(read, ok, { timeout = 60_000, interval = 400, what = 'condition' } = {}) {
  const end = Date.now() + timeout;
  let last;
  while (Date.now() < end) {
    try {
      last = await read();
      if (ok(last)) return last;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, interval));
  }
  throw new Error(`${what} not reached; last value: ${typeof last === 'string' ? last : JSON.stringify(last)}`);
}

/** The status bar's problem counts, e.g. "0 5 2". */
export async function problemCounts(page) {
  return (await page.locator('#status\\.problems').innerText()).replace(/\s+/g, ' ').trim();
}
