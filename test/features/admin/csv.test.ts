import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { csvCell, csvRow } from '../../../src/features/admin/exports/csv.js';
import { parseCsv } from './csv.js';

describe('CSV cells', () => {
  it('quotes commas, quotes and line breaks, and round-trips them', () => {
    const cells = ['Mocha, "Special"', 'two\nlines', ' padded ', 'plain', '£3.40'];
    assert.equal(csvCell('Mocha, "Special"'), '"Mocha, ""Special"""');
    assert.deepEqual(parseCsv(csvRow(cells)), [cells]);
  });

  it('neutralises spreadsheet formulas by prefixing an apostrophe', () => {
    for (const formula of ['=1+1', '+44 1206', '-2', '@SUM(A1)', '\tTab', '\rCR']) {
      const written = csvCell(formula);
      assert.ok(parseCsv(`${written}\r\n`)[0]![0]!.startsWith("'"), formula);
      assert.equal(parseCsv(`${written}\r\n`)[0]![0], `'${formula}`);
    }
    assert.equal(csvCell('=HYPERLINK("http://x")'), '"\'=HYPERLINK(""http://x"")"');
  });

  it('writes numbers, booleans and nulls plainly', () => {
    assert.equal(csvRow([340, true, null, undefined]), '340,true,,\r\n');
  });
});
