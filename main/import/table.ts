/**
 * A loaded sheet: rows of cells with their line number in the source, whatever the
 * source was (delimited text or an Excel sheet). Blank lines never become rows.
 */
import { parse } from 'csv-parse/sync';
import { UserError } from '../errors/user-error';
import type { Delimiter } from './delimiter';

export interface SourceRow {
  /** 1-based line (text) or row (sheet) number in the source. */
  readonly line: number;
  /** Cell texts (for Excel numbers, the text Excel shows). */
  readonly cells: readonly string[];
  /** Columns whose cell Excel stored as a number (already lossy for long digit strings). */
  readonly numeric?: ReadonlySet<number>;
  /** Columns whose cell is a formula with no saved value (written by openpyxl, pandas, POI). */
  readonly formulas?: ReadonlySet<number>;
}

/** Parses delimited text with csv-parse; `delimiter` null means one value per line. */
export function parseDelimited(text: string, delimiter: Delimiter | null, fileName: string): SourceRow[] {
  let records: Array<{ record: string[]; info: { lines: number }; raw: string }>;
  try {
    records = parse(text, {
      // A single-column list still needs a delimiter: U+FFFF is not a character any text
      // contains (a NUL byte, used before, split a cell and hid an ICCID).
      delimiter: delimiter ?? '\uffff',
      bom: true,
      info: true,
      raw: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      trim: false,
    }) as unknown as Array<{ record: string[]; info: { lines: number }; raw: string }>;
  } catch (error) {
    const e = error as { code?: string; lines?: number };
    const opened = unclosedQuoteLine(text);
    if (opened !== null) {
      throw new UserError(
        'unclosed_quote',
        `${fileName}, line ${opened}: a quote (") opens here and is never closed, so everything after it would be one cell. ` +
          'Close the quote or remove it, then load the file again.',
      );
    }
    // Never the library's own words: where, and what to do.
    throw new UserError(
      'unreadable_csv',
      `${fileName}, line ${e.lines ?? '?'}: the file could not be read as ${delimiter === null ? 'a list' : 'CSV'}. ` +
        'Check that line for stray quotes, or save the list again as CSV from the program that made it.',
    );
  }
  const rows: SourceRow[] = [];
  for (const { record, info, raw } of records) {
    // info.lines is where the record ends; a quoted cell with line breaks started earlier.
    // Findings name the record's first physical line (docs/import.md).
    // (raw carries the skipped blank lines before the record and its own line end: leave both out.)
    const body = raw.replace(/^(?:\r\n|\r|\n)+/, '').replace(/(?:\r\n|\r|\n)$/, '');
    const breaks = body.match(/\r\n|\r|\n/g)?.length ?? 0;
    const row = { line: info.lines - breaks, cells: record };
    if (!isBlankRow(row)) rows.push(row);
  }
  return rows;
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
export function isBlankRow(row: SourceRow): boolean {
  return row.cells.every((cell) => /^[\s,;|]*$/.test(cell));
}
