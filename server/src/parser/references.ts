/**
 * The REF block: its entries, and what each one refers to. A reference names a cable only when its
 * post is a post (the gazetteer in data/posts.ts), so `OCTOBER 28` or `IIR 6 832 0123 09` are never
 * read as post + serial; they are typed references of another kind. Real entries write a cable in
 * many ways (docs/cable-format.md §5): `'08 BUENOS AIRES 123`, `ASUNCION 701 (08)`, `QUITO
 * 4525-91`, `PANAMA 00789/08`, `STATE (01) 201265`, `09DHAHRAN 201`, `870 ULAANBAATAR`,
 * `10-OTTAWA-57`, `STATE 41252 AND 44603`, `KABUL 936/935`, in capitals or not.
 */
import { MONTH_ABBREVIATIONS } from '../data/calendar';
import { lookupPost, POST_MAX_WORDS, type Post } from '../data/posts';
import type { ParseContext } from './context';
import type { CableRef, RefBlock, RefEntry, RefKind, Token } from './model';
import { expandYear, isBlank, isDigit, isLetter, isSpace, range, spanRange, token, words, type Word } from './text';

interface Located extends Word {
  line: number;
}

/** The words of `text[from, to)` as words() cuts them, each with its line: built once, not copied. */
function locatedWords(text: string, from: number, to: number, line: number, out: Located[]): Located[] {
  let i = from;
  while (i < to) {
    while (i < to && isSpace(text.charCodeAt(i))) i++;
    if (i >= to) break;
    const s = i;
    while (i < to && !isSpace(text.charCodeAt(i))) i++;
    out.push({ text: text.slice(s, i), start: s, end: i, line });
  }
  return out;
}

/** A piece of an entry's word: `10-OTTAWA-57` is three, `(08)` is one in parentheses. */
interface Atom {
  text: string;
  line: number;
  start: number;
  end: number;
  /** The separator inside the word before this atom (`-`, `/`, `,`…), '' at a word's start. */
  sep: string;
  /** Punctuation after the atom inside its word (`,` in `41252,`). */
  trail: string;
  paren: boolean;
  /** Written with an apostrophe for the century (`'08`). */
  apos: boolean;
  word: number;
}

/** `-`, `/`, `,`, `:`, `;`, `&`, `+`: what splits a word into atoms (asked of every character of a block). */
function isSeparator(c: number): boolean {
  return c === 45 || c === 47 || c === 44 || c === 58 || c === 59 || c === 38 || c === 43;
}

/** Cuts the entry's words into atoms: separators split a word, brackets and `#` are shed. */
function atomize(ws: readonly Located[]): Atom[] {
  const out: Atom[] = [];
  ws.forEach((w, wi) => {
    let i = 0;
    let sep = '';
    while (i < w.text.length) {
      let j = i;
      while (j < w.text.length && !isSeparator(w.text.charCodeAt(j))) j++;
      pushAtom(out, w, wi, i, j, sep);
      sep = w.text[j] ?? '';
      i = j + 1;
    }
  });
  return out;
}

function pushAtom(out: Atom[], w: Located, wi: number, from: number, to: number, sep: string): void {
  const t = w.text;
  let a = from;
  let b = to;
  let open = false;
  let apos = false;
  while (a < b && !isLetter(t.charCodeAt(a)) && !isDigit(t.charCodeAt(a))) {
    if (t[a] === '(') open = true;
    if (t[a] === "'" || t[a] === '\u2019') apos = true;
    a++;
  }
  while (b > a && !isLetter(t.charCodeAt(b - 1)) && !isDigit(t.charCodeAt(b - 1))) b--;
  if (a >= b) {
    if (out.length && to > from) out[out.length - 1].trail += t.slice(from, to);
    return;
  }
  const text = t.slice(a, b);
  const trail = b < to ? t.slice(b, to) : '';
  const paren = open && trail.includes(')');
  // `09DHAHRAN`, `08STATE12345`, `STATE12345`: a year and a post, or a post and a serial, run together.
  const mixed = isDigit(text.charCodeAt(0)) !== isDigit(text.charCodeAt(text.length - 1));
  const glued = mixed || (isDigit(text.charCodeAt(0)) && text.length > 5) ? /^(\d{2})?([A-Za-z]{3,})(\d{1,7})?$/.exec(text) : null;
  if (glued && (glued[1] || glued[3]) && lookupPost([glued[2].toUpperCase()])) {
    let at = w.start + a;
    let first = true;
    for (const part of [glued[1], glued[2], glued[3]]) {
      if (!part) continue;
      out.push({ text: part, line: w.line, start: at, end: at + part.length, sep: first ? sep : '', trail: '', paren, apos: first && apos, word: wi });
      at += part.length;
      first = false;
    }
    out[out.length - 1].trail = trail;
    return;
  }
  out.push({ text, line: w.line, start: w.start + a, end: w.start + b, sep, trail, paren, apos, word: wi });
}

