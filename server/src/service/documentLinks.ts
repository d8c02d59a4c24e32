import type { DocumentLink } from 'vscode-languageserver-types';
import type { CancellationToken } from './cancellation';
import { cableYear } from './cableYear';
import type { ModelCache } from './modelCache';
import type { ITextDocument } from './textDocument';
import type { WorkspaceIndex } from './workspace/workspaceIndex';

/** A link on each REF entry that names a cable present in the workspace (`MADRID 1131`). */
export class CableDocumentLinkProvider {
  constructor(
    private readonly cache: ModelCache,
    private readonly workspace: WorkspaceIndex,
  ) {}

  provideDocumentLinks(document: ITextDocument, token: CancellationToken): DocumentLink[] {
    const model = this.cache.get(document);
    const out: DocumentLink[] = [];
    for (const cable of model.cables) {
      if (token.isCancellationRequested) return [];
      for (const named of (cable.refs?.entries ?? []).flatMap((e) => e.cables)) {
        const hit = this.workspace.findCable(named.post, named.serial, named.year, cableYear(cable, document.uri)).find((h) => h.uri !== document.uri);
        if (!hit) continue;
        out.push({
          range: named.range,
          target: hit.uri,
          tooltip: `${hit.cable.referenceId ?? `${named.post} ${named.serial}`}${hit.cable.subject ? ` — ${hit.cable.subject.text}` : ''}`,
        });
      }
    }
    return out;
  }
}
