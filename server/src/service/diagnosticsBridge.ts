import type { Diagnostic } from 'vscode-languageserver-types';
import type { CableDocument } from '../parser';
import type { CancellationToken } from './cancellation';
import type { CableSettings } from './settings';
import type { ITextDocument } from './textDocument';

/**
 * How the facade computes diagnostics from a model. By default it is the rule engine in
 * ./diagnostics (owned with ./codeActions by the diagnostics feature); tests may pass another.
 */
export type DiagnosticsComputer = (model: CableDocument, document: ITextDocument, settings: CableSettings, token: CancellationToken) => Diagnostic[];
