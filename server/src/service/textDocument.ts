import type { Position } from 'vscode-languageserver-types';
import type { CableDocument } from '../parser';
import { composeEdits, type LineEdit } from '../parser/incremental';
import { splitLines } from '../parser/text';
import { runToEnd } from './slices';

/**
 * The least the service needs of a document. `vscode-languageserver-textdocument`'s TextDocument
 * satisfies it, and so does a tiny in-memory object in tests: nothing here knows the connection.
 */
export interface ITextDocument {
  readonly uri: string;
  readonly version: number;
  getText(): string;
  positionAt(offset: number): Position;
  offsetAt(position: Position): number;
}

/**
 * A text received already cut into lines: the stdio reader (stdioReader.ts) reads the text of a
 * large didOpen or didChange from the message's bytes line by line, so the whole text never
 * exists as one string (nor as a UTF-16 one when a single curly quote is in it). Lines are cut
 * as splitLines cuts them (`\r\n`, `\n` and a lone `\r` end a line) and kept as they are: a BOM
 * stays at the start of the first line. Ends are counted; `ends` lists each line's end (`''`
 * for the last) only when they are not all alike. Stands for its text everywhere a string would
 * be written out (toString, toJSON: a traced message shows the text). A LineDocument made from
 * it takes its arrays over.
 */
export class LinedText {
  constructor(
    readonly lines: string[],
    readonly ends: string[] | undefined,
    readonly crlf: number,
    readonly lf: number,
    readonly cr: number,
  ) {}

  /** The end of every line but the last, when they are all alike. */
  get end(): string {
    return this.crlf > 0 ? '\r\n' : this.cr > 0 ? '\r' : '\n';
  }

  endOf(line: number): string {
    return this.ends ? this.ends[line] : line < this.lines.length - 1 ? this.end : '';
  }

  toString(): string {
    return joinLines(this.lines, this.ends, this.end);
  }

  toJSON(): string {
    return this.toString();
  }
}

/** The text of `lines`, each ended by its own end in `ends` (`''` for the last) or, without them, all but the last by `end`. */
function joinLines(lines: readonly string[], ends: readonly string[] | undefined, end: string): string {
  if (!ends) return lines.join(end);
  const parts: string[] = [];
  for (let l = 0; l < lines.length; l++) parts.push(lines[l], ends[l]);
  return parts.join('');
}

/** A change as LSP sends it: a range replaced by text, or the whole text. */
export type ContentChange = { range: { start: Position; end: Position }; text: string } | { text: string };

/** A change as the server receives it: its text may come cut into lines (LinedText). */
export type ReceivedChange = { range: { start: Position; end: Position }; text: string | LinedText } | { text: string | LinedText };

/** What the model cache reads of a LineDocument: its lines as the parser splits them, and which changed since a version. */
export interface LineSource {
  readonly lines: string[];
  readonly eol: CableDocument['eol'];
  readonly bom: boolean;
  /** The lines changed since `version`, as one edit; undefined when not known (the whole text was replaced, or too long ago). */
  editsSince(version: number): LineEdit | undefined;
}

/** Edits remembered per document: enough for any debounce. */
const LOG_SIZE = 1000;

/**
 * An open document kept as its lines, with incremental changes applied to them: a keystroke in a
 * 200 MB export splices one line instead of re-splitting the text, and the model cache learns
 * which lines changed (editsSince) to re-parse only the cables there. The lines are the parser's
 * (`\r\n`, `\n` or a lone `\r` end a line, as LSP counts; a BOM is not in the first line but
 * `bom`), so the model reads this very array; each line's own end is kept (`ends`, when they are
 * not all alike). The full text is joined only when something asks for it, and not kept.
 *
 * Positions are LSP's, on the text with its BOM: the first line's characters count the BOM. A
 * change next to a lone `\r` may join two ends into one `\r\n` (a `\n` typed right after a
 * line that ends in `\r`, the text between a `\r` and a `\n` deleted): the change is applied to
 * the lines, and a line end `\r` followed by an empty line ended by `\n` where the change met
 * the text around it becomes that `\r\n` (update).
 */
export class LineDocument implements ITextDocument, LineSource {
  lines: string[];
  /** Each line's ending (`''` for the last); only for a text whose line ends are not all alike. */
  private ends: string[] | undefined;
  private uniformEnd: string;
  private crlf = 0;
  private lf = 0;
  /** Lone `\r` ends. */
  private cr = 0;
  bom = false;
  private offsets: number[] | undefined;
  private readonly log: Array<{ before: number; after: number; edit: LineEdit | undefined }> = [];

