import { expect } from 'vitest';
import { Span, TextSpan } from '../server/src/parser';

// The model's ranges are Spans (server/src/parser/span.ts): one object of four numbers that reads,
// and serialises, as an LSP range. A test states a range as LSP spells it; a Span equals the range
// with the same bounds, and two Spans are equal by their bounds. A plain token is one object too
// (TextSpan, NumberSpan): it equals the `{ text, range }` (`{ text, value, range }`) it reads as.
expect.addEqualityTesters([
  function spanEquals(a: unknown, b: unknown, customTesters) {
    if (!(a instanceof Span) && !(b instanceof Span) && !(a instanceof TextSpan) && !(b instanceof TextSpan)) return undefined;
    const plain = (x: unknown) => (x instanceof Span || x instanceof TextSpan ? x.toJSON() : x);
    return this.equals(plain(a), plain(b), customTesters);
  },
]);
