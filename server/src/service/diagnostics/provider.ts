/**
 * Diagnostics as one more provider of the language service: it reads the cached model through the
 * same ITextDocument and CancellationToken as every other provider, runs the rule engine, and
 * answers LSP Diagnostics. The problems of a document version (with their fixes) are kept with its
 * model in the ModelCache, so the code actions asking for the same version do not recompute, and
 * a closed document's problems go with its model.
 *
 * A document kept as lines is checked step by step of its parse (parser.ts: the text before a
 * cable, the cable, the problems of their lines), and each step's problems, in order, are kept
 * with the step object: the incremental parse keeps the steps an edit did not touch, so the next
 * version checks only the steps parsed again, moves the kept problems by as many lines as their
 * step moved (its bounds say; its own objects may not have moved yet, see ModelCache.settle),
 * and puts the lists one after the other, which is the order a sort would give. The document-
 * scope rules read the parser's problems and the outside text one by one, so they run per step
 * too. Other documents (a TextDocument, a binary file, a file without cable) are checked whole.
 */
import { DiagnosticSeverity, DiagnosticTag, type Diagnostic } from 'vscode-languageserver-types';
import { moveRange, Span, type CableDocument } from '../../parser';
import { lagOf, settleSteps } from '../../parser/incremental';
import type { ParseStep } from '../../parser/parser';
import type { CancellationToken } from '../cancellation';
import type { ModelCache } from '../modelCache';
import { runInSlices, runToEnd } from '../slices';
import { copyRange, detached } from '../ranges';
import { diagnosticsToClient } from '../clientPositions';
import type { ITextDocument } from '../textDocument';
import type { RuleDef, Severity } from './catalogue';
import { activeRules, byPosition, checkCableScope, checkDocumentScope, type ActiveRule } from './engine';
import type { RuleSettings } from './settings';
import type { CableProblem } from './types';

const LSP_SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export interface DiagnosticsProviderOptions {
  /** The rule severities in force (`cable.rules`); a new object means new settings. */
  ruleSettings(): RuleSettings;
  /** Where a rule's documentation is (the server knows where docs/rules.md was installed). */
  ruleDocs?: (rule: RuleDef) => string | undefined;
  /** A rule's failure with its stack: the server's output channel. */
  log?: (message: string) => void;
}

/** A step's problems in order, computed under `stamp` (the settings) and `eol` when the step started at line `base`. */
interface StepEntry {
  stamp: RuleSettings;
  eol: CableDocument['eol'];
  base: number;
  problems: CableProblem[];
  /** Their diagnostics as a publish encodes them, made by the first message that needs them (see MessagePieces). */
  encoded?: EncodedStep;
}

/**
 * A step's diagnostics as the JSON a message carries, joined by commas: made once, and copied as
 * they are into every later publish while the step stays on its lines. An edit that moves no
 * line (a character typed) sends again some 60,000 diagnostics of a 200 MB export of which only
 * the touched cable's changed; a line break writes the moved steps' line numbers anew and copies
 * what lies between them.
 */
interface EncodedStep {
  /** Made for a document whose text has a BOM (line 0's characters count it). */
  readonly bom: boolean;
  /** The step's first line (its entry's base) when its lines were written: they are on that footing. */
  base: number;
  readonly bytes: Buffer;
  /** Where each line number's digits are in `bytes` (a diagnostic's start line, then its end line). */
  readonly at: Int32Array;
  /** The line numbers written there. */
  readonly lines: Int32Array;
}

/** One step's part of a message: its entry, and the line its step started at in the message's version. */
interface Segment {
  entry: StepEntry;
  base: number;
}

/**
 * The diagnostics of a message, by step (messagePieces): what the stdio writer encodes from the
 * steps' encoded JSON. `copies` are the message's diagnostics one by one, for a writer that
 * serialises objects; a step's entry may have moved on since (a later version moved its problems
 * in place), and both give the lines of the message's version.
 */
export interface MessagePieces {
  readonly count: number;
  readonly segments: ReadonlyArray<{
    readonly count: number;
    /** Line numbers to add to the encoded step's (undefined: none usable, the step is written from its copies). */
    encoded(): { step: EncodedStep; delta: number } | undefined;
    copies(): Diagnostic[];
  }>;
}

