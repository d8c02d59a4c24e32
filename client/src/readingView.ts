/**
 * "Cable: Open Reading View": the cable as a reader wants it, beside the editor, like Markdown's
 * preview. The server renders the HTML from its model (request `cable/readingView`, see
 * server/src/service/readingView.ts); this file frames it in a webview with the editor's colours,
 * keeps it in step with edits, and syncs the scroll both ways through the `data-line` of each
 * rendered element.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

const REQUEST = 'cable/readingView';

interface Rendered {
  html: string;
  cables: number;
  /** Of a large document the server renders a window of cables around the line sent (issue 9). */
  window?: { first: number; last: number; total: number; startLine: number; endLine: number };
}

class ReadingView {
  private readonly disposables: vscode.Disposable[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private moveTimer: ReturnType<typeof setTimeout> | undefined;
  /** Until this time, editor scrolls are ours (from the view): do not echo them back. */
  private quietUntil = 0;
  /** The window of the view shown (undefined: the whole document), and of which document. */
  private shown: { document: vscode.TextDocument; window: Rendered['window'] } | undefined;
  /** Only the answer to the latest request is shown: an older one may come back after it. */
  private asked = 0;
  /** The editor's first visible line when last seen: where the view's window is centred. */
  private top = 0;

  constructor(
    readonly panel: vscode.WebviewPanel,
    private document: vscode.TextDocument,
    private readonly client: () => LanguageClient | undefined,
    private readonly onDispose: () => void,
  ) {
    panel.webview.html = frame(panel.webview.cspSource, nonce());
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((m: { type?: string; line?: number; uri?: string }) => this.onMessage(m)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document === this.document) this.schedule();
      }),
      vscode.window.onDidChangeTextEditorVisibleRanges((e) => {
        if (e.textEditor.document !== this.document) return;
        const top = e.visibleRanges[0]?.start.line;
        if (top === undefined) return;
        this.top = top;
        // The editor left the window of a large document (scrolled, or jumped to a symbol): ask for
        // the window around it once the scrolling settles. Also when the view moved the editor there.
        if (this.outsideWindow(top, e.visibleRanges.at(-1)?.end.line ?? top)) this.scheduleMove();
        if (Date.now() < this.quietUntil) return;
        void panel.webview.postMessage({ type: 'scroll', line: top });
      }),
    );
    void this.update();
  }

  show(document: vscode.TextDocument): void {
    if (document !== this.document) {
      this.document = document;
      void this.update();
    }
    this.panel.title = title(document);
    this.panel.reveal(undefined, true);
  }

  private outsideWindow(top: number, bottom: number): boolean {
    const w = this.shown?.document === this.document ? this.shown.window : undefined;
    if (!w) return false;
    return (w.first > 0 && top < w.startLine) || (w.last < w.total - 1 && bottom > w.endLine);
  }

  private scheduleMove(): void {
    if (this.moveTimer) clearTimeout(this.moveTimer);
    this.moveTimer = setTimeout(() => void this.update(), 200);
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    // The server parses on its own debounce; wait a little longer so it has the new text.
    this.timer = setTimeout(() => void this.update(), 350);
  }

  private async update(): Promise<void> {
    const c = this.client();
    if (!c) return;
    if (this.moveTimer) clearTimeout(this.moveTimer);
    const document = this.document;
    const editor = vscode.window.visibleTextEditors.find((e) => e.document === document);
    const line = editor?.visibleRanges[0]?.start.line ?? this.top;
    const asked = ++this.asked;
    let rendered: Rendered;
    try {
      rendered = await c.sendRequest<Rendered>(REQUEST, { uri: document.uri.toString(), line });
    } catch (err) {
      rendered = { html: `<p class="empty">The reading view could not be rendered: ${String(err).replace(/[<>&]/g, '')}</p>`, cables: 0 };
    }
    if (asked !== this.asked || document !== this.document) return;
    this.panel.title = title(document);
    const now = vscode.window.visibleTextEditors.find((e) => e.document === document)?.visibleRanges[0]?.start.line ?? line;
    // The same cables as before (an edit, the whole document): the view keeps its scroll position.
    // A window that moved, or another document: the view goes to the editor's line.
    const w = rendered.window;
    const before = this.shown?.document === document ? this.shown : undefined;
    const keep = before !== undefined && before.window?.first === w?.first && before.window?.last === w?.last;
    this.shown = { document, window: w };
    void this.panel.webview.postMessage({ type: 'render', html: rendered.html, line: now, keep });
    // The editor moved on while this window was rendered: the next one.
    if (editor && this.outsideWindow(now, editor.visibleRanges.at(-1)?.end.line ?? now)) this.scheduleMove();
  }

  private onMessage(m: { type?: string; line?: number; uri?: string }): void {
    if (m.type === 'scroll' && typeof m.line === 'number') {
      const editor = vscode.window.visibleTextEditors.find((e) => e.document === this.document);
      if (!editor) return;
      this.quietUntil = Date.now() + 400;
      const pos = new vscode.Position(Math.max(0, Math.min(m.line, this.document.lineCount - 1)), 0);
      editor.revealRange(new vscode.Range(pos, pos), vscode.TextEditorRevealType.AtTop);
    } else if (m.type === 'open' && typeof m.uri === 'string') {
      void vscode.window.showTextDocument(vscode.Uri.parse(m.uri), { viewColumn: vscode.ViewColumn.One });
    } else if (m.type === 'ready') {
      void this.update();
    }
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.moveTimer) clearTimeout(this.moveTimer);
    for (const d of this.disposables.splice(0)) d.dispose();
    this.onDispose();
  }
}

