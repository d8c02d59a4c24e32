export * from './model';
export { parseCable } from './parser';
