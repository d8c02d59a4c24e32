/**
 * EarlyDiagnostics alone (server/src/earlyDiagnostics.ts): a made-up analysis state and fake
 * timers instead of a server, a parse and a connection. What goes out, when, and when it stops;
 * test/server/earlyDiagnostics.test.ts runs the same through a real connection and analysis.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { EarlyDiagnostics, type EarlyDiagnosticsClient } from '../../server/src/earlyDiagnostics';
import type { ITextDocument } from '../../server/src/service';

const problem = (line: number): Diagnostic => ({ range: { start: { line, character: 0 }, end: { line, character: 4 } }, severity: DiagnosticSeverity.Warning, source: 'cable', message: `problem ${line}` });
const problems = (n: number) => Array.from({ length: n }, (_, i) => problem(i));
const lines = (ds: readonly Diagnostic[]) => ds.map((d) => d.range.start.line);

const document = (uri = 'file:///x/export.cable', version = 1) => ({ uri, version }) as unknown as ITextDocument;
const never = { isCancellationRequested: false };

/**
 * A first analysis that the test moves on by hand: `read` is what diagnoseSoFar answers (undefined:
 * no first parse runs), `analysed` what isAnalysed says; every call is counted.
 */
function setUp(options: { client?: Partial<EarlyDiagnosticsClient>; intervalMs?: number; max?: number } = {}) {
  const state = { read: problems(3) as Diagnostic[] | undefined, cables: 2, analysed: false, soFarCalls: 0, hold: undefined as Promise<void> | undefined };
  const published: { uri: string; version: number; diagnostics: Diagnostic[] }[] = [];
  const logs: string[] = [];
  let refreshes = 0;
  const client: EarlyDiagnosticsClient = { pulls: false, refreshes: false, kept: undefined, ...options.client };
  const early = new EarlyDiagnostics({
    service: {
      isAnalysed: () => state.analysed,
      diagnoseSoFar: async () => {
        state.soFarCalls++;
        // Taken when asked, answered when the hold ends (a check of what was read takes slices).
        const read = state.read;
        if (state.hold) await state.hold;
        return read && { diagnostics: read, cables: state.cables };
      },
    },
    client,
    intervalMs: options.intervalMs ?? 1000,
    max: options.max ?? 100,
    publish: async (p) => void published.push(p),
    refresh: async () => void refreshes++,
    log: (m) => void logs.push(m),
  });
  return { early, state, published, logs, refreshes: () => refreshes };
}

const tick = (ms: number) => vi.advanceTimersByTimeAsync(ms);

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

