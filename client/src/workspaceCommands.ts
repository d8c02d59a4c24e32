/**
 * A workspace of cables: "Cable: Check Workspace" puts the problems of every `.cable` file into
 * the Problems view, and "Cable: Fix All in Workspace" proposes every fix through VS Code's
 * refactor preview, where each change can be seen and deselected before anything is applied.
 *
 * The server checks texts the client reads (`cable/checkText`, `cable/fixAllEdits`): closed files
 * are not synchronised with it, and the client already has the file system of any workspace,
 * virtual ones included. Open documents are left to the server's own diagnostics, which follow
 * the editor's text.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { Diagnostic as LspDiagnostic, TextEdit as LspTextEdit } from 'vscode-languageclient/node';

const GLOB = '**/*.cable';

function maxFiles(): number {
  const v = vscode.workspace.getConfiguration('cable').get<number>('checkWorkspace.maxFiles', 5000);
  return typeof v === 'number' && v >= 1 ? Math.floor(v) : 5000;
}

/** Files bigger than this are left out of a workspace run (named in the summary). */
const MAX_BYTES = 20 * 1024 * 1024;

/**
 * A request of the run, undefined once the run is cancelled: the server answers a request it was
 * cancelled in (its work runs in slices) with RequestCancelled, which the client rejects with,
 * and a cancelled run is no failure of the command.
 */
async function ask<R>(c: LanguageClient, method: string, params: object, token: vscode.CancellationToken): Promise<R | undefined> {
  try {
    const answer = await c.sendRequest<R>(method, params, token);
    return token.isCancellationRequested ? undefined : answer;
  } catch (err) {
    if (token.isCancellationRequested) return undefined;
    throw err;
  }
}

async function cableFiles(token: vscode.CancellationToken): Promise<{ files: vscode.Uri[]; capped: boolean }> {
  const cap = maxFiles();
  const found = await vscode.workspace.findFiles(GLOB, undefined, cap + 1, token);
  found.sort((a, b) => a.toString().localeCompare(b.toString()));
  return { files: found.slice(0, cap), capped: found.length > cap };
}

async function readText(uri: vscode.Uri): Promise<string | undefined> {
  const stat = await vscode.workspace.fs.stat(uri);
  if (stat.size > MAX_BYTES) return undefined;
  // The server reads binary and mis-encoded input as such (CBL404): decode without throwing.
  return new TextDecoder('utf-8', { fatal: false }).decode(await vscode.workspace.fs.readFile(uri));
}

/**
 * The files shown in editor tabs: the language client asks the server for their diagnostics. A
 * document merely open in the background (the refactor preview opens every file it shows) is not
 * diagnosed by the server, so its workspace problems stay.
 */
function tabUris(): Set<string> {
  const out = new Set<string>();
  for (const group of vscode.window.tabGroups.all) {
    for (const tab of group.tabs) {
      if (tab.input instanceof vscode.TabInputText) out.add(tab.input.uri.toString());
    }
  }
  return out;
}

