/**
 * A workbook that inflates to millions of cells (a decompression bomb, docs/import.md,
 * "Workbook limits") is refused with what it holds and what to do, in a process whose heap
 * is capped below what reading it whole would take: measured, never read.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WORKBOOK_LIMITS } from '../../main/import/workbook-size';
import { repeatedWorkbook } from '../helpers/xlsx-bomb';

function importInChild(file: string, heapMb: number): { code?: string; message?: string; rows?: number } {
  const out = execFileSync(
    process.execPath,
    [`--max-old-space-size=${heapMb}`, '--import', 'tsx', join(import.meta.dirname, '../helpers/load-workbook-child.ts'), file],
    {
      encoding: 'utf8',
    },
  );
  return JSON.parse(out.trim().split('\n').pop()!) as { code?: string; message?: string; rows?: number };
}

describe('workbook limits', () => {
  it('refuses a small workbook that unpacks to millions of cells, within a 512 MB heap, saying what to do', () => {
    const dir = mkdtempSync(join(tmpdir(), 'simfleet-bomb-'));
    const rows = WORKBOOK_LIMITS.cells; // two cells a row: twice the limit
    const file = join(dir, 'carton.xlsx');
    writeFileSync(file, repeatedWorkbook(rows, 2, 1));
    const answer = importInChild(file, 512);
    expect(answer.code).toBe('workbook_too_large');
    expect(answer.message).toBe(
      `carton.xlsx holds more than ${WORKBOOK_LIMITS.cells.toLocaleString('en-US')} cells, more than SimFleet reads from one workbook. ` +
        'Export the sheet with the ICCIDs as CSV (SimFleet reads lists of about 2.4 million ICCIDs that way), or split the workbook.',
    );
  });

  it('reads a workbook under the limits as before', () => {
    const dir = mkdtempSync(join(tmpdir(), 'simfleet-bomb-'));
    const file = join(dir, 'small.xlsx');
    writeFileSync(file, repeatedWorkbook(50, 1));
    expect(importInChild(file, 512)).toMatchObject({ rows: 50 });
  });
});
