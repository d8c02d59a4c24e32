/**
 * The diagnostics of the cables read so far, during a long first analysis (a large export is
 * parsed in slices for seconds). A client that is pushed to gets them every interval, for the same
 * version (the final publish replaces them); a client that pulls and can be asked to pull again
 * (`workspace/diagnostic/refresh`) gets them as the answer to its pulls, and is asked again while
 * more is read and at the end. Every such answer is bounded (`max`): what it is for is the top of
 * a long export, where the reader starts, and the complete set comes when the analysis ends.
 *
 * The connection stays in server.ts: this module publishes and asks for refreshes through the
 * functions it is given, and reads the service's analysis state, so it is tested without a server.
 */
import type { Diagnostic } from 'vscode-languageserver-types';
import type { ICableLanguageService, ITextDocument } from './service';
import type { CancellationToken } from './service/cancellation';
import { capDiagnostics } from './service/diagnostics/editorCap';
import { forMessage } from './service/diagnostics/provider';

/**
 * The most diagnostics an answer of the cables read so far carries. A message is one JSON text
 * written in one turn of the event loop: the 60,000 problems of a 200 MB export are 15 MB, and
 * writing them keeps every hover and completion waiting for 0.2 to 0.9 s, every 2 s of the
 * analysis. What the partial answers are for is the top of a long export, where the reader starts:
 * the first 5,000 (about 30 ms to write), and the complete set when the analysis ends.
 */
export const PARTIAL_MAX = 5000;

/** What the client said at `initialize`: read when an analysis starts and at each pull. */
export interface EarlyDiagnosticsClient {
  /** It pulls diagnostics (`textDocument/diagnostic`) instead of being pushed them. */
  readonly pulls: boolean;
  /** It pulls again when asked (`workspace/diagnostic/refresh`): only then does a pull get a partial answer. */
  readonly refreshes: boolean;
  /** How many diagnostics per file it keeps (editorCap.ts); undefined: all. */
  readonly kept: number | undefined;
}

export interface EarlyDiagnosticsOptions {
  service: Pick<ICableLanguageService, 'isAnalysed' | 'diagnoseSoFar'>;
  client: EarlyDiagnosticsClient;
  /** How often the diagnostics so far go out, in ms (Infinity, 0 or less: never). */
  intervalMs: number;
  /** The most diagnostics a partial answer carries. */
  max: number;
  /** `textDocument/publishDiagnostics`. */
  publish(params: { uri: string; version: number; diagnostics: Diagnostic[] }): Promise<void>;
  /** `workspace/diagnostic/refresh`. */
  refresh(): Promise<void>;
  log(message: string): void;
}

/** One analysis's side of it: `complete` when its diagnostics are all there, `end` when it stops either way. */
export interface EarlyRun {
  /** The analysis ended with this version's complete diagnostics: a client that got a partial answer is asked to pull again. */
  complete(): void;
  /** The analysis stopped (complete, superseded or failed): no partial answer goes out after this. */
  end(): void;
}

export class EarlyDiagnostics {
  /** Documents whose pulled diagnostics were those of the cables read so far: the client is asked to pull again at the end. */
  private readonly partlyPulled = new Set<string>();
  /** Documents whose partial answer reached `max`: no more refreshes until the end. */
  private readonly partialFull = new Set<string>();

  constructor(private readonly options: EarlyDiagnosticsOptions) {}

  /**
   * Starts for an analysis of `document` at `version`, which `superseded` says the editor replaced:
   * during a sliced first parse, every `intervalMs`, a client that is pushed to gets the
   * diagnostics of the cables read so far, one that pulls and can be asked to refresh is asked to
   * pull again if it got such a partial answer. The problems are kept per step: each check finds
   * the cables checked before done, and so does the final one. Ends with the analysis.
   */
  start(document: ITextDocument, version: number, superseded: CancellationToken): EarlyRun {
    const state = { over: false };
    void this.run(document, version, superseded, state).catch((err) => this.options.log(`early diagnostics of ${document.uri} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`));
    return {
      complete: () => {
        // No diagnostics of the cables read so far after these (the writer keeps the order).
        state.over = true;
        this.partialFull.delete(document.uri);
        if (this.partlyPulled.delete(document.uri)) void this.options.refresh().catch(() => {});
      },
      end: () => {
        state.over = true;
      },
    };
  }

  /**
   * A pull during a first analysis: the diagnostics of the cables read so far, as the message
   * carries them; undefined when there is no first analysis running or the client cannot be asked
   * to pull again (the complete set is due).
   */
  async pulled(document: ITextDocument, token: CancellationToken): Promise<Diagnostic[] | undefined> {
    if (!this.options.client.refreshes || this.options.service.isAnalysed(document)) return undefined;
    const soFar = await this.options.service.diagnoseSoFar(document, token);
    // The check of what was read takes slices, and the analysis may have ended meanwhile, its
    // refresh already asked: a partial answer now could be the client's last.
    if (!soFar || token.isCancellationRequested || this.options.service.isAnalysed(document)) return undefined;
    this.partlyPulled.add(document.uri);
    const { diagnostics, full } = this.partial(soFar.diagnostics);
    if (full) this.partialFull.add(document.uri);
    return diagnostics;
  }

  /** The document was closed. */
  forget(uri: string): void {
    this.partlyPulled.delete(uri);
    this.partialFull.delete(uri);
  }

  /** Diagnostics of the cables read so far as a message carries them: within the client's cap, and the first `max`. */
  private partial(soFar: Diagnostic[]): { diagnostics: Diagnostic[]; full: boolean } {
    const kept = capDiagnostics(soFar, this.options.client.kept);
    const full = kept.length >= this.options.max;
    return { diagnostics: forMessage(full ? kept.slice(0, this.options.max) : kept), full };
  }

  private async run(current: ITextDocument, version: number, superseded: CancellationToken, state: { over: boolean }): Promise<void> {
    const { client, intervalMs, service } = this.options;
    if ((client.pulls && !client.refreshes) || !(intervalMs > 0 && intervalMs < 2 ** 31)) return;
    // The first soon (the check of what was read shares the time with the parse), then every interval.
    for (let wait = Math.min(intervalMs, 500); ; wait = intervalMs) {
      await new Promise((resolve) => setTimeout(resolve, wait));
      if (state.over || superseded.isCancellationRequested || service.isAnalysed(current)) return;
      if (client.pulls) {
        // Once a pull got the most a partial answer carries, another would bring nothing new.
        if (this.partlyPulled.has(current.uri) && !this.partialFull.has(current.uri)) void this.options.refresh().catch(() => {});
        continue;
      }
      const soFar = await service.diagnoseSoFar(current, superseded);
      if (!soFar || state.over || superseded.isCancellationRequested) continue;
      const { diagnostics, full } = this.partial(soFar.diagnostics);
      void this.options.publish({ uri: current.uri, version, diagnostics }).catch(() => {});
      const name = current.uri.split('/').pop();
      if (!full) {
        this.options.log(`diagnostics of ${name} so far: ${soFar.diagnostics.length} problems in the first ${soFar.cables} cables (still reading)`);
        continue;
      }
      this.options.log(`diagnostics of ${name} so far: the first ${diagnostics.length} of ${soFar.diagnostics.length} problems in the first ${soFar.cables} cables; the rest come when the analysis ends`);
      return;
    }
  }
}
