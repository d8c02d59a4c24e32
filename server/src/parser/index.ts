export * from './model';
export { parseCable } from './parser';
export { splitReferenceId } from './header';
export { unescapeField } from './csvRow';
export { refCableId } from './references';
export { Span, copyRange, moveRange } from './span';
