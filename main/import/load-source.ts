/**
 * From a file's bytes (or pasted text) to source rows: detects Excel workbooks,
 * decodes text, sniffs the delimiter. Refuses, with a message naming the file,
 * anything that is not a readable list.
 */
import { MAX_IMPORT_BYTES } from '../../preload/contract';
import { UserError } from '../errors/user-error';
import { decodeText } from './decode';
import { sniffDelimiter, type Delimiter } from './delimiter';
import { parseDelimited, type SourceRow } from './table';
import { readXlsx } from './xlsx';

export interface LoadedSource {
  readonly rows: readonly SourceRow[];
  readonly format: 'csv' | 'xlsx' | 'text';
  readonly encoding: string | null;
  readonly delimiter: string | null;
  readonly sheet: string | null;
}

function isZip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

function megabytes(n: number): string {
  return `${(n / 1024 / 1024).toFixed(n > 10 * 1024 * 1024 ? 0 : 1)} MB`;
}

/** Loads a file. Excel workbooks are recognised by content, not by name. */
export async function loadFile(name: string, bytes: Uint8Array): Promise<LoadedSource> {
  if (bytes.length > MAX_IMPORT_BYTES) {
    throw new UserError(
      'file_too_large',
      `${name} is ${megabytes(bytes.length)}; SimFleet imports lists up to ` +
        `${megabytes(MAX_IMPORT_BYTES)} (about two million ICCIDs). Split the file into smaller lists.`,
    );
  }
  if (isZip(bytes)) {
    if (/\.xls[xm]?$/i.test(name) || !/\.(csv|tsv|txt)$/i.test(name)) {
      const { rows, sheet } = await readXlsx(bytes, name);
      return { rows, format: 'xlsx', encoding: null, delimiter: null, sheet };
    }
  }
  if (/\.xls$/i.test(name) && bytes[0] === 0xd0 && bytes[1] === 0xcf) {
    throw new UserError(
      'old_excel',
      `${name} is an old Excel 97–2003 workbook. Open it in Excel and save it as .xlsx (or export the sheet as CSV), then import that.`,
    );
  }
  const decoded = decodeText(bytes, name);
  return { ...loadText(decoded.text, name), encoding: decoded.encoding };
}

/** Loads pasted or decoded text. */
export function loadText(text: string, name: string): LoadedSource {
  if (text.trim() === '') throw new UserError('empty_file', `${name} has no ICCIDs: it is empty or contains only blank lines.`);
  // Excel's "sep=;" hint line names the delimiter; the line itself stays (so line numbers
  // stay the file's) and reads as a title line before the header.
  const hint = /^\uFEFF?sep=([,;\t|])\s*(?:\r\n|\r|\n)/i.exec(text);
  const delimiter = hint ? (hint[1] as Delimiter) : sniffDelimiter(text);
  const rows = parseDelimited(text, delimiter, name);
  return { rows, format: delimiter === null ? 'text' : 'csv', encoding: 'utf-8', delimiter, sheet: null };
}
