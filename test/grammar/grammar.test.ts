import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { IGrammar } from 'vscode-textmate';
import {
  CORPUS, GRAMMAR_PATH, HAVE_SHARED, ROOT, SEED,
  lineOf, loadGrammar, scopesAt, tokenize, type Token,
} from './tokenize';

let grammar: IGrammar;
beforeAll(async () => {
  grammar = await loadGrammar();
});

function tokensOf(text: string): Token[] {
  return tokenize(grammar, text).tokens;
}

/** Scopes of the token that is exactly `text` on the line that `lineText` is. */
function scopesOfLine(text: string, lineText: string, token: string): string[] {
  const tokens = tokensOf(text);
  const line = lineOf(text, (l) => l === lineText);
  const t = tokens.find((x) => x.line === line && x.text === token);
  if (!t) {
    const seen = tokens.filter((x) => x.line === line).map((x) => JSON.stringify(x.text));
    throw new Error(`no token ${JSON.stringify(token)} on line ${line}; tokens: ${seen.join(' ')}`);
  }
  return t.scopes;
}

describe('grammar file', () => {
  it('is generated from syntaxes/build-grammar.mjs and up to date', () => {
    expect(() => execFileSync(process.execPath, [join(ROOT, 'syntaxes', 'build-grammar.mjs'), '--check'], { stdio: 'pipe' })).not.toThrow();
  });

  it('every scope name ends in .cable', () => {
    const names = [...readFileSync(GRAMMAR_PATH, 'utf8').matchAll(/"name": "([^"]+)"/g)].map((m) => m[1]);
    expect(names.length).toBeGreaterThan(50);
    for (const name of names.filter((n) => n !== 'Cable')) {
      for (const scope of name.split(' ')) expect(scope).toMatch(/\.cable$/);
    }
  });

  it('is contributed from package.json for the cable language', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.contributes.grammars).toEqual([
      { language: 'cable', scopeName: 'text.cable', path: './syntaxes/cable.tmLanguage.json' },
    ]);
    const defaults = pkg.contributes.configurationDefaults['[cable]'];
    // Without these VS Code paints a colour swatch before "#2318" in the DE line.
    expect(defaults['editor.colorDecorators']).toBe(false);
    expect(defaults['editor.defaultColorDecorators']).toBe('never');
    expect(defaults['editor.rulers']).toEqual([69]);
    expect(pkg.contributes.languages[0].configuration).toBe('./language-configuration.json');
  });
});

// A small cable written for the tests, so the grammar is checked even without
// ../shared. Every line is a form the format guide lists.
const SYNTHETIC = [
  'Reference ID Created Released Classification Origin',
  '09KUWAIT123 2009-02-03 12:01 2011-08-30 01:44 SECRET//NOFORN Embassy Kuwait',
  '',
  'VZCZCXYZ0000',
  'ZZ RUEHC RUEHKU',
  'DE RUEHKU #0123/01 0341201',
  'ZNY SSSSS ZZH',
  'Z 031201Z FEB 09',
  'FM AMEMBASSY KUWAIT',
  'TO RUEHC/SECSTATE WASHDC NIACT IMMEDIATE 1234',
  'INFO RUEHGB/AMEMBASSY BAGHDAD FLASH 0001',
  'AMEMBASSY RIYADH',
  'XMT AMCONSUL JOHANNESBURG',
  'BT',
  '',
  'S E C R E T SECTION 01 OF 02 KUWAIT 000123',
  '',
  'NOFORN',
  'SIPDIS',
  'EXDIS',
  'CORRECTED COPY',
  '',
  'EO 12958 DECL: 02/03/2019',
  'TAGS PREL, MARR, KU',
  'SUBJECT: A TEST OF THE GRAMMAR',
  'REF: A. STATE 1234 B. KUWAIT 99',
  '',
  'Classified By: Ambassador Deborah K. Jones for reasons 1.4 (b) and (d).',
  '',
  '1.(S/REL USA, KWT) Summary: The minister said XXXXXXXXXXXX was "ready."  End Summary.',
  '',
  '¶2. (S//NF) Text continues.',
  '',
  'PAGE 02 STATE 015113 182333Z',
  '',
  'KUWAIT 00000123  001.2 OF 002',
  '',
  '3. (U//FOUO) Begin text:',
  'Quoted material ??? here.',
  'End text.',
  '',
  'JONES',
  'NNNN',
].join('\n');

