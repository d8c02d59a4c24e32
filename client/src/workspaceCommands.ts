/**
 * A workspace of cables: "Cable: Check Workspace" puts the problems of every `.cable` file into
 * the Problems view, and "Cable: Fix All in Workspace" proposes every fix through VS Code's
 * refactor preview, where each change can be seen and deselected before anything is applied.
 *
 * The server checks texts the client reads (`cable/checkText`, `cable/fixAllEdits`): closed files
 * are not synchronised with it, and the client already has the file system of any workspace,
 * virtual ones included. Files in an editor are left to the server's own diagnostics, which follow
 * the editor's text, when VS Code has handed them over: a file over 50 MB shown in a tab never is,
 * so this command checks it as a closed file, unless "Check it" (largeFiles.ts) has had the server
 * publish its problems already.
 *
 * A closed file over 20 MB is not read here (a 200 MB string in the extension host, then as one
 * message): Check Workspace has the server read it from disk as a stream (`cable/checkFile` with
 * `publish: false`, which answers the diagnostics instead of publishing them), so its problems
 * go into this command's collection as every other closed file's do, and are cleared with them.
 * That needs a `file:` URI; others over the limit are left out and named. Fix All in Workspace
 * leaves such files out and says so: its changes are reviewed in the refactor preview, which
 * cannot hold a file VS Code will not give extensions (over 50 MB), and `cable fix` repairs a
 * file of any size in place, safely (README).
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { Diagnostic as LspDiagnostic, TextEdit as LspTextEdit } from 'vscode-languageclient/node';
import { synced, textTabUris, type LargeFileChecks } from './largeFiles';
import { linkRuleDocs } from './ruleDocs';

const GLOB = '**/*.cable';

function maxFiles(): number {
  const v = vscode.workspace.getConfiguration('cable').get<number>('checkWorkspace.maxFiles', 5000);
  return typeof v === 'number' && v >= 1 ? Math.floor(v) : 5000;
}

/** Files bigger than this are not read by the client: Check Workspace has the server read them from disk, Fix All leaves them out. */
const MAX_BYTES = 20 * 1024 * 1024;

/** `cable/checkFile`'s answer (server/src/largeFiles.ts) with `publish: false`. */
interface CheckFileResult {
  error?: string;
  cancelled?: boolean;
  problems?: number;
  hints?: number;
  diagnostics?: LspDiagnostic[];
}

/** What VS Code's Problems view lists of a file at most (the extension host's cap; extension.ts tells the server so). */
export const KEPT_PER_FILE = 1000;

const mb = (bytes: number) => `${Math.round(bytes / (1024 * 1024))} MB`;

/** "a, b, c and 4 more". */
function names(list: string[]): string {
  return `${list.slice(0, 3).join(', ')}${list.length > 3 ? ` and ${list.length - 3} more` : ''}`;
}

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

/** The file's text, or its size when it is over MAX_BYTES (then not read). */
async function readText(uri: vscode.Uri): Promise<string | { tooBig: number }> {
  const stat = await vscode.workspace.fs.stat(uri);
  if (stat.size > MAX_BYTES) return { tooBig: stat.size };
  // The server reads binary and mis-encoded input as such (CBL404): decode without throwing.
  return new TextDecoder('utf-8', { fatal: false }).decode(await vscode.workspace.fs.readFile(uri));
}

/**
 * The files shown in editor tabs: the language client asks the server for their diagnostics. A
 * document merely open in the background (the refactor preview opens every file it shows) is not
 * diagnosed by the server, so its workspace problems stay.
 */
function tabUris(): Set<string> {
  return new Set(textTabUris().map((u) => u.toString()));
}

/**
 * Whether the server publishes the file's problems itself: shown in a tab and handed to the
 * extension (a file over 50 MB in a tab is not: VS Code keeps it from extensions), or checked
 * from disk by "Check it" while its tab stays open.
 */
function covered(uri: vscode.Uri, tabs: Set<string>, large: LargeFileChecks): boolean {
  return (tabs.has(uri.toString()) && synced(uri)) || large.published(uri);
}