export class CableDiagnosticsProvider {
  private readonly perStep = new WeakMap<ParseStep, StepEntry>();
  /** A version's problems (a complete check of its steps, in their order) by step, as they stood when checked. */
  private readonly segments = new WeakMap<CableProblem[], Segment[]>();
  private readonly lsp = new WeakMap<CableProblem, Diagnostic>();
  /**
   * A diagnostic's `data` and `codeDescription` are the same for every problem of a rule: one
   * object each, shared. The 60,928 problems of a 200 MB export held a link string and two objects
   * each, about 170 bytes, some 10 MB. Nothing changes them; a message's copies serialise them alike.
   */
  private readonly shared = new Map<string, object>();

  constructor(
    private readonly cache: ModelCache,
    private readonly options: DiagnosticsProviderOptions,
  ) {}

  /** The problems, with their fixes, of this version of the document. A cancelled run returns [] and keeps nothing. */
  problems(document: ITextDocument, token: CancellationToken): CableProblem[] {
    const settings = this.options.ruleSettings();
    const hit = this.cache.derived<CableProblem[]>(document, 'diagnostics', settings);
    if (hit) return hit;
    return runToEnd(this.run(document, settings, token)) ?? [];
  }

  /**
   * The same, in slices of about `sliceMs` between cables, yielding to the event loop (the first
   * check of a large export). Undefined when the version was replaced or `token` cancelled.
   */
  async problemsInSlices(document: ITextDocument, token: CancellationToken, sliceMs = 15): Promise<CableProblem[] | undefined> {
    const settings = this.options.ruleSettings();
    const hit = this.cache.derived<CableProblem[]>(document, 'diagnostics', settings);
    if (hit) return hit;
    const version = document.version;
    const done = await runInSlices(this.run(document, settings, token), sliceMs, () => token.isCancellationRequested || document.version !== version);
    return done?.value;
  }

  /** The check, pausing (yield) after each cable. */
  private *run(document: ITextDocument, settings: RuleSettings, token: CancellationToken): Generator<void, CableProblem[] | undefined> {
    if (token.isCancellationRequested) return undefined;
    const active = activeRules(settings);
    const options = this.checkOptions(settings, document.uri);
    const parsed = this.cache.steps(document);
    let problems: CableProblem[];
    // The model of the cables read so far, while the first parse of a large document runs: its
    // problems are the answer now, but never the version's (the parse may end before this check
    // does, and the next check would be answered with them).
    let partial = false;
    if (parsed) {
      const r = yield* this.checkSteps(parsed.doc, parsed.steps, true, settings, active, options, token);
      if (!r) return undefined;
      problems = r;
    } else {
      const model = this.cache.get(document);
      partial = !this.cache.ready(document);
      // Rule by rule, as cable by cable: one document rule reads every problem of a large export.
      problems = [];
      for (const a of active) {
        if (a.rule.scope !== 'document') continue;
        for (const p of checkDocumentScope(model, [a], options)) problems.push(p);
        yield;
      }
      if (!model.binary) {
        for (const cable of model.cables) {
          if (token.isCancellationRequested) return undefined;
          for (const p of checkCableScope(model, cable, active, options)) problems.push(p);
          yield;
        }
      }
      problems.sort(byPosition);
    }
    if (token.isCancellationRequested) return undefined;
    if (!partial) this.cache.setDerived(document, 'diagnostics', settings, problems);
    return problems;
  }

  /**
   * The steps' problems in order, pausing after each. `complete`: the steps are the whole parse,
   * whose last step (the text after the last cable) is checked every time: a fix of web-page text
   * at the end of the file reaches back over the blank lines before it.
   */
  private *checkSteps(doc: CableDocument, steps: readonly ParseStep[], complete: boolean, settings: RuleSettings, active: readonly ActiveRule[], options: Parameters<typeof checkCableScope>[3], token: CancellationToken): Generator<void, CableProblem[] | undefined> {
    const lists: CableProblem[][] = [];
    const segments: Segment[] = [];
    let total = 0;
    for (let i = 0; i < steps.length; i++) {
      if (token.isCancellationRequested) return undefined;
      const entry = this.stepProblems(doc, steps[i], complete && i === steps.length - 1, settings, active, options);
      const list = entry.problems;
      lists.push(list);
      if (list.length > 0) segments.push({ entry, base: entry.base });
      total += list.length;
      yield;
    }
    const problems = new Array<CableProblem>(total);
    let n = 0;
    let sorted = true;
    let last: CableProblem | undefined;
    for (const list of lists) {
      if (list.length === 0) continue;
      if (last && byPosition(last, list[0]) > 0) sorted = false;
      for (const p of list) problems[n++] = p;
      last = list[list.length - 1];
    }
    // A step's problems lie on its own lines; should some not, the whole list is put in order.
    if (!sorted) problems.sort(byPosition);
    else if (complete) this.segments.set(problems, segments);
    return problems;
  }

