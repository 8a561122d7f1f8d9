/**
 * A loaded sheet: rows of cells with their line number in the source, whatever the
 * source was (delimited text or an Excel sheet). Blank lines never become rows.
 *
 * Held in flat arrays, not an object per row: a 50 MB list has 2.4 million rows and
 * must check in bounded memory (docs/import.md, "Size and memory").
 */
import { parse } from 'csv-parse/sync';
import { fromSpreadsheetText } from '../export/spreadsheet-safety';
import { UserError } from '../errors/user-error';
import type { Delimiter } from './delimiter';

/** One row as the few places that need a whole row see it (header detection, tests). */
export interface SourceRow {
  /** 1-based line (text) or row (sheet) number in the source. */
  readonly line: number;
  /** Cell texts (for Excel numbers, the text Excel shows). */
  readonly cells: readonly string[];
}

export interface SourceTable {
  readonly count: number;
  /** The most cells any row has. */
  readonly width: number;
  /** 1-based line (text) or row (sheet) number in the source: a record's first physical line. */
  line(row: number): number;
  cell(row: number, column: number): string | undefined;
  cellCount(row: number): number;
  /** A whole row (allocates: for header detection, not for every row). */
  cells(row: number): readonly string[];
  /** Excel stored the cell as a number (already lossy for long digit strings). */
  numeric(row: number, column: number): boolean;
  /** The cell is a formula with no saved value (written by openpyxl, pandas, POI). */
  formula(row: number, column: number): boolean;
}

/** A Uint32Array that grows: 4 bytes a row where a plain array takes 8 and more. */
class GrowingUint32 {
  private data = new Uint32Array(1024);
  length = 0;
  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = new Uint32Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }
  get(index: number): number {
    return this.data[index]!;
  }
}

/** Builds a table one row at a time; blank rows are dropped here, once. */
export class SourceTableBuilder {
  private readonly flat: string[] = [];
  private readonly starts = new GrowingUint32();
  private readonly lines = new GrowingUint32();
  private readonly numericCells = new Map<number, ReadonlySet<number>>();
  private readonly formulaCells = new Map<number, ReadonlySet<number>>();
  private width = 0;

  constructor() {
    this.starts.push(0);
  }

  add(line: number, cells: readonly string[], numeric?: ReadonlySet<number>, formulas?: ReadonlySet<number>): void {
    // A row whose only content is unsaved formulas is kept: it is reported, never dropped.
    if (isBlankRow(cells) && !(formulas && formulas.size > 0)) return;
    const row = this.lines.length;
    for (const cell of cells) this.flat.push(cell);
    this.starts.push(this.flat.length);
    this.lines.push(line);
    if (cells.length > this.width) this.width = cells.length;
    if (numeric && numeric.size > 0) this.numericCells.set(row, numeric);
    if (formulas && formulas.size > 0) this.formulaCells.set(row, formulas);
  }

  build(): SourceTable {
    const { flat, starts, lines, numericCells, formulaCells, width } = this;
    const count = lines.length;
    return {
      count,
      width,
      line: (row) => lines.get(row),
      cell: (row, column) => (column < starts.get(row + 1) - starts.get(row) ? flat[starts.get(row) + column] : undefined),
      cellCount: (row) => starts.get(row + 1) - starts.get(row),
      cells: (row) => flat.slice(starts.get(row), starts.get(row + 1)),
      numeric: (row, column) => numericCells.get(row)?.has(column) ?? false,
      formula: (row, column) => formulaCells.get(row)?.has(column) ?? false,
    };
  }
}

/** A table from whole rows (scan sessions, tests). */
export function tableOf(rows: readonly SourceRow[]): SourceTable {
  const builder = new SourceTableBuilder();
  for (const r of rows) builder.add(r.line, r.cells);
  return builder.build();
}

/** About this many bytes go to csv-parse at a time: small parses are faster and never hold millions of records at once. */
const CHUNK_CHARS = 1 << 16;

/**
 * Where to cut the text into chunks csv-parse can read on their own: after a record
 * delimiter outside quotes. Quotes are followed as csv-parse follows them with
 * `relax_quotes` (docs/import.md): a quote opens a quoted cell only at the cell's start,
 * `""` inside is a quote, any other quote closes it. Also finds the record delimiter
 * (the first line break outside quotes), which every chunk is then told explicitly.
 */
export function chunkText(text: Buffer, delimiter: string | null, chunkChars = CHUNK_CHARS): { recordDelimiter: string; cuts: number[] } {
  // Quotes, line breaks and the delimiters (, ; tab |) are ASCII, and UTF-8 never uses an
  // ASCII byte inside another character, so the bytes can be scanned one by one.
  const delimiterCode = delimiter === null ? -1 : delimiter.charCodeAt(0);
  if (text.indexOf(0x22) === -1) return chunkUnquoted(text, chunkChars);
  let crlf: boolean | null = null;
  let breakCode = 0x0a;
  const cuts: number[] = [];
  let inQuotes = false;
  let cellStart = true;
  let last = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inQuotes) {
      if (c === 0x22) {
        if (text[i + 1] === 0x22) i++;
        else inQuotes = false;
      }
      continue;
    }
    if (c === 0x22 && cellStart) {
      inQuotes = true;
      cellStart = false;
      continue;
    }
    if (c === 0x0d || c === 0x0a) {
      if (crlf === null) {
        crlf = c === 0x0d && text[i + 1] === 0x0a;
        breakCode = c;
      }
      if (c === breakCode && (!crlf || text[i + 1] === 0x0a)) {
        if (crlf) i++;
        cellStart = true;
        if (i + 1 - last >= chunkChars && i + 1 < text.length) {
          cuts.push(i + 1);
          last = i + 1;
        }
        continue;
      }
    }
    cellStart = c === delimiterCode;
  }
  return { recordDelimiter: crlf ? '\r\n' : breakCode === 0x0d ? '\r' : '\n', cuts };
}