function title(document: vscode.TextDocument): string {
  return `Reading: ${document.uri.path.split('/').pop() ?? 'cable'}`;
}

function nonce(): string {
  let s = '';
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  for (let i = 0; i < 32; i++) s += chars[Math.floor(Math.random() * chars.length)];
  return s;
}

let view: ReadingView | undefined;

export function registerReadingView(client: () => LanguageClient | undefined): vscode.Disposable {
  return vscode.commands.registerCommand('cable.openReadingView', async (uri?: vscode.Uri) => {
    const document = uri instanceof vscode.Uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
    if (!document || document.languageId !== 'cable') {
      void vscode.window.showInformationMessage('Cable: open a .cable file to read it.');
      return;
    }
    if (view) {
      view.show(document);
      return;
    }
    const panel = vscode.window.createWebviewPanel('cable.readingView', title(document), { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      enableScripts: true,
      // Ctrl+F in the view: the text as read (split words whole, no page markers), which the
      // editor's search does not find.
      enableFindWidget: true,
      localResourceRoots: [],
      retainContextWhenHidden: false,
    });
    view = new ReadingView(panel, document, client, () => (view = undefined));
  });
}

/** The page around the server's HTML: the editor's colours, and the scroll sync. */
export function frame(cspSource: string, n: string): string {
  return `<!DOCTYPE html><html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${cspSource} 'unsafe-inline'; script-src 'nonce-${n}';">
<style>
body { font-family: var(--vscode-editor-font-family, var(--vscode-font-family)); font-size: var(--vscode-editor-font-size, 14px); color: var(--vscode-editor-foreground); background: var(--vscode-editor-background); line-height: 1.6; max-width: 46em; margin: 0 auto; padding: 1em 1.5em 60vh; font-family: var(--vscode-font-family); }
.card { border: 1px solid var(--vscode-panel-border, var(--vscode-editorWidget-border)); background: var(--vscode-editorWidget-background); border-radius: 6px; padding: .8em 1.2em; margin: 1em 0 2em; }
.card h1 { font-size: 1.25em; margin: .2em 0 .6em; line-height: 1.3; }
.card table { border-collapse: collapse; width: 100%; }
.card th { text-align: left; vertical-align: top; font-weight: 600; color: var(--vscode-descriptionForeground); padding: .15em 1em .15em 0; white-space: nowrap; width: 1%; }
.card td { padding: .15em 0; }
.card ul { margin: 0; padding: 0; list-style: none; }
.card details summary { cursor: pointer; color: var(--vscode-textLink-foreground); }
.which { color: var(--vscode-descriptionForeground); font-size: .9em; }
.code { font-family: var(--vscode-editor-font-family); font-size: .9em; color: var(--vscode-descriptionForeground); }
.unknown { color: var(--vscode-descriptionForeground); font-style: italic; }
a { color: var(--vscode-textLink-foreground); }
h2 { font-size: 1.05em; letter-spacing: .02em; margin: 1.8em 0 .6em; }
p { margin: 0 0 1em; }
.num { display: inline-block; min-width: 1.6em; font-weight: 600; }
.marking { display: inline-block; font-size: .75em; font-weight: 600; padding: 0 .45em; margin-right: .6em; border-radius: 3px; border: 1px solid var(--vscode-badge-background); color: var(--vscode-badge-foreground); background: var(--vscode-badge-background); vertical-align: .1em; }
.summary, .comment { border-left: 3px solid var(--vscode-textBlockQuote-border, var(--vscode-focusBorder)); background: var(--vscode-textBlockQuote-background); padding: .4em .8em; }
.block-label { display: block; font-size: .8em; font-weight: 600; text-transform: uppercase; letter-spacing: .05em; color: var(--vscode-descriptionForeground); }
.signature { font-weight: 600; margin-top: 2em; }
.left-out, .empty { color: var(--vscode-descriptionForeground); font-style: italic; }
.window-note { color: var(--vscode-editor-foreground); background: var(--vscode-editorWidget-background); border: 1px solid var(--vscode-panel-border, var(--vscode-editorWidget-border)); border-left: 4px solid var(--vscode-editorInfo-foreground, var(--vscode-focusBorder)); border-radius: 4px; padding: .5em .8em; margin: 1em 0; font-size: .95em; }
article.cable + article.cable { border-top: 2px solid var(--vscode-panel-border); margin-top: 3em; }
/* Where the reader is in a large file, wherever the view is scrolled: one line on the theme's widget
   colours (opaque), a border that high-contrast themes draw, and the text scrolled to kept below it. */
.window-bar { position: sticky; top: 0; z-index: 1; margin: 0 -1.5em; padding: .3em 1.5em; font-size: .9em; line-height: 1.5; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; color: var(--vscode-editorWidget-foreground, var(--vscode-editor-foreground)); background: var(--vscode-editorWidget-background, var(--vscode-editor-background)); border-bottom: 1px solid var(--vscode-contrastBorder, var(--vscode-editorWidget-border, var(--vscode-panel-border))); box-shadow: 0 2px 4px var(--vscode-widget-shadow, transparent); }
.window-bar .at { font-weight: 600; }
/* The window's bottom note can be scrolled to the top: the editor then goes past the window's last
   line, and the window moves on (else the view's end is reached with the editor inside the window). */
#content > .window-note:last-child { margin-bottom: 45vh; }
</style></head><body><div id="content"><p class="empty">Rendering…</p></div>
<script nonce="${n}">
const vscode = acquireVsCodeApi();
const content = document.getElementById('content');
let quietUntil = 0;
// The blocks that stand for lines (not the article around a whole cable), in document order.
function marks() { return [...document.querySelectorAll('header[data-line], h2[data-line], p[data-line]')]; }
// A large file's window bar sticks to the top: what is under it is not on screen.
function barHeight() { const bar = document.querySelector('.window-bar'); return bar ? bar.getBoundingClientRect().height : 0; }
// The bar names the cable at the top of the screen: the first whose end is below the bar.
function updateBar() {
  const bar = document.querySelector('.window-bar');
  if (!bar) return;
  const y = bar.getBoundingClientRect().bottom;
  const cables = document.querySelectorAll('article.cable');
  let i = 0;
  while (i < cables.length - 1 && cables[i].getBoundingClientRect().bottom <= y) i++;
  const at = bar.querySelector('.at');
  const text = 'Cable ' + (Number(bar.dataset.first) + i + 1).toLocaleString('en-US') + ' of ' + Number(bar.dataset.total).toLocaleString('en-US');
  if (at && at.textContent !== text) at.textContent = text;
}
function scrollToLine(line) {
  let best;
  // The first of the blocks on the nearest line at or above: the window's note before the card
  // that shares its line.
  for (const el of marks()) { const l = Number(el.dataset.line); if (l > line) break; if (!best || l > Number(best.dataset.line)) best = el; }
  quietUntil = Date.now() + 400;
  if (best) best.scrollIntoView({ block: 'start' }); else window.scrollTo(0, 0);
}
window.addEventListener('message', (e) => {
  const m = e.data;
  if (m.type === 'render') {
    const y = window.scrollY;
    content.innerHTML = m.html;
    // What the view scrolls to stands a little below the bar, its top edge in sight.
    const bar = barHeight();
    document.documentElement.style.scrollPaddingTop = (bar > 0 ? bar + 6 : 0) + 'px';
    if (m.keep && y > 0) window.scrollTo(0, y); else scrollToLine(m.line);
    updateBar();
  }
  else if (m.type === 'scroll') scrollToLine(m.line);
});
// Once a frame: the bar follows every scroll; the editor follows the reader's scrolls, not those
// made here for the editor (quietUntil), which would send it back where it came from.
let pending = false;
let follow = false;
window.addEventListener('scroll', () => {
  if (Date.now() >= quietUntil) follow = true;
  if (pending) return;
  pending = true;
  requestAnimationFrame(() => {
    pending = false;
    updateBar();
    if (!follow) return;
    follow = false;
    const y = barHeight();
    const top = marks().find((el) => el.getBoundingClientRect().bottom > y);
    if (top) vscode.postMessage({ type: 'scroll', line: Number(top.dataset.line) });
  });
});
document.addEventListener('click', (e) => {
  const a = e.target.closest && e.target.closest('a[data-open]');
  if (a) { e.preventDefault(); vscode.postMessage({ type: 'open', uri: a.dataset.open }); }
});
vscode.postMessage({ type: 'ready' });
</script></body></html>`;
}
