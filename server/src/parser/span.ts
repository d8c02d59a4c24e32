import type { Position, Range } from './model';

/**
 * The model's range: one object of four small integers. A range as LSP spells it is three objects
 * (the range and its two positions), 120 bytes on a 64-bit Node without pointer compression; this is
 * 56. A 200 MB export holds about three million ranges (every token, paragraph, addressee and
 * problem has one), so the plain form cost about 190 MB more, and three times the objects for the
 * collector to mark while the model grows.
 *
 * It reads as an LSP range: `start` and `end` are positions made when asked, and `toJSON` gives the
 * LSP form, so a range goes into a message (or `cable parse`'s output) unchanged. What it cannot do
 * is be changed through a position: `range.start.line += 1` would change a copy. The model's types
 * are readonly for that reason; the code that moves ranges (the incremental parse's walk, the
 * diagnostics' shift) writes the fields, whose names the walk already treats as lines.
 */
export class Span implements Range {
  constructor(
    public startLine: number,
    public startCharacter: number,
    public endLine: number,
    public endCharacter: number,
  ) {}

  get start(): Position {
    return { line: this.startLine, character: this.startCharacter };
  }

  get end(): Position {
    return { line: this.endLine, character: this.endCharacter };
  }

  toJSON(): { start: Position; end: Position } {
    return { start: this.start, end: this.end };
  }
}

/** A range of its own with the same bounds, whatever form `r` has. */
export function copyRange(r: Range): Span {
  if (r instanceof Span) return new Span(r.startLine, r.startCharacter, r.endLine, r.endCharacter);
  return new Span(r.start.line, r.start.character, r.end.line, r.end.character);
}

/**
 * Moves a range `delta` lines, in place. Only a Span can be: a plain range's positions may be
 * shared with another range, and moving them would move that one too.
 */
export function moveRange(r: Range, delta: number): void {
  if (!(r instanceof Span)) throw new TypeError('moveRange: only a Span can be moved in place');
  r.startLine += delta;
  r.endLine += delta;
}
