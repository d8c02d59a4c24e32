import type { Position } from 'vscode-languageserver-types';
import type { CableDocument } from '../parser';
import { composeEdits, type LineEdit } from '../parser/incremental';
import { splitLines } from '../parser/text';

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
 * (`\r\n`, `\n` or a lone `\r` end a line, as LSP counts), so the model reads this very array.
 * The full text is joined only when something asks for it, once per version. A text with a BOM
 * or a lone `\r` (rare, and where a change could join two line ends into one) is kept as a
 * string and re-split on each change, which the cache parses whole.
 */
export class LineDocument implements ITextDocument, LineSource {
  lines: string[];
  /** Each line's ending (`''` for the last); only for a text with mixed endings. */
  private ends: string[] | undefined;
  private uniformEnd: string;
  private crlf = 0;
  private lf = 0;
  bom = false;
  /** Kept as a string: see the class comment. */
  private plain: string | undefined;
  private plainEol: CableDocument['eol'] = '\n';
  private text: string | undefined;
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

  get eol(): CableDocument['eol'] {
    if (this.plain !== undefined) return this.plainEol;
    return this.crlf > 0 && this.lf > 0 ? 'mixed' : this.crlf > 0 ? '\r\n' : '\n';
  }

  private replace(content: string | LinedText): void {
    if (typeof content === 'string') this.reset(content);
    else this.resetLines(content);
  }

  /**
   * The lines as they came, with the rules of reset: a text with a lone `\r` or a BOM (rare) is
   * joined and kept as a string.
   */
  private resetLines(content: LinedText): void {
    if (content.cr > 0 || content.lines[0].charCodeAt(0) === 0xfeff) {
      this.reset(content.toString());
      return;
    }
    this.text = undefined;
    this.offsets = undefined;
    this.plain = undefined;
    this.bom = false;
    this.lines = content.lines;
    this.crlf = content.crlf;
    this.lf = content.lf;
    this.uniformEnd = this.crlf > 0 ? '\r\n' : '\n';
    this.ends = this.crlf > 0 && this.lf > 0 ? (content.ends ?? content.lines.map((_, l) => content.endOf(l))) : undefined;
  }

  private reset(content: string): void {
    this.text = content;
    this.offsets = undefined;
    const split = splitLines(content);
    this.lines = split.lines;
    this.bom = split.bom;
    this.crlf = 0;
    this.lf = 0;
    this.ends = undefined;
    // A lone `\r` or a BOM: the text stays a string (see the class comment). A text without any
    // `\r` ends every line with `\n`, counted by its lines (a 200 MB export opens without
    // scanning it twice more).
    const noCr = content.indexOf('\r') < 0;
    this.plain = split.bom || (!noCr && /\r(?!\n)/.test(content)) ? content : undefined;
    this.plainEol = split.eol;
    if (this.plain !== undefined) return;
    if (noCr) {
      this.lf = this.lines.length - 1;
      this.uniformEnd = '\n';
      return;
    }
    for (let i = content.indexOf('\n'); i >= 0; i = content.indexOf('\n', i + 1)) {
      if (i > 0 && content.charCodeAt(i - 1) === 13) this.crlf++;
      else this.lf++;
    }
    this.uniformEnd = this.crlf > 0 ? '\r\n' : '\n';
    if (this.crlf > 0 && this.lf > 0) {
      this.ends = [];
      let l = 0;
      for (let i = content.indexOf('\n'); i >= 0; i = content.indexOf('\n', i + 1)) this.ends[l++] = i > 0 && content.charCodeAt(i - 1) === 13 ? '\r\n' : '\n';
      this.ends[l] = '';
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
      const inserted = change.text;
      if (this.plain !== undefined || (typeof inserted === 'string' ? /\r(?!\n)|\r$/.test(inserted) : inserted.cr > 0)) {
        this.reset(splice(this.getText(), this.offsetAt(change.range.start), this.offsetAt(change.range.end), inserted.toString()));
        known = false;
        continue;
      }
      const e = this.applyRange(change.range.start, change.range.end, inserted);
      edit = edit ? composeEdits(edit, e) : e;
      if (this.lines[0].charCodeAt(0) === 0xfeff) {
        // The text now starts with a BOM: kept as a string, as reset keeps it.
        this.reset(this.getText());
        known = false;
      }
    }
    this.version = version;
    this.log.push({ before, after: version, edit: known ? (edit ?? { from: 0, oldTo: -1, newTo: -1 }) : undefined });
    if (this.log.length > LOG_SIZE) this.log.splice(0, this.log.length - LOG_SIZE);
    return this;
  }

