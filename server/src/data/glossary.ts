/**
 * The cable's own vocabulary: telegraphic abbreviations (`REFTEL`, `EMBOFF`, `GOI`…) that occur in
 * the corpus at least three times, from glossary.tsv. Some depend on the post that writes: `GOI`
 * is the Government of Indonesia from Jakarta and of Italy from Rome.
 */
import { GLOSSARY_ROWS } from './glossary.generated';

export interface GlossaryEntry {
  term: string;
  meaning: string;
  source: string;
  corpusCount: number;
  /** The posts this meaning belongs to; empty when it holds for any post. */
  posts: readonly string[];
}

const BY_TERM = new Map<string, GlossaryEntry[]>();
for (const [term, posts, meaning, corpusCount, source] of GLOSSARY_ROWS) {
  const list = BY_TERM.get(term) ?? [];
  list.push({ term, posts, meaning, corpusCount, source });
  BY_TERM.set(term, list);
}

/**
 * The entry for a word as written (`GOI`, or `Emboff` capitalised for the longer terms: a short one
 * capitalised is an ordinary word, `Les`, `Mod`), for a cable written at `post` (its name in the
 * gazetteer or as reference IDs write it). A post-dependent term gives the post's meaning when the
 * post is known, else the general one that lists them.
 */
export function lookupGlossary(word: string, post?: string): GlossaryEntry | undefined {
  const upper = word.toUpperCase();
  if (word !== upper && (word.length < 5 || word !== upper[0] + upper.slice(1).toLowerCase())) return undefined;
  const list = BY_TERM.get(upper);
  if (!list) return undefined;
  const key = post?.toUpperCase().replace(/[^A-Z]/g, '');
  const specific = key ? list.find((e) => e.posts.some((p) => p.replace(/[^A-Z]/g, '') === key)) : undefined;
  return specific ?? list.find((e) => e.posts.length === 0);
}
