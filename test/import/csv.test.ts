/**
 * The cables.csv reader on the escaping and quoting cases of both styles (cable-format.md §10),
 * fed whole and in pieces of every size: a row must come out the same wherever the chunks cut it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvReader, type CsvItem } from '../../server/src/import/csv';

function read(text: string, chunk = Infinity, expected = 8): CsvItem[] {
  const r = new CsvReader(expected);
  const out: CsvItem[] = [];
  if (chunk === Infinity) out.push(...r.push(text));
  else for (let i = 0; i < text.length; i += chunk) out.push(...r.push(text.slice(i, i + chunk)));
  out.push(...r.end());
  return out;
}

/** Reads whole, one character at a time and in 7-character pieces; all three must agree. */
function readEvery(text: string, expected = 8): CsvItem[] {
  const whole = read(text, Infinity, expected);
  expect(read(text, 1, expected)).toEqual(whole);
  expect(read(text, 7, expected)).toEqual(whole);
  return whole;
}

const fields = (items: CsvItem[]) => items.map((i) => (i.kind === 'record' ? i.fields : i.reason));

/** A row in the 2011 style: every field quoted, `\"` `\'` `\\` escapes. */
function strictRow(values: string[]): string {
  return values.map((v) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/'/g, "\\'")}"`).join(',') + '\n';
}

const row = (n: number, header: string, text: string) => [String(n), '9/5/2006 14:02', `06DUBLIN${1000 + n}`, 'Embassy Dublin', 'CONFIDENTIAL', '', header, text];

describe('cables.csv reader, 2011 style', () => {
  it('undoes \\" and \\\' inside fields', () => {
    const csv = `"1","9/5/2006 14:02","06DUBLIN1020","Embassy Dublin","CONFIDENTIAL","","VZCZC","\nthe \\"Shannon Five\\" and the Government\\'s view\n"\n`;
    const items = readEvery(csv);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ kind: 'record', row: 1, line: 1, eol: '\n' });
    expect((items[0] as { fields: string[] }).fields[7]).toBe(`\nthe "Shannon Five" and the Government's view\n`);
  });

  it('keeps a field holding "," whole', () => {
    const csv = strictRow(row(1, 'VZCZC', 'he said "a","b" and left\n'));
    expect(csv).toContain('\\",\\"');
    const items = readEvery(csv);
    expect(fields(items)).toEqual([row(1, 'VZCZC', 'he said "a","b" and left\n')]);
  });

  it('reads a row spanning 300 lines, and counts lines for the next', () => {
    const text = Array.from({ length: 300 }, (_, i) => `line ${i + 1} of the text`).join('\n');
    const csv = strictRow(row(1, 'VZCZC\nDE RUEHDL #1020', text)) + strictRow(row(2, 'H', 'T'));
    const items = readEvery(csv);
    expect(fields(items)).toEqual([row(1, 'VZCZC\nDE RUEHDL #1020', text), row(2, 'H', 'T')]);
    expect(items.map((i) => i.line)).toEqual([1, 302]);
  });

  it('takes a trailing backslash, escaped (\\\\) or bare, without swallowing the closing quote', () => {
    const escaped = strictRow(row(1, 'ends in \\', 'text ends in \\'));
    expect(fields(readEvery(escaped))).toEqual([row(1, 'ends in \\', 'text ends in \\')]);
    // A writer that does not escape backslashes: `\"` then `,"` or the next row can only close.
    const bare = `"1","9/5/2006 14:02","06X1","E","C","","head\\","text\\"\n"2","9/5/2006 14:02","06X2","E","C","","h","t\\"\n`;
    expect(fields(readEvery(bare))).toEqual([
      ['1', '9/5/2006 14:02', '06X1', 'E', 'C', '', 'head\\', 'text\\'],
      ['2', '9/5/2006 14:02', '06X2', 'E', 'C', '', 'h', 't\\'],
    ]);
    // …while a quote at a line end inside the text stays an escaped quote.
    const inside = `"1","9/5/2006 14:02","06X1","E","C","","h","he said \\"no.\\"\nthen left"\n`;
    expect(fields(readEvery(inside))[0]).toEqual(['1', '9/5/2006 14:02', '06X1', 'E', 'C', '', 'h', 'he said "no."\nthen left']);
  });

  it('reads CRLF line ends, keeping those inside fields and reporting the row end', () => {
    const csv = strictRow(row(1, 'VZCZC\r\nRR RUEHAG', '\r\nC O N F\r\n')).replace(/\n$/, '\r\n') + strictRow(row(2, 'H', 'T')).replace(/\n$/, '\r\n');
    const items = readEvery(csv);
    expect(fields(items)).toEqual([row(1, 'VZCZC\r\nRR RUEHAG', '\r\nC O N F\r\n'), row(2, 'H', 'T')]);
    expect(items.map((i) => (i.kind === 'record' ? i.eol : ''))).toEqual(['\r\n', '\r\n']);
    expect(items.map((i) => i.line)).toEqual([1, 5]);
  });

  it('drops a byte order mark', () => {
    const csv = '\ufeff' + strictRow(row(1, 'H', 'T'));
    expect(fields(readEvery(csv))).toEqual([row(1, 'H', 'T')]);
  });

  it('reports an unterminated last row instead of inventing its end', () => {
    const csv = strictRow(row(1, 'H', 'T')) + `"2","9/5/2006 14:02","06X2","E","C","","H","the text goes on\nand the file stops`;
    const items = readEvery(csv);
    expect(items[0]!.kind).toBe('record');
    expect(items[1]).toMatchObject({ kind: 'error', row: 2, line: 2 });
    expect((items[1] as { reason: string }).reason).toMatch(/ends inside field 8/);
  });

  it('reports a row with an unescaped quote and goes on at the next row', () => {
    const bad = `"2","9/5/2006 14:02","06X2","E","C","","H","he said "no" twice\nsecond line"\n`;
    const csv = strictRow(row(1, 'H', 'T')) + bad + strictRow(row(3, 'H3', 'T3'));
    const items = readEvery(csv);
    expect(items.map((i) => i.kind)).toEqual(['record', 'error', 'record']);
    expect(items[1]).toMatchObject({ row: 2, line: 2 });
    expect((items[1] as { reason: string }).reason).toMatch(/not escaped/);
    expect(items[2]).toMatchObject({ row: 3, line: 4, fields: row(3, 'H3', 'T3') });
  });

  it('reports a row whose closing quote is missing, and reads the next one', () => {
    const csv = `"1","9/5/2006 14:02","06X1","E","C","","H","text with no end\n` + strictRow(row(2, 'H', 'T'));
    const items = readEvery(csv);
    expect(items.map((i) => i.kind)).toEqual(['error', 'record']);
    expect(items[1]).toMatchObject({ row: 2, line: 2, fields: row(2, 'H', 'T') });
  });

  it('reports a wrong field count', () => {
    const csv = `"1","9/5/2006 14:02","06X1","E","C","H","T"\n` + strictRow(row(2, 'H', 'T'));
    const items = readEvery(csv);
    expect(items[0]).toMatchObject({ kind: 'error', row: 1, reason: '7 fields, 8 expected' });
    expect(items[1]).toMatchObject({ kind: 'record', row: 2 });
  });

  it('gives the same rows however the input is cut (property)', () => {
    const value = fc.string({ unit: fc.constantFrom('a', ' ', '"', "'", '\\', ',', '\n', '\r\n', 'é', '¶') });
    fc.assert(
      fc.property(fc.array(fc.tuple(value, value), { minLength: 1, maxLength: 4 }), fc.integer({ min: 1, max: 50 }), (rows, chunk) => {
        // A header ending in a backslash is exactly the case a writer that escapes `\\` makes unambiguous.
        const csv = rows.map(([h, t], i) => strictRow(row(i + 1, h, t))).join('');
        const want = rows.map(([h, t], i) => row(i + 1, h, t));
        expect(fields(read(csv))).toEqual(want);
        expect(fields(read(csv, chunk))).toEqual(want);
      }),
      { numRuns: 300 },
    );
  });
});

