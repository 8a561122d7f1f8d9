import { describe, expect, it } from 'vitest';
import { csvCell, fromCsvCell, fromSpreadsheetText, neutralizeFormula } from '../../main/export/spreadsheet-safety';

describe('formula neutralisation', () => {
  it.each(['=1+1', '+1', '-1', '@SUM(A1)', ' =cmd', '  +x', ',=x', ';@x', '\t=x', '\r=x', '＝1+1', '＋1', '－1', '＠x', '\u3000=x'])(
    'neutralises %j',
    (cell) => {
      expect(neutralizeFormula(cell)).toBe(`'${cell}`);
    },
  );

  it.each(['8901260000000000001', 'Acme shipment', 'a=b', '1-2', ''])('leaves %j alone', (cell) => {
    expect(neutralizeFormula(cell)).toBe(cell);
  });

  it('writes what Excel would mangle as a number (ICCIDs, + numbers, leading zeros) as ="…" text, and reads it back', () => {
    for (const value of ['89012600000000000019', '8901260000000000001', '+18015550000', '02134', '000123456789']) {
      expect(csvCell(value)).toBe(`="${value}"`);
      expect(fromSpreadsheetText(csvCell(value))).toBe(value);
    }
    // Small counts and line numbers stay numbers; anything else is neutralised as before.
    expect(csvCell('12')).toBe('12');
    expect(csvCell('12345678901')).toBe('12345678901');
    expect(csvCell('+1801555000+cmd')).toBe("'+1801555000+cmd");
    expect(csvCell('=HYPERLINK("x")')).toBe(`'=HYPERLINK("x")`);
  });

  it('reads only a whole ="…" cell as text, with doubled quotes undone', () => {
    expect(fromSpreadsheetText('="a ""b"""')).toBe('a "b"');
    expect(fromSpreadsheetText('=1+1')).toBe('=1+1');
    expect(fromSpreadsheetText('="8901" & "x"')).toBe('="8901" & "x"');
    expect(fromSpreadsheetText("'=1")).toBe("'=1");
  });
});

describe('a cell SimFleet wrote, read back', () => {
  it('is the value it was made from, for every form csvCell writes', () => {
    for (const value of ['89012600000000000011', '+18015550123', '0042', '=SUM(A1)', ' @cmd', '\tx', "'quoted", 'Acme', '-12']) {
      expect(fromCsvCell(csvCell(value))).toBe(value);
    }
  });
});
