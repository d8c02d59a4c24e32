import { afterEach, describe, expect, it } from 'vitest';
import {
  ApplyWorkspaceEditRequest,
  DidOpenTextDocumentNotification,
  ErrorCodes,
  ExecuteCommandRequest,
  LogMessageNotification,
  ResponseError,
} from 'vscode-languageserver-protocol/node';
import { connectInProcess, initializeClient, samplesExport } from './connection';

// The command awaits: Fix All runs in slices, then the client applies the edit. The synchronous
// guard around the other handlers cannot catch what fails there, so a failure surfaced as an
// internal error in the editor with nothing in the log.
describe('the Fix All command when the client fails to apply its edit', () => {
  let dispose: (() => void) | undefined;
  afterEach(() => dispose?.());

  it('is logged and answered as not applied', async () => {
    const conn = connectInProcess({ diagnosticsDelayMs: 0, fixAllSliceMs: 0 });
    dispose = conn.dispose;
    const { client } = conn;
    const logs: string[] = [];
    client.onNotification(LogMessageNotification.type, (p) => void logs.push(p.message));
    client.onRequest(ApplyWorkspaceEditRequest.type, () => new ResponseError(ErrorCodes.InternalError, 'the editor could not apply it'));
    await initializeClient(client);
    const uri = 'file:///fix.cable';
    await client.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'cable', version: 1, text: samplesExport(200) } });

    expect(await client.sendRequest(ExecuteCommandRequest.type, { command: 'cable.fixAll', arguments: [uri] })).toEqual({ applied: false, reason: 'Fix All failed: the Cable Text output says why' });
    expect(logs.some((l) => l.startsWith('fixAll failed:') && l.includes('the editor could not apply it'))).toBe(true);
  });
});