  private constructor(
    readonly uri: string,
    readonly languageId: string,
    public version: number,
    content: string | LinedText,
  ) {
    this.lines = [];
    this.uniformEnd = '\n';
    this.replace(content);
  }

  static create(uri: string, languageId: string, version: number, content: string | LinedText): LineDocument {
    return new LineDocument(uri, languageId, version, content);
  }

  /** As splitLines says it: a lone `\r` counts with `\n`. */
  get eol(): CableDocument['eol'] {
    const other = this.lf + this.cr;
    return this.crlf > 0 && other > 0 ? 'mixed' : this.crlf > 0 ? '\r\n' : '\n';
  }

  private replace(content: string | LinedText): void {
    this.offsets = undefined;
    if (typeof content === 'string') this.reset(content);
    else this.resetLines(content);
    this.settleEnds();
  }

  /** The lines as they came (the arrays taken over), the BOM taken off the first. */
  private resetLines(content: LinedText): void {
    this.lines = content.lines;
    this.bom = this.lines[0].charCodeAt(0) === 0xfeff;
    if (this.bom) this.lines[0] = this.lines[0].slice(1);
    this.crlf = content.crlf;
    this.lf = content.lf;
    this.cr = content.cr;
    this.uniformEnd = content.end;
    this.ends = this.kinds() > 1 ? (content.ends ?? content.lines.map((_, l) => content.endOf(l))) : undefined;
  }

  private reset(content: string): void {
    const split = splitLines(content);
    this.lines = split.lines;
    this.bom = split.bom;
    this.crlf = 0;
    this.lf = 0;
    this.cr = 0;
    this.ends = undefined;
    // A text without any `\r` ends every line with `\n`, counted by its lines (a 200 MB export
    // opens without scanning it twice more).
    if (content.indexOf('\r') < 0) {
      this.lf = this.lines.length - 1;
      this.uniformEnd = '\n';
      return;
    }
    const ends: string[] = [];
    if (!/\r(?!\n)/.test(content)) {
      for (let i = content.indexOf('\n'); i >= 0; i = content.indexOf('\n', i + 1)) {
        if (i > 0 && content.charCodeAt(i - 1) === 13) this.crlf++;
        else this.lf++;
      }
      this.uniformEnd = this.crlf > 0 ? '\r\n' : '\n';
      if (this.crlf === 0 || this.lf === 0) return;
      for (let i = content.indexOf('\n'); i >= 0; i = content.indexOf('\n', i + 1)) ends.push(i > 0 && content.charCodeAt(i - 1) === 13 ? '\r\n' : '\n');
      ends.push('');
      this.ends = ends;
      return;
    }
    // A lone `\r` (rare): every end read, as splitLines reads them.
    const every = splitWithEnds(content).ends;
    for (const e of every) this.countEnd(e, 1);
    this.uniformEnd = this.crlf > 0 ? '\r\n' : this.cr > 0 ? '\r' : '\n';
    if (this.kinds() > 1) this.ends = every;
  }

  /** How many kinds of line end the text has. */
  private kinds(): number {
    return (this.crlf > 0 ? 1 : 0) + (this.lf > 0 ? 1 : 0) + (this.cr > 0 ? 1 : 0);
  }

  /** `ends` kept only while the ends are not all alike. */
  private settleEnds(): void {
    if (this.ends && this.kinds() <= 1) {
      this.uniformEnd = this.crlf > 0 ? '\r\n' : this.cr > 0 ? '\r' : '\n';
      this.ends = undefined;
    }
  }

  /** Applies the changes of one `didChange`, as vscode-languageserver-textdocument's update does. */
  update(changes: readonly ReceivedChange[], version: number): this {
    const before = this.version;
    let edit: LineEdit | undefined;
    let known = true;
    for (const change of changes) {
      if (!('range' in change)) {
        this.replace(change.text);
        known = false;
        continue;
      }
      const e = this.applyRange(change.range.start, change.range.end, change.text);
      edit = edit ? composeEdits(edit, e) : e;
    }
    this.version = version;
    this.log.push({ before, after: version, edit: known ? (edit ?? { from: 0, oldTo: -1, newTo: -1 }) : undefined });
    if (this.log.length > LOG_SIZE) this.log.splice(0, this.log.length - LOG_SIZE);
    return this;
  }

