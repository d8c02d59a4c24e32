#!/usr/bin/env node
// Screenshots of the reader's VS Code (issue 12) for docs/screenshots/, in a real VS Code
// (code-server in headless Chromium, set up by ../shared/tools/vscode-web/setup.sh) with the
// packaged extension (npm run package). The tests take their own screenshots into a temporary
// folder; this script is how the documentation's pictures are retaken.
//
//   node scripts/screenshot-reader.mjs [--out docs/screenshots] [--themes dark,light,monokai]
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ROOT, command, goTo, missingTools, poll, problemCounts, quickOpen, startVSCode } from '../test/e2e/vscode-harness.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const outDir = resolve(ROOT, arg('out', 'docs/screenshots'));
const THEMES = {
  dark: 'Default Dark Modern',
  light: 'Default Light Modern',
  // A popular third-party theme that ships with VS Code (and code-server), so it is there offline.
  monokai: 'Monokai',
};
const wanted = arg('themes', 'dark,light,monokai').split(',');

const missing = missingTools();
if (missing.length) {
  console.error(`screenshot-reader: missing ${missing.join(', ')}`);
  process.exit(2);
}
mkdirSync(outDir, { recursive: true });

const folder = mkdtempSync(join(tmpdir(), 'cable-shots-'));
copyFileSync(join(ROOT, 'samples', '08ASTANA2318.cable'), join(folder, '08ASTANA2318.cable'));
const corpus = resolve(ROOT, '..', 'shared', 'corpus');
mkdirSync(join(folder, 'twenty'));
const sources = existsSync(corpus)
  ? readdirSync(corpus).filter((f) => f.endsWith('.cable')).sort().slice(0, 20).map((f) => join(corpus, f))
  : readdirSync(join(ROOT, 'samples')).filter((f) => f.endsWith('.cable')).map((f) => join(ROOT, 'samples', f));
for (const src of sources) copyFileSync(src, join(folder, 'twenty', src.split('/').pop()));

const shots = [];
async function shot(page, name) {
  const path = join(outDir, `${name}.png`);
  await page.screenshot({ path });
  shots.push(path);
  console.log(`wrote ${path}`);
}

async function frameWith(page, selector, text) {
  return poll(
    async () => {
      for (const f of page.frames()) {
        const t = await f.locator(selector).first().innerText({ timeout: 300 }).catch(() => '');
        if (t.includes(text)) return f;
      }
      return undefined;
    },
    (f) => !!f,
    { timeout: 30_000, what: `a webview showing ${text}` },
  );
}

async function hoverAt(page, line, column, expect) {
  await goTo(page, line, column);
  await page.keyboard.press('Control+K');
  await page.keyboard.press('Control+I');
  await poll(async () => (await page.locator('.monaco-hover-content').allInnerTexts()).join('\n'), (t) => t.includes(expect), { timeout: 20_000, what: `a hover with ${expect}` });
  await page.waitForTimeout(400);
}

