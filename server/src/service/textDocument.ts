import type { Position } from 'vscode-languageserver-types';

/**
 * The least the service needs of a document. `vscode-languageserver-textdocument`'s TextDocument
 * satisfies it, and so does a tiny in-memory object in tests: nothing here knows the connection.
 */
export interface ITextDocument {
  readonly uri: string;
  readonly version: number;
  getText(): string;
  positionAt(offset: number): Position;
  offsetAt(position: Position): number;
}