/** Without a single quote in the file every line break ends a record: cut at the first after each chunk's size. */
function chunkUnquoted(text: Buffer, chunkChars: number): { recordDelimiter: string; cuts: number[] } {
  const lf = text.indexOf(0x0a);
  const cr = text.indexOf(0x0d);
  const recordDelimiter = cr !== -1 && (lf === -1 || cr < lf) ? (lf === cr + 1 ? '\r\n' : '\r') : '\n';
  const cuts: number[] = [];
  for (let at = text.indexOf(recordDelimiter, chunkChars); at !== -1; at = text.indexOf(recordDelimiter, at + recordDelimiter.length + chunkChars)) {
    const cut = at + recordDelimiter.length;
    if (cut >= text.length) break;
    cuts.push(cut);
  }
  return { recordDelimiter, cuts };
}

/** Line breaks inside a record's cells (quoted cells can hold them): CRLF, CR and LF each end one physical line. */
function breaksIn(cells: readonly string[]): number {
  let n = 0;
  for (const cell of cells) {
    if (cell.indexOf('\n') === -1 && cell.indexOf('\r') === -1) continue;
    n += cell.match(/\r\n|\r|\n/g)!.length;
  }
  return n;
}

/** Parses delimited text with csv-parse; `delimiter` null means one value per line. */
export function parseDelimited(body: Buffer, delimiter: Delimiter | null, fileName: string, chunkChars = CHUNK_CHARS): SourceTable {
  // A single-column list still needs a delimiter: U+FFFF is not a character any text
  // contains (a NUL byte, used before, split a cell and hid an ICCID).
  const cellDelimiter = delimiter ?? '\uffff';
  const { recordDelimiter, cuts } = chunkText(body, delimiter, chunkChars);
  const builder = new SourceTableBuilder();
  // Line numbers are counted here: every record is one line plus the line breaks inside
  // its quoted cells, and empty lines are records too (skip_empty_lines is off), so a
  // finding names the record's first physical line (docs/import.md, "Line numbers").
  let line = 1;
  let from = 0;
  for (const to of [...cuts, body.length]) {
    let records: string[][];
    try {
      records = parse(body.subarray(from, to), {
        delimiter: cellDelimiter,
        record_delimiter: recordDelimiter,
        relax_column_count: true,
        relax_quotes: true,
        skip_empty_lines: false,
        trim: false,
      }) as string[][];
    } catch (error) {
      throw unreadable(error as { lines?: number }, body.toString('utf8'), line, delimiter, fileName);
    }
    for (const record of records) {
      // `="8901…"` is text kept from Excel (SimFleet writes its CSVs so): read what Excel shows.
      for (let c = 0; c < record.length; c++) record[c] = fromSpreadsheetText(record[c]!);
      builder.add(line, record);
      line += 1 + breaksIn(record);
    }
    from = to;
  }
  return builder.build();
}

/** What csv-parse could not read, in the operator's words: where, and what to do; never the library's own message. */
function unreadable(e: { lines?: number }, text: string, chunkLine: number, delimiter: Delimiter | null, fileName: string): UserError {
  const opened = unclosedQuoteLine(text);
  if (opened !== null) {
    return new UserError(
      'unclosed_quote',
      `${fileName}, line ${opened}: a quote (") opens here and is never closed, so everything after it would be one cell. ` +
        'Close the quote or remove it, then load the file again.',
    );
  }
  const where = e.lines === undefined ? '' : `, line ${chunkLine + e.lines - 1}`;
  return new UserError(
    'unreadable_csv',
    `${fileName}${where}: the file could not be read as ${delimiter === null ? 'a list' : 'CSV'}. ` +
      'Check that line for stray quotes, or save the list again as CSV from the program that made it.',
  );
}

/** The line where a quote that is never closed opens (quotes followed as csv-parse follows them), or null. */
export function unclosedQuoteLine(text: string): number | null {
  let line = 1;
  let openedAt: number | null = null;
  let atCellStart = true;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (openedAt !== null) {
      if (c === '"') {
        if (text[i + 1] === '"') i++;
        else openedAt = null;
      } else if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) line++;
      continue;
    }
    if (c === '"' && atCellStart) openedAt = line;
    if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) line++;
    atCellStart = c === ',' || c === ';' || c === '\t' || c === '|' || c === '\n' || c === '\r';
  }
  return openedAt;
}

/** Lines of only spaces or separators (`,,,` from a spreadsheet's empty row) are blank, not SIMs. */
export function isBlankRow(cells: readonly string[]): boolean {
  // A cell that starts with a digit or a letter is content: decided without a regular expression for almost every row.
  const c = cells[0]?.charCodeAt(0) ?? 0;
  if ((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) return false;
  return cells.every((cell) => /^[\s,;|]*$/.test(cell));
}