describe('cables.csv reader, rows as exports paste them', () => {
  it('reads unquoted fields, doubled quotes and an origin wrapped across a line', () => {
    const csv =
      '237780,12/3/2009 8:05,09THEHAGUE726,"Embassy The\nHague",SECRET,09SECSTATE122731|09THEHAGUE663,"VZCZCXRO6064\nRR RUEHAG","S E C R E T\n""transition"" as a means\n"\n' +
      '79047,9/20/2006 5:38,06THEHAGUE2047,Embassy The Hague,CONFIDENTIAL,,"VZCZC","C O N F, with a comma"\n';
    const items = readEvery(csv);
    expect(fields(items)).toEqual([
      ['237780', '12/3/2009 8:05', '09THEHAGUE726', 'Embassy The\nHague', 'SECRET', '09SECSTATE122731|09THEHAGUE663', 'VZCZCXRO6064\nRR RUEHAG', 'S E C R E T\n"transition" as a means\n'],
      ['79047', '9/20/2006 5:38', '06THEHAGUE2047', 'Embassy The Hague', 'CONFIDENTIAL', '', 'VZCZC', 'C O N F, with a comma'],
    ]);
    expect(items.map((i) => i.line)).toEqual([1, 6]);
  });

  it('decides the style row by row: an unquoted header row, then 2011-style rows with escapes', () => {
    const csv = 'id,date,refid,origin,classification,references,header,text\n' + strictRow(row(1, 'H', 'the \\"Five\\" and it\'s'));
    const items = readEvery(csv);
    expect(fields(items)).toEqual([['id', 'date', 'refid', 'origin', 'classification', 'references', 'header', 'text'], row(1, 'H', 'the \\"Five\\" and it\'s')]);
  });

  it('keeps backslashes as they are', () => {
    const csv = '1,1/1/2009 0:00,09X1,E,C,,"H \\n","a \\\' b"\n';
    expect(fields(readEvery(csv))[0]).toEqual(['1', '1/1/2009 0:00', '09X1', 'E', 'C', '', 'H \\n', "a \\' b"]);
  });

  it('reports an unterminated last row (a pasted row cut short)', () => {
    const csv = '1,1/1/2009 0:00,09X1,E,C,,"H","the text\nLEVIN\n';
    const items = readEvery(csv);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ kind: 'error', row: 1, line: 1 });
  });
});
