/**
 * Reads the first worksheet of an .xlsx workbook with exceljs. Text cells stay text;
 * numeric cells are kept as numbers (with Excel's display text) so validation can
 * say that a 19–20 digit ICCID stored as a number has already lost digits.
 */
import ExcelJS from 'exceljs';
import { UserError } from '../errors/user-error';
import { readIccid } from './iccid';
import { SourceTableBuilder, type SourceTable } from './table';
import { measureWorkbook, workbookTooLarge, type WorkbookSize } from './workbook-size';
import { withCellReferences } from './cell-references';

interface Cell {
  readonly text: string;
  readonly numeric?: number;
  /** A formula whose value was never calculated and saved. */
  readonly unsavedFormula?: string;
}

function cellOf(value: ExcelJS.CellValue, displayed: string): Cell {
  if (value === null || value === undefined) return { text: '' };
  if (typeof value === 'number') return { text: displayed || String(value), numeric: value };
  if (typeof value === 'string') return { text: value };
  if (typeof value === 'boolean') return { text: String(value) };
  if (value instanceof Date) return { text: value.toISOString() };
  if (typeof value === 'object') {
    if ('richText' in value) return { text: value.richText.map((r) => r.text).join('') };
    if ('formula' in value || 'sharedFormula' in value) {
      const result = (value as { result?: unknown }).result;
      if (typeof result === 'number') return { text: displayed || String(result), numeric: result };
      if (result === undefined || result === null) {
        const formula = (value as { formula?: string; sharedFormula?: string }).formula ?? (value as { sharedFormula?: string }).sharedFormula ?? '';
        return { text: '', unsavedFormula: formula };
      }
      return { text: String(result) };
    }
    if ('text' in value) return { text: String((value as { text: unknown }).text) };
    if ('error' in value) return { text: String((value as { error: unknown }).error) };
  }
  return { text: String(value) };
}

async function loadWorkbook(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ArrayBuffer);
  return workbook;
}

/** Never the library's own words (docs/import.md): what the file is and what to do. */
function unreadable(fileName: string): UserError {
  return new UserError(
    'unreadable_xlsx',
    `${fileName} could not be opened as an Excel workbook: it is damaged or not really .xlsx. Save it again from Excel as .xlsx, or export the sheet as CSV.`,
  );
}

/** Whether a sheet holds something that reads as an ICCID (instructions and blank sheets do not). */
function hasIccids(sheet: ExcelJS.Worksheet): boolean {
  let found = false;
  sheet.eachRow({ includeEmpty: false }, (row) => {
    if (found) return;
    row.eachCell((cell) => {
      const value = cell.value;
      if (typeof value === 'number' && String(Math.trunc(value)).length >= 15) found = true;
      else if (typeof value === 'string' && readIccid(value).kind === 'ok') found = true;
    });
  });
  return found;
}

/**
 * Reads one worksheet. Without a name: the first visible sheet that holds ICCIDs, so
 * hidden sheets, instruction sheets and blank sheets are passed over (docs/import.md);
 * `sheets` lists the visible sheets with data, for the operator to pick another.
 */
export async function readXlsx(bytes: Uint8Array, fileName: string, sheetName?: string): Promise<{ rows: SourceTable; sheet: string; sheets: string[] }> {
  // Measured before exceljs inflates it: a small file may unpack to gigabytes (workbook-size.ts).
  let size: WorkbookSize;
  try {
    size = measureWorkbook(bytes);
  } catch {
    throw unreadable(fileName);
  }
  const tooLarge = workbookTooLarge(size, fileName);
  if (tooLarge) throw tooLarge;
  let workbook: ExcelJS.Workbook;
  try {
    workbook = await loadWorkbook(bytes);
  } catch {
    // exceljs cannot read cells without their reference (optional in OOXML, left out by several libraries): add them and try once more.
    let referenced: Uint8Array | null = null;
    try {
      referenced = withCellReferences(bytes);
    } catch {
      referenced = null;
    }
    if (!referenced) throw unreadable(fileName);
    try {
      workbook = await loadWorkbook(referenced);
    } catch {
      throw unreadable(fileName);
    }
  }
  const visible = workbook.worksheets.filter((w) => w.state !== 'hidden' && w.state !== 'veryHidden' && w.actualRowCount > 0);
  let sheet: ExcelJS.Worksheet | undefined;
  if (sheetName !== undefined) {
    sheet = workbook.worksheets.find((w) => w.name === sheetName);
    if (!sheet) {
      throw new UserError(
        'unknown_sheet',
        `${fileName} has no sheet "${sheetName}". Its sheets: ${visible.map((w) => `"${w.name}"`).join(', ') || 'none with data'}.`,
      );
    }
  } else sheet = visible.find(hasIccids) ?? visible[0] ?? workbook.worksheets[0];
  if (!sheet) throw new UserError('empty_file', `${fileName} has no worksheets.`);
  const rows = new SourceTableBuilder();
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    const numeric = new Set<number>();
    const formulas = new Set<number>();
    for (let c = 1; c <= row.cellCount; c++) {
      const cell = row.getCell(c);
      const read = cellOf(cell.value, cell.text ?? '');
      cells.push(read.unsavedFormula !== undefined ? `=${read.unsavedFormula}` : read.text);
      if (read.numeric !== undefined) numeric.add(c - 1);
      if (read.unsavedFormula !== undefined) formulas.add(c - 1);
    }
    rows.add(rowNumber, cells, numeric, formulas);
  });
  return { rows: rows.build(), sheet: sheet.name, sheets: visible.map((w) => w.name) };
}
