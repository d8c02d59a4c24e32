// A large export in a real VS Code (code-server in headless Chromium, test/e2e/vscode-harness.mjs):
// VS Code never hands a text over 50 MB to extensions, so the extension sees only the tab. It
// says so in a notification; "Check it" has the server read the file from disk, and its problems
// reach the status bar's counts; closing the tab clears them. Check Workspace has the server check
// it from disk too, into the workspace's problems, even with its tab open (the tab's document never
// reaches the server); "Check it" then takes them over, shown once.
import { mkdtempSync, readdirSync, readFileSync, existsSync, openSync, writeSync, closeSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createLanguageService } from '../../server/src/service';
import type { RunningVSCode } from './vscode-harness.mjs' with { 'resolution-mode': 'import' };

const harness = import('./vscode-harness.mjs');
const ROOT = join(__dirname, '..', '..');
const CORPUS = join(ROOT, '..', 'shared', 'corpus');
/** Screenshots go here, never into docs/. */
const SHOTS = mkdtempSync(join(tmpdir(), 'cable-e2e-large-'));
const REQUIRED = process.env['CI'] === 'true';
/** Over VS Code's 50 MB, by a little: the point is the limit, not the size. */
const SIZE = 56 * 1024 * 1024;

let missing: string[] = [];
let vs: RunningVSCode | undefined;
let folder = '';
let bytes = 0;
let page: Page;

/** The corpus cables (or the samples) end to end, over and over, until the export is SIZE bytes or more. */
function writeExport(file: string): number {
  const dir = existsSync(CORPUS) ? CORPUS : join(ROOT, 'samples');
  const one = Buffer.concat(
    readdirSync(dir)
      .filter((f) => f.endsWith('.cable'))
      .sort()
      .flatMap((f) => [readFileSync(join(dir, f)), Buffer.from('\n\n')]),
  );
  const fd = openSync(file, 'w');
  let written = 0;
  try {
    while (written < SIZE) written += writeSync(fd, one);
  } finally {
    closeSync(fd);
  }
  return written;
}

beforeAll(async () => {
  const h = await harness;
  missing = h.missingTools();
  if (missing.length) {
    if (!REQUIRED) console.warn(`[e2e] the VS Code large-file suite is skipped: missing ${missing.join(', ')}`);
    return;
  }
  folder = mkdtempSync(join(tmpdir(), 'cable-large-'));
  bytes = writeExport(join(folder, 'export.cable'));
  vs = await h.startVSCode({ folder });
  page = vs.page;
});

afterAll(async () => {
  await vs?.stop();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail' && page) {
    await page.screenshot({ path: join(SHOTS, 'failed.png') }).catch(() => {});
    console.log(`[e2e large] screenshot of the failure: ${join(SHOTS, 'failed.png')}`);
  }
});

