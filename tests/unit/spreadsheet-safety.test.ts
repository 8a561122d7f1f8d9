import { describe, expect, it } from 'vitest';
import { neutralizeFormula, neutralizeFormulaKeepE164 } from '../../main/export/spreadsheet-safety';

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

  it('keeps a strict E.164 number and neutralises anything else starting with +', () => {
    expect(neutralizeFormulaKeepE164('+18015550000')).toBe('+18015550000');
    expect(neutralizeFormulaKeepE164('+1801555000+cmd')).toBe("'+1801555000+cmd");
  });
});