  /**
   * During a sliced first parse: the problems of the cables read so far, in slices like
   * problemsInSlices, kept per step as the final check's are, so that check finds them done.
   * Undefined when no first parse of this version is running, or it was replaced or cancelled.
   */
  async problemsSoFar(document: ITextDocument, token: CancellationToken, sliceMs = 15): Promise<{ problems: CableProblem[]; cables: number } | undefined> {
    const read = this.cache.readSoFar(document);
    if (!read) return undefined;
    const version = document.version;
    const settings = this.options.ruleSettings();
    const options = this.checkOptions(settings, document.uri);
    const run = this.checkSteps(read.doc, read.steps, false, settings, activeRules(settings), options, token);
    const done = await runInSlices(run, sliceMs, () => token.isCancellationRequested || document.version !== version || settings !== this.options.ruleSettings());
    const problems = done?.value;
    return problems && { problems, cables: read.steps.reduce((n, s) => n + (s.cable ? 1 : 0), 0) };
  }

  /** One step's problems in order (its entry): kept ones moved to the step's line, or found by the rules. */
  private stepProblems(doc: CableDocument, step: ParseStep, last: boolean, settings: RuleSettings, active: readonly ActiveRule[], options: Parameters<typeof checkCableScope>[3]): StepEntry {
    const kept = this.perStep.get(step);
    if (kept && kept.stamp === settings && kept.eol === doc.eol && !last) {
      if (kept.base !== step.from) {
        moveProblems(kept.problems, step.from - kept.base);
        kept.base = step.from;
      }
      return kept;
    }
    // The rules read the step's own objects: they must be on their lines.
    if (lagOf(step) !== 0) settleSteps([step]);
    const entry: StepEntry = { stamp: settings, eol: doc.eol, base: step.from, problems: checkStep(doc, step, active, options) };
    this.perStep.set(step, entry);
    return entry;
  }

  /**
   * The diagnostics of `problems` (a version's, from `problems` or `problemsInSlices`) as a message
   * carries them, each a copy on the lines of that version whenever it is read or encoded. The
   * copies of a complete check of steps are made only if read: the stdio writer encodes the
   * message from the steps' JSON (messagePieces), which each step makes once.
   */
  forMessage(problems: CableProblem[], bom: boolean): Diagnostic[] {
    const segments = this.segments.get(problems);
    if (!segments) return forMessage(diagnosticsToClient(problems.map((p) => this.toDiagnostic(p)), bom));
    const pieces: MessagePieces = {
      count: problems.length,
      segments: segments.map(({ entry, base }) => ({
        count: entry.problems.length,
        encoded: () => this.encodedSegment(entry, base, bom),
        copies: () => this.segmentCopies(entry, base, bom),
      })),
    };
    return lazyList(pieces);
  }

  private segmentCopies(entry: StepEntry, base: number, bom: boolean): Diagnostic[] {
    const delta = base - entry.base;
    const out = new Array<Diagnostic>(entry.problems.length);
    for (let i = 0; i < out.length; i++) {
      const copy = new MessageDiagnostic(this.toDiagnostic(entry.problems[i])) as unknown as Diagnostic;
      const r = copy.range as Span;
      r.startLine += delta;
      r.endLine += delta;
      if (bom && r.startLine === 0) r.startCharacter++;
      if (bom && r.endLine === 0) r.endCharacter++;
      out[i] = copy;
    }
    return out;
  }

