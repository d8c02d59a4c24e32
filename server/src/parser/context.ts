import type { ParseFindings, ParseProblem, ParseProblemKind, Range } from './model';

/** What every parser stage shares: the lines, and where to record what it found wrong. */
export class ParseContext {
  readonly problems: ParseProblem[] = [];
  constructor(readonly lines: string[]) {}

  problem<K extends ParseProblemKind>(kind: K, range: Range, message: string, data: ParseFindings[K]): void {
    this.problems.push({ kind, range, message, data } as ParseProblem);
  }
}