describe('EarlyDiagnostics, pushed', () => {
  it('publishes the cables read so far: first after 500 ms at most, then every interval, with the version analysed', async () => {
    const { early, state, published, logs } = setUp({ intervalMs: 1000 });
    early.start(document('file:///x/export.cable', 7), 7, never);
    await tick(499);
    expect(published).toEqual([]);
    await tick(1);
    expect(published).toEqual([{ uri: 'file:///x/export.cable', version: 7, diagnostics: problems(3) }]);
    expect(logs).toEqual(['diagnostics of export.cable so far: 3 problems in the first 2 cables (still reading)']);
    state.read = problems(5);
    await tick(999);
    expect(published.length).toBe(1);
    await tick(1);
    expect(published.map((p) => lines(p.diagnostics))).toEqual([[0, 1, 2], [0, 1, 2, 3, 4]]);
  });

  it('a short interval is its own first wait', async () => {
    const { early, published } = setUp({ intervalMs: 60 });
    early.start(document(), 1, never);
    await tick(59);
    expect(published.length).toBe(0);
    await tick(1);
    expect(published.length).toBe(1);
    await tick(60);
    expect(published.length).toBe(2);
  });

  it('nothing after the analysis ends, completes, is superseded or its model is complete', async () => {
    for (const stop of ['end', 'complete', 'superseded', 'analysed'] as const) {
      const { early, state, published } = setUp({ intervalMs: 100 });
      const token = { isCancellationRequested: false };
      const run = early.start(document(), 1, token);
      await tick(100);
      expect(published.length, stop).toBe(1);
      if (stop === 'end') run.end();
      else if (stop === 'complete') run.complete();
      else if (stop === 'superseded') token.isCancellationRequested = true;
      else state.analysed = true;
      await tick(1000);
      expect(published.length, stop).toBe(1);
      expect(state.soFarCalls, stop).toBe(1);
    }
  });

  it('a check of what was read that ends after the analysis publishes nothing (the complete set went out before it)', async () => {
    const { early, state, published } = setUp({ intervalMs: 100 });
    let release!: () => void;
    state.hold = new Promise((resolve) => (release = resolve));
    const run = early.start(document(), 1, never);
    await tick(100);
    expect(state.soFarCalls).toBe(1);
    run.complete();
    release();
    await tick(1000);
    expect(published).toEqual([]);
  });

  it('no first parse running (diagnoseSoFar answers nothing): nothing published, asked again next interval', async () => {
    const { early, state, published } = setUp({ intervalMs: 100 });
    state.read = undefined;
    early.start(document(), 1, never);
    await tick(300);
    expect(published).toEqual([]);
    expect(state.soFarCalls).toBe(3);
  });

  it('at most `max`, published once: the answer that reaches it is the last before the complete set', async () => {
    const { early, state, published, logs } = setUp({ intervalMs: 100, max: 4 });
    early.start(document(), 1, never);
    await tick(100);
    state.read = problems(6);
    state.cables = 5;
    await tick(100);
    state.read = problems(9);
    await tick(1000);
    expect(published.map((p) => lines(p.diagnostics))).toEqual([
      [0, 1, 2],
      [0, 1, 2, 3],
    ]);
    expect(state.soFarCalls).toBe(2);
    expect(logs.at(-1)).toBe('diagnostics of export.cable so far: the first 4 of 6 problems in the first 5 cables; the rest come when the analysis ends');
  });

  it('within the cap the client keeps, its note counting what the client does not keep of what was read', async () => {
    const { early, state, published, logs } = setUp({ intervalMs: 100, client: { kept: 3 } });
    state.read = problems(10);
    early.start(document(), 1, never);
    await tick(100);
    expect(logs).toEqual(['diagnostics of export.cable so far: 10 problems in the first 2 cables (still reading)']);
    const [p] = published;
    expect(p.diagnostics.length).toBe(3);
    expect(lines(p.diagnostics.slice(0, 2))).toEqual([0, 1]);
    expect(p.diagnostics[2].message).toMatch(/^Not showing 8 further problems/);
  });

  it('never with an interval of Infinity, 0 or less, and never to a client that pulls and cannot be asked again', async () => {
    for (const [intervalMs, client] of [
      [Infinity, {}],
      [0, {}],
      [-5, {}],
      [100, { pulls: true, refreshes: false }],
    ] as const) {
      const { early, state, published, refreshes } = setUp({ intervalMs, client });
      const run = early.start(document(), 1, never);
      // No timer waits for nothing.
      expect(vi.getTimerCount(), String(intervalMs)).toBe(0);
      if (client.pulls) expect(await early.pulled(document(), never)).toBeUndefined();
      await tick(10_000);
      run.complete();
      expect(published, String(intervalMs)).toEqual([]);
      expect(refreshes()).toBe(0);
      expect(state.soFarCalls).toBe(0);
    }
  });
});