  private encodedSegment(entry: StepEntry, base: number, bom: boolean): { step: EncodedStep; delta: number } | undefined {
    let step = entry.encoded;
    if (!step || step.bom !== bom) {
      const made = this.encodeStep(entry, bom);
      if (!made) return undefined;
      entry.encoded = step = made;
    }
    const delta = base - step.base;
    if (delta === 0) return { step, delta };
    // Line 0's characters count the BOM: a step moved to or from it is written from its copies.
    if (bom && (step.base === 0 || base === 0)) return undefined;
    // Moved: its numbers are written anew in its bytes, so that the next versions copy it whole
    // again (a line break moves half a large export, and the typing after it moves nothing).
    // Whoever encodes after this reads the new base with the new bytes, whatever version it is for.
    if (rebase(step, base)) return { step, delta: 0 };
    const made = this.encodeStep(entry, bom);
    if (!made) return undefined;
    entry.encoded = made;
    return { step: made, delta: base - made.base };
  }

  /** The entry's diagnostics as JSON on its current lines; undefined when one's JSON does not begin with its range as the writer writes it. */
  private encodeStep(entry: StepEntry, bom: boolean): EncodedStep | undefined {
    const problems = entry.problems;
    const at = new Int32Array(problems.length * 2);
    const lines = new Int32Array(problems.length * 2);
    let offset = 0;
    for (let i = 0; i < problems.length; i++) {
      // The diagnostic itself, on its entry's lines now (a copy only where line 0 counts a BOM): its JSON is its copy's.
      let d = this.toDiagnostic(problems[i]);
      if (!(d.range instanceof Span)) return undefined;
      if (bom && (d.range.startLine === 0 || d.range.endLine === 0)) d = diagnosticsToClient([d], true)[0];
      const r = d.range as Span;
      if (!wholeRange(r) || firstKey(d) !== 'range') return undefined;
      // The range written here and the rest by JSON.stringify, whose fast path takes a plain
      // object and not one holding a Span (its toJSON): the JSON of the whole, a third of the time.
      const { range: _, ...others } = d;
      const rest = JSON.stringify(others);
      const afterStart = `${r.startLine},"character":${r.startCharacter}},"end":{"line":`;
      const head = `${RANGE_START}${afterStart}${r.endLine},"character":${r.endCharacter}}}`;
      stepBytes = room(stepBytes, offset, 1 + head.length + rest.length * 3);
      if (i > 0) stepBytes[offset++] = 0x2c;
      at[2 * i] = offset + RANGE_START.length;
      lines[2 * i] = r.startLine;
      at[2 * i + 1] = offset + RANGE_START.length + afterStart.length;
      lines[2 * i + 1] = r.endLine;
      offset += stepBytes.write(head, offset, 'latin1');
      if (rest.length > 2) {
        stepBytes[offset++] = 0x2c;
        offset += stepBytes.write(rest.substring(1), offset, 'utf8');
      } else stepBytes[offset++] = 0x7d;
    }
    // Its own bytes, of its size (a small step's from Node's pool).
    return { bom, base: entry.base, bytes: Buffer.from(stepBytes.subarray(0, offset)), at, lines };
  }

  /**
   * The diagnostics of one step of a file read as a stream (largeFiles.ts: the file is never held
   * whole), on the lines of the window it was read from: `file` gives the whole file's line ends
   * and BOM. The check of the whole file finds the same problems in this step. Nothing is kept.
   */
  stepDiagnostics(uri: string, step: ParseStep, lines: string[], file: Pick<CableDocument, 'eol' | 'bom'>): Diagnostic[] {
    const settings = this.options.ruleSettings();
    return checkStep({ lines, eol: file.eol, bom: file.bom }, step, activeRules(settings), this.checkOptions(settings, uri)).map((p) => this.toDiagnostic(p));
  }

  private checkOptions(settings: RuleSettings, uri: string): Parameters<typeof checkCableScope>[3] {
    return {
      settings,
      onRuleError: (rule: string, error: unknown) => this.options.log?.(`rule ${rule} failed on ${uri}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`),
    };
  }

  provideDiagnostics(document: ITextDocument, token: CancellationToken): Diagnostic[] {
    return this.problems(document, token).map((p) => this.toDiagnostic(p));
  }