describe('a .cable file over 50 MB in VS Code (code-server in headless Chromium)', () => {
  it('is said in a notification; "Check it" puts its problems in the status bar; closing the tab clears them', async (ctx) => {
    if (missing.length > 0 && !REQUIRED) return ctx.skip();
    expect(missing).toEqual([]);
    const h = await harness;
    expect(await h.problemCounts(page)).toMatch(/^0 0/);
    await h.quickOpen(page, 'export.cable', { large: true });

    const toast = page.locator('.notification-toast', { hasText: 'does not give files over 50 MB to extensions' });
    await toast.waitFor({ timeout: 60_000 });
    const said = (await toast.innerText()).replace(/\s+/g, ' ');
    expect(said).toContain(`export.cable is ${Math.round(bytes / (1024 * 1024))} MB: VS Code`);
    for (const action of ['Check it', 'Split into parts', "Don't show again"]) await expect(toast.locator('.monaco-button', { hasText: action }).count()).resolves.toBe(1);
    // The toast slides in: let it settle before the picture.
    await page.waitForTimeout(1500);
    await page.screenshot({ path: join(SHOTS, 'notification.png') });
    console.log(`[e2e large] the notification: ${join(SHOTS, 'notification.png')}`);
    // Nothing reached the server the usual way: no problems before the check.
    expect(await h.problemCounts(page)).toMatch(/^0 0/);

    await toast.locator('.monaco-button', { hasText: 'Check it' }).click();
    const counts = await h.poll(
      () => h.problemCounts(page),
      (c) => /^\d+ \d+/.test(c) && c.split(' ').slice(0, 2).some((n) => Number(n.replace(/\D/g, '')) > 0),
      { timeout: 120_000, what: 'problem counts above zero' },
    );
    const summary = page.locator('.notification-toast', { hasText: 'listed in the Problems panel' });
    await summary.waitFor({ timeout: 20_000 });
    expect((await summary.innerText()).replace(/\s+/g, ' ')).toMatch(/export\.cable: [\d,]+ cables, [\d,]+ problems/);
    await page.screenshot({ path: join(SHOTS, 'checked.png') });
    console.log(`[e2e large] after "Check it" (${counts}): ${join(SHOTS, 'checked.png')}`);

    // The tab closed: cable/forgetFile clears what the check published.
    await page.locator('.monaco-editor .view-lines').first().click();
    await h.command(page, 'View: Close Editor');
    await h.poll(() => h.problemCounts(page), (c) => /^0 0/.test(c), { timeout: 30_000, what: 'problem counts back to zero' });
  });

  it('"Cable: Check Workspace" has the server check it from disk, its tab open: its problems in the summary and the Problems view, once; "Check it" takes them over', async (ctx) => {
    if (missing.length > 0 && !REQUIRED) return ctx.skip();
    const h = await harness;
    expect(await h.problemCounts(page)).toMatch(/^0 0/);
    // What the language service finds in the export, as the Problems view counts (errors, warnings, information).
    const file = join(folder, 'export.cable');
    const expected = createLanguageService()
      .computeDiagnostics(TextDocument.create(pathToFileURL(file).toString(), 'cable', 1, readFileSync(file, 'utf8')), { isCancellationRequested: false })
      .filter((d) => (d.severity ?? 1) <= 3).length;
    expect(expected).toBeGreaterThan(1000);
    // Shown in a tab, whose document VS Code never hands to the extension: the server has nothing
    // of it, so Check Workspace checks it as a closed file.
    await h.quickOpen(page, 'export.cable', { large: true });
    const began = Date.now();
    await h.command(page, 'Cable: Check Workspace');
    const summary = page.locator('.notification-toast', { hasText: 'problems in 1 of 1 cable files.' });
    await summary.waitFor({ timeout: 180_000 });
    const seconds = ((Date.now() - began) / 1000).toFixed(1);
    const said = (await summary.innerText()).replace(/\s+/g, ' ');
    // Every problem is counted; the Problems view keeps 1,000 of the file (the last a note of the rest).
    expect(said).toContain(`Cable: ${expected.toLocaleString('en-US')} problems in 1 of 1 cable files. The Problems view lists at most 1,000 per file`);
    expect(said).not.toContain('Left out');
    // Notifications show text as it is: no Markdown backticks.
    expect(said).not.toContain('`');
    // The toast slides in: let it settle, and show its whole message, before the picture.
    await page.waitForTimeout(1500);
    const expand = summary.locator('.codicon-notifications-expand');
    await summary.hover();
    if (await expand.count()) await expand.first().click({ timeout: 5000 }).catch(() => undefined);
    await page.waitForTimeout(500);
    await page.screenshot({ path: join(SHOTS, 'check-workspace-summary.png') });
    const total = async () => ((await h.problemCounts(page)).match(/\d+/g) ?? []).map(Number).reduce((a, b) => a + b, 0);
    await h.poll(total, (n) => n === 1000, { timeout: 30_000, what: '1,000 problems in the status bar' });
    await page.keyboard.press('Control+Shift+M');
    await page.locator('.markers-panel .monaco-list-row', { hasText: 'Not showing' }).first().waitFor({ timeout: 30_000 }).catch(() => undefined);
    await page.waitForTimeout(1500);
    await page.screenshot({ path: join(SHOTS, 'check-workspace.png') });
    console.log(`[e2e large] Check Workspace in ${seconds} s: "${said}" (${await h.problemCounts(page)} in the status bar): ${join(SHOTS, 'check-workspace-summary.png')}, ${join(SHOTS, 'check-workspace.png')}`);

    // "Check it" on the tab: the server publishes its problems, and the workspace's copy goes.
    await h.command(page, 'Notifications: Clear All Notifications');
    await h.command(page, 'Cable: Check Large File');
    const checked = page.locator('.notification-toast', { hasText: 'listed in the Problems panel' });
    await checked.waitFor({ timeout: 120_000 });
    expect((await checked.innerText()).replace(/\s+/g, ' ')).not.toContain('`');
    await h.poll(total, (n) => n === 1000, { timeout: 30_000, what: '1,000 problems in the status bar, not twice as many' });
    // The tab closed: the server forgets them, and no copy of the workspace's is left behind.
    await page.locator('.monaco-editor .view-lines').first().click();
    await h.command(page, 'View: Close Editor');
    await h.poll(() => h.problemCounts(page), (c) => /^0 0/.test(c), { timeout: 30_000, what: 'problem counts back to zero once the tab closed' });
    await h.command(page, 'View: Close All Editors');
  });

  it('"Cable: Split File into Parts" writes the parts beside it and opens the first, which the server reads as usual', async (ctx) => {
    if (missing.length > 0 && !REQUIRED) return ctx.skip();
    const h = await harness;
    await h.quickOpen(page, 'export.cable', { large: true });
    await h.command(page, 'Cable: Split File into Parts');
    await page.locator('.notification-toast', { hasText: /export\.cable is now \d+ parts in export\.parts/ }).waitFor({ timeout: 120_000 });
    const parts = join(folder, 'export.parts');
    const names = readdirSync(parts).sort();
    expect(names[0]).toBe('export.part001.cable');
    expect(names.length).toBeGreaterThanOrEqual(4);
    for (const n of names) expect(statSync(join(parts, n)).size).toBeLessThanOrEqual(16 * 1024 * 1024);
    expect(Buffer.concat(names.map((n) => readFileSync(join(parts, n)))).equals(readFileSync(join(folder, 'export.cable')))).toBe(true);
    await h.openAnyway(page);
    await h.poll(async () => (await page.locator('.tab.active').innerText()).replace(/\s+/g, ''), (t) => t.startsWith('export.part001.cable'), { what: 'the first part in the active tab' });
    await h.waitForCableMode(page);
    // A part is under 50 MB: it reaches the server the usual way, and its problems show.
    await h.poll(() => h.problemCounts(page), (c) => c.split(' ').slice(0, 2).some((n) => Number(n.replace(/\D/g, '')) > 0), { timeout: 120_000, what: "the first part's problem counts" });
    await page.screenshot({ path: join(SHOTS, 'split.png') });
    console.log(`[e2e large] after the split: ${join(SHOTS, 'split.png')}`);
  });
});
