import type { ParseFindings, ParseProblem, ParseProblemKind, Range } from './model';

/** What every parser stage shares: the lines, what was found on them at once (./lineFlags.ts), and where to record what it found wrong. */
export class ParseContext {
  readonly problems: ParseProblem[] = [];
  constructor(
    readonly lines: string[],
    readonly flags?: Uint8Array,
  ) {}

  problem<K extends ParseProblemKind>(kind: K, range: Range, message: string, data: ParseFindings[K]): void {
    this.problems.push({ kind, range, message, data } as ParseProblem);
  }
}
