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
}

/** Parses delimited text with csv-parse; `delimiter` null means one value per line. */
export function parseDelimited(text: string, delimiter: Delimiter | null, fileName: string): SourceRow[] {
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(text, {
      delimiter: delimiter ?? '\u0000',
      bom: true,
      info: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      trim: false,
    }) as unknown as Array<{ record: string[]; info: { lines: number } }>;
  } catch (error) {
    const e = error as { code?: string; lines?: number; message?: string };
    throw new UserError(
      'unreadable_csv',
      `${fileName}, line ${e.lines ?? '?'}: the file could not be read as ${delimiter === null ? 'a list' : 'CSV'} ` +
        `(${e.code ?? 'error'}: ${e.message ?? ''}). Check for an unclosed quote near that line.`,
    );
  }
  const rows: SourceRow[] = [];
  for (const { record, info } of records) {
    const row = { line: info.lines, cells: record };
    if (!isBlankRow(row)) rows.push(row);
  }
  return rows;
}

/** Lines of only spaces or separators (`,,,` from a spreadsheet's empty row) are blank, not SIMs. */
export function isBlankRow(row: SourceRow): boolean {
  return row.cells.every((cell) => /^[\s,;|]*$/.test(cell));
}
