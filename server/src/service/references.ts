import type { Location, Position } from 'vscode-languageserver-types';
import type { CancellationToken } from './cancellation';
import type { ModelCache } from './modelCache';
import { navigationSubject, paragraphMentionRanges, paragraphsNumbered, refEntriesLabelled, refMentionRanges } from './navigation';
import { indicatorOccurrences } from './routingNames';
import type { ITextDocument } from './textDocument';

/**
 * Find references: every use of a routing indicator in the routing block; every mention of a
 * paragraph (`para 5`, `paras 3-5`) or a reference (`REF A`, `reftel`) in the text.
 */
export class CableReferencesProvider {
  constructor(private readonly cache: ModelCache) {}

  provideReferences(document: ITextDocument, position: Position, context: { includeDeclaration: boolean }, token: CancellationToken): Location[] {
    const model = this.cache.get(document);
    if (token.isCancellationRequested) return [];
    const subject = navigationSubject(model, position);
    if (!subject) return [];
    const uri = document.uri;
    const at = (range: Location['range']): Location => ({ uri, range });
    switch (subject.kind) {
      case 'routingIndicator':
        return indicatorOccurrences(subject.cable, subject.indicator)
          .filter((o) => context.includeDeclaration || !o.isDefinition)
          .map((o) => at(o.range));
      case 'paragraph': {
        const decl = context.includeDeclaration
          ? paragraphsNumbered(subject.cable, subject.numbers).map((p) => at(p.number?.range ?? p.range))
          : [];
        return [...decl, ...paragraphMentionRanges(model, subject.cable, subject.numbers).map(at)];
      }
      case 'ref': {
        const decl = context.includeDeclaration
          ? refEntriesLabelled(subject.cable, subject.labels).map((e) => at(e.labelToken?.range ?? e.range))
          : [];
        return [...decl, ...refMentionRanges(model, subject.cable, subject.labels).map(at)];
      }
    }
  }
}
