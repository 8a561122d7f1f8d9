/**
 * Which column holds the ICCIDs, and which optional columns override the profile
 * per SIM. By header name first (case, spaces and punctuation ignored), otherwise
 * by content. The accepted header names are listed in the README.
 */
import { readIccid } from './iccid';
import { checkedOverrides, summaryNote, summaryStart } from './layout-notes';
import type { SourceTable } from './table';

export type OverrideField = 'AreaCode' | 'ZipCode' | 'AssignedSubscriberId' | 'AccountId';

/** Header text compared without case, spaces or punctuation. */
export const squash = (text: string): string => text.toLowerCase().replace(/[^a-z0-9]/g, '');

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
  /** Index of the first data row (after any title lines and the header). */
  readonly dataStart: number;
  readonly columnNames: readonly string[];
  /** Index of the ICCID column, or -1 when none looks like ICCIDs. */
  readonly iccidColumn: number;
  readonly overrides: Readonly<Partial<Record<OverrideField, number>>>;
  /** How the ICCID column was chosen. */
  readonly chosenBy: 'header' | 'content' | 'operator' | 'none';
  /** One past the last data row: summary lines at the end ("Total: 6") are not SIMs. */
  readonly dataEnd: number;
  /** What was skipped or not used, said once each (layout-notes.ts). */
  readonly notes: readonly string[];
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
function readsLikeHeader(table: SourceTable): boolean {
  if (table.count === 0) return false;
  const first = table.cells(0);
  if (first.some((c) => KNOWN_HEADERS.has(squash(c)))) return true;
  if (first.some((_, i) => table.numeric(0, i))) return false;
  if (first.some((c) => /\d{6,}/.test(c.replace(/[ \u00a0-]/g, '')))) return false;
  return first.some((c) => /[a-z]{2,}/i.test(c));
}

/** Header names ranked: the ICCID by name first, then SIM numbers, then serial or card numbers. */
const HEADER_TIERS: readonly (readonly string[])[] = [
  ['iccid', 'iccids', 'iccidnumber', 'iccidno', 'icc', 'iccnumber', 'simiccid'],
  ['simnumber', 'simno', 'simserial', 'simserialnumber', 'simcard', 'simcardnumber', 'sim', 'sims', 'simid'],
  ['serial', 'serialnumber', 'serialno', 'cardnumber'],
];
const tierOf = (name: string): number => HEADER_TIERS.findIndex((names) => names.includes(name));

/**
 * How much a column's cells look like ICCIDs: a clean 18–22 digit value counts most
 * (more when it starts 89, as SIM ICCIDs do); Excel-damaged long numbers count a little;
 * IMSI and IMEI (15 digits), EID (32), slot and line numbers count nothing.
 */
function contentScore(table: SourceTable, from: number, to: number, c: number): number {
  let score = 0;
  for (let r = from; r < to; r++) {
    const cell = table.cell(r, c);
    if (cell === undefined) continue;
    if (table.numeric(r, c)) {
      score += cell.replace(/\D/g, '').length >= 15 ? 1 : 0;
      continue;
    }
    const reading = readIccid(cell);
    if (reading.kind === 'ok') score += reading.iccid.startsWith('89') ? 3 : 2;
    else if (reading.kind === 'scientific' || reading.kind === 'decimal') score += 1;
  }
  return score;
}

/**
 * Where the header is: the first row, or a later one when title lines come first (a
 * vendor's title, a merged title row): the first of the first ten rows that names an
 * ICCID column, provided no row before it holds an ICCID.
 */
function findHeaderRow(table: SourceTable): number {
  for (let i = 0; i < Math.min(table.count, 10); i++) {
    const cells = table.cells(i);
    if (cells.some((c) => tierOf(squash(c)) !== -1)) return i;
    if (cells.some((c) => readIccid(c).kind === 'ok')) return -1;
  }
  return -1;
}

/** Works out the layout; `forcedColumn` is the operator's choice in the preview. */
export function detectColumns(table: SourceTable, forcedColumn?: number): ColumnLayout {
  const found = chooseColumns(table, forcedColumn);
  const dataEnd = found.iccidColumn === -1 ? table.count : summaryStart(table, found.dataStart, found.iccidColumn);
  const checked = checkedOverrides(table, { start: found.dataStart, end: dataEnd }, found.overrides, found.columnNames);
  const summary = summaryNote(table, dataEnd);
  return { ...found, overrides: checked.overrides, dataEnd, notes: [...(summary ? [summary] : []), ...checked.notes] };
}

function chooseColumns(table: SourceTable, forcedColumn?: number): Omit<ColumnLayout, 'dataEnd' | 'notes'> {
  const width = table.width;
  const found = findHeaderRow(table);
  const headerAt = found !== -1 ? found : readsLikeHeader(table) ? 0 : -1;
  const hasHeader = headerAt !== -1;
  const header = hasHeader ? table.cells(headerAt) : [];
  const names = header.map((c) => squash(c));
  const dataStart = headerAt + 1;

  const columnNames = Array.from({ length: width }, (_, i) => (hasHeader && header[i]?.trim() ? header[i]!.trim() : `Column ${i + 1}`));
  const overrides: Partial<Record<OverrideField, number>> = {};
  if (hasHeader) {
    for (const [field, aliases] of Object.entries(OVERRIDE_HEADERS) as Array<[OverrideField, readonly string[]]>) {
      const index = names.findIndex((n) => aliases.includes(n));
      if (index !== -1) overrides[field] = index;
    }
  }
  const base = { hasHeader, dataStart, columnNames, overrides };

  if (forcedColumn !== undefined && forcedColumn >= 0 && forcedColumn < width) {
    return { ...base, iccidColumn: forcedColumn, chosenBy: 'operator' };
  }
  const sampleEnd = Math.min(table.count, dataStart + 500);
  const scores = Array.from({ length: width }, (_, c) => contentScore(table, dataStart, sampleEnd, c));
  const bestByContent = scores.reduce((best, s, c) => (s > (scores[best] ?? 0) ? c : best), 0);

  // By header: the best-ranked ICCID name; among equals, the one whose cells look most
  // like ICCIDs. A named column with no ICCIDs in it (SIM slot numbers under "SIM")
  // loses to a column that has them.
  const named = names.flatMap((n, c) => (tierOf(n) === -1 ? [] : [{ c, tier: tierOf(n), score: scores[c] ?? 0 }]));
  named.sort((x, y) => (x.score > 0 !== y.score > 0 ? (y.score > 0 ? 1 : -1) : x.tier - y.tier || y.score - x.score));
  const byName = named[0];
  if (byName && (byName.score > 0 || (scores[bestByContent] ?? 0) === 0)) return { ...base, iccidColumn: byName.c, chosenBy: 'header' };

  if ((scores[bestByContent] ?? 0) === 0) {
    // Nothing reads as an ICCID: fall back to the looser test (damaged values) so findings can name them.
    const loose = Array.from({ length: width }, (_, c) => {
      let n = 0;
      for (let r = dataStart; r < sampleEnd; r++) {
        const cell = table.cell(r, c);
        if (cell !== undefined && looksLikeIccid(cell, table.numeric(r, c))) n++;
      }
      return n;
    });
    const best = loose.reduce((b, s, c) => (s > (loose[b] ?? 0) ? c : b), 0);
    return { ...base, iccidColumn: (loose[best] ?? 0) > 0 ? best : -1, chosenBy: (loose[best] ?? 0) > 0 ? 'content' : 'none' };
  }
  return { ...base, iccidColumn: bestByContent, chosenBy: 'content' };
}
