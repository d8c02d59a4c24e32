import type { ParseProblem, ParseProblemKind, Range } from './model';

/** What every parser stage shares: the lines, and where to record what it found wrong. */
export class ParseContext {
  readonly problems: ParseProblem[] = [];
  constructor(readonly lines: string[]) {}

  problem(kind: ParseProblemKind, range: Range, message: string, data?: ParseProblem['data']): void {
    this.problems.push(data ? { kind, range, message, data } : { kind, range, message });
  }
}
