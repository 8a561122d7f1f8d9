/**
 * What a list holds besides SIMs, found once the ICCID column is known (docs/import.md,
 * "Footers and override columns"): summary lines at its end ("Total: 6", "Count;6") are
 * skipped, and an override column whose cells are not override values (customer names
 * under "Account", warehouse areas under "Area") is not used. Each is said in one note,
 * never turned into an error on every row.
 */
import { FIELD_PATTERNS } from '../../preload/constants';
import { readIccid } from './iccid';
import type { SourceTable } from './table';

/** The per-SIM override columns (columns.ts names them from the header). */
type OverrideField = 'AreaCode' | 'ZipCode' | 'AssignedSubscriberId' | 'AccountId';

/** A summary line's label, alone or with its number ("Total: 6", "Grand total 6", "Count"). */
const SUMMARY_LABEL = /^(?:grand\s+)?(?:total|totals|sub-?total|count|sum|number of (?:sims|iccids|cards|rows))\s*[:=]?\s*(?:\d[\d.,\s]*)?$/i;
const NUMBER = /^\d[\d.,\s]*$/;
/** At most this many summary lines are looked for at a list's end. */
const MAX_SUMMARY_LINES = 5;

/** What each override column must hold, in words. */
const OVERRIDE_WORDS: Readonly<Record<OverrideField, string>> = {
  AreaCode: 'area codes (3 digits)',
  ZipCode: 'ZIP codes (5 digits)',
  AssignedSubscriberId: 'subscriber IDs (TSUID-…)',
  AccountId: 'account IDs (AID-…)',
};

const OVERRIDE_DEFAULT: Readonly<Record<OverrideField, string>> = {
  AreaCode: 'area code',
  ZipCode: 'ZIP code',
  AssignedSubscriberId: 'subscriber',
  AccountId: 'account',
};

function isSummaryLine(cells: readonly string[], iccidColumn: number): boolean {
  const filled = cells.map((c) => c.trim()).filter((c) => c !== '');
  if (filled.length === 0 || filled.length > 3) return false;
  if (cells[iccidColumn] !== undefined && readIccid(cells[iccidColumn]).kind === 'ok') return false;
  return SUMMARY_LABEL.test(filled[0]!) && filled.slice(1).every((c) => NUMBER.test(c));
}

/** Where the summary lines at the end begin (`count` when there are none). */
export function summaryStart(table: SourceTable, dataStart: number, iccidColumn: number): number {
  let end = table.count;
  while (end > dataStart && table.count - end < MAX_SUMMARY_LINES && isSummaryLine(table.cells(end - 1), iccidColumn)) end--;
  return end;
}

export function summaryNote(table: SourceTable, dataEnd: number): string | null {
  if (dataEnd >= table.count) return null;
  const lines = Array.from({ length: table.count - dataEnd }, (_, i) => table.line(dataEnd + i));
  const first = table
    .cells(dataEnd)
    .map((c) => c.trim())
    .filter((c) => c !== '')
    .join(' ');
  return (
    `Line${lines.length > 1 ? 's' : ''} ${lines.join(', ')} ("${first.slice(0, 40)}"${lines.length > 1 ? ', …' : ''}) ` +
    `read${lines.length > 1 ? '' : 's'} as a summary at the end of the list, not a SIM; skipped.`
  );
}

/**
 * Override columns under a loose name ("Account", "Area", "Subscriber") whose cells are mostly
 * not override values are not used: answers the columns kept and a note for each one dropped.
 * Mostly: fewer than half of the filled cells (up to 500) fit, so a column with a few typos
 * still reports them row by row; a column headed with the field's own name is always used.
 */
export function checkedOverrides(
  table: SourceTable,
  range: { readonly start: number; readonly end: number },
  overrides: Readonly<Partial<Record<OverrideField, number>>>,
  columnNames: readonly string[],
): { readonly overrides: Partial<Record<OverrideField, number>>; readonly notes: string[] } {
  const kept: Partial<Record<OverrideField, number>> = {};
  const notes: string[] = [];
  for (const [field, index] of Object.entries(overrides) as Array<[OverrideField, number]>) {
    let filled = 0;
    let fitting = 0;
    let example: { value: string; line: number } | null = null;
    for (let r = range.start; r < range.end && filled < 500; r++) {
      const value = table.cell(r, index)?.trim() ?? '';
      if (value === '') continue;
      filled++;
      if (FIELD_PATTERNS[field].test(value)) fitting++;
      else example ??= { value, line: table.line(r) };
    }
    const name = columnNames[index] ?? `Column ${index + 1}`;
    // A column headed with the field's own name ("AreaCode") is meant as overrides: its typos are errors on their rows.
    const exact = name.toLowerCase().replace(/[^a-z0-9]/g, '') === field.toLowerCase();
    if (exact || filled === 0 || fitting * 2 >= filled) {
      kept[field] = index;
      continue;
    }
    notes.push(
      `The "${name}" column does not hold ${OVERRIDE_WORDS[field]} ("${example!.value.slice(0, 30)}" on line ${example!.line}), ` +
        `so it is not used: every SIM gets the batch's ${OVERRIDE_DEFAULT[field]}.`,
    );
  }
  return { overrides: kept, notes };
}
