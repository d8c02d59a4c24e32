// The grammar's optimiser: passes that rewrite the rules of syntaxes/build-grammar.mjs into fewer,
// cheaper regexes with exactly the same tokens (the grammar tests and the corpus token snapshots
// hold that). Each pass says why it is faster for vscode-oniguruma and vscode-textmate, and why it
// changes no match. The passes know the repository's rule names; build-grammar.mjs calls
// optimize(grammar, …) once, after the rules are written as a person would read them.

/**
 * @param {{ repository: Record<string, any>, patterns: any[] }} grammar
 * @param {{ scope: (name: string) => string, keepApartMatch: string, webTrailerBegin: string }} names
 */
export function optimize(grammar, { scope: S, keepApartMatch: LOWER_END, webTrailerBegin: WEB_TRAILER_BEGIN }) {
  const repository = grammar.repository;

  // ---- cost ------------------------------------------------------------------
  // vscode-oniguruma searches all the rules of a state together (a regset),
  // column by column, and every regex of the set costs something at every
  // column where it can start and on every search: a dozen regexes cost a
  // dozen tries per column even when all but one fail at once. One regex with
  // a dozen alternatives costs about as much as its cheapest member. So rules
  // that can be merged are: one alternative per rule, in rule order (at a
  // column the first alternative that matches wins, as the first rule did, and
  // the leftmost match wins either way), each rule's name on a group around
  // its alternative, its captures renumbered.
  const countGroups = (re) => {
    let n = 0;
    let inClass = false;
    for (let i = 0; i < re.length; i++) {
      const ch = re[i];
      if (ch === '\\') { i++; continue; }
      if (inClass) { if (ch === ']') inClass = false; continue; }
      if (ch === '[') { inClass = true; if (re[i + 1] === ']') i++; continue; }
      if (ch === '(' && re[i + 1] !== '?') n++;
    }
    return n;
  };
  const flatten = (rule) => {
    if (rule.include) return flatten(repository[rule.include.slice(1)]);
    if (rule.patterns && !rule.match && !rule.begin) return rule.patterns.flatMap(flatten);
    return [rule];
  };
  // `prefix` (\G^ or ^), which every rule starts with, is written once in front.
  const mergeRules = (rules, prefix = '') => {
    const alternatives = [];
    const captures = {};
    let group = 0;
    for (const rule of rules) {
      if (!rule.match || !rule.match.startsWith(prefix)) throw new Error(`cannot merge ${JSON.stringify(rule)}`);
      const body = rule.match.slice(prefix.length);
      if (rule.name) {
        group++;
        captures[group] = { name: rule.name };
      }
      for (const [k, v] of Object.entries(rule.captures ?? {})) captures[group + Number(k)] = v;
      alternatives.push(rule.name ? `(${body})` : `(?:${body})`);
      group += countGroups(body);
    }
    return { match: `${prefix}(?:${alternatives.join('|')})`, captures };
  };

  // Page markers: the line-start forms in one regex. The mid-line marker stays
  // apart: inside an alternation of ^ forms it would spoil the search for the
  // whole regex (and it cannot match at column 0 where a line-start form
  // matches too). In a block line's word regex, whose start characters are
  // many capitals already, it is merged (see line-rest below).
  {
    const rules = repository['page-marker'].patterns;
    const midLine = rules.filter((rule) => !rule.match.startsWith('^'));
    if (midLine.length !== 1) throw new Error('page-marker: expected one mid-line rule');
    repository['page-marker'] = { patterns: [mergeRules(rules.filter((rule) => rule.match.startsWith('^')), '^'), ...midLine] };
    // Between the blocks of the text only the line-start forms: a line that
    // starts with a mid-line marker and goes on with text starts a block, whose
    // rules scope the marker (one regex fewer at the start of every block).
    repository['page-marker-line'] = repository['page-marker'].patterns[0];
    repository.text.patterns = repository.text.patterns.map((rule) => (rule.include === '#page-marker' ? { include: '#page-marker-line' } : rule));
  }

  // Inside a block (a begin/while region) vscode-textmate puts the \G anchor
  // at the start of every line, and compiles \G to a character that never
  // occurs everywhere else. A line-start rule written \G^ is therefore tried at
  // position 0 only, where ^ alone makes oniguruma try every position of a long
  // unwrapped paragraph line. Same rules, cheaper: rewrite the leading ^.
  const atBlockLineStart = (rule) => {
    const copy = structuredClone(rule);
    for (const key of ['match', 'begin']) {
      if (typeof copy[key] === 'string' && copy[key].startsWith('^')) copy[key] = String.raw`\G` + copy[key];
    }
    if (copy.patterns) copy.patterns = copy.patterns.map(atBlockLineStart);
    return copy;
  };
  repository['page-marker-in-block'] = atBlockLineStart(repository['page-marker']);
  repository.signature = atBlockLineStart(repository.signature);
  repository['caption-in-block'] = atBlockLineStart(repository.caption);
  repository.line = atBlockLineStart(repository.line);

  // A block line: the \G^ rules (and the signature, in plain blocks) in one
  // regex, tried first; then the unanchored match rules in one regex (none of
  // them can match at column 0 where a \G^ rule matches too), except the
  // mid-line page marker; then the quotations, begin/end rules (no rule
  // between them can match where a quotation mark stands).
  {
    const isLineStart = (rule) => rule.match?.startsWith(String.raw`\G^`);
    const lineRules = flatten({ include: '#line' });
    const starts = lineRules.filter(isLineStart);
    const rest = lineRules.filter((rule) => !isLineStart(rule));
    const quotes = rest.filter((rule) => rule.begin);
    const midLine = rest.filter((rule) => rule.match && rule.name === S('comment.line.page-marker'));
    const lowerEnd = rest.filter((rule) => rule.match === LOWER_END);
    const matches = rest.filter((rule) => rule.match && !midLine.includes(rule) && !lowerEnd.includes(rule));
    const lastMatch = rest.findLastIndex((rule) => rule.match && !rule.match.startsWith('(?:C O N F'));
    if (rest.findIndex((rule) => rule.begin) < lastMatch || midLine.length !== 1) {
      throw new Error('line rules: unexpected order; check that merging them keeps their priority');
    }
    repository['line-start'] = mergeRules(starts, String.raw`\G^`);
    repository['line-start-or-signature'] = mergeRules([repository.signature, ...starts], String.raw`\G^`);
    // The mid-line page marker is the first alternative of that regex, as its
    // rule came first in the list (same priority). Apart, it cost a search of
    // its own on every call; merged, its capitals are added to the start
    // characters of a regex that has many already (replaying the block
    // scanner's calls over the corpus: ~12% less time merged).
    repository['line-rest'] = { patterns: [mergeRules([...midLine, ...matches]), ...lowerEnd, ...quotes] };
  }
  // The column-0 rules are not in a block's rule list at all: its while
  // condition (tried once per line, at column 0) matches them, optionally,
  // and scopes them with whileCaptures; a plain block's begin does the same
  // for its first line. In a rule list a column-0 regex is still tried at
  // every column of every line.
  const withLineStart = (re, merged) => `${re}(?:${merged.match.slice(String.raw`\G^`.length)})?`;
  const shiftCaptures = (captures, by) => Object.fromEntries(Object.entries(captures).map(([k, v]) => [String(Number(k) + by), v]));
  for (const [name, merged] of [['header-block', repository['line-start']], ['one-word-header-block', repository['line-start']], ['block', repository['line-start-or-signature']]]) {
    const rule = repository[name];
    rule.while = withLineStart(rule.while, merged);
    rule.whileCaptures = shiftCaptures(merged.captures, countGroups(rule.while) - countGroups(merged.match));
    rule.patterns = [{ include: '#line-rest' }];
  }
  repository.block.begin = withLineStart(repository.block.begin, repository['line-start-or-signature']);
  repository.block.beginCaptures = repository.block.whileCaptures;
  // The two kinds of header block differ in their begin only: one rule, its
  // begin the two regexes as alternatives, in the same order (one regex
  // fewer on the first line of every block).
  {
    const many = repository['header-block'];
    const one = repository['one-word-header-block'];
    if (JSON.stringify({ ...many, begin: 0 }) !== JSON.stringify({ ...one, begin: 0 })) throw new Error('header blocks differ beyond their begin');
    const merged = mergeRules([{ match: many.begin, captures: many.beginCaptures }, { match: one.begin, captures: one.beginCaptures }]);
    many.begin = merged.match;
    many.beginCaptures = merged.captures;
    delete repository['one-word-header-block'];
    repository.text.patterns = repository.text.patterns.filter((rule) => rule.include !== '#one-word-header-block');
  }
  // Lines longer than 999 bytes (the unwrapped paragraphs of the 2010
  // rendering) are searched by vscode-oniguruma one regex at a time over the
  // whole line, and a ^ regex with no literal to search for is tried at every
  // column: on the first line of a block, each of the text's ^ rules that
  // fails at column 0 scanned the whole line. \G is tried at the search start
  // only, but vscode-textmate allows it at column 0 only under a region whose
  // begin took the line's end. So the text's rules sit in a region, text-body,
  // begun at the first line end the text region sees itself (a blank line or
  // a page marker between blocks) and running with it; its rules are the
  // text's, \G-anchored. Only blank lines (where a block ends) meet text-body
  // with \G barred, and none of its rules matches a blank line.
  {
    const atG = (re) => String.raw`\G` + re;
    repository['page-marker-line-g'] = { ...repository['page-marker-line'], match: atG(repository['page-marker-line'].match) };
    repository['header-block-g'] = { ...repository['header-block'], begin: atG(repository['header-block'].begin) };
    repository['block-g'] = { ...repository.block, begin: atG(repository.block.begin) };
    const expected = ['#page-marker-line', '#header-block', '#block'];
    if (JSON.stringify(repository.text.patterns.map((rule) => rule.include)) !== JSON.stringify(expected)) throw new Error('text: unexpected rule list');
    repository['text-body'] = {
      begin: String.raw`\n`,
      end: atG(WEB_TRAILER_BEGIN),
      patterns: expected.map((include) => ({ include: `${include}-g` })),
    };
    // The text region itself sees its first line (after its begin, zero-width
    // at column 0, which allows \G there), blank lines (where text-body
    // begins) and the web-page line where text-body ends (\G barred): the same
    // \G rules serve it, and its end goes last (applyEndPatternLast), so that
    // on a first line over 999 bytes no regex before the block's begin scans
    // the whole line. At column 0 the end can only tie with a \G rule, which
    // is barred on the one line where the end matches.
    repository.text.patterns = [...repository['text-body'].patterns, { include: '#text-body' }];
    repository.text.applyEndPatternLast = true;
    for (const name of ['page-marker-line', 'header-block', 'block']) delete repository[name];
  }
  delete repository['line-start'];
  delete repository['line-start-or-signature'];
  delete repository.line;
  delete repository['page-marker-in-block'];
  delete repository['caption-in-block'];
  delete repository.signature;

  // Every rule list: adjacent match rules merged into one regex (exactly the
  // same matches: leftmost wins, and at one column the first rule, now the
  // first alternative). Includes of rule lists are inlined first. Kept apart:
  // the mid-line page marker, which would spoil the search of any alternation
  // it joined (see the page-marker note above).
  const keepApart = (rule) => (rule.name === S('comment.line.page-marker') && !rule.match.startsWith('^')) || rule.match === LOWER_END;
  const mergeAdjacent = (patterns) => {
    const inlined = patterns.flatMap((rule) => {
      if (!rule.include) return [rule];
      const target = repository[rule.include.slice(1)];
      return target.patterns && !target.match && !target.begin ? flatten(rule) : [rule];
    });
    const out = [];
    let run = [];
    const flush = () => {
      if (run.length > 1) out.push(mergeRules(run));
      else out.push(...run);
      run = [];
    };
    for (const rule of inlined) {
      if (rule.match && !keepApart(rule)) run.push(rule);
      else { flush(); out.push(rule); }
    }
    flush();
    return out;
  };
  const mergeAll = (rule) => {
    if (rule.patterns) rule.patterns = mergeAdjacent(rule.patterns);
    return rule;
  };

  for (const rule of Object.values(repository)) mergeAll(rule);
  grammar.patterns = mergeAdjacent(grammar.patterns);
  for (const [name, rule] of Object.entries(repository)) {
    // rule lists that were inlined everywhere they were used
    if (rule.patterns && !rule.begin && !rule.match && !JSON.stringify(grammar).includes(`"#${name}"`)) delete repository[name];
  }
}
