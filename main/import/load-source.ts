/**
 * From a file's bytes (or pasted text) to source rows: detects Excel workbooks,
 * decodes text, sniffs the delimiter. Refuses, with a message naming the file,
 * anything that is not a readable list.
 */
import { MAX_IMPORT_BYTES, MAX_IMPORT_ICCIDS } from '../../preload/views';
import { UserError } from '../errors/user-error';
import { decodeText } from './decode';
import { sniffDelimiter, type Delimiter } from './delimiter';
import { parseDelimited, type SourceTable } from './table';

export interface LoadedSource {
  readonly rows: SourceTable;
  readonly format: 'csv' | 'xlsx' | 'text';
  readonly encoding: string | null;
  readonly delimiter: string | null;
  readonly sheet: string | null;
  /** A workbook's visible sheets with data (empty for text). */
  readonly sheets: readonly string[];
}

function isZip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

function megabytes(n: number): string {
  return `${(n / 1024 / 1024).toFixed(n > 10 * 1024 * 1024 ? 0 : 1)} MB`;
}

function startsWith(bytes: Uint8Array, ...prefix: number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b);
}

/** Whether a UTF-16LE rendering of `word` occurs in the bytes (names of streams inside an OLE file). */
function hasUtf16(bytes: Uint8Array, word: string): boolean {
  const needle = Buffer.from(word, 'utf16le');
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).indexOf(needle) !== -1;
}

/**
 * Files that look like lists but cannot be read, recognised by content and refused
 * with what the file is and what to do (docs/import.md); never a library's message.
 */
function recogniseUnreadable(bytes: Uint8Array, name: string): UserError | null {
  if (startsWith(bytes, 0xff, 0xfe, 0x00, 0x00) || startsWith(bytes, 0x00, 0x00, 0xfe, 0xff)) {
    return new UserError(
      'unsupported_encoding',
      `${name} is UTF-32 text, which SimFleet does not read. Save it again as UTF-8 (CSV UTF-8 in Excel) and load that.`,
    );
  }
  if (startsWith(bytes, 0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1)) {
    // An OLE compound file: an Excel 97–2003 workbook, or a password-protected .xlsx (encrypted inside one).
    if (hasUtf16(bytes, 'EncryptedPackage') || hasUtf16(bytes, 'EncryptionInfo')) {
      return new UserError(
        'password_protected',
        `${name} is a password-protected workbook. Open it in Excel, remove the password (File › Info › Protect Workbook), save it, then load it again.`,
      );
    }
    return new UserError(
      'old_excel',
      `${name} is an old Excel 97–2003 workbook (.xls). Open it in Excel and save it as .xlsx (or export the sheet as CSV), then load that.`,
    );
  }
  if (isZip(bytes)) {
    const head = Buffer.from(bytes.subarray(0, 200)).toString('latin1');
    if (head.includes('mimetypeapplication/vnd.oasis.opendocument')) {
      return new UserError('ods', `${name} is an OpenDocument spreadsheet (LibreOffice, .ods). Save it as Excel (.xlsx) or CSV, then load that.`);
    }
    return null;
  }
  const start = Buffer.from(bytes.subarray(0, 2048))
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart()
    .toLowerCase();
  if (start.startsWith('<?xml') && start.includes('urn:schemas-microsoft-com:office:spreadsheet')) {
    return new UserError('spreadsheetml', `${name} is an Excel 2003 XML spreadsheet. Open it in Excel and save it as .xlsx (or CSV), then load that.`);
  }
  if (/^(<!doctype html|<html|<table|<meta)/.test(start)) {
    return new UserError(
      'html_as_excel',
      `${name} is a web page${/\.xlsx?$/i.test(name) ? ' with an Excel name' : ''}, not a spreadsheet. ` +
        'Open it in Excel and save it as .xlsx (or CSV), then load that.',
    );
  }
  return null;
}

/** Loads a file. Excel workbooks are recognised by content, not by name. */
export async function loadFile(name: string, bytes: Uint8Array, sheetName?: string): Promise<LoadedSource> {
  if (bytes.length > MAX_IMPORT_BYTES) {
    throw new UserError(
      'file_too_large',
      `${name} is ${megabytes(bytes.length)}; SimFleet imports lists up to ` +
        `${megabytes(MAX_IMPORT_BYTES)} (${MAX_IMPORT_ICCIDS}). Split the file into smaller lists.`,
    );
  }
  const refusal = recogniseUnreadable(bytes, name);
  if (refusal) throw refusal;
  if (isZip(bytes)) {
    if (/\.xls[xm]?$/i.test(name) || !/\.(csv|tsv|txt)$/i.test(name)) {
      // exceljs is loaded only for a workbook: a CSV check starts without it (docs/cli.md, "Start-up").
      const { readXlsx } = await import('./xlsx');
      const { rows, sheet, sheets } = await readXlsx(bytes, name, sheetName);
      return { rows, format: 'xlsx', encoding: null, delimiter: null, sheet, sheets };
    }
  }
  const decoded = decodeText(bytes, name);
  return { ...loadUtf8(decoded.utf8, name), encoding: decoded.encoding };
}

/** Loads pasted text. */
export function loadText(text: string, name: string): LoadedSource {
  return loadUtf8(Buffer.from(text.replace(/^\uFEFF/, ''), 'utf8'), name);
}

/** The first part of the text, enough to sniff the delimiter and read a `sep=` hint. */
function head(utf8: Buffer): string {
  return utf8.subarray(0, 256 * 1024).toString('utf8');
}

function loadUtf8(utf8: Buffer, name: string): LoadedSource {
  const start = head(utf8);
  if (!/[^\s]/.test(start) && utf8.toString('utf8').trim() === '') {
    throw new UserError('empty_file', `${name} has no ICCIDs: it is empty or contains only blank lines.`);
  }
  // Excel's "sep=;" hint line names the delimiter; the line itself stays (so line numbers
  // stay the file's) and reads as a title line before the header.
  const hint = /^sep=([,;\t|])\s*(?:\r\n|\r|\n)/i.exec(start);
  const delimiter = hint ? (hint[1] as Delimiter) : sniffDelimiter(start);
  const rows = parseDelimited(utf8, delimiter, name);
  return { rows, format: delimiter === null ? 'text' : 'csv', encoding: 'utf-8', delimiter, sheet: null, sheets: [] };
}
