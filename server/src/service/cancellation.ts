/**
 * The part of a cancellation token the service reads. The LSP connection's tokens satisfy it, and
 * the service needs no import from the connection's packages.
 */
export interface CancellationToken {
  readonly isCancellationRequested: boolean;
}
