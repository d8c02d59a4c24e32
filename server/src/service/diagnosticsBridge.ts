import type { Diagnostic } from 'vscode-languageserver-types';
import type { CableDocument } from '../parser';
import type { CancellationToken } from './cancellation';
import type { CableSettings } from './settings';
import type { ITextDocument } from './textDocument';

/**
 * Diagnostics and code actions are written by another engineer in ./diagnostics and
 * ./codeActions; the facade reaches them through this one seam, so the server does not change
 * when they land. Until then there are no diagnostics.
 */
export type DiagnosticsComputer = (model: CableDocument, document: ITextDocument, settings: CableSettings, token: CancellationToken) => Diagnostic[];

export const noDiagnostics: DiagnosticsComputer = () => [];