  private applyRange(start: Position, end: Position, inserted: string | LinedText): LineEdit {
    this.offsets = undefined;
    const lines = this.lines;
    let s = this.clamp(start);
    let e = this.clamp(end);
    if (e.line < s.line || (e.line === s.line && e.character < s.character)) [s, e] = [e, s];
    if (this.bom) {
      if (s.line === 0 && s.character === 0) {
        // The change starts before the BOM: it is the first line's first character for a while.
        lines[0] = `\ufeff${lines[0]}`;
        this.bom = false;
      } else {
        if (s.line === 0) s = { line: 0, character: s.character - 1 };
        if (e.line === 0) e = { line: 0, character: e.character - 1 };
      }
    }
    const last = lines.length - 1;
    let pieces: string[];
    const pieceEnds: string[] = [];
    if (typeof inserted === 'string') {
      if (inserted.indexOf('\r') < 0) {
        pieces = inserted.split('\n');
        for (let k = 0; k < pieces.length - 1; k++) pieceEnds.push('\n');
      } else {
        const cut = splitWithEnds(inserted);
        pieces = cut.lines;
        for (let k = 0; k < cut.ends.length - 1; k++) pieceEnds.push(cut.ends[k]);
      }
    } else {
      pieces = inserted.lines.slice();
      for (let k = 0; k < pieces.length - 1; k++) pieceEnds.push(inserted.endOf(k));
    }
    // Line ends counted: those removed with the lines they end, those the text brings.
    for (let l = s.line; l < e.line; l++) this.countEnd(this.endOf(l), -1);
    for (const end of pieceEnds) this.countEnd(end, 1);
    const head = lines[s.line].slice(0, s.character);
    const tail = lines[e.line].slice(e.character);
    pieces[0] = head + pieces[0];
    pieces[pieces.length - 1] += tail;
    const lastEnd = e.line < last ? this.endOf(e.line) : '';
    const needEnds = this.ends !== undefined || this.kinds() > 1 || pieceEnds.some((x) => x !== this.uniformEnd);
    if (needEnds && !this.ends) this.ends = lines.map((_, l) => (l < last ? this.uniformEnd : ''));
    if (pieces.length === 1 && s.line === e.line) lines[s.line] = pieces[0];
    else spliceArray(lines, s.line, e.line - s.line + 1, pieces);
    if (this.ends) spliceArray(this.ends, s.line, e.line - s.line + 1, [...pieceEnds, lastEnd]);
    // Where the change meets the text around it, a lone `\r` and a `\n` may now stand side by
    // side: one `\r\n`. After the inserted text first (the line numbers before stay), then before.
    let newTo = s.line + pieces.length - 1;
    let from = s.line;
    if (newTo > s.line && this.joinCrLf(newTo)) newTo--;
    if (this.joinCrLf(s.line)) {
      newTo--;
      from--;
    }
    // A text that now starts with a BOM (typed, or what stood before it deleted) has it as `bom`.
    if (from === 0 && !this.bom && lines[0].charCodeAt(0) === 0xfeff) {
      lines[0] = lines[0].slice(1);
      this.bom = true;
    }
    this.settleEnds();
    return { from, oldTo: e.line, newTo };
  }

  /** Line `j` empty and ended by `\n` after a line ended by a lone `\r`: the two ends are one `\r\n` (line `j` goes). */
  private joinCrLf(j: number): boolean {
    if (j < 1 || !this.ends || this.lines[j] !== '' || this.ends[j - 1] !== '\r' || this.ends[j] !== '\n') return false;
    this.ends[j - 1] = '\r\n';
    this.lines.splice(j, 1);
    this.ends.splice(j, 1);
    this.cr--;
    this.lf--;
    this.crlf++;
    return true;
  }

  /** The nearest real position to `p`, in LSP's characters (the first line's count the BOM). */
  private clamp(p: Position): Position {
    const lines = this.lines;
    if (p.line < 0) return { line: 0, character: 0 };
    if (p.line >= lines.length) return { line: lines.length - 1, character: this.lspLength(lines.length - 1) };
    return { line: p.line, character: Math.max(0, Math.min(p.character, this.lspLength(p.line))) };
  }

  /** A line's length in LSP's characters: the BOM counts in the first. */
  private lspLength(line: number): number {
    return this.lines[line].length + (line === 0 && this.bom ? 1 : 0);
  }

  /** The end of `line` as the text has it (`''` for the last). */
  endOf(line: number): string {
    return this.ends ? this.ends[line] : line < this.lines.length - 1 ? this.uniformEnd : '';
  }

  private countEnd(end: string, by: number): void {
    if (end === '\r\n') this.crlf += by;
    else if (end === '\n') this.lf += by;
    else if (end === '\r') this.cr += by;
  }