// Made once: a regular expression written inside a function is a new object at each call.
const NUMBER_ATOM = /^\d{1,7}$/;
const WORD_ATOM = /^[A-Za-z]+$/;
const TWO_DIGITS = /^\d{2}$/;
const FOUR_DIGIT_YEAR = /^(19[6-9]\d|20[01]\d)$/;
const O_FOR_ZERO_YEAR = /^[Oo]\d$/;
const AND_WORD = /^(AND|&)$/i;
const LIST_MARK = /[,&]/;
const EIGHT_DIGITS = /^\d{8}$/;
const MARKER_SECTION = /^\d{3}\.\d$/;
const THREE_DIGITS = /^\d{3}$/;
const PAREN_LABEL = /^\(([A-Za-z])\)/;
const isNum = (a: Atom | undefined): boolean => !!a && NUMBER_ATOM.test(a.text);
const isWord = (a: Atom | undefined): boolean => !!a && WORD_ATOM.test(a.text);

/** A year standing before the post: `08`, `'08`, `2008`, `O4` (the letter O for a zero). */
function yearBefore(a: Atom | undefined): number | undefined {
  if (!a) return undefined;
  if (TWO_DIGITS.test(a.text)) return expandYear(Number(a.text));
  if (FOUR_DIGIT_YEAR.test(a.text)) return Number(a.text);
  if (O_FOR_ZERO_YEAR.test(a.text)) return expandYear(Number(a.text.slice(1)));
  return undefined;
}

const MONTH_WORD = (s: string): boolean => s.length >= 3 && MONTH_ABBREVIATIONS.includes(s.slice(0, 3).toUpperCase()) && WORD_ATOM.test(s);

/** `TRIPOLII`: a post typed with one letter doubled (a serial must follow for it to count). */
function doubledLetter(word: string): Post | undefined {
  if (word.length < 5) return undefined;
  for (let i = 1; i < word.length; i++) {
    if (word[i] !== word[i - 1]) continue;
    const post = lookupPost([word.slice(0, i) + word.slice(i + 1)]);
    if (post) return post;
  }
  return undefined;
}

/** The post that starts at atom i, longest name first, with how many atoms it takes. */
function postAt(atoms: readonly Atom[], i: number, upper: string[]): { post: Post; n: number } | undefined {
  // Every atom is asked with up to four after it: whether each is a word, and its upper case, are
  // read once (`upper[k]` is '' for an atom that is no word).
  for (let k = upper.length; k < Math.min(atoms.length, i + POST_MAX_WORDS); k++) upper.push(isWord(atoms[k]) ? atoms[k].text.toUpperCase() : '');
  for (let n = POST_MAX_WORDS; n >= 1; n--) {
    if (i + n > atoms.length) continue;
    let words = true;
    for (let k = i; k < i + n && words; k++) words = upper[k] !== '' && (k === i || atoms[k].sep === '' || atoms[k].sep === '-');
    if (!words) continue;
    const post = lookupPost(upper.slice(i, i + n)) ?? (n === 1 ? doubledLetter(upper[i]) : undefined);
    if (!post) continue;
    const first = atoms[i].text;
    // In prose `state` or `paris` is a word; a lower-case post counts only with a year before it.
    if (first === first.toLowerCase() && !yearBefore(atoms[i - 1])) continue;
    return { post, n };
  }
  return undefined;
}

function cableAt(post: Post, serial: Atom, year: number | undefined, from: Atom): CableRef {
  const r = from.line === serial.line ? range(from.line, from.start, serial.end) : spanRange(from.line, from.start, serial.line, serial.end);
  return { post: post.id, postName: post.name, serial: Number(serial.text), range: r, year };
}