  toDiagnostic(p: CableProblem): Diagnostic {
    const cached = this.lsp.get(p);
    if (cached) return cached;
    const href = this.options.ruleDocs?.(p.rule);
    const fixable = !!p.fix;
    const d: Diagnostic = {
      // The problem's own range object: when a kept cable's problems move, so does this (a
      // message carries copies: forMessage).
      range: p.range,
      severity: LSP_SEVERITY[p.severity],
      code: p.rule.code,
      source: 'cable',
      message: p.message,
      data: this.share(`data ${p.rule.name} ${fixable}`, () => ({ rule: p.rule.name, fixable })),
    };
    if (href) d.codeDescription = this.share(`link ${href}`, () => ({ href }));
    if (p.rule.tags?.includes('unnecessary')) d.tags = [DiagnosticTag.Unnecessary];
    this.lsp.set(p, d);
    return d;
  }

  private share<T extends object>(key: string, make: () => T): T {
    let v = this.shared.get(key) as T | undefined;
    if (v === undefined) this.shared.set(key, (v = make()));
    return v;
  }
}

/** One step's problems in order, found by the rules on a document of that step alone (its lines are the file's, or its window's). */
function checkStep(doc: Pick<CableDocument, 'lines' | 'eol' | 'bom'>, step: ParseStep, active: readonly ActiveRule[], options: Parameters<typeof checkCableScope>[3]): CableProblem[] {
  const view: CableDocument = { cables: step.cable ? [step.cable] : [], outside: step.outside, problems: step.problems, lines: doc.lines, eol: doc.eol, bom: doc.bom, binary: false };
  const found = checkDocumentScope(view, active, options);
  if (step.cable) for (const p of checkCableScope(view, step.cable, active, options)) found.push(p);
  // Kept apart from the model: a problem's range may be the model's own object, which the
  // incremental parse moves in place, and each must move once.
  return found.map(detach).sort(byPosition);
}

/** A copy of the problem whose positions and fix are its own (the rule stays shared): no object of it is the model's or another problem's. */
function detach(p: CableProblem): CableProblem {
  const copy: CableProblem = { ...p, range: copyRange(p.range) };
  if (p.fix) copy.fix = { ...p.fix, edits: p.fix.edits.map((e) => ({ ...e, range: copyRange(e.range) })) };
  return copy;
}

/** Moves detached problems (each range its own Span) by `delta` lines. */
function moveProblems(problems: readonly CableProblem[], delta: number): void {
  for (const p of problems) {
    moveRange(p.range, delta);
    if (p.fix) for (const e of p.fix.edits) moveRange(e.range, delta);
  }
}

/**
 * Diagnostics for a message (a publish, a pull's answer): each a copy with its own range. The
 * kept steps' problems, and the diagnostics made of them, move in place when the next version
 * shifts their step (moving copies instead would cost a 200 MB export's line break about 60,000
 * objects); a message may wait in the writer's queue behind a 15 MB one, and must go out with
 * its own version's lines. Costs the message (VS Code keeps 1,000), not the file.
 */
export function forMessage(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const out = new Array<Diagnostic>(diagnostics.length);
  for (let i = 0; i < diagnostics.length; i++) out[i] = new MessageDiagnostic(diagnostics[i]) as unknown as Diagnostic;
  return out;
}

/**
 * A message's copy of a diagnostic, which knows the diagnostic it copies (a private field: JSON
 * and comparisons do not see it). Only the range of that one ever changes (toDiagnostic makes it
 * once per problem, and the problem's range moves in place), so the stdio writer encodes the rest
 * once and reuses it from version to version (slicedWriter.ts): a line break in a 200 MB export
 * sends its 60,000 problems again, most of them a line lower.
 */
class MessageDiagnostic {
  readonly #from: Diagnostic;
  constructor(d: Diagnostic) {
    // Assigned in the diagnostic's order, the range first (its JSON is the diagnostic's).
    Object.assign(this, d);
    (this as unknown as Diagnostic).range = copyRange(d.range);
    this.#from = d;
  }

  static from(x: unknown): Diagnostic | undefined {
    return x instanceof MessageDiagnostic ? x.#from : undefined;
  }
}

const RANGE_START = '{"range":{"start":{"line":';