  editsSince(version: number): LineEdit | undefined {
    if (version === this.version) return { from: 0, oldTo: -1, newTo: -1 };
    let k = this.log.length - 1;
    while (k >= 0 && this.log[k].before !== version) k--;
    if (k < 0) return undefined;
    let edit: LineEdit | undefined;
    for (let j = k; j < this.log.length; j++) {
      const e = this.log[j].edit;
      if (!e) return undefined;
      if (e.oldTo < e.from) continue; // no change of text
      edit = edit ? composeEdits(edit, e) : e;
    }
    return edit ?? { from: 0, oldTo: -1, newTo: -1 };
  }

  /**
   * The whole text, joined for the caller and not kept: a 200 MB export would hold it as long as
   * the version lives (the server's own paths read the lines; the CLI reads files whole anyway).
   */
  getText(): string {
    const text = joinLines(this.lines, this.ends, this.uniformEnd);
    return this.bom ? `\ufeff${text}` : text;
  }

  private lineOffsets(): number[] {
    if (!this.offsets) {
      const o = new Array<number>(this.lines.length);
      let at = 0;
      for (let l = 0; l < this.lines.length; l++) {
        o[l] = at;
        at += this.lines[l].length + this.endOf(l).length;
      }
      if (this.bom) for (let l = 1; l < o.length; l++) o[l]++;
      this.offsets = o;
    }
    return this.offsets;
  }

  /** The text's length, without joining it (a 200 MB export would be copied whole). */
  private textLength(offsets: number[]): number {
    const last = this.lines.length - 1;
    return offsets[last] + this.lspLength(last);
  }

  offsetAt(position: Position): number {
    const offsets = this.lineOffsets();
    if (position.line >= offsets.length) return this.textLength(offsets);
    if (position.line < 0) return 0;
    // Never inside the line's end.
    return offsets[position.line] + Math.max(0, Math.min(position.character, this.lspLength(position.line)));
  }

  positionAt(offset: number): Position {
    const offsets = this.lineOffsets();
    const at = Math.max(0, Math.min(offset, this.textLength(offsets)));
    let lo = 0;
    let hi = offsets.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (offsets[mid] <= at) lo = mid;
      else hi = mid - 1;
    }
    // Never inside the line's end (an offset between `\r` and `\n`), as TextDocument counts.
    return { line: lo, character: Math.min(at - offsets[lo], this.lspLength(lo)) };
  }
}

/** The document's lines, when it keeps them (a LineDocument). */
export function lineSource(document: ITextDocument): LineSource | undefined {
  return document instanceof LineDocument ? document : undefined;
}

/** The nearest real position to `p` in `lines`, as offsetAt then positionAt would give, without the text. */
export function clampPosition(lines: string[], p: Position, bom = false): Position {
  // A BOM kept apart from the lines is still line 0's first character in LSP positions.
  const length = (l: number) => lines[l].length + (bom && l === 0 ? 1 : 0);
  if (p.line < 0) return { line: 0, character: 0 };
  if (p.line >= lines.length) return { line: lines.length - 1, character: length(lines.length - 1) };
  return { line: p.line, character: Math.max(0, Math.min(p.character, length(p.line))) };
}

/** Array.prototype.splice without spreading the items as arguments (a paste of 200,000 lines would overflow the stack). */
function spliceArray<T>(array: T[], start: number, remove: number, items: T[]): void {
  if (items.length < 10000) {
    array.splice(start, remove, ...items);
    return;
  }
  const tail = array.splice(start + remove);
  array.length = start;
  for (const x of items) array.push(x);
  for (const x of tail) array.push(x);
}

/** Lines and their ends as splitLines cuts them (`\r\n`, `\n`, a lone `\r`); the last line's end is ''. */
export function splitWithEnds(text: string): { lines: string[]; ends: string[] } {
  return runToEnd(splitWithEndsInSteps(text));
}

/**
 * splitWithEnds from `from` (1 to leave a BOM out), pausing (yield) every `pauseEvery` lines: Fix
 * All cuts a whole text this way in slices (a 200 MB one has 4 million lines).
 */
export function* splitWithEndsInSteps(text: string, from = 0, pauseEvery = Infinity): Generator<void, { lines: string[]; ends: string[] }> {
  const lines: string[] = [];
  const ends: string[] = [];
  let start = from;
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 13 && c !== 10) continue;
    lines.push(text.slice(start, i));
    if (c === 13 && text.charCodeAt(i + 1) === 10) {
      ends.push('\r\n');
      i++;
    } else ends.push(c === 13 ? '\r' : '\n');
    start = i + 1;
    if (lines.length % pauseEvery === 0) yield;
  }
  lines.push(text.slice(start));
  ends.push('');
  return { lines, ends };
}
