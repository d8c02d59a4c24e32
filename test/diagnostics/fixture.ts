/**
 * A small, clean cable in the 2011 rendering (after the seed, 08ASTANA2318), for tests that must
 * run without ../shared. Tests damage one thing in it and expect exactly that to be reported.
 */
export const CLEAN = [
  'Reference ID Created Released Classification Origin',
  '08ASTANA2318 2008-11-24 10:54 2011-08-30 01:44 CONFIDENTIAL Embassy Astana',
  '',
  'VZCZCXRO7869',
  'OO RUEHAG RUEHAST RUEHBI',
  'DE RUEHTA #2318/01 3291054',
  'ZNY CCCCC ZZH',
  'O 241054Z NOV 08',
  'FM AMEMBASSY ASTANA',
  'TO RUEHC/SECSTATE WASHDC IMMEDIATE 3923',
  'INFO RUEHBJ/AMEMBASSY BEIJING 0240',
  'RUEHKO/AMEMBASSY TOKYO 0950',
  '',
  'C O N F I D E N T I A L SECTION 01 OF 02 ASTANA 002318 ',
  ' ',
  'SIPDIS ',
  ' ',
  'STATE FOR SCA/CEN ',
  ' ',
  'E.O. 12958: DECL: 11/24/2018 ',
  'TAGS: PREL PGOV ECON KZ',
  'SUBJECT: PRESIDENT NAZARBAYEV CALLS FOR GREATER INTERNATIONAL ROLE ',
  ' ',
  'Classified By: Ambassador Richard E. Hoagland, 1.4 (b), (d) ',
  ' ',
  '1.  (C)  SUMMARY: In his speech to Kazakhstan\'s top diplomats on ',
  'November 19, President Nazarbayev asked the MFA to develop a new ',
  'foreign policy concept.  END SUMMARY. ',
  ' ',
  '2.  (C)  Nazarbayev noted that the current global economic ',
  'slowdown is a serious reminder "of what happens when people live ',
  'beyond their budget."   Nazarbayev ',
  ' ',
  'ASTANA 00002318  002 OF 002 ',
  ' ',
  ' ',
  'praised the government for quickly developing and implementing a ',
  'plan for economic stabilization and development. ',
  ' ',
  '3.  (C)  Nazarbayev reiterated Kazakhstan\'s multi-vector foreign ',
  'policy, saying that "Russia has always been and remains Kazakhstan\'s ',
  'reliable ally, economic partner, and good neighbor." ',
  ' ',
  '4.  (C)  COMMENT: Nazarbayev clearly laid out Kazakhstan\'s ',
  'priorities.  END COMMENT. ',
  ' ',
  'HOAGLAND',
  '',
].join('\n');

/** Replaces the one line that equals `from` (fails loudly if it is not exactly one). */
export function replaceLine(text: string, from: string, to: string | string[]): string {
  const lines = text.split('\n');
  const idx = lines.flatMap((l, i) => (l === from ? [i] : []));
  if (idx.length !== 1) throw new Error(`fixture: ${idx.length} lines equal ${JSON.stringify(from)}`);
  lines.splice(idx[0]!, 1, ...(Array.isArray(to) ? to : [to]));
  return lines.join('\n');
}

export function lineOf(text: string, content: string): number {
  const i = text.split('\n').indexOf(content);
  if (i < 0) throw new Error(`fixture: no line ${JSON.stringify(content)}`);
  return i;
}
