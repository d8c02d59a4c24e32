/**
 * Texts for the tests of the streamed reading of a file (server/src/stepStream.ts): `cable split`
 * (test/cli-split/stream.test.ts) and `cable/checkFile` (test/server/checkFileStream.test.ts).
 */

/**
 * Cables whose parse reads past their own end. A printout (a cable printed from the post's message
 * system: an e-mail header, `Cable Text:`, the system's banner and distribution lines) looks up to
 * 80 lines ahead for its routing block, through anything but a paragraph. This one lost its own,
 * and the next cable (a header without text) has none and no paragraph: the whole text's parse
 * finds the routing block of the printout after them, and reads the three as one cable. A window
 * that ends before that routing block reads three cables; the stream must not hand over the first
 * until the lines that decide it are in its window (stepStream.ts, SAFE_AHEAD and STEP_REACH).
 */
function printoutHead(id: string, serial: string): string[] {
  return [
    'Reference ID Created Released Classification Origin',
    `${id} 2009-03-26 13:01 2010-12-05 17:05 SECRET//NOFORN Embassy Doha`,
    '',
    'Stephen H Rogerson  12/02/2009 11:08:08 AM  From  DB/Inbox:  Search ',
    'Results',
    '',
    'Cable ',
    'Text:',
    '',
    `S E C R E T        DOHA ${serial}`,
    'CXDOHA:',
    '    ACTION: AMB',
    '    INFO:   RSO RAO P/E OMC LEGATT DAO DCM',
    '',
    'DISSEMINATION: AMB /1',
    'CHARGE: PROG',
    '',
    'APPROVED: AMB:JLABARON',
    'DRAFTED: P/E:MZEBLEY',
    '',
  ];
}
export const READ_PAST_THEIR_END: string = [
  ...printoutHead('09DOHA998', '00998'),
  'Reference ID Created Released Classification Origin',
  '09DOHA999 2009-03-27 13:01 2010-12-05 17:05 SECRET Embassy Doha',
  '',
  'S E C R E T DOHA 000999',
  '',
  'E.O. 12958: DECL: 01/29/2019',
  'TAGS: PTER, PREL',
  'SUBJECT: QATAR: A HEADER WITHOUT TEXT',
  // The rest of its page: the further the routing block ahead, the wider the margin must be.
  ...Array<string>(30).fill(''),
  ...printoutHead('09DOHA214', '00214'),
  'VZCZCDOI550',
  'RR RUEHC RHMFISS',
  'DE RUEHDO #0214/01 0851341',
  'ZNY SSSSS ZZH',
  'R 261341Z MAR 09',
  'FM AMEMBASSY DOHA',
  'TO RUEHC/SECSTATE WASHDC 8904',
  '',
  'S E C R E T SECTION 01 OF 05 DOHA 000214',
  '',
  'E.O. 12958: DECL: 01/29/2019',
  'TAGS: PTER, PREL',
  'SUBJECT: QATAR: 2009 CI/KR RESPONSE FOR S/CT',
  '',
  '1. (S/NF) Post assesses that U.S. investments in Qatar are a target.',
  '',
  'LEBARON',
].join('\n');
