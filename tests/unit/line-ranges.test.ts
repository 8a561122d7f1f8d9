import { describe, expect, it } from 'vitest';
import { formatLineRanges, inLineRanges, parseLineRanges } from '../../preload/line-ranges';

describe('line ranges as operators write them', () => {
  it('reads single lines and inclusive ranges, separated by commas, semicolons or spaces', () => {
    const r = parseLineRanges(' 2-4, 9;12 15-15 ');
    expect(r).toEqual({
      ok: true,
      ranges: [
        [2, 4],
        [9, 9],
        [12, 12],
        [15, 15],
      ],
    });
    const ranges = r.ok ? r.ranges : [];
    expect([1, 2, 3, 4, 5, 9, 12, 14, 15, 16].filter((n) => inLineRanges(ranges, n))).toEqual([2, 3, 4, 9, 12, 15]);
  });

  it('says what is wrong with text that is not a list of lines', () => {
    expect(parseLineRanges('2-x')).toEqual({ ok: false, message: '"2-x" is not a line number or range. Write line numbers from the import, like 2-10, 15.' });
    expect(parseLineRanges('a2')).toMatchObject({ ok: false, message: expect.stringContaining('"a2" is not a line number') });
    expect(parseLineRanges('10-4')).toEqual({ ok: false, message: '"10-4" runs backwards; write the smaller line first (4-10).' });
    expect(parseLineRanges(' , ')).toEqual({ ok: false, message: 'Write line numbers from the import, like 2-10, 15.' });
  });

  it('writes lines back as ranges an operator can type into a reprint', () => {
    expect(formatLineRanges([11, 8, 9, 10, 15, 8])).toBe('8-11, 15');
    expect(formatLineRanges([3])).toBe('3');
    expect(formatLineRanges([])).toBe('');
  });
});
