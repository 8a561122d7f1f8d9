/**
 * A CLI mapping file as a reader should read it (docs/exports.md, "Opening a CSV in
 * Excel"): parsed as CSV, each `="…"` cell taken as its text.
 */
import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { fromSpreadsheetText } from '../../main/export/spreadsheet-safety';

/** The rows of a mapping file by column name; none when the file is not there. */
export function mappingRows(file: string): Array<Record<string, string>> {
  if (!existsSync(file)) return [];
  const records = parse(readFileSync(file, 'utf8'), { columns: true, skip_empty_lines: true }) as Array<Record<string, string>>;
  return records.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, fromSpreadsheetText(v)])));
}

/** Provisioned rows: ICCID → phone number. */
export function provisionedRows(file: string): Map<string, string> {
  return new Map(mappingRows(file).flatMap((r) => (r['State'] === 'provisioned' ? [[r['ICCID']!, r['PhoneNumber']!] as const] : [])));
}