/** Every cable an entry names, in the order it names them. */
function findCables(ws: readonly Located[]): CableRef[] {
  const atoms = atomize(ws);
  const out: CableRef[] = [];
  const used = new Set<number>();
  const upper: string[] = [];
  for (let i = 0; i < atoms.length; i++) {
    if (used.has(i)) continue;
    const hit = postAt(atoms, i, upper);
    if (!hit) continue;
    const { post, n } = hit;
    let p = i + n;
    let year: number | undefined;
    let yearAt = -1;
    const before = atoms[i - 1];
    if (!used.has(i - 1) && yearBefore(before) !== undefined) {
      year = yearBefore(before);
      yearAt = i - 1;
    }
    // `STATE (01) 201265`
    if (atoms[p]?.paren && TWO_DIGITS.test(atoms[p].text) && isNum(atoms[p + 1])) {
      year = expandYear(Number(atoms[p].text));
      p++;
    }
    const from = yearAt >= 0 && before.line === atoms[i].line ? before : atoms[i];
    const serial = atoms[p];
    if (isNum(serial) && !serial.paren && !MONTH_WORD(atoms[p + 1]?.text ?? '')) {
      const next = atoms[p + 1];
      // A year after the serial: `ASUNCION 701 (08)`, `QUITO 4525-91`, `PANAMA 00789/08`.
      if (next && TWO_DIGITS.test(next.text) && next.word === serial.word + (next.paren ? 1 : 0) && (next.paren || next.sep === '-' || next.sep === '/')) {
        if (next.paren || next.sep === '-' || serial.text.length >= 3) {
          year = expandYear(Number(next.text));
          used.add(p + 1);
          p++;
        }
      }
      out.push(cableAt(post, serial, year, from));
      for (let k = i - 1; k <= p; k++) used.add(k);
      // More serials of the same post: `AND 44603`, `/935`, `, 1234`.
      let q = p + 1;
      for (;;) {
        const a = atoms[q];
        if (!a) break;
        const joined = (a.sep === '/' || a.sep === ',' || a.sep === '&') && isNum(a) && a.text.length >= 3;
        const listed = isNum(a) && a.text.length >= 3 && LIST_MARK.test(atoms[q - 1].trail);
        const anded = AND_WORD.test(a.text) && isNum(atoms[q + 1]) && atoms[q + 1].text.length >= 3 && !isWord(atoms[q + 2]);
        if (joined || listed) {
          out.push(cableAt(post, a, year, a));
          used.add(q);
          q++;
        } else if (anded) {
          out.push(cableAt(post, atoms[q + 1], year, atoms[q + 1]));
          used.add(q).add(q + 1);
          q += 2;
        } else break;
      }
      i = q - 1;
      continue;
    }
    // `870 ULAANBAATAR`: the serial before the post.
    if (isNum(before) && before.text.length >= 3 && !used.has(i - 1)) {
      const y = yearBefore(atoms[i - 2]);
      const start = y !== undefined ? atoms[i - 2] : before;
      const ref = cableAt(post, before, y, start);
      ref.range = before.line === atoms[i + n - 1].line ? range(before.line, start.start, atoms[i + n - 1].end) : ref.range;
      out.push(ref);
      used.add(i - 1);
    }
  }
  return out;
}

