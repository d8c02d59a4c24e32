import type { Location, LocationLink, Position } from 'vscode-languageserver-types';
import type { CancellationToken } from './cancellation';
import { cableYear } from './cableYear';
import type { ModelCache } from './modelCache';
import { navigationSubject, paragraphsNumbered, refEntriesLabelled } from './navigation';
import { indicatorOccurrences } from './routingNames';
import type { ITextDocument } from './textDocument';
import type { WorkspaceIndex } from './workspace/workspaceIndex';

/**
 * Go to definition: a routing indicator → the addressee line that names it; `para 5` → paragraph
 * 5; `REF A` → the REF entry; a REF entry that names a workspace cable → that cable's file.
 */
export class CableDefinitionProvider {
  constructor(
    private readonly cache: ModelCache,
    private readonly workspace: WorkspaceIndex,
  ) {}

  provideDefinition(document: ITextDocument, position: Position, token: CancellationToken): LocationLink[] {
    const model = this.cache.get(document);
    if (token.isCancellationRequested) return [];
    const subject = navigationSubject(model, position);
    if (!subject) return [];
    const uri = document.uri;
    const link = (targetUri: string, range: Location['range'], selection = range): LocationLink => ({
      originSelectionRange: subject.range,
      targetUri,
      targetRange: range,
      targetSelectionRange: selection,
    });
    switch (subject.kind) {
      case 'routingIndicator': {
        const out: LocationLink[] = [];
        const routing = subject.cable.routing;
        for (const a of routing?.addressees ?? []) {
          if (a.routingIndicator?.text === subject.indicator && a.name) out.push(link(uri, a.range, a.routingIndicator.range));
        }
        // The DE line's station is named by the FM line.
        if (out.length === 0 && routing?.de?.station?.text === subject.indicator && routing.from) {
          out.push(link(uri, routing.from.range, routing.from.name?.range ?? routing.from.range));
        }
        if (out.length === 0) {
          // Not named anywhere: the first place it is written is the best there is.
          const first = indicatorOccurrences(subject.cable, subject.indicator)[0];
          if (first) out.push(link(uri, first.range));
        }
        return out;
      }
      case 'paragraph':
        return paragraphsNumbered(subject.cable, subject.numbers).map((p) => link(uri, p.range, p.number?.range ?? p.range));
      case 'ref': {
        if (!subject.fromMention && subject.entry?.cable) {
          const named = subject.entry.cable;
          return this.workspace
            .findCable(named.post, named.serial, named.year, cableYear(subject.cable, uri))
            .filter((hit) => hit.uri !== uri)
            .map((hit) => ({ ...link(hit.uri, hit.cable.referenceRange), originSelectionRange: named.range }));
        }
        return refEntriesLabelled(subject.cable, subject.labels).map((e) => link(uri, e.range, e.labelToken?.range ?? e.range));
      }
    }
  }
}