async function session(slug, theme, all) {
  const vs = await startVSCode({ folder, settings: { 'workbench.colorTheme': theme, 'editor.fontSize': 14 }, viewport: { width: 1500, height: 900 } });
  const { page } = vs;
  try {
    await quickOpen(page, '08ASTANA2318.cable');
    await poll(() => problemCounts(page), (s) => /[1-9]/.test(s), { what: 'diagnostics' });
    await command(page, 'Explorer: Focus on Outline View');
    await page.locator('.pane-header', { hasText: /^cable-shots/i }).first().click().catch(() => {});
    await poll(async () => (await page.locator('.outline-pane .monaco-list-row').allInnerTexts()).join('\n'), (t) => t.includes('Header'), { what: 'the outline' });

    // The header: the DE line without a colour swatch, the DTG decoded inline, semantic colours.
    await goTo(page, 40, 1);
    await goTo(page, 9, 1);
    await page.waitForTimeout(1500);
    await shot(page, `reader-header-${slug}`);

    // Prose: quotations and section headings in the text.
    await goTo(page, 110, 1);
    await goTo(page, 66, 1);
    await page.waitForTimeout(800);
    await shot(page, `reader-prose-${slug}`);
    if (!all) {
      // The reading view takes the theme's colours too.
      await goTo(page, 1, 1);
      await page.keyboard.press('Control+Home');
      await command(page, 'Cable: Open Reading View');
      await frameWith(page, '#content', 'HOAGLAND');
      await page.waitForTimeout(1500);
      await shot(page, `reader-reading-view-card-${slug}`);
      return;
    }

    // The outline with a hover on RUEHC (the gateway), as the README shows it.
    await hoverAt(page, 19, 5, 'shared gateway');
    await shot(page, `vscode-outline-hover${slug === 'light' ? '' : `-${slug}`}`);
    await page.keyboard.press('Escape');
    await hoverAt(page, 42, 18, 'PHUM');
    await shot(page, `reader-hover-tags-${slug}`);
    await page.keyboard.press('Escape');

    // A quick fix edits the buffer: the tab shows it dirty, the file on disk is unchanged.
    await goTo(page, 132, 52);
    await page.keyboard.press('Control+.');
    const item = page.locator('.action-widget .monaco-list-row', { hasText: /remains/ }).first();
    await item.waitFor({ timeout: 20_000 });
    await page.waitForTimeout(400);
    await shot(page, `reader-quick-fix-menu-${slug}`);
    await item.click();
    await poll(() => page.locator('.tabs-container .tab.active.dirty').count(), (n) => n === 1, { what: 'a dirty editor' });
    await page.waitForTimeout(600);
    await shot(page, `reader-quick-fix-dirty-${slug}`);
    await command(page, 'File: Revert File');
    await poll(() => page.locator('.tabs-container .tab.active.dirty').count(), (n) => n === 0, { what: 'a clean editor' });

    // A rule's code opens its documentation rendered, at its section.
    await page.keyboard.press('Control+Shift+M');
    const link = page.locator('.markers-panel .monaco-list-row a', { hasText: 'CBL303' }).first();
    await link.waitFor({ timeout: 20_000 });
    await link.click();
    await frameWith(page, 'h3.current', 'CBL303');
    await page.waitForTimeout(600);
    await shot(page, `reader-rule-doc-${slug}`);
    await page.keyboard.press('Control+Shift+M');
    await command(page, 'View: Close All Editors');

    // The reading view beside the editor.
    await quickOpen(page, '08ASTANA2318.cable');
    await goTo(page, 150, 1);
    await goTo(page, 125, 1);
    await command(page, 'Cable: Open Reading View');
    await frameWith(page, '#content', 'HOAGLAND');
    await page.waitForTimeout(1500);
    await shot(page, `reader-reading-view-${slug}`);
    await command(page, 'View: Close All Editors');
    await quickOpen(page, '08ASTANA2318.cable');
    await goTo(page, 1, 1);
    await page.keyboard.press('Control+Home');
    await command(page, 'Cable: Open Reading View');
    await frameWith(page, '#content', 'HOAGLAND');
    await page.waitForTimeout(1500);
    await shot(page, `reader-reading-view-card-${slug}`);
    await command(page, 'View: Close All Editors');

    // Check Workspace: the Problems view holds every cable's problems.
    await command(page, 'Cable: Check Workspace');
    await poll(async () => page.locator('.notifications-toasts', { hasText: 'problem' }).count(), (n) => n > 0, { timeout: 90_000, what: 'the Check Workspace summary' });
    await page.keyboard.press('Control+Shift+M');
    await page.waitForTimeout(1200);
    await shot(page, `reader-check-workspace-${slug}`);
    await page.keyboard.press('Control+Shift+M');

    // Fix All in Workspace: the refactor preview, every change with its check box.
    await command(page, 'Cable: Fix All in Workspace');
    await page.locator('.bulk-edit-panel').first().waitFor({ timeout: 60_000 });
    await page.waitForTimeout(1500);
    await shot(page, `reader-fix-all-workspace-${slug}`);
    await page.locator('.bulk-edit-panel .monaco-button', { hasText: 'Discard' }).first().click().catch(() => {});
  } finally {
    await vs.stop();
  }
}

for (const slug of wanted) {
  const theme = THEMES[slug];
  if (!theme) throw new Error(`unknown theme ${slug}`);
  // The third-party theme shows the colours only; dark and light show every feature.
  await session(slug, theme, slug !== 'monokai');
}
console.log(`${shots.length} screenshots in ${outDir}`);