describe('synthetic cable (no ../shared needed)', () => {
  const at = (lineText: string, token: string) => scopesOfLine(SYNTHETIC, lineText, token);

  it('scopes the WikiLeaks table', () => {
    expect(at('Reference ID Created Released Classification Origin', 'Reference ID')).toContain('keyword.other.table-header.cable');
    const values = '09KUWAIT123 2009-02-03 12:01 2011-08-30 01:44 SECRET//NOFORN Embassy Kuwait';
    expect(at(values, '09KUWAIT123')).toContain('constant.other.reference-id.cable');
    expect(at(values, '2009-02-03 12:01')).toContain('constant.numeric.date.created.cable');
    expect(at(values, 'SECRET//NOFORN')).toContain('keyword.control.classification.cable');
    expect(at(values, 'Embassy Kuwait')).toContain('entity.name.type.origin.cable');
  });

  it('scopes precedences, prosigns and indicators of the routing block', () => {
    expect(at('VZCZCXYZ0000', 'VZCZC')).toContain('keyword.other.prosign.start-of-message.cable');
    expect(at('ZZ RUEHC RUEHKU', 'ZZ')).toContain('storage.modifier.precedence.cable');
    expect(at('ZZ RUEHC RUEHKU', 'RUEHKU')).toContain('constant.other.routing-indicator.cable');
    expect(at('Z 031201Z FEB 09', 'Z')).toContain('storage.modifier.precedence.cable');
    expect(at('ZNY SSSSS ZZH', 'SSSSS')).toContain('keyword.control.classification.cable');
    expect(at('ZNY SSSSS ZZH', 'ZZH')).toContain('keyword.other.prosign.operating-signal.cable');
    const to = 'TO RUEHC/SECSTATE WASHDC NIACT IMMEDIATE 1234';
    expect(at(to, 'NIACT IMMEDIATE')).toContain('storage.modifier.precedence.cable');
    expect(at(to, '1234')).toContain('constant.numeric.control-number.cable');
    expect(at('INFO RUEHGB/AMEMBASSY BAGHDAD FLASH 0001', 'FLASH')).toContain('storage.modifier.precedence.cable');
    expect(at('AMEMBASSY RIYADH', 'RIYADH')).toContain('entity.name.type.addressee.cable');
    expect(at('XMT AMCONSUL JOHANNESBURG', 'XMT')).toContain('keyword.other.prosign.address.cable');
    expect(at('BT', 'BT')).toContain('keyword.other.prosign.break.cable');
  });

  it('scopes the banner and captions', () => {
    const banner = 'S E C R E T SECTION 01 OF 02 KUWAIT 000123';
    expect(at(banner, 'S E C R E T')).toContain('keyword.control.banner.cable');
    expect(at(banner, 'SECTION')).toContain('keyword.other.section.cable');
    expect(at(banner, '02')).toContain('constant.numeric.section.cable');
    expect(at(banner, '000123')).toContain('constant.numeric.post-serial.cable');
    for (const caption of ['NOFORN', 'SIPDIS', 'EXDIS', 'CORRECTED COPY']) {
      expect(at(caption, caption)).toContain('keyword.control.caption.cable');
    }
  });

  it('scopes the subject block', () => {
    expect(at('EO 12958 DECL: 02/03/2019', 'EO')).toContain('keyword.other.label.executive-order.cable');
    expect(at('EO 12958 DECL: 02/03/2019', '02/03/2019')).toContain('constant.numeric.date.declassify.cable');
    expect(at('TAGS PREL, MARR, KU', 'MARR')).toContain('constant.other.tag.cable');
    expect(at('SUBJECT: A TEST OF THE GRAMMAR', 'A TEST OF THE GRAMMAR')).toContain('markup.bold.heading.subject.cable');
    expect(at('REF: A. STATE 1234 B. KUWAIT 99', 'B')).toContain('markup.list.letter.cable');
    expect(at('REF: A. STATE 1234 B. KUWAIT 99', 'STATE 1234')).toContain('constant.other.reference-cable.cable');
    const cby = 'Classified By: Ambassador Deborah K. Jones for reasons 1.4 (b) and (d).';
    expect(at(cby, 'Classified By')).toContain('keyword.other.label.classified-by.cable');
    expect(at(cby, '1.4 (b)')).toContain('constant.numeric.reason.cable');
    expect(at(cby, '(d)')).toContain('constant.numeric.reason.cable');
  });

  it('scopes paragraph numbers and every marking form', () => {
    const p1 = '1.(S/REL USA, KWT) Summary: The minister said XXXXXXXXXXXX was "ready."  End Summary.';
    expect(at(p1, '1')).toContain('markup.list.numbered.cable');
    expect(at(p1, '(S/REL USA, KWT)')).toContain('keyword.control.marking.cable');
    expect(at(p1, 'Summary')).toContain('keyword.other.summary.begin.cable');
    expect(at(p1, 'End Summary')).toContain('keyword.other.summary.end.cable');
    expect(at(p1, 'XXXXXXXXXXXX')).toContain('markup.deleted.redaction.cable');
    expect(at(p1, 'ready.')).toContain('markup.quote.double.cable');
    expect(at('¶2. (S//NF) Text continues.', '¶')).toContain('punctuation.definition.paragraph.cable');
    expect(at('¶2. (S//NF) Text continues.', '(S//NF)')).toContain('keyword.control.marking.cable');
    expect(at('3. (U//FOUO) Begin text:', '(U//FOUO)')).toContain('keyword.control.marking.cable');
    expect(at('3. (U//FOUO) Begin text:', 'Begin text')).toContain('keyword.other.summary.begin.cable');
    expect(at('End text.', 'End text')).toContain('keyword.other.summary.end.cable');
    expect(at('Quoted material ??? here.', '???')).toContain('invalid.illegal.lost-characters.cable');
  });

  it('sets page markers and old page headers apart as comments', () => {
    expect(at('PAGE 02 STATE 015113 182333Z', 'PAGE 02 STATE 015113 182333Z')).toContain('comment.line.page-header.cable');
    expect(at('KUWAIT 00000123  001.2 OF 002', 'KUWAIT 00000123  001.2 OF 002')).toContain('comment.line.page-marker.cable');
  });

  it('scopes the signature and a trailing NNNN', () => {
    expect(at('JONES', 'JONES')).toContain('entity.name.function.signature.cable');
    expect(at('NNNN', 'NNNN')).toContain('keyword.other.prosign.break.cable');
  });

  it('does not take body lines for routing lines ("DE KLERK ...")', () => {
    const text = 'C O N F I D E N T I A L PRETORIA 000123\n\n1. (C) The talks.\nDE KLERK WILL ANNOUNCE:\n';
    expect(scopesOfLine(text, 'DE KLERK WILL ANNOUNCE:', 'DE KLERK WILL ANNOUNCE:')).not.toContain('keyword.other.prosign.de.cable');
  });

  // The text's rules between blocks run in a \G-anchored region (text-body)
  // begun at a line end; these cases cross its edges.
  it('keeps headers, page markers and the web trailer between blocks of the text', () => {
    const text = [
      'UNCLAS SECTION 01 OF 02 TUNIS 000492', '', '1. (C) First paragraph.', '',
      'TUNIS 00000492 002 OF 005', 'SECTION HEADER HERE', '',
      '2. (C) Text BRASILIA 00001302 003 OF 003 goes on.', '', 'Leave a Reply', 'more web text', '',
    ].join('\n');
    expect(scopesOfLine(text, 'TUNIS 00000492 002 OF 005', 'TUNIS 00000492 002 OF 005')).toContain('comment.line.page-marker.cable');
    expect(scopesOfLine(text, 'SECTION HEADER HERE', 'SECTION HEADER HERE')).toContain('markup.bold.heading.section.cable');
    expect(scopesOfLine(text, '2. (C) Text BRASILIA 00001302 003 OF 003 goes on.', 'BRASILIA 00001302 003 OF 003')).toContain('comment.line.page-marker.cable');
    expect(scopesOfLine(text, 'Leave a Reply', 'Leave a Reply')).toContain('comment.block.web-text.cable');
    expect(scopesOfLine(text, 'more web text', 'more web text')).not.toContain('meta.text.cable');
    const right = [
      'UNCLAS SECTION 01 OF 02 TUNIS 000492', '', '1. (C) First paragraph.', '', 'TUNIS 00000492 002 OF 005', 'Wikileaks mirror', '',
    ].join('\n');
    expect(scopesOfLine(right, 'Wikileaks mirror', 'Wikileaks mirror')).toContain('comment.block.web-text.cable');
  });
});

