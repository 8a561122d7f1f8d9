/** The CLI's self-rewriting status line (main/cli/progress-line.ts). */
import { describe, expect, it } from 'vitest';
import { progressLine } from '../../main/cli/progress-line';

describe('progress line', () => {
  it('rewrites one line on a terminal and ends it once', () => {
    const out: string[] = [];
    const line = progressLine((t) => out.push(t), true);
    line.update('PDF page 1 of 2…');
    line.update('PDF page 2 of 2…\u001b[31m');
    line.end();
    line.end();
    expect(out.join('')).toBe('\rPDF page 1 of 2…\rPDF page 2 of 2…[31m\n');
  });

  it('says nothing in a log', () => {
    const out: string[] = [];
    const line = progressLine((t) => out.push(t), false);
    line.update('PDF page 1 of 2…');
    line.end();
    expect(out).toEqual([]);
  });
});
