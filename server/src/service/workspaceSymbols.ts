import { SymbolKind, type WorkspaceSymbol } from 'vscode-languageserver-types';
import type { CableDocument } from '../parser';
import type { CancellationToken } from './cancellation';
import type { CableSettings } from './settings';
import type { ITextDocument } from './textDocument';
import type { IndexedFile, WorkspaceIndex } from './workspace/workspaceIndex';

/**
 * Workspace symbols: each cable's reference ID and its subject, across every `.cable` file the
 * index knows. Answers from what is indexed so far, so a query during indexing is never blocked.
 *
 * Documents open in the editor answer from their current model, never from the index: the index
 * takes an open document's text only after the edit debounce, so until then it holds the disk's
 * parse or an older version, whose ranges point at the wrong lines of the text the user sees.
 */
export class CableWorkspaceSymbolProvider {
  constructor(
    private readonly workspace: WorkspaceIndex,
    private readonly settings: () => CableSettings,
    private readonly openDocuments: () => Iterable<ITextDocument> = () => [],
    private readonly model: (document: ITextDocument) => CableDocument = () => {
      throw new Error('no model for open documents');
    },
  ) {}

  private *files(token: CancellationToken): Generator<IndexedFile> {
    const open = new Set<string>();
    for (const document of this.openDocuments()) {
      if (token.isCancellationRequested) return;
      open.add(document.uri);
      // The index's summaries of its cables: after an edit only the cables it touched are summarised.
      yield this.workspace.openSummary(document.uri, this.model(document));
    }
    for (const file of this.workspace.allFiles()) if (!open.has(file.uri)) yield file;
  }

  provideWorkspaceSymbols(query: string, token: CancellationToken): WorkspaceSymbol[] {
    const max = this.settings().workspaceSymbolsMaxResults;
    const words = query.toLowerCase().split(/\s+/).filter(Boolean);
    // Reference IDs also match fuzzily (`08ast2318`); subjects by words, or a short query would
    // match every long subject.
    const matches = (text: string, fuzzy: boolean) => {
      const lower = text.toLowerCase();
      return words.every((w) => lower.includes(w)) || (fuzzy && words.length === 1 && isSubsequence(words[0]!, lower));
    };
    const out: WorkspaceSymbol[] = [];
    let checked = 0;
    for (const file of this.files(token)) {
      if ((++checked & 255) === 0 && token.isCancellationRequested) return out;
      for (const cable of file.cables) {
        const id = cable.referenceId;
        if (id && matches(id, true)) {
          out.push({ name: id, kind: SymbolKind.File, containerName: cable.subject?.text, location: { uri: file.uri, range: cable.referenceRange } });
        }
        if (cable.subject && matches(cable.subject.text, false)) {
          out.push({ name: cable.subject.text, kind: SymbolKind.String, containerName: id, location: { uri: file.uri, range: cable.subject.range } });
        }
        if (out.length >= max) return out.slice(0, max);
      }
    }
    return out;
  }
}

/** `08ast2318` finds `08ASTANA2318`: the letters in order, as editors' fuzzy pickers do. */
function isSubsequence(needle: string, hay: string): boolean {
  let i = 0;
  for (let j = 0; j < hay.length && i < needle.length; j++) if (hay[j] === needle[i]) i++;
  return i === needle.length;
}