describe.skipIf(!HAVE_SHARED)('the seed (08ASTANA2318 copied off a blog page)', () => {
  let seed: string;
  let tokens: Token[];
  beforeAll(() => {
    seed = readFileSync(SEED, 'utf8');
    tokens = tokenize(grammar, seed).tokens;
  });
  const line = (pred: (l: string) => boolean) => lineOf(seed, pred);

  it('dims the web-page text before and after the cable', () => {
    expect(scopesAt(tokens, 1, '08ASTANA2318')).toContain('comment.block.web-text.cable');
    expect(scopesAt(tokens, line((l) => l.startsWith('If you find meaningful')), 'If you')).toContain('comment.block.web-text.cable');
    expect(scopesAt(tokens, line((l) => l === 'Leave a Reply'), 'Leave')).toContain('comment.block.web-text.cable');
    expect(scopesAt(tokens, line((l) => l.startsWith('Connecting to')), 'Connecting')).toContain('comment.block.web-text.cable');
    // ... and nothing between the table and the signature.
    const first = line((l) => l.startsWith('Reference ID'));
    const last = line((l) => l === 'HOAGLAND');
    const dimmed = tokens.filter((t) => t.line >= first && t.line <= last && t.scopes.some((s) => s.startsWith('comment.block.web-text')));
    expect(dimmed).toEqual([]);
  });

  it('scopes RUEHC in "TO RUEHC/SECSTATE WASHDC" as a routing indicator', () => {
    const l = line((x) => x.startsWith('TO RUEHC/SECSTATE WASHDC'));
    expect(scopesAt(tokens, l, 'RUEHC')).toContain('constant.other.routing-indicator.cable');
    expect(scopesAt(tokens, l, 'TO')).toContain('keyword.other.prosign.address.cable');
    expect(scopesAt(tokens, l, 'SECSTATE')).toContain('entity.name.type.addressee.cable');
    expect(scopesAt(tokens, l, 'IMMEDIATE')).toContain('storage.modifier.precedence.cable');
  });

  it('scopes the DE line, the security line and the DTG', () => {
    const de = line((x) => x.startsWith('DE RUEHTA'));
    expect(scopesAt(tokens, de, '#2318/01')).toContain('constant.numeric.station-serial.cable');
    expect(scopesAt(tokens, de, '3291054')).toContain('constant.numeric.julian-datetime.cable');
    const dtg = tokens.find((t) => t.text === '241054Z NOV 08');
    expect(dtg?.scopes).toContain('constant.numeric.dtg.cable');
    expect(scopesAt(tokens, line((x) => x.startsWith('ZNR UUUUU')), 'UUUUU')).toContain('keyword.control.classification.cable');
  });

  it('scopes (SBU), a TAGS code and the subject continuation', () => {
    const p2 = line((x) => x.startsWith('2.  (SBU)'));
    expect(scopesAt(tokens, p2, '(SBU)')).toContain('keyword.control.marking.cable');
    expect(scopesAt(tokens, p2, '2')).toContain('markup.list.numbered.cable');
    expect(scopesAt(tokens, line((x) => x.startsWith('TAGS:')), 'OSCE')).toContain('constant.other.tag.cable');
    expect(scopesAt(tokens, line((x) => x.startsWith('CRITICIZES OSCE')), 'CRITICIZES')).toContain('markup.bold.heading.subject.cable');
  });

  it('takes "NEW CONCEPT" FOR FOREIGN POLICY for a section header, not a string', () => {
    const l = line((x) => x.startsWith('"NEW CONCEPT" FOR FOREIGN POLICY'));
    const t = tokens.filter((x) => x.line === l && x.text.trim());
    expect(t).toHaveLength(1);
    expect(t[0].text).toBe('"NEW CONCEPT" FOR FOREIGN POLICY');
    expect(t[0].scopes).toContain('entity.name.section.cable');
    expect(t[0].scopes).toContain('markup.bold.heading.section.cable');
  });

  it('sets the page markers apart', () => {
    for (const marker of ['ASTANA 00002318  002 OF 003', 'ASTANA 00002318  003 OF 003']) {
      expect(scopesAt(tokens, line((x) => x.startsWith(marker)), marker)).toContain('comment.line.page-marker.cable');
    }
  });

  it('scopes SUMMARY / END SUMMARY, COMMENT / END COMMENT and the signature', () => {
    expect(scopesAt(tokens, line((x) => x.startsWith('2.  (SBU)')), 'SUMMARY')).toContain('keyword.other.summary.begin.cable');
    expect(scopesAt(tokens, line((x) => x.startsWith('END SUMMARY')), 'END SUMMARY')).toContain('keyword.other.summary.end.cable');
    expect(scopesAt(tokens, line((x) => x.startsWith('Kazakhstan.  END COMMENT')), 'END COMMENT')).toContain('keyword.other.summary.end.cable');
    expect(scopesAt(tokens, line((x) => x === 'HOAGLAND'), 'HOAGLAND')).toContain('entity.name.function.signature.cable');
  });

  it('keeps a quotation that wraps across lines a string, and ends it at the paragraph', () => {
    const open = line((x) => x.startsWith('slowdown is a "natural change'));
    expect(scopesAt(tokens, open + 1, 'crisis will sober')).toContain('markup.quote.double.cable');
    expect(scopesAt(tokens, open + 2, ' He noted')).not.toContain('markup.quote.double.cable');
  });
});