/** What a reference that names no cable refers to, from its words. */
function refKindOf(text: string): Exclude<RefKind, 'cable'> {
  const u = text.toUpperCase();
  // IIR: a defense attaché's intelligence information report; TD/TDX: an intelligence report's number.
  if (/\bIIRS?\b|\bTDX?-\d{3}\//.test(u)) return 'intelligenceReport';
  if (/\b\d+\s*FA[MH]\b|\bFA[MH]\s*\d/.test(u)) return 'manual';
  if (/\bE-?MAILS?\b|@/.test(u)) return 'email';
  if (/\bTEL(E)?CONS?\b|\bTELEPHONE\b|\bPHONE\b|\bPHONECALL\b/.test(u)) return 'telcon';
  if (/\bMSG\b|\bMESSAGE\b/.test(u)) return 'message';
  if (/\bDTG\b|\b\d{6}Z\b/.test(u)) return 'date';
  if (/\b(JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)[A-Z]*\.?\s+\d{1,2}\b|\b\d{1,2}\s+(JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)[A-Z]*\b|\b\d{1,2}\/\d{1,2}\/\d{2,4}\b/.test(u)) return 'date';
  return 'other';
}

/**
 * The canonical reference ID of a cable reference (`08RIODEJANEIRO138`); an entry without a year
 * means the citing cable's own year. Undefined when neither is known.
 */
export function refCableId(ref: CableRef, citingYear: number | undefined): string | undefined {
  const year = ref.year ?? citingYear;
  if (year === undefined) return undefined;
  return `${String(year % 100).padStart(2, '0')}${ref.post}${ref.serial}`;
}

/** `A.`, `(A)`, `A)`, `(A)STATE`: the label of reference `letter`, and where its text begins. */
function refLabelAt(t: string, letter: string): number {
  if (t.startsWith(`(${letter})`)) return 3;
  if (t === `${letter}.` || t === `${letter})` || t === `${letter}:`) return t.length;
  if (t.toUpperCase() === `¶${letter}.`) return t.length;
  return -1;
}

const BARE_CLASSIFICATION = /^\s*(?:UNCLASSIFIED|UNCLAS|CONFIDENTIAL|SECRET|LIMITED OFFICIAL USE)\s*$/;
/** `PAGE 02 ROME 01196 01 OF 02 082030Z`, `PAGE 02 STATE 015113 182333Z`: an old page header. */
const OLD_PAGE_HEADER = /^\s*PAGE\s+\d{2,3}\s+[A-Z][A-Z ]*?\s+\d{3,7}(?:\s+\d{2}\s+OF\s+\d{2})?\s+\d{6}Z\s*/;

/**
 * The 2010 rendering's page marker run into the block (`B) 07 TRIPOLI 695 TRIPOLI 00000661 001.2
 * OF 002`): the post, an eight-digit serial, `001.2 OF 002`. Taken out of the words, so that the
 * entry reads on across it and the marker's serial is never a reference.
 */
function dropPageMarkers(ws: Located[]): void {
  for (let k = 1; k + 3 < ws.length; k++) {
    if (!EIGHT_DIGITS.test(ws[k].text) || !MARKER_SECTION.test(ws[k + 1].text) || ws[k + 2].text.toUpperCase() !== 'OF' || !THREE_DIGITS.test(ws[k + 3].text)) continue;
    let from = k;
    for (let n = Math.min(POST_MAX_WORDS, k); n >= 1; n--) {
      if (lookupPost(ws.slice(k - n, k).map((w) => w.text.toUpperCase()))) {
        from = k - n;
        break;
      }
    }
    ws.splice(from, k + 4 - from);
    k = from;
  }
}

/** The last `(A)`-style entry label among the words, or `previous` when there is none. */
function lastParenLabel(ws: readonly Located[], previous: string): string {
  let out = previous;
  for (const w of ws) {
    // Every word of the block is asked: only one that opens with `(` is matched.
    const m = w.text.charCodeAt(0) === 40 /* ( */ ? PAREN_LABEL.exec(w.text) : null;
    if (m && m[1].toUpperCase().charCodeAt(0) === (out ? out.charCodeAt(0) + 1 : 65)) out = m[1].toUpperCase();
  }
  return out;
}

/**
 * `(C) MOSCOW 3` after `(B) PARIS 2`: the block's next label, though `(C)` at a line's start looks
 * like a paragraph's classification marking.
 */
function nextParenLabel(text: string, lastLetter: string): boolean {
  // A paragraph marked `(C)` is a long line; an entry is short.
  if (text.length > 120) return false;
  const m = /^\s*\(([A-Za-z])\)/.exec(text);
  return !!m && !!lastLetter && m[1].toUpperCase().charCodeAt(0) === lastLetter.charCodeAt(0) + 1;
}

/** Where the REF label stands: its line, and where it starts and ends (colon included). */
interface RefLabel {
  line: number;
  start: number;
  end: number;
}

export function parseRefBlock(ctx: ParseContext, label: RefLabel, to: number, limit: number, stop: (line: number) => boolean): { refs: RefBlock; last: number } {
  const { line } = label;
  const text = ctx.lines[line];
  const labelTok = token(line, label.start, text.slice(label.start, label.end));
  const all: Located[] = locatedWords(text, label.end, to, line, []);
  let lastLetter = lastParenLabel(all, '');
  let last = line;
  // A REF run on inside a line ends with that line.
  if (to < text.length) limit = line + 1;
  const next = (): number => {
    let j = last + 1;
    while (j < limit && isBlank(ctx.lines[j])) j++;
    return j;
  };
  for (;;) {
    let j = next();
    // An old telegram's page header (` CONFIDENTIAL` / `PAGE 02 ROME 01196 01 OF 02 082030Z  B. ROME
    // 1098`) may stand inside the block: the entries go on after it, on the header's own line.
    let skip = 0;
    if (j < limit && BARE_CLASSIFICATION.test(ctx.lines[j]) && OLD_PAGE_HEADER.test(ctx.lines[j + 1] ?? '')) j++;
    const header = j < limit ? OLD_PAGE_HEADER.exec(ctx.lines[j]) : null;
    if (header) skip = header[0].length;
    else if (j >= limit || (stop(j) && !(j === last + 1 && nextParenLabel(ctx.lines[j], lastLetter)))) break;
    const nt = ctx.lines[j];
    const nw = words(nt, skip, Math.min(nt.length, skip + 400));
    if (header && !nw.length) break;
    // After a blank line the block goes on only with a lettered entry (`B. STATE 1234`).
    if (j > last + 1) {
      const head = nw[0]?.text ?? '';
      if (!(head.length <= 4 && /^[(¶]?[A-Za-z][.):]/.test(head))) break;
    }
    last = j;
    // The words already cut are the line's when the line is no longer than what was cut.
    const added: Located[] = [];
    if (nt.length <= skip + 400) for (const x of nw) added.push({ text: x.text, start: x.start, end: x.end, line: j });
    else locatedWords(nt, skip, nt.length, j, added);
    for (const w of added) all.push(w);
    lastLetter = lastParenLabel(added, lastLetter);
  }
  dropPageMarkers(all);
  const entries: RefEntry[] = [];
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  let li = 0;
  let cur: { label: string; labelToken?: Token; ws: Located[] } | undefined;
  const flush = () => {
    if (!cur || (!cur.ws.length && !cur.labelToken)) return;
    const firstW = cur.labelToken ? cur.labelToken.range.start : cur.ws.length ? { line: cur.ws[0].line, character: cur.ws[0].start } : labelTok.range.end;
    const lastW = cur.ws.length ? cur.ws[cur.ws.length - 1] : undefined;
    const end = lastW ? { line: lastW.line, character: lastW.end } : cur.labelToken!.range.end;
    const entryText = cur.ws.map((x) => x.text).join(' ');
    const cables = findCables(cur.ws);
    const entry: RefEntry = {
      range: spanRange(firstW.line, firstW.character, end.line, end.character),
      label: cur.label,
      text: entryText,
      kind: cables.length ? 'cable' : refKindOf(entryText),
      cables,
      labelToken: cur.labelToken,
      cable: cables.length ? cables[0] : undefined,
    };
    entries.push(entry);
  };
  for (const w of all) {
    const letter = letters[li];
    const cut = letter ? refLabelAt(w.text.toUpperCase(), letter) : -1;
    // `A. A) BRASILIA 236`, `A. (A) ISTANBUL 279`: a rendering's label before the cable's own.
    if (cut < 0 && cur?.labelToken && !cur.ws.length && refLabelAt(w.text.toUpperCase(), cur.label) === w.text.length) continue;
    if (cut > 0) {
      flush();
      cur = { label: letter, labelToken: token(w.line, w.start, w.text.slice(0, cut)), ws: [] };
      li++;
      if (cut < w.text.length) cur.ws.push({ text: w.text.slice(cut), start: w.start + cut, end: w.end, line: w.line });
    } else {
      if (!cur) {
        cur = { label: letters[li] ?? 'A', ws: [] };
        li = Math.max(li, 1);
      }
      cur.ws.push(w);
      // An unlettered list separated by semicolons: `REF: STATE 1234; PARIS 567`.
      if (!cur.labelToken && w.text.endsWith(';') && letters[li]) {
        flush();
        cur = { label: letters[li], ws: [] };
        li++;
      }
    }
  }
  flush();
  const end = entries.length ? entries[entries.length - 1].range.end : labelTok.range.end;
  return { refs: { range: spanRange(line, label.start, end.line, end.character), label: labelTok, entries }, last };
}
