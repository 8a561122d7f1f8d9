/**
 * `npm run bench -- workbooks`: what importing a workbook costs (docs/import.md, "Workbook
 * limits"), each file in a fresh process of this one run: a real list just under the cell
 * limit (written by exceljs, shared strings) against the same list as CSV, and bombs that
 * unpack to millions of cells (a few MB, and close to the 50 MB size limit) that must be
 * refused fast in little memory, and one cell of text just under the unpacked limit.
 * Targets: any file under the 50 MB size limit within 1 GB RSS and 30 s.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { luhnCheckDigit } from '../main/import/iccid';
import { WORKBOOK_LIMITS } from '../main/import/workbook-size';
import { repeatedWorkbook, textWorkbook } from '../tests/helpers/xlsx-bomb';

interface Outcome {
  readonly rows?: number;
  readonly code?: string;
  readonly ms: number;
  readonly maxRssMb: number;
}

function load(file: string): Outcome {
  const out = execFileSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '../tests/helpers/load-workbook-child.ts'), file], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  return JSON.parse(out.trim().split('\n').pop()!) as Outcome;
}

const iccid = (i: number): string => {
  const body = `8901260${String(i * 7 + 1).padStart(11, '0')}`;
  return body + luhnCheckDigit(body);
};

export async function benchWorkbooks(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'simfleet-bench-xlsx-'));
  try {
    // The largest list a workbook may hold: two cells a row and a header, just within the cell limit.
    const rows = WORKBOOK_LIMITS.cells / 2 - 1;
    const xlsx = join(dir, 'list.xlsx');
    const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: xlsx, useSharedStrings: true });
    const sheet = writer.addWorksheet('SIMs');
    sheet.addRow(['ICCID', 'Carton']).commit();
    for (let i = 0; i < rows; i++) sheet.addRow([iccid(i), `C-${Math.floor(i / 500)}`]).commit();
    sheet.commit();
    await writer.commit();
    const csv = join(dir, 'list.csv');
    writeFileSync(csv, `ICCID,Carton\r\n${Array.from({ length: rows }, (_, i) => `${iccid(i)},C-${Math.floor(i / 500)}`).join('\r\n')}\r\n`);
    const small = join(dir, 'bomb-small.xlsx');
    writeFileSync(small, repeatedWorkbook(250_000, 4, 9));
    const large = join(dir, 'bomb-large.xlsx');
    writeFileSync(large, repeatedWorkbook(600_000, 26, 9));
    // One cell of text just under the unpacked limit: few cells, the most bytes allowed.
    const text = join(dir, 'one-big-text.xlsx');
    writeFileSync(text, textWorkbook([['ICCID'], ['x'.repeat(190 * 1024 * 1024)]], true));
    const mb = (file: string): string => `${(statSync(file).size / 1024 / 1024).toFixed(1)} MB`;
    const asCsv = load(csv);
    const asXlsx = load(xlsx);
    console.log('Workbook import, each in a fresh process:');
    console.log(`  ${rows.toLocaleString('en-US')} SIMs × 2 columns as CSV (${mb(csv)})   ${asCsv.ms} ms, ${asCsv.maxRssMb} MB RSS`);
    console.log(
      `  the same as .xlsx (${mb(xlsx)})                  ${asXlsx.ms} ms, ${asXlsx.maxRssMb} MB RSS: ` +
        `${(asXlsx.ms / asCsv.ms).toFixed(1)}× the CSV's time, ${(asXlsx.maxRssMb / asCsv.maxRssMb).toFixed(1)}× its memory ` +
        `(${asXlsx.rows ?? asXlsx.code} rows)`,
    );
    for (const [name, file, cells] of [
      ['bomb, 1 million cells', small, 1_000_000],
      ['bomb, 15.6 million cells', large, 15_600_000],
      ['one 190 MB text cell', text, 2],
    ] as const) {
      const r = load(file);
      console.log(`  ${name} (${mb(file)})   ${r.code ?? `read ${r.rows} rows`} in ${r.ms} ms, ${r.maxRssMb} MB RSS (${cells.toLocaleString('en-US')} cells)`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
