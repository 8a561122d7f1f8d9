/**
 * Which column holds the ICCIDs, and which optional columns override the profile
 * per SIM. By header name first (case, spaces and punctuation ignored), otherwise
 * by content. The accepted header names are listed in the README.
 */
import { readIccid } from './iccid';
import type { SourceRow } from './table';

export type OverrideField = 'AreaCode' | 'ZipCode' | 'AssignedSubscriberId' | 'AccountId';

const squash = (text: string): string => text.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Header names that mean "the ICCID column". */
export const ICCID_HEADERS: readonly string[] = [
  'iccid',
  'iccids',
  'iccidnumber',
  'iccidno',
  'icc',
  'iccnumber',
  'sim',
  'sims',
  'simnumber',
  'simno',
  'simid',
  'simserial',
  'simserialnumber',
  'simcard',
  'simcardnumber',
  'serial',
  'serialnumber',
  'serialno',
  'cardnumber',
];

/** Header names for the per-row overrides. */
export const OVERRIDE_HEADERS: Readonly<Record<OverrideField, readonly string[]>> = {
  AreaCode: ['areacode', 'area', 'npa'],
  ZipCode: ['zipcode', 'zip', 'postalcode', 'postcode'],
  AssignedSubscriberId: ['assignedsubscriberid', 'subscriberid', 'subscriber', 'tsuid'],
  AccountId: ['accountid', 'account', 'aid'],
};

export interface ColumnLayout {
  readonly hasHeader: boolean;
  readonly columnNames: readonly string[];
  /** Index of the ICCID column, or -1 when none looks like ICCIDs. */
  readonly iccidColumn: number;
  readonly overrides: Readonly<Partial<Record<OverrideField, number>>>;
  /** How the ICCID column was chosen. */
  readonly chosenBy: 'header' | 'content' | 'operator' | 'none';
}

function looksLikeIccid(text: string, numeric: boolean): boolean {
  if (numeric) return true;
  const r = readIccid(text);
  return r.kind === 'ok' || r.kind === 'scientific' || (r.kind === 'bad_length' && r.iccid.length >= 15);
}

const KNOWN_HEADERS: ReadonlySet<string> = new Set([...ICCID_HEADERS, ...Object.values(OVERRIDE_HEADERS).flat()]);

/**
 * A first row is a header only when it reads like one (docs/import.md): a known header
 * name, or words and no run of digits that could be an ICCID. A damaged first data row
 * (a letter O for a zero, a decimal point, an AIM prefix, too few digits) has such a
 * run, so it stays data and gets its finding instead of vanishing as a "header".
 */
function readsLikeHeader(first: readonly string[], numeric: ReadonlySet<number> | undefined): boolean {
  if (first.some((c) => KNOWN_HEADERS.has(squash(c)))) return true;
  if (first.some((_, i) => numeric?.has(i))) return false;
  if (first.some((c) => /\d{6,}/.test(c.replace(/[ \u00a0-]/g, '')))) return false;
  return first.some((c) => /[a-z]{2,}/i.test(c));
}

/** Works out the layout; `forcedColumn` is the operator's choice in the preview. */
export function detectColumns(rows: readonly SourceRow[], forcedColumn?: number): ColumnLayout {
  const width = rows.reduce((w, r) => Math.max(w, r.cells.length), 0);
  const first = rows[0]?.cells ?? [];
  const firstNumeric = rows[0]?.numeric;
  const names = first.map((c) => squash(c));
  const headerIccid = names.findIndex((n) => ICCID_HEADERS.includes(n));
  const hasHeader = headerIccid !== -1 || readsLikeHeader(first, firstNumeric);

  const columnNames = Array.from({ length: width }, (_, i) => (hasHeader && first[i]?.trim() ? first[i]!.trim() : `Column ${i + 1}`));
  const overrides: Partial<Record<OverrideField, number>> = {};
  if (hasHeader) {
    for (const [field, aliases] of Object.entries(OVERRIDE_HEADERS) as Array<[OverrideField, readonly string[]]>) {
      const index = names.findIndex((n) => aliases.includes(n));
      if (index !== -1) overrides[field] = index;
    }
  }

  if (forcedColumn !== undefined && forcedColumn >= 0 && forcedColumn < width) {
    return { hasHeader, columnNames, iccidColumn: forcedColumn, overrides, chosenBy: 'operator' };
  }
  if (headerIccid !== -1) return { hasHeader, columnNames, iccidColumn: headerIccid, overrides, chosenBy: 'header' };

  // By content: the column where most of the first rows look like ICCIDs.
  const sample = rows.slice(hasHeader ? 1 : 0, 501);
  let best = -1;
  let bestCount = 0;
  for (let c = 0; c < width; c++) {
    const count = sample.filter((r) => {
      const cell = r.cells[c];
      return cell !== undefined && looksLikeIccid(cell, r.numeric?.has(c) ?? false);
    }).length;
    if (count > bestCount) {
      best = c;
      bestCount = count;
    }
  }
  return { hasHeader, columnNames, iccidColumn: best, overrides, chosenBy: best === -1 ? 'none' : 'content' };
}