  private applyRange(start: Position, end: Position, inserted: string | LinedText): LineEdit {
    this.text = undefined;
    this.offsets = undefined;
    const lines = this.lines;
    const last = lines.length - 1;
    let s = clampPosition(lines, start);
    let e = clampPosition(lines, end);
    if (e.line < s.line || (e.line === s.line && e.character < s.character)) [s, e] = [e, s];
    let pieces: string[];
    const pieceEnds: string[] = [];
    if (typeof inserted === 'string') {
      pieces = inserted.split('\n');
      for (let k = 0; k < pieces.length - 1; k++) {
        const crlf = pieces[k].endsWith('\r');
        if (crlf) pieces[k] = pieces[k].slice(0, -1);
        pieceEnds.push(crlf ? '\r\n' : '\n');
      }
    } else {
      // Without a lone `\r` (update took those to the string path): its lines are these pieces.
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
    const needEnds = this.ends !== undefined || pieceEnds.some((x) => x !== this.uniformEnd) || (this.crlf > 0 && this.lf > 0);
    if (needEnds && !this.ends) this.ends = lines.map((_, l) => (l < last ? this.uniformEnd : ''));
    if (pieces.length === 1 && s.line === e.line) lines[s.line] = pieces[0];
    else spliceArray(lines, s.line, e.line - s.line + 1, pieces);
    if (this.ends) spliceArray(this.ends, s.line, e.line - s.line + 1, [...pieceEnds, lastEnd]);
    if (this.ends && !(this.crlf > 0 && this.lf > 0)) {
      this.uniformEnd = this.crlf > 0 ? '\r\n' : '\n';
      this.ends = undefined;
    }
    return { from: s.line, oldTo: e.line, newTo: s.line + pieces.length - 1 };
  }

  private endOf(line: number): string {
    return this.ends ? this.ends[line] : line < this.lines.length - 1 ? this.uniformEnd : '';
  }

  private countEnd(end: string, by: number): void {
    if (end === '\r\n') this.crlf += by;
    else if (end === '\n') this.lf += by;
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

  getText(): string {
    if (this.plain !== undefined) return this.plain;
    if (this.text === undefined) {
      this.text = joinLines(this.lines, this.ends, this.uniformEnd);
      if (this.bom) this.text = `\ufeff${this.text}`;
    }
    return this.text;
  }

  private lineOffsets(): number[] {
    if (!this.offsets) {
      if (this.plain !== undefined) {
        const t = this.plain;
        const o = [0];
        for (let i = 0; i < t.length; i++) {
          const c = t.charCodeAt(i);
          if (c === 13 && t.charCodeAt(i + 1) === 10) i++;
          if (c === 13 || c === 10) o.push(i + 1);
        }
        this.offsets = o;
      } else {
        const o = new Array<number>(this.lines.length);
        let at = 0;
        for (let l = 0; l < this.lines.length; l++) {
          o[l] = at;
          at += this.lines[l].length + this.endOf(l).length;
        }
        this.offsets = o;
      }
    }
    return this.offsets;
  }

  /** The text's length, without joining it when the lines are kept (a 200 MB export would be copied whole). */
  private textLength(offsets: number[]): number {
    if (this.plain !== undefined) return this.plain.length;
    const last = this.lines.length - 1;
    return offsets[last] + this.lines[last].length;
  }

  offsetAt(position: Position): number {
    const offsets = this.lineOffsets();
    const textLength = this.textLength(offsets);
    if (position.line >= offsets.length) return textLength;
    if (position.line < 0) return 0;
    const lineStart = offsets[position.line];
    const next = position.line + 1 < offsets.length ? offsets[position.line + 1] : textLength;
    // Never inside the line's end.
    if (this.plain === undefined) return Math.max(lineStart, Math.min(lineStart + Math.max(0, position.character), lineStart + this.lines[position.line].length));
    let lineEnd = next;
    const t = this.plain;
    while (lineEnd > lineStart && (t.charCodeAt(lineEnd - 1) === 10 || t.charCodeAt(lineEnd - 1) === 13)) lineEnd--;
    return Math.max(lineStart, Math.min(lineStart + Math.max(0, position.character), lineEnd));
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
    if (this.plain === undefined) return { line: lo, character: Math.min(at, offsets[lo] + this.lines[lo].length) - offsets[lo] };
    const t = this.plain;
    let end = at;
    while (end > offsets[lo] && (t.charCodeAt(end - 1) === 10 || t.charCodeAt(end - 1) === 13)) end--;
    return { line: lo, character: end - offsets[lo] };
  }
}

/** The document's lines, when it keeps them (a LineDocument). */
export function lineSource(document: ITextDocument): LineSource | undefined {
  return document instanceof LineDocument ? document : undefined;
}

/** The nearest real position to `p` in `lines`, as offsetAt then positionAt would give, without the text. */
export function clampPosition(lines: string[], p: Position): Position {
  if (p.line < 0) return { line: 0, character: 0 };
  if (p.line >= lines.length) return { line: lines.length - 1, character: lines[lines.length - 1].length };
  return { line: p.line, character: Math.max(0, Math.min(p.character, lines[p.line].length)) };
}

function splice(text: string, from: number, to: number, inserted: string): string {
  return text.slice(0, from) + inserted + text.slice(to);
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