export function registerWorkspaceCommands(client: () => LanguageClient | undefined, large: LargeFileChecks): vscode.Disposable {
  const collection = vscode.languages.createDiagnosticCollection('cable-workspace');
  const disposables: vscode.Disposable[] = [collection];
  // Once the server's diagnostics cover a file, do not show its problems twice. VS Code may report
  // the tab before or after it hands the document over: whichever comes second finds both.
  disposables.push(
    vscode.window.tabGroups.onDidChangeTabs((e) => {
      for (const tab of e.opened) if (tab.input instanceof vscode.TabInputText && synced(tab.input.uri)) collection.delete(tab.input.uri);
    }),
    vscode.workspace.onDidOpenTextDocument((d) => {
      if (tabUris().has(d.uri.toString())) collection.delete(d.uri);
    }),
    large.onDidPublish((uri) => collection.delete(uri)),
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
          const tabs = tabUris();
          let done = 0;
          let withProblems = 0;
          let problems = 0;
          /** Whether a file has more problems than the Problems view lists of it. */
          let overKept = false;
          /** Files left to the editor's own diagnostics, not counted here. */
          let inEditor = 0;
          /** Files not checked, each with why. */
          const skipped: string[] = [];
          for (const uri of files) {
            if (token.isCancellationRequested) break;
            done++;
            const name = vscode.workspace.asRelativePath(uri);
            const report = (more = '') => progress.report({ message: `${done} of ${files.length}: ${name}${more}`, increment: more ? 0 : 100 / Math.max(1, files.length) });
            report();
            if (covered(uri, tabs, large)) {
              inEditor++;
              continue;
            }
            let read: string | { tooBig: number };
            try {
              read = await readText(uri);
            } catch {
              skipped.push(`${name} (unreadable)`);
              continue;
            }
            let lsp: LspDiagnostic[];
            /** Problems as the Problems view lists them (not hints), of every one found. */
            let shown: number;
            if (typeof read === 'string') {
              const answer = await ask<LspDiagnostic[]>(c, 'cable/checkText', { uri: uri.toString(), text: read }, token);
              if (answer === undefined) break;
              lsp = answer ?? [];
              shown = lsp.filter((d) => d.severity !== 4).length;
            } else if (uri.scheme !== 'file') {
              skipped.push(`${name} (over ${mb(MAX_BYTES)} and not on disk)`);
              continue;
            } else {
              // The server reads it from disk a window of cables at a time; it answers as many
              // diagnostics as VS Code keeps of a file (1,000, with a note of the rest) and counts them all.
              report(` (${mb(read.tooBig)}, read from disk by the server)`);
              const answer = await ask<CheckFileResult>(c, 'cable/checkFile', { uri: uri.toString(), publish: false }, token);
              if (answer === undefined) break;
              if (!answer.diagnostics) {
                skipped.push(`${name} (${answer.error ?? 'not checked'})`);
                continue;
              }
              lsp = answer.diagnostics;
              shown = (answer.problems ?? lsp.length) - (answer.hints ?? 0);
            }
            // Opened in an editor while it was checked (a large file takes seconds), or checked by
            // "Check it" meanwhile: the server's diagnostics cover it now, as for those from the start.
            if (covered(uri, tabUris(), large)) {
              inEditor++;
              continue;
            }
            const diagnostics = linkRuleDocs(await c.protocol2CodeConverter.asDiagnostics(lsp));
            if (shown) {
              withProblems++;
              problems += shown;
            }
            if (shown > KEPT_PER_FILE) overKept = true;
            collection.set(uri, diagnostics);
          }
          const stopped = token.isCancellationRequested ? ` Stopped after ${done} of ${files.length} files.` : '';
          const cap = capped ? ` Only the first ${files.length} files were checked (cable.checkWorkspace.maxFiles).` : '';
          const skip = skipped.length ? ` Left out: ${names(skipped)}.` : '';
          const editor = inEditor ? ` ${inEditor === 1 ? '1 file open in an editor shows its' : `${inEditor} files open in editors show their`} own problems, not counted here.` : '';
          const kept = overKept ? ` The Problems view lists at most ${KEPT_PER_FILE.toLocaleString('en-US')} per file (errors first); "cable check" lists every one.` : '';
          void vscode.window.showInformationMessage(`Cable: ${problems.toLocaleString('en-US')} problem${problems === 1 ? '' : 's'} in ${withProblems} of ${files.length} cable files.${editor}${stopped}${cap}${skip}${kept}`);
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
      const tooBig: string[] = [];
      const unreadable: string[] = [];
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
              const read = await readText(uri).catch(() => undefined);
              if (read === undefined) {
                unreadable.push(vscode.workspace.asRelativePath(uri));
                continue;
              }
              if (typeof read !== 'string') {
                tooBig.push(`${vscode.workspace.asRelativePath(uri)} (${mb(read.tooBig)})`);
                continue;
              }
              params = { uri: uri.toString(), text: read };
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
      const left =
        (changing.length ? ` Left out, changing while their fixes were collected (run it again for them): ${names(changing)}.` : '') +
        (tooBig.length ? ` Left out, over ${mb(MAX_BYTES)} (too large to review here: "cable fix" repairs such a file in place, or split it into parts): ${names(tooBig)}.` : '') +
        (unreadable.length ? ` Left out, unreadable: ${names(unreadable)}.` : '');
      if (files === 0) {
        void vscode.window.showInformationMessage(`Cable: nothing to fix in the ${left ? 'other files of the ' : ''}workspace.${left}`);
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
