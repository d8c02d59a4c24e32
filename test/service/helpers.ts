import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Position } from 'vscode-languageserver-types';
import { createLanguageService, type ICableLanguageService, type LanguageServiceInit } from '../../server/src/service';

export const ROOT = resolve(__dirname, '..', '..');
/** ../shared holds the seed and the corpus; a fresh clone may not have it. */
export const SHARED = resolve(ROOT, '..', 'shared');
const SHARED_SEED = join(SHARED, 'seed', '000_cdd151ddbff82ab0.txt');
/** The repository keeps the seed, byte for byte, as samples/08ASTANA2318.cable: seed tests run on a fresh clone. */
export const SAMPLES = join(ROOT, 'samples');
export const SEED = existsSync(SHARED_SEED) ? SHARED_SEED : join(SAMPLES, '08ASTANA2318.cable');
export const HAS_SEED = existsSync(SEED);
export const CORPUS = join(SHARED, 'corpus');
export const HAS_SHARED = existsSync(CORPUS);
if (!HAS_SHARED) console.warn(`[cable-text tests] ${CORPUS} is absent: the tests on the corpus are skipped.`);

export const NOT_CANCELLED = { isCancellationRequested: false };

let counter = 0;
/** A fresh URI per call: the service caches models by URI and version, as editors never reuse a version. */
export function docFromText(text: string, uri = `file:///test-${++counter}.cable`, version = 1): TextDocument {
  return TextDocument.create(uri, 'cable', version, text);
}

export function docFromFile(path: string): TextDocument {
  return TextDocument.create(pathToFileURL(path).toString(), 'cable', 1, readFileSync(path, 'utf8'));
}

export function corpusDoc(id: string): TextDocument {
  return docFromFile(join(CORPUS, `${id}.cable`));
}

export function service(init: LanguageServiceInit = {}): ICableLanguageService {
  return createLanguageService(init);
}

/** The position of the `nth` occurrence of `needle` (plus `offset` characters) in the document. */
export function posOf(doc: TextDocument, needle: string, offset = 0, nth = 0): Position {
  const text = doc.getText();
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`${needle} (#${nth}) not in ${doc.uri}`);
  }
  return doc.positionAt(at + offset);
}

export function hoverText(svc: ICableLanguageService, doc: TextDocument, pos: Position): string {
  const h = svc.getHover(doc, pos, NOT_CANCELLED);
  if (!h) return '';
  const c = h.contents as { value: string };
  return c.value;
}

export const r = (sl: number, sc: number, el: number, ec: number) => ({ start: { line: sl, character: sc }, end: { line: el, character: ec } });
