/**
 * Large exports in VS Code. VS Code never hands a text over 50 MB to extensions (its
 * `_MODEL_SYNC_LIMIT`, not a setting), so such a `.cable` file opens without problems, outline or
 * hovers and without a word of why; over 20 MB it also turns off highlighting and folding. The
 * Tab API lists the tab even though the document never reaches the extension: for a `.cable` tab
 * whose file is over 50 MB, a notification says what is going on and offers
 *
 * - "Check it": the server reads the file from disk (`cable/checkFile`) and publishes its
 *   problems, which the Problems panel lists and the editor underlines; they are cleared
 *   (`cable/forgetFile`) when the last tab on the file closes;
 * - "Split into parts": the server cuts it at cable starts into parts under both limits
 *   (`cable/splitFile`, as `cable split` does), and the first part is opened;
 * - "Don't show again".
 *
 * The same two are commands for the active tab ("Cable: Check Large File", "Cable: Split File
 * into Parts"). Between 20 and 50 MB the server has the document and nothing needs saying.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

/** The server's answers (server/src/largeFiles.ts), as they come over LSP. */
interface CheckFileResult {
  error?: string;
  open?: boolean;
  cancelled?: boolean;
  cables?: number;
  problems?: number;
  errors?: number;
  warnings?: number;
}
interface SplitFileResult {
  error?: string;
  folder?: string;
  parts?: Array<{ uri: string; outcome: 'written' | 'unchanged' | 'kept'; over?: string }>;
  stale?: string[];
}

/** VS Code's limits (src/vs/editor/common/model/textModel.ts). */
const SYNC_LIMIT = 50 * 1024 * 1024;

export const CHECK_LARGE_FILE_COMMAND = 'cable.checkLargeFile';
export const SPLIT_FILE_COMMAND = 'cable.splitFile';
const HIDDEN_KEY = 'cable.largeFileNotice.hidden';

const isCableUri = (uri: vscode.Uri) => uri.path.toLowerCase().endsWith('.cable');
const nameOf = (uri: vscode.Uri) => uri.path.split('/').pop() ?? uri.path;
const mb = (bytes: number) => `${Math.round(bytes / (1024 * 1024))} MB`;
const count = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** The files shown in text editor tabs, in every group (a file in two groups comes twice). */
export function textTabUris(): vscode.Uri[] {
  const out: vscode.Uri[] = [];
  for (const group of vscode.window.tabGroups.all) for (const tab of group.tabs) if (tab.input instanceof vscode.TabInputText) out.push(tab.input.uri);
  return out;
}

const cableTabUris = (): vscode.Uri[] => textTabUris().filter(isCableUri);

/**
 * Whether the extension host has the document: then the language client has handed it over and
 * the server diagnoses it. A file over 50 MB shown in a tab never is (nor is its `didOpen` sent).
 */
export const synced = (uri: vscode.Uri) => vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString());

/** The large files whose problems the server published on "Check it", for Check Workspace (workspaceCommands.ts). */
export interface LargeFileChecks {
  /** Whether the server's publication of the file's problems stands (checked, its tab still open). */
  published(uri: vscode.Uri): boolean;
  /** A file whose problems the server has just published. */
  readonly onDidPublish: vscode.Event<vscode.Uri>;
}

