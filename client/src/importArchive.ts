/**
 * "Cable: Import Archive…": the `cable import` of the CLI, run in the extension host on the same
 * code (server/src/import, Node's fs only): pick cables.csv or pages, a folder to write into and a
 * layout; a progress notification that can cancel; then the output folder is opened (shown in the
 * Explorer when it is inside the workspace, else in a new window). What was skipped, and why, goes
 * to the "Cable Import" output channel.
 */
import * as vscode from 'vscode';
import type { Layout } from '../../server/src/import/cable';
import { runImport, type ImportProblem, type ImportSummary } from '../../server/src/import/run';

export const IMPORT_COMMAND = 'cable.importArchive';

export function registerImportArchive(): vscode.Disposable {
  let channel: vscode.OutputChannel | undefined;
  const output = () => (channel ??= vscode.window.createOutputChannel('Cable Import'));
  const command = vscode.commands.registerCommand(IMPORT_COMMAND, () => importArchive(output));
  return new vscode.Disposable(() => {
    command.dispose();
    channel?.dispose();
  });
}

const LAYOUT_ITEMS: Array<vscode.QuickPickItem & { layout: Layout }> = [
  { label: 'By year and month', description: '2008/11/08ASTANA2318.cable', layout: 'year-month' },
  { label: 'By year', description: '2008/08ASTANA2318.cable', layout: 'year' },
  { label: 'By origin', description: 'Embassy Astana/08ASTANA2318.cable', layout: 'origin' },
  { label: 'All in one folder', description: '08ASTANA2318.cable', layout: 'flat' },
];

export async function importArchive(output: () => vscode.OutputChannel): Promise<ImportSummary | undefined> {
  // Windows and Linux dialogs pick files or folders, not both: ask which first.
  const kind = await vscode.window.showQuickPick(
    [
      { label: 'cables.csv or pages', description: 'the 2011 cables.csv, cablegate .html pages or <pre> fragments', folders: false },
      { label: 'A folder of cablegate pages', description: 'searched for *.html', folders: true },
    ],
    { title: 'Cable: Import Archive', placeHolder: 'What to import' },
  );
  if (!kind) return undefined;
  const sources = await vscode.window.showOpenDialog({
    title: kind.folders ? 'Folders of cablegate pages' : 'cables.csv, pages or fragments',
    canSelectFiles: !kind.folders,
    canSelectFolders: kind.folders,
    canSelectMany: true,
    openLabel: 'Import',
    filters: kind.folders ? undefined : { 'Cable archives': ['csv', 'html', 'htm'], 'All files': ['*'] },
  });
  if (!sources?.length) return undefined;
  const outPick = await vscode.window.showOpenDialog({
    title: 'Folder to write the .cable files into',
    canSelectFiles: false,
    canSelectFolders: true,
    canSelectMany: false,
    openLabel: 'Write Here',
    defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
  });
  const out = outPick?.[0];
  if (!out) return undefined;
  const layout = await vscode.window.showQuickPick(LAYOUT_ITEMS, { title: 'Cable: Import Archive', placeHolder: 'How to arrange the files' });
  if (!layout) return undefined;

  const channel = output();
  const problems: ImportProblem[] = [];
  const summary = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Importing cables', cancellable: true },
    async (progress, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      const started = Date.now();
      let reported = 0;
      let last = 0;
      return runImport({
        sources: sources.map((u) => u.fsPath),
        out: out.fsPath,
        layout: layout.layout,
        force: false,
        signal: abort.signal,
        onProblem: (p) => {
          problems.push(p);
          channel.appendLine(`${p.where}: ${p.severity === 'warning' ? 'warning: ' : ''}${p.reason}`);
        },
        onProgress: (p) => {
          const now = Date.now();
          if (now - last < 250) return;
          last = now;
          const rate = Math.round(p.rows / Math.max((now - started) / 1000, 0.001));
          const part = p.totalBytes ? p.bytes / p.totalBytes : p.files ? p.files.done / p.files.total : undefined;
          const increment = part !== undefined ? Math.max(0, part * 100 - reported) : undefined;
          if (increment !== undefined) reported += increment;
          progress.report({ message: `${p.rows.toLocaleString()} ${p.files ? 'pages' : 'rows'}, ${rate.toLocaleString()}/s`, increment });
        },
      });
    },
  );

  const total = summary.written + summary.unchanged;
  const text = `${summary.cancelled ? 'Import stopped: ' : ''}${total.toLocaleString()} cables in ${out.fsPath} (${summary.written.toLocaleString()} written, ${summary.unchanged.toLocaleString()} already there), ${summary.skippedTotal.toLocaleString()} skipped.`;
  channel.appendLine(text);
  if (summary.skippedTotal || summary.unreadable) {
    channel.appendLine(`Skipped: ${Object.entries(summary.skipped).map(([k, v]) => `${k} ${v}`).join(', ')}`);
    void vscode.window.showWarningMessage(text, 'Show Details').then((b) => b && channel.show(true));
  } else void vscode.window.showInformationMessage(text);
  if (total > 0) await openOutput(out);
  return summary;
}

async function openOutput(out: vscode.Uri): Promise<void> {
  const inside = vscode.workspace.getWorkspaceFolder(out);
  if (inside) await vscode.commands.executeCommand('revealInExplorer', out);
  else await vscode.commands.executeCommand('vscode.openFolder', out, { forceNewWindow: true });
}
