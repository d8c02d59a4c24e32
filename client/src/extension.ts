/**
 * The Cable Text extension: starts the language server (dist/server.js) over stdio and hands it
 * every `.cable` document. Everything a cable means is decided in the server; this file only
 * wires VS Code to it.
 */
import * as vscode from 'vscode';
import {
  LanguageClient,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { registerNoColours } from './calm';
import { registerImportArchive } from './importArchive';
import { registerLargeFiles } from './largeFiles';
import { linkRuleDocs, registerRuleDocs } from './ruleDocs';
import { registerReadingView } from './readingView';
import { KEPT_PER_FILE, registerWorkspaceCommands } from './workspaceCommands';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const serverModule = context.asAbsolutePath('dist/server.js');
  // Over stdio, not Node's IPC channel: the server reads a large document's text from the
  // message's bytes into lines (stdioReader.ts), where over IPC Node hands it the whole message
  // parsed at once, text and all, and it encodes a large answer or publish in slices, where
  // process.send encodes it in one turn. A 50 MB export (the most VS Code hands an extension)
  // peaked at 473 MB over IPC and 343-350 MB over stdio.
  //
  // VS Code runs the server with its own Node, and a newer V8 lets each half of the young
  // generation (a semi-space) grow to 64 MB where Node 20's stops at 16: under code-server's Node 24 a 40 MB export (opened with the
  // requests VS Code sends) peaked at 450-461 MB, with the cap 367-392 MB, its analysis as quick
  // (2.5-2.8 s); under Node 20 the cap changes nothing.
  const execArgv = ['--max-semi-space-size=16'];
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.stdio, options: { execArgv } },
    debug: { module: serverModule, transport: TransportKind.stdio, options: { execArgv: [...execArgv, '--nolazy', '--inspect=6019'] } },
  };
  // One channel for the server's log and, with `cable.trace.server`, the protocol trace.
  const outputChannel = vscode.window.createOutputChannel('Cable Text', { log: true });
  const clientOptions: LanguageClientOptions = {
    // `file` and `untitled` documents, and those of virtual workspaces (any scheme): the server
    // reads nothing from disk that the editor did not hand it, except workspace .cable files.
    documentSelector: [{ language: 'cable' }],
    outputChannel,
    traceOutputChannel: outputChannel,
    // VS Code keeps 1,000 diagnostics per file (errors first): the server sends only those it
    // would keep, with a note of the rest, rather than a 4 MB list per edit of a 50 MB export.
    initializationOptions: { settings: vscode.workspace.getConfiguration('cable'), maxDiagnosticsPerFile: KEPT_PER_FILE },
    synchronize: {
      // Sends `workspace/didChangeConfiguration` with the `cable` section whenever it changes.
      configurationSection: 'cable',
      fileEvents: vscode.workspace.createFileSystemWatcher('**/*.cable'),
    },
    middleware: {
      // A rule's code opens its documentation rendered, at its section (see ruleDocs.ts).
      handleDiagnostics: (uri, diagnostics, next) => next(uri, linkRuleDocs(diagnostics)),
      provideDiagnostics: async (document, previousResultId, token, next) => {
        const report = await next(document, previousResultId, token);
        if (report && report.kind === 'full') report.items = linkRuleDocs(report.items);
        return report;
      },
      // "Cable: Fix all problems" from the palette has no argument: give it the active editor's
      // document, which is what the server's `cable.fixAll` command works on.
      executeCommand: async (command, args, next) => {
        if (command === 'cable.fixAll' && args.length === 0) {
          const editor = vscode.window.activeTextEditor;
          if (!editor || editor.document.languageId !== 'cable') {
            void vscode.window.showInformationMessage('Cable: open a .cable file to fix its problems.');
            return undefined;
          }
          return next(command, [editor.document.uri.toString()]);
        }
        return next(command, args);
      },
    },
  };

  client = new LanguageClient('cable', 'Cable Text', serverOptions, clientOptions);
  // Files over 50 MB, which VS Code does not hand to the client: said, checked or split on request.
  // Check Workspace leaves those checked so to the server's publication.
  const largeFiles = registerLargeFiles(() => client, context);
  context.subscriptions.push(outputChannel, registerNoColours(), registerRuleDocs(context), registerReadingView(() => client), registerWorkspaceCommands(() => client, largeFiles.checks));
  context.subscriptions.push(registerImportArchive());
  context.subscriptions.push(largeFiles);
  context.subscriptions.push(
    vscode.commands.registerCommand('cable.restartServer', async () => {
      await client?.restart();
    }),
    vscode.commands.registerCommand('cable.showOutput', () => outputChannel.show(true)),
  );
  await client.start();
}

export async function deactivate(): Promise<void> {
  const c = client;
  client = undefined;
  if (c) await c.stop();
}