describe('EarlyDiagnostics, pulled', () => {
  const pulling = { pulls: true, refreshes: true };

  it('a pull gets the cables read so far, within the bound; the complete model answers nothing (the whole answer is due)', async () => {
    const { early, state } = setUp({ client: pulling, max: 4 });
    expect(lines((await early.pulled(document(), never))!)).toEqual([0, 1, 2]);
    state.read = problems(10);
    expect(lines((await early.pulled(document(), never))!)).toEqual([0, 1, 2, 3]);
    state.read = undefined;
    expect(await early.pulled(document(), never)).toBeUndefined();
    state.read = problems(3);
    state.analysed = true;
    expect(await early.pulled(document(), never)).toBeUndefined();
    // Without checking anything.
    expect(state.soFarCalls).toBe(3);
  });

  it('a pull whose check of what was read ends after the model is complete gets nothing (the complete set is due, and no refresh would follow)', async () => {
    const { early, state, refreshes } = setUp({ client: pulling });
    let release!: () => void;
    state.hold = new Promise((resolve) => (release = resolve));
    const run = early.start(document(), 1, never);
    const answer = early.pulled(document(), never);
    state.analysed = true;
    run.complete();
    release();
    expect(await answer).toBeUndefined();
    expect(refreshes()).toBe(0);
  });

  it('a cancelled pull gets nothing and asks for no refresh', async () => {
    const { early, refreshes } = setUp({ client: pulling });
    const run = early.start(document(), 1, never);
    expect(await early.pulled(document(), { isCancellationRequested: true })).toBeUndefined();
    await tick(5000);
    run.complete();
    expect(refreshes()).toBe(0);
  });

  it('after a partial answer, a refresh every interval and one at the end; none without one, and nothing is published', async () => {
    const { early, published, refreshes } = setUp({ client: pulling, intervalMs: 100 });
    const run = early.start(document(), 1, never);
    await tick(300);
    expect(refreshes()).toBe(0);
    await early.pulled(document(), never);
    await tick(300);
    expect(refreshes()).toBe(3);
    run.complete();
    expect(refreshes()).toBe(4);
    await tick(1000);
    expect(refreshes()).toBe(4);
    expect(published).toEqual([]);

    // The next analysis of the document starts clean: no pull, no refresh at its end.
    const next = early.start(document('file:///x/export.cable', 2), 2, never);
    await tick(300);
    next.complete();
    expect(refreshes()).toBe(4);
  });

  it('once a pull got `max`, no refresh until the end, and one at the end', async () => {
    const { early, state, refreshes } = setUp({ client: pulling, intervalMs: 100, max: 3 });
    const run = early.start(document(), 1, never);
    state.read = problems(2);
    await early.pulled(document(), never);
    await tick(100);
    expect(refreshes()).toBe(1);
    state.read = problems(5);
    expect((await early.pulled(document(), never))!.length).toBe(3);
    await tick(1000);
    expect(refreshes()).toBe(1);
    run.complete();
    expect(refreshes()).toBe(2);

    // The bound is per analysis: the next one's partial answers are followed by refreshes again.
    const next = early.start(document('file:///x/export.cable', 2), 2, never);
    state.read = problems(1);
    await early.pulled(document('file:///x/export.cable', 2), never);
    await tick(100);
    expect(refreshes()).toBe(3);
    next.complete();
  });

  it('a closed document is forgotten: no refresh for its partial answer', async () => {
    const { early, refreshes } = setUp({ client: pulling, intervalMs: 100 });
    const run = early.start(document(), 1, never);
    await early.pulled(document(), never);
    early.forget(document().uri);
    await tick(1000);
    run.complete();
    expect(refreshes()).toBe(0);
  });

  it('a closed document that had got `max` starts clean when opened again', async () => {
    const { early, state, refreshes } = setUp({ client: pulling, intervalMs: 100, max: 3 });
    early.start(document(), 1, never).end();
    state.read = problems(5);
    await early.pulled(document(), never);
    early.forget(document().uri);
    state.read = problems(1);
    early.start(document(), 1, never);
    await early.pulled(document(), never);
    await tick(100);
    expect(refreshes()).toBe(1);
  });

  it('per document: a partial answer for one asks no refresh at the end of another', async () => {
    const { early, refreshes } = setUp({ client: pulling, intervalMs: Infinity });
    const a = early.start(document('file:///x/a.cable'), 1, never);
    const b = early.start(document('file:///x/b.cable'), 1, never);
    await early.pulled(document('file:///x/a.cable'), never);
    b.complete();
    expect(refreshes()).toBe(0);
    a.complete();
    expect(refreshes()).toBe(1);
  });
});
