/** The WikiLeaks table: the reference ID, the dates and the classification, as the parser read them. */
import { parserFindingRule } from '../rule';

export const tableReferenceId = parserFindingRule({
  code: 'CBL101',
  name: 'table-reference-id',
  severity: 'error',
  group: 'table',
  fixable: false,
  docs: {
    summary: 'The reference ID is not two-digit year + post + serial.',
    description: 'WikiLeaks names every cable by year, originating post and serial without leading zeros (`08ASTANA2318`). Anything else cannot be matched with the DE line, the banner or the page markers.',
    bad: '08-ASTANA-02318 2008-11-24 10:54 2011-08-30 01:44 UNCLASSIFIED Embassy Astana',
    good: '08ASTANA2318 2008-11-24 10:54 2011-08-30 01:44 UNCLASSIFIED Embassy Astana',
  },
  finding: 'table-reference-id',
});

export const tableDate = parserFindingRule({
  code: 'CBL102',
  name: 'table-date',
  severity: 'error',
  group: 'table',
  fixable: false,
  docs: {
    summary: 'A Created or Released value in the table is not a real date and time.',
    description: 'The table gives `YYYY-MM-DD HH:MM`. A 13th month or a 25th hour is damage, usually from a bad copy.',
    bad: '08ASTANA2318 2008-13-24 10:54 2011-08-30 01:44 UNCLASSIFIED Embassy Astana',
    good: '08ASTANA2318 2008-11-24 10:54 2011-08-30 01:44 UNCLASSIFIED Embassy Astana',
  },
  finding: 'table-date',
});

export const tableClassification = parserFindingRule({
  code: 'CBL103',
  name: 'table-classification',
  severity: 'error',
  group: 'table',
  fixable: false,
  docs: {
    summary: 'The table names a classification that does not exist.',
    description: 'The table column holds UNCLASSIFIED, UNCLASSIFIED//FOR OFFICIAL USE ONLY, CONFIDENTIAL, SECRET, optionally with //NOFORN.',
    bad: '08ASTANA2318 2008-11-24 10:54 2011-08-30 01:44 CONFIDENTAL Embassy Astana',
    good: '08ASTANA2318 2008-11-24 10:54 2011-08-30 01:44 CONFIDENTIAL Embassy Astana',
  },
  finding: 'table-classification',
});

export const TABLE_RULES = [tableReferenceId, tableDate, tableClassification] as const;
