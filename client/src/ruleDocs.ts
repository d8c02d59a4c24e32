/**
 * Rule documentation where the user clicks. A diagnostic's code (`CBL303`) links to the shipped
 * docs/rules.md at the rule's anchor; VS Code would open that file: link as Markdown source at
 * line 1 (a "GENERATED … do not edit" comment) and ignore the anchor. The client points the code
 * at a command instead, which shows docs/rules.md rendered (by VS Code's own Markdown renderer) in
 * a panel scrolled to the rule's section.
 */
import * as vscode from 'vscode';

export const OPEN_RULE_DOC_COMMAND = 'cable.openRuleDoc';

/** `CBL303` → the heading anchor docs/rules.md gives it (`cbl303-split-word`), from the server's link. */
function anchorOf(code: string, target: vscode.Uri | undefined): string {
  const fragment = target?.fragment;
  return fragment && fragment.toLowerCase().startsWith(code.toLowerCase()) ? fragment : code.toLowerCase();
}

/** The command URI a diagnostic's code links to. */
export function ruleDocLink(code: string, anchor: string): vscode.Uri {
  return vscode.Uri.parse(`command:${OPEN_RULE_DOC_COMMAND}?${encodeURIComponent(JSON.stringify([code, anchor]))}`);
}

/** Re-points the code of every Cable Text diagnostic at the rendered documentation. */
export function linkRuleDocs(diagnostics: readonly vscode.Diagnostic[]): vscode.Diagnostic[] {
  return diagnostics.map((d) => {
    const code = d.code;
    if (typeof code === 'object' && code !== null && typeof code.value === 'string' && /^CBL\d{3}$/.test(code.value)) {
      d.code = { value: code.value, target: ruleDocLink(code.value, anchorOf(code.value, code.target)) };
    }
    return d;
  });
}

let panel: vscode.WebviewPanel | undefined;

export function registerRuleDocs(context: vscode.ExtensionContext): vscode.Disposable {
  return vscode.commands.registerCommand(OPEN_RULE_DOC_COMMAND, async (code?: string, anchor?: string) => {
    const doc = vscode.Uri.joinPath(context.extensionUri, 'docs', 'rules.md');
    let markdown: string;
    try {
      markdown = new TextDecoder().decode(await vscode.workspace.fs.readFile(doc));
    } catch {
      void vscode.window.showErrorMessage('Cable: docs/rules.md is missing from the extension.');
      return;
    }
    let html: string;
    try {
      // VS Code's Markdown renderer (the built-in Markdown extension) gives headings the same
      // slugs as the anchors the server links to.
      html = await vscode.commands.executeCommand<string>('markdown.api.render', markdown);
    } catch {
      // Without the Markdown extension: its preview, at the top.
      await vscode.commands.executeCommand('markdown.showPreviewToSide', doc);
      return;
    }
    const target = anchor ?? code?.toLowerCase() ?? '';
    if (!panel) {
      panel = vscode.window.createWebviewPanel('cable.ruleDoc', 'Cable rules', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, { enableScripts: true, localResourceRoots: [] });
      panel.onDidDispose(() => (panel = undefined));
    }
    panel.title = code ? `Cable rule ${code}` : 'Cable rules';
    panel.webview.html = page(html, target, panel.webview.cspSource);
    panel.reveal(vscode.ViewColumn.Beside, true);
  });
}

function page(body: string, anchor: string, cspSource: string): string {
  const nonce = Math.random().toString(36).slice(2) + Date.now().toString(36);
  // The rendered Markdown is the shipped file's (no user text); scripts run only with the nonce.
  return `<!DOCTYPE html><html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${cspSource} 'unsafe-inline'; script-src 'nonce-${nonce}';">
<style>
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); background: var(--vscode-editor-background); line-height: 1.5; max-width: 56em; padding: 0 1.5em 40vh; }
h1, h2, h3 { font-weight: 600; } h3 { margin-top: 2em; border-bottom: 1px solid var(--vscode-panel-border); padding-bottom: .2em; }
code, pre { font-family: var(--vscode-editor-font-family); } pre { background: var(--vscode-textCodeBlock-background); padding: .6em .8em; overflow-x: auto; }
code { background: var(--vscode-textCodeBlock-background); padding: 0 .2em; }
a { color: var(--vscode-textLink-foreground); }
.current { outline: 2px solid var(--vscode-focusBorder); outline-offset: 6px; }
table { border-collapse: collapse; } td, th { border: 1px solid var(--vscode-panel-border); padding: .2em .5em; }
</style></head><body>${body}
<script nonce="${nonce}">
const anchor = ${JSON.stringify(anchor)};
const el = anchor && (document.getElementById(anchor) || [...document.querySelectorAll('h3')].find((h) => h.textContent.toLowerCase().replace(/\\s+/g, '-').startsWith(anchor.split('-')[0])));
if (el) { el.classList.add('current'); el.scrollIntoView({ block: 'start' }); }
</script></body></html>`;
}
