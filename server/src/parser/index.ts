export * from './model';
export { parseCable } from './parser';
export { splitReferenceId } from './header';
export { unescapeField } from './csvRow';
export { refCableId } from './references';
export { NumberSpan, Span, TextSpan, copyRange, moveRange } from './span';