export function registerWorkspaceCommands(client: () => LanguageClient | undefined): vscode.Disposable {
  const collection = vscode.languages.createDiagnosticCollection('cable-workspace');
  const disposables: vscode.Disposable[] = [collection];
  // Once a file is in an editor the server's diagnostics cover it: do not show its problems twice.
  disposables.push(
    vscode.window.tabGroups.onDidChangeTabs((e) => {
      for (const tab of e.opened) if (tab.input instanceof vscode.TabInputText) collection.delete(tab.input.uri);
    }),
  );
  disposables.push(vscode.workspace.onDidDeleteFiles((e) => e.files.forEach((f) => collection.delete(f))));

  disposables.push(
    vscode.commands.registerCommand('cable.checkWorkspace', async () => {
      const c = client();
      if (!c) return;
      await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: 'Cable: checking the workspace', cancellable: true },
        async (progress, token) => {
          const { files, capped } = await cableFiles(token);
          collection.clear();
          const open = tabUris();
          let done = 0;
          let withProblems = 0;
          let problems = 0;
          const skipped: string[] = [];
          for (const uri of files) {
            if (token.isCancellationRequested) break;
            done++;
            progress.report({ message: `${done} of ${files.length}: ${vscode.workspace.asRelativePath(uri)}`, increment: 100 / Math.max(1, files.length) });
            if (open.has(uri.toString())) continue;
            let text: string | undefined;
            try {
              text = await readText(uri);
            } catch {
              skipped.push(vscode.workspace.asRelativePath(uri));
              continue;
            }
            if (text === undefined) {
              skipped.push(vscode.workspace.asRelativePath(uri));
              continue;
            }
            const lsp = await ask<LspDiagnostic[]>(c, 'cable/checkText', { uri: uri.toString(), text }, token);
            if (lsp === undefined) break;
            const diagnostics = await c.protocol2CodeConverter.asDiagnostics(lsp ?? []);
            // Counted as the Problems view shows them: hints are not listed there.
            const shown = diagnostics.filter((d) => d.severity !== vscode.DiagnosticSeverity.Hint).length;
            if (shown) {
              withProblems++;
              problems += shown;
            }
            collection.set(uri, diagnostics);
          }
          const stopped = token.isCancellationRequested ? ` Stopped after ${done} of ${files.length} files.` : '';
          const cap = capped ? ` Only the first ${files.length} files were checked (cable.checkWorkspace.maxFiles).` : '';
          const skip = skipped.length ? ` Left out (too big or unreadable): ${skipped.slice(0, 3).join(', ')}${skipped.length > 3 ? ` and ${skipped.length - 3} more` : ''}.` : '';
          void vscode.window.showInformationMessage(`Cable: ${problems} problem${problems === 1 ? '' : 's'} in ${withProblems} of ${files.length} cable files (open files show their own).${stopped}${cap}${skip}`);
        },
      );
    }),
  );

  disposables.push(
    vscode.commands.registerCommand('cable.fixAllInWorkspace', async () => {
      const c = client();
      if (!c) return;
      const edit = new vscode.WorkspaceEdit();
      let files = 0;
      let changes = 0;
      const changing: string[] = [];
      const cancelled = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: 'Cable: collecting the fixes of the workspace', cancellable: true },
        async (progress, token) => {
          const { files: uris } = await cableFiles(token);
          const open = new Map(vscode.workspace.textDocuments.map((d) => [d.uri.toString(), d]));
          let done = 0;
          for (const uri of uris) {
            if (token.isCancellationRequested) return true;
            done++;
            progress.report({ message: `${done} of ${uris.length}`, increment: 100 / Math.max(1, uris.length) });
            const doc = open.get(uri.toString());
            // An open document is fixed as the editor holds it; a closed one as it is on disk.
            let params: { uri: string; text?: string };
            if (doc) params = { uri: uri.toString() };
            else {
              const text = await readText(uri).catch(() => undefined);
              if (text === undefined) continue;
              params = { uri: uri.toString(), text };
            }
            // null: the document changed while its fixes were collected (it is being typed in);
            // asked once more, on its text as it is now.
            let lsp = await ask<LspTextEdit[] | null>(c, 'cable/fixAllEdits', params, token);
            if (lsp === null) lsp = await ask<LspTextEdit[] | null>(c, 'cable/fixAllEdits', params, token);
            if (lsp === undefined) return true;
            if (lsp === null) {
              changing.push(vscode.workspace.asRelativePath(uri));
              continue;
            }
            if (lsp.length === 0) continue;
            const edits = await c.protocol2CodeConverter.asTextEdits(lsp);
            if (!edits) continue;
            files++;
            changes += edits.length;
            const name = vscode.workspace.asRelativePath(uri);
            // One annotation per file: the preview groups its changes under the file, each one
            // with its own check box.
            const annotation: vscode.WorkspaceEditEntryMetadata = {
              label: `Fix ${name}`,
              description: `${edits.length} change${edits.length === 1 ? '' : 's'}`,
              needsConfirmation: true,
            };
            for (const e of edits) edit.replace(uri, e.range, e.newText, annotation);
          }
          return false;
        },
      );
      if (cancelled) return;
      const left = changing.length ? ` Left out, changing while their fixes were collected (run it again for them): ${changing.slice(0, 3).join(', ')}${changing.length > 3 ? ` and ${changing.length - 3} more` : ''}.` : '';
      if (files === 0) {
        void vscode.window.showInformationMessage(`Cable: nothing to fix in the workspace.${left}`);
        return;
      }
      // needsConfirmation opens the refactor preview, where VS Code leaves such changes unticked:
      // the user ticks a file (or a change) to take it. No `isRefactoring`, so nothing is saved:
      // the files stay dirty for review, as every Cable Text fix does.
      void vscode.window.showInformationMessage(`Cable: ${changes} fixes in ${files} files, in the Refactor Preview: tick the files or changes to apply, then Apply.${left}`);
      const applied = await vscode.workspace.applyEdit(edit);
      if (applied) void vscode.window.showInformationMessage(`Cable: applied the fixes you kept (of ${changes} in ${files} files). The files are not saved yet.`);
    }),
  );
  return vscode.Disposable.from(...disposables);
}