describe.skipIf(!HAVE_SHARED)('corpus cables', () => {
  const files = HAVE_SHARED ? readdirSync(CORPUS).filter((f) => f.endsWith('.cable')).sort() : [];
  const read = (id: string) => readFileSync(join(CORPUS, `${id}.cable`), 'utf8');
  const at = (id: string, lineText: (l: string) => boolean, needle: string) => {
    const text = read(id);
    return scopesAt(tokenize(grammar, text).tokens, lineOf(text, lineText), needle);
  };

  it('every cable tokenizes within the time limit, and every page marker line is a comment', () => {
    expect(files.length).toBeGreaterThan(1000);
    const marker = /^\s*[A-Z][A-Za-z .]{0,30} \d{8}\s+\d{3}(?:\.\d)? (?:OF|of) \d{3}\s*$/;
    let markers = 0;
    for (const f of files) {
      const text = readFileSync(join(CORPUS, f), 'utf8');
      const { tokens, stoppedEarly } = tokenize(grammar, text, 10_000);
      expect(stoppedEarly, f).toBe(false);
      text.split(/\r?\n/).forEach((l, i) => {
        if (!marker.test(l)) return;
        markers++;
        const t = tokens.find((x) => x.line === i + 1 && x.text.trim());
        expect(t?.scopes, `${f}:${i + 1}`).toContain('comment.line.page-marker.cable');
      });
    }
    expect(markers).toBeGreaterThan(500);
  });

  it('finds the routing block in every cable the manifest says has one', () => {
    const manifest = readFileSync(join(CORPUS, 'MANIFEST.tsv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t'));
    // Partial extracts are marked "routing" in the manifest but lost the block.
    const opensRouting = /^(?:VZCZC|(?:[ZOPR]{1,2} )+\d{6}Z )/m;
    const routed = manifest.filter((r) => r[3] === 'routing' && opensRouting.test(read(r[0]))).map((r) => r[0]);
    expect(routed.length).toBeGreaterThan(800);
    const missing = routed.filter((id) => !tokenize(grammar, read(id)).tokens.some((t) => t.scopes.includes('meta.routing.cable')));
    expect(missing).toEqual([]);
  });

  it('does not turn wrapped lines of an all-caps body into section headers', () => {
    // 10STATE9565 is written in capitals; this 59-character line is the third
    // line of paragraph 1 and looks exactly like a header on its own.
    const scopes = at('10STATE9565', (l) => l === 'POLITICAL IMPLICATIONS FOR ARGENTINA AND THE UNITED KINGDOM', 'POLITICAL');
    expect(scopes).not.toContain('entity.name.section.cable');
    expect(scopes).toContain('meta.text.cable');
    // ... while a real header of a capitals cable is one.
    expect(at('00HARARE5461', (l) => l.startsWith('ZANU-PF SEES WRITING ON WALL'), 'ZANU-PF')).toContain('entity.name.section.cable');
  });

  it('scopes the letter-spaced banner, (S/REL UK), the date line and the partial-extract notice', () => {
    expect(at('00HARARE5461', (l) => l.startsWith('C O N F I D E N T I A L SECTION 01 OF 02'), 'C O N F I D E N T I A L')).toContain('keyword.control.banner.cable');
    expect(at('10STATE9565', (l) => l.startsWith('¶1. (S/REL UK)'), '(S/REL UK)')).toContain('keyword.control.marking.cable');
    expect(at('01PRETORIA1173', (l) => l.startsWith('Friday, 23 February 2001'), 'Friday')).toContain('constant.numeric.date.date-line.cable');
    expect(at('00HARARE6677', (l) => l.startsWith('This record is a partial extract'), 'This record')).toContain('comment.line.notice.cable');
    expect(at('01PRETORIA1173', (l) => l.startsWith('EO 12958 DECL'), 'EO')).toContain('keyword.other.label.executive-order.cable');
  });

  it('sets apart old page headers, also with text glued after them', () => {
    const glued = at('00HARARE5461', (l) => l.startsWith('PAGE 03 HARARE 05461'), 'PAGE 03');
    expect(glued).toContain('comment.line.page-header.cable');
    expect(at('07PARIS170', (l) => l.startsWith('PAGE 02 RUEHFRA0170'), 'PAGE 02')).toContain('comment.line.page-header.cable');
  });
});