/** Whole numbers, the lines not negative: written as JSON writes them, and moved by rewriting the lines' digits. */
function wholeRange(r: Span): boolean {
  return r.startLine >= 0 && r.endLine >= 0 && Number.isSafeInteger(r.startLine) && Number.isSafeInteger(r.endLine) && Number.isSafeInteger(r.startCharacter) && Number.isSafeInteger(r.endCharacter);
}

function firstKey(o: object): string | undefined {
  for (const key in o) return key;
  return undefined;
}

/** Where a step's JSON is written before it is copied out at its size: kept for the next step. */
let stepBytes: Buffer = Buffer.allocUnsafe(64 * 1024);

/** `buffer`, or a larger copy of its first `used` bytes, with room for `n` more. */
function room(buffer: Buffer, used: number, n: number): Buffer {
  if (used + n <= buffer.length) return buffer;
  const larger = Buffer.allocUnsafe(Math.max(2 * buffer.length, used + n));
  buffer.copy(larger, 0, 0, used);
  return larger;
}

/** Moves an encoded step's lines to `base` in place; false when a number would change its length (99 → 100), which needs the bytes made again. */
function rebase(step: EncodedStep, base: number): boolean {
  const delta = base - step.base;
  const { at, lines, bytes } = step;
  for (let i = 0; i < lines.length; i++) if (digitCount(lines[i]) !== digitCount(lines[i] + delta)) return false;
  for (let i = 0; i < lines.length; i++) {
    let n = (lines[i] += delta);
    for (let j = at[i] + digitCount(n) - 1; j >= at[i]; j--) {
      bytes[j] = 0x30 + (n % 10);
      n = Math.floor(n / 10);
    }
  }
  step.base = base;
  return true;
}

/** The number of decimal digits of a whole number ≥ 0: an encoded step's line numbers are rewritten in place only while they keep their length. */
export function digitCount(n: number): number {
  let d = 1;
  for (; n >= 10; n = Math.floor(n / 10)) d++;
  return d;
}

const PIECES = new WeakMap<object, MessagePieces>();

/**
 * A message's diagnostics that are made only when something reads them: an array to every reader
 * (a Proxy of one, filled on the first read of anything but its length), which the stdio writer
 * does not read but encodes from its pieces.
 */
function lazyList(pieces: MessagePieces): Diagnostic[] {
  const target: Diagnostic[] = [];
  let filled = false;
  const fill = () => {
    if (filled) return;
    filled = true;
    for (const s of pieces.segments) for (const d of s.copies()) target.push(d);
  };
  const list = new Proxy(target, {
    // What is not an element (a method, `then` when a promise resolves to the list) needs no copies.
    get: (t, key, receiver): unknown => {
      if (key === 'length' && !filled) return pieces.count;
      if (typeof key === 'string' && isIndex(key)) fill();
      return Reflect.get(t, key, receiver) as unknown;
    },
    set: (t, key, value, receiver) => (fill(), Reflect.set(t, key, value, receiver)),
    has: (t, key) => (fill(), Reflect.has(t, key)),
    ownKeys: (t) => (fill(), Reflect.ownKeys(t)),
    getOwnPropertyDescriptor: (t, key) => (fill(), Reflect.getOwnPropertyDescriptor(t, key)),
    defineProperty: (t, key, descriptor) => (fill(), Reflect.defineProperty(t, key, descriptor)),
    deleteProperty: (t, key) => (fill(), Reflect.deleteProperty(t, key)),
  });
  PIECES.set(list, pieces);
  return list;
}

function isIndex(key: string): boolean {
  const c = key.charCodeAt(0);
  return c >= 0x30 && c <= 0x39;
}

/** The pieces a message's diagnostics (CableDiagnosticsProvider.forMessage) are made of; undefined for any other list. */
export function messagePieces(list: unknown): MessagePieces | undefined {
  return typeof list === 'object' && list !== null ? PIECES.get(list) : undefined;
}

/** The diagnostic a message's diagnostic (forMessage) copies; undefined for anything else. */
export function copiedFrom(x: unknown): Diagnostic | undefined {
  return MessageDiagnostic.from(x);
}

/** Code actions for a message: their edits' ranges copied, for the same reason (a quick fix's edits are its problem's, moved in place). */
export function codeActionsForMessage<T>(actions: T): T {
  return detached(actions);
}
