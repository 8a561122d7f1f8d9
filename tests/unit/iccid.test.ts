import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { groupIccid, luhnCheckDigit, luhnValid, readIccid, stripSymbologyPrefix, zeroFilledTail } from '../../main/import/iccid';

const digits = (min: number, max: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: min, maxLength: max });

describe('reading ICCIDs', () => {
  it('keeps valid ICCIDs exactly, as strings', () => {
    fc.assert(
      fc.property(digits(18, 22), (iccid) => {
        expect(readIccid(iccid)).toEqual({ kind: 'ok', iccid });
      }),
    );
  });

  it('drops spaces, dashes and one trailing F, whatever the grouping', () => {
    fc.assert(
      fc.property(digits(18, 21), fc.array(fc.constantFrom(' ', '-', '  ', '\u00a0'), { minLength: 0, maxLength: 6 }), fc.boolean(), (iccid, seps, pad) => {
        let text = iccid;
        for (const [i, sep] of seps.entries()) {
          const at = Math.min(text.length - 1, (i + 1) * 4);
          text = text.slice(0, at) + sep + text.slice(at);
        }
        expect(readIccid(pad ? `${text}F` : text)).toEqual({ kind: 'ok', iccid });
      }),
    );
  });

  it('never turns a number in scientific notation or with a decimal point into digits', () => {
    expect(readIccid('8.90126E+19').kind).toBe('scientific');
    expect(readIccid('8,90126E+19').kind).toBe('scientific');
    expect(readIccid('8.90126e19').kind).toBe('scientific');
    expect(readIccid('89012604529841537761.0').kind).toBe('decimal');
  });

  it('names the first offending character and checks the length', () => {
    expect(readIccid('8901A60452984153776')).toEqual({ kind: 'not_digits', offending: 'A' });
    expect(readIccid('89012604')).toEqual({ kind: 'bad_length', iccid: '89012604' });
    expect(readIccid('8'.repeat(23)).kind).toBe('bad_length');
    expect(readIccid('   ').kind).toBe('empty');
  });

  it('strips Excel\'s text apostrophe and ="…" wrapper', () => {
    expect(readIccid("'89012608897514026149")).toEqual({ kind: 'ok', iccid: '89012608897514026149' });
    expect(readIccid('="89012608897514026149"')).toEqual({ kind: 'ok', iccid: '89012608897514026149' });
  });

  it('strips scanner symbology identifiers', () => {
    expect(stripSymbologyPrefix(']C089012608897514026149')).toBe('89012608897514026149');
    expect(stripSymbologyPrefix(']Q189012608897514026149')).toBe('89012608897514026149');
    expect(stripSymbologyPrefix('89012608897514026149')).toBe('89012608897514026149');
  });
});

describe('Luhn check digit', () => {
  it('accepts the check digit it computes, and rejects every other digit', () => {
    fc.assert(
      fc.property(digits(17, 21), (body) => {
        const check = luhnCheckDigit(body);
        expect(luhnValid(body + check)).toBe(true);
        for (let d = 0; d <= 9; d++) if (String(d) !== check) expect(luhnValid(body + d)).toBe(false);
      }),
    );
  });

  it('detects any single changed digit', () => {
    fc.assert(
      fc.property(digits(17, 21), fc.nat(), fc.integer({ min: 1, max: 9 }), (body, pos, delta) => {
        const iccid = body + luhnCheckDigit(body);
        const i = pos % iccid.length;
        const changed = iccid.slice(0, i) + ((Number(iccid[i]) + delta) % 10) + iccid.slice(i + 1);
        expect(luhnValid(changed)).toBe(false);
      }),
    );
  });

  it('knows real examples', () => {
    expect(luhnValid('89012605260181590835')).toBe(true);
    expect(luhnValid('89012605260181590836')).toBe(false);
  });
});

describe('helpers', () => {
  it('groups in fours for reading', () => {
    expect(groupIccid('8901260397190195850')).toBe('8901 2603 9719 0195 850');
  });
  it('spots the zero-filled tail Excel leaves', () => {
    expect(zeroFilledTail('89012604529841500000')).toBe(true);
    expect(zeroFilledTail('89012604529841537761')).toBe(false);
  });
});