export function registerLargeFiles(client: () => LanguageClient | undefined, context: vscode.ExtensionContext): vscode.Disposable & { checks: LargeFileChecks } {
  /** Files told about in this window (once each), and those whose problems the server published. */
  const told = new Set<string>();
  const checked = new Set<string>();
  const didPublish = new vscode.EventEmitter<vscode.Uri>();

  async function sizeOf(uri: vscode.Uri): Promise<number | undefined> {
    try {
      return (await vscode.workspace.fs.stat(uri)).size;
    } catch {
      return undefined;
    }
  }

  async function consider(uri: vscode.Uri): Promise<void> {
    const key = uri.toString();
    if (uri.scheme !== 'file' || told.has(key) || context.globalState.get<boolean>(HIDDEN_KEY)) return;
    const size = await sizeOf(uri);
    if (size === undefined || size <= SYNC_LIMIT || synced(uri) || told.has(key)) return;
    told.add(key);
    const choice = await vscode.window.showWarningMessage(
      `${nameOf(uri)} is ${mb(size)}: VS Code does not give files over 50 MB to extensions, so Cable Text cannot show its problems, outline or hovers (and over 20 MB VS Code turns off highlighting and folding). Check it to list its problems in the Problems panel, or split it into parts under 16 MB that open with everything.`,
      'Check it',
      'Split into parts',
      "Don't show again",
    );
    if (choice === 'Check it') await safely(() => check(uri));
    else if (choice === 'Split into parts') await safely(() => split(uri));
    else if (choice === "Don't show again") await context.globalState.update(HIDDEN_KEY, true);
  }

  /** `quiet`: a check again after the file changed on disk, which says only what went wrong. */
  async function check(uri: vscode.Uri, quiet = false): Promise<CheckFileResult | undefined> {
    const c = client();
    if (!c) return undefined;
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: `Cable: checking ${nameOf(uri)}` },
      () => c.sendRequest<CheckFileResult>('cable/checkFile', { uri: uri.toString() }),
    );
    if (result.error) {
      void vscode.window.showErrorMessage(`Cable: ${nameOf(uri)} was not checked: ${result.error}.`);
    } else if (result.open) {
      void vscode.window.showInformationMessage(`Cable: ${nameOf(uri)} is open in the language server: its problems are already in the Problems panel.`);
    } else if (!result.cancelled) {
      // Closed while it was being checked: its problems go with it.
      if (!cableTabUris().some((u) => u.toString() === uri.toString())) {
        void c.sendRequest('cable/forgetFile', { uri: uri.toString() }).then(undefined, () => undefined);
        return result;
      }
      checked.add(uri.toString());
      didPublish.fire(uri);
      if (quiet) return result;
      const problems = result.problems ?? 0;
      const detail = problems > 1000 ? ' VS Code shows the first 1,000 (errors first); "cable check" on the file lists every one.' : '';
      const pick = await vscode.window.showInformationMessage(
        `Cable: ${nameOf(uri)}: ${count(result.cables ?? 0, 'cable')}, ${count(problems, 'problem')} (${count(result.errors ?? 0, 'error')}, ${count(result.warnings ?? 0, 'warning')}), listed in the Problems panel.${detail}`,
        ...(problems > 0 ? ['Show Problems'] : []),
      );
      if (pick === 'Show Problems') await vscode.commands.executeCommand('workbench.actions.view.problems');
    }
    return result;
  }

  async function split(uri: vscode.Uri, force = false): Promise<SplitFileResult | undefined> {
    const c = client();
    if (!c) return undefined;
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Cable: splitting ${nameOf(uri)} into parts` },
      () => c.sendRequest<SplitFileResult>('cable/splitFile', { uri: uri.toString(), force }),
    );
    if (result.error || !result.parts?.length) {
      void vscode.window.showErrorMessage(`Cable: ${nameOf(uri)} was not split: ${result.error ?? 'no parts'}.`);
      return result;
    }
    const kept = result.parts.filter((p) => p.outcome === 'kept').length;
    const folder = vscode.Uri.parse(result.folder!);
    if (kept > 0) {
      const replace = await vscode.window.showWarningMessage(
        `Cable: ${count(kept, 'part')} of ${nameOf(uri)} already in ${nameOf(folder)} ${kept === 1 ? 'has' : 'have'} other content and ${kept === 1 ? 'was' : 'were'} left alone.`,
        'Replace Them',
      );
      if (replace === 'Replace Them') return split(uri, true);
    }
    const over = result.parts.filter((p) => p.over).length;
    void vscode.window.showInformationMessage(
      `Cable: ${nameOf(uri)} is now ${count(result.parts.length, 'part')} in ${nameOf(folder)}, opening the first.` +
        (over ? ` ${count(over, 'cable')} alone ${over === 1 ? 'is' : 'are'} over the limit and ${over === 1 ? 'is a part' : 'are parts'} of ${over === 1 ? 'its' : 'their'} own.` : '') +
        (result.stale?.length ? ` ${count(result.stale.length, 'part')} of an earlier split ${result.stale.length === 1 ? 'is' : 'are'} still there.` : ''),
    );
    // Shown in the Explorer when the folder is in the workspace (the command does nothing otherwise).
    if (vscode.workspace.getWorkspaceFolder(folder)) await vscode.commands.executeCommand('revealInExplorer', folder).then(undefined, () => undefined);
    await vscode.window.showTextDocument(vscode.Uri.parse(result.parts[0]!.uri), { preview: false });
    return result;
  }

  /** A request that failed (the server stopped, say) is said, not left as an unhandled rejection. */
  async function safely<T>(fn: () => Promise<T>): Promise<T | undefined> {
    try {
      return await fn();
    } catch (err) {
      void vscode.window.showErrorMessage(`Cable: ${err instanceof Error ? err.message : String(err)}`);
      return undefined;
    }
  }

  /** The active tab's `.cable` file, for the commands. */
  function activeCableUri(): vscode.Uri | undefined {
    const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
    if (input instanceof vscode.TabInputText && isCableUri(input.uri)) return input.uri;
    return undefined;
  }

  // A checked file saved or rewritten on disk (VS Code saves it even though the server never had
  // it): checked again, so that its problems are not those of the old text.
  const watcher = vscode.workspace.createFileSystemWatcher('**/*.cable', true, false, true);
  const disposables: vscode.Disposable[] = [
    didPublish,
    watcher,
    watcher.onDidChange((uri) => {
      if (checked.has(uri.toString())) void safely(() => check(uri, true));
    }),
    vscode.window.tabGroups.onDidChangeTabs((e) => {
      for (const tab of [...e.opened, ...e.changed]) if (tab.input instanceof vscode.TabInputText && isCableUri(tab.input.uri)) void consider(tab.input.uri);
      if (e.closed.length === 0) return;
      const still = new Set(cableTabUris().map((u) => u.toString()));
      for (const tab of e.closed) {
        if (!(tab.input instanceof vscode.TabInputText)) continue;
        const key = tab.input.uri.toString();
        if (still.has(key) || !checked.delete(key)) continue;
        void client()?.sendRequest('cable/forgetFile', { uri: key }).then(undefined, () => undefined);
      }
    }),
    vscode.commands.registerCommand(CHECK_LARGE_FILE_COMMAND, async (arg?: vscode.Uri) => {
      const uri = arg instanceof vscode.Uri ? arg : activeCableUri();
      if (!uri) return void vscode.window.showInformationMessage('Cable: open a .cable file to check it.');
      return safely(() => check(uri));
    }),
    vscode.commands.registerCommand(SPLIT_FILE_COMMAND, async (arg?: vscode.Uri) => {
      const uri = arg instanceof vscode.Uri ? arg : activeCableUri();
      if (!uri) return void vscode.window.showInformationMessage('Cable: open a .cable file to split it.');
      return safely(() => split(uri));
    }),
  ];
  // Tabs restored with the window (or open before the extension started).
  for (const uri of cableTabUris()) void consider(uri);
  return Object.assign(vscode.Disposable.from(...disposables), {
    checks: { published: (uri: vscode.Uri) => checked.has(uri.toString()), onDidPublish: didPublish.event },
  });
}
