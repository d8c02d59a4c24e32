import type { Level, Marking, NumberToken, Position, Range, Token } from './model';

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

/**
 * The model's plain token (a text and its range, nothing else): one object where `{ text, range }`
 * was two (an object of 40 bytes and its Span of 56), the bounds held as a Span holds them. An 8 MB
 * export's model holds about 70,000 of them. Its `range` is a Span made when read, so the token is
 * never itself taken for a range (its JSON is a token's) and a range taken from it is its reader's:
 * moving that range does not move the token. The incremental walk moves the token's own line fields
 * (`startLine`, `endLine`), as it moves a Span's. A token with more than a text and a range (a
 * number's value, a date's ISO form) is an object literal that holds a Span.
 */
export class TextSpan implements Token {
  constructor(
    public text: string,
    public startLine: number,
    public startCharacter: number,
    public endLine: number,
    public endCharacter: number,
  ) {}

  get range(): Span {
    return new Span(this.startLine, this.startCharacter, this.endLine, this.endCharacter);
  }

  /** A token's JSON, its keys in the order the model's tokens always had. */
  toJSON(): { text: string; range: { start: Position; end: Position } } {
    return {
      text: this.text,
      range: { start: { line: this.startLine, character: this.startCharacter }, end: { line: this.endLine, character: this.endCharacter } },
    };
  }

  /** A token of its own with the same text and bounds. */
  copy(): TextSpan {
    return new TextSpan(this.text, this.startLine, this.startCharacter, this.endLine, this.endCharacter);
  }
}

/** A TextSpan that carries the number its text spells (`#2318` → 2318): the model's NumberToken, one object. */
export class NumberSpan extends TextSpan implements NumberToken {
  constructor(
    text: string,
    public value: number,
    startLine: number,
    startCharacter: number,
    endLine: number,
    endCharacter: number,
  ) {
    super(text, startLine, startCharacter, endLine, endCharacter);
  }

  /** A number token's JSON, its keys in the order the model's always had. */
  toJSON(): { text: string; value: number; range: { start: Position; end: Position } } {
    const { text, range } = super.toJSON();
    return { text, value: this.value, range };
  }

  copy(): NumberSpan {
    return new NumberSpan(this.text, this.value, this.startLine, this.startCharacter, this.endLine, this.endCharacter);
  }
}

/**
 * A paragraph's marking (`(C)`, `(S/NF)`) as one object: nearly every paragraph of a cable has one,
 * so it is a TextSpan with the marking's fields, not a literal that holds a Span.
 */
export class MarkingSpan extends TextSpan implements Marking {
  constructor(
    text: string,
    startLine: number,
    startCharacter: number,
    endCharacter: number,
    public level: Level | undefined,
    public valid: boolean,
    public caveats: string[],
  ) {
    super(text, startLine, startCharacter, startLine, endCharacter);
  }

  /** A marking's JSON, its keys in the order the model's always had (no `level` when it names none). */
  toJSON(): { text: string; range: { start: Position; end: Position }; level?: Level; valid: boolean; caveats: string[] } {
    const { text, range } = super.toJSON();
    return { text, range, level: this.level, valid: this.valid, caveats: this.caveats };
  }

  copy(): MarkingSpan {
    const c = new MarkingSpan(this.text, this.startLine, this.startCharacter, this.endCharacter, this.level, this.valid, this.caveats.slice());
    c.endLine = this.endLine;
    return c;
  }
}
