/**
 * An import's rows after validation, in flat arrays: a line number, the raw cell and the
 * ICCID per row, a status byte, and findings and overrides only for the rows that have
 * them. A 50 MB list is 2.4 million rows; an object per row (with its message and codes)
 * was most of the 2.8 GB the old import needed (docs/import.md, "Size and memory").
 * Rows become contract objects only a page at a time.
 */
import type { Overrides } from '../../preload/domain';
import type { Finding, ImportFilter, ImportRow, ImportSummary } from '../../preload/views';
import type { SourceTable } from './table';

const STATUSES: readonly ImportRow['status'][] = ['ok', 'warning', 'error', 'provisioned'];
const STATUS_CODE: Readonly<Record<ImportRow['status'], number>> = { ok: 0, warning: 1, error: 2, provisioned: 3 };
const NO_FINDINGS: readonly Finding[] = Object.freeze([]);
const NO_OVERRIDES: Overrides = Object.freeze({});

export interface CheckedRows {
  readonly count: number;
  /** Findings in row order, then in the order they were found. */
  readonly findingCount: number;
  line(row: number): number;
  raw(row: number): string;
  iccid(row: number): string | null;
  status(row: number): ImportRow['status'];
  findings(row: number): readonly Finding[];
  overrides(row: number): Overrides;
  allFindings(): Iterable<Finding>;
}

/**
 * Built by validation. The raw cell and the ICCID are read from the source table (the
 * ICCID is kept apart only when reading changed it: a trimmed space, an AIM prefix), so
 * a clean 2.4-million-row list costs a few bytes a row here.
 */
export class CheckedRowsBuilder implements CheckedRows {
  readonly count: number;
  /** Per row: bit 0 = has a readable ICCID; bits 1–2 = status code. */
  private readonly bits: Uint8Array;
  private readonly changed = new Map<number, string>();
  private readonly found = new Map<number, Finding[]>();
  private readonly overridden = new Map<number, Overrides>();

  constructor(
    private readonly table: SourceTable,
    private readonly first: number,
    private readonly column: number,
    /** One past the last row to check (summary lines after it are not SIMs). */
    end: number = table.count,
  ) {
    this.count = Math.max(0, Math.min(end, table.count) - first);
    this.bits = new Uint8Array(this.count);
  }

  setIccid(row: number, iccid: string | null): void {
    if (iccid === null) {
      this.bits[row]! &= ~1;
      this.changed.delete(row);
      return;
    }
    this.bits[row]! |= 1;
    if (iccid !== this.raw(row)) this.changed.set(row, iccid);
  }

  addFinding(row: number, finding: Finding): void {
    const list = this.found.get(row);
    if (list) list.push(finding);
    else this.found.set(row, [finding]);
  }

  setOverrides(row: number, overrides: Overrides): void {
    this.overridden.set(row, overrides);
  }

  /** Status from the findings: an error wins, then "already provisioned", then a warning. */
  settle(row: number, provisioned: boolean): void {
    const list = this.found.get(row);
    if (!list) return;
    const code = list.some((f) => f.severity === 'error') ? STATUS_CODE.error : provisioned ? STATUS_CODE.provisioned : STATUS_CODE.warning;
    this.bits[row] = (this.bits[row]! & 1) | (code << 1);
  }

  get findingCount(): number {
    let n = 0;
    for (const list of this.found.values()) n += list.length;
    return n;
  }

  line = (row: number): number => this.table.line(this.first + row);
  raw = (row: number): string => this.table.cell(this.first + row, this.column) ?? '';
  iccid = (row: number): string | null => ((this.bits[row]! & 1) === 0 ? null : (this.changed.get(row) ?? this.raw(row)));
  status = (row: number): ImportRow['status'] => STATUSES[this.bits[row]! >> 1]!;
  findings = (row: number): readonly Finding[] => this.found.get(row) ?? NO_FINDINGS;
  overrides = (row: number): Overrides => this.overridden.get(row) ?? NO_OVERRIDES;

  *allFindings(): Iterable<Finding> {
    // Map keys were inserted as rows were read, but the file-wide pass adds later: sort once.
    for (const row of [...this.found.keys()].sort((a, b) => a - b)) yield* this.found.get(row)!;
  }
}

/** Rows with errors or already provisioned are always left out; the rest when the operator says so. */
export function isExcluded(rows: CheckedRows, row: number, excludedLines: ReadonlySet<number>): boolean {
  const status = rows.status(row);
  return status === 'error' || status === 'provisioned' || excludedLines.has(rows.line(row));
}

/** One row as the contract shows it. */
export function importRow(rows: CheckedRows, row: number, excludedLines: ReadonlySet<number>): ImportRow {
  const findings = rows.findings(row);
  const told = findings.map((f) => ({ severity: f.severity, code: f.code, message: f.message.slice(f.message.indexOf(': ') + 2) }));
  return {
    line: rows.line(row),
    raw: rows.raw(row),
    iccid: rows.iccid(row),
    status: rows.status(row),
    excluded: isExcluded(rows, row, excludedLines),
    codes: findings.map((f) => f.code),
    message: told.map((f) => f.message).join(' '),
    findings: told,
    overrides: rows.overrides(row),
  };
}

const isDuplicate = (rows: CheckedRows, row: number): boolean => rows.findings(row).some((f) => f.code === 'duplicate');

/** Whether a row passes a preview filter. */
export function matchesFilter(rows: CheckedRows, row: number, filter: ImportFilter, excludedLines: ReadonlySet<number>): boolean {
  switch (filter) {
    case 'all':
      return true;
    case 'problems':
      return rows.status(row) !== 'ok';
    case 'errors':
      return rows.status(row) === 'error';
    case 'warnings':
      return rows.status(row) === 'warning';
    case 'duplicates':
      return isDuplicate(rows, row);
    case 'provisioned':
      return rows.status(row) === 'provisioned';
    case 'excluded':
      return isExcluded(rows, row, excludedLines);
    case 'ok':
      return rows.status(row) === 'ok';
  }
}

/** The counts the tiles and the filter bar show, in one pass. */
export function summarize(rows: CheckedRows, excludedLines: ReadonlySet<number>): ImportSummary {
  const summary = { rows: rows.count, ok: 0, warnings: 0, errors: 0, duplicates: 0, alreadyProvisioned: 0, excluded: 0, importable: 0 };
  for (let i = 0; i < rows.count; i++) {
    const status = rows.status(i);
    if (status === 'ok') summary.ok++;
    else if (status === 'warning') summary.warnings++;
    else if (status === 'error') summary.errors++;
    else summary.alreadyProvisioned++;
    if (status !== 'ok' && isDuplicate(rows, i)) summary.duplicates++;
    if (isExcluded(rows, i, excludedLines)) summary.excluded++;
    else summary.importable++;
  }
  return summary;
}

/** Rows with warnings the operator left out. */
export function warningsLeftOut(rows: CheckedRows, excludedLines: ReadonlySet<number>): number {
  if (excludedLines.size === 0) return 0;
  let n = 0;
  for (let i = 0; i < rows.count; i++) if (rows.status(i) === 'warning' && excludedLines.has(rows.line(i))) n++;
  return n;
}

/** Every filter's count, from the summary (they are the same numbers, so tiles and filters agree). */
export function filterCounts(s: ImportSummary): Record<ImportFilter, number> {
  return {
    all: s.rows,
    problems: s.rows - s.ok,
    errors: s.errors,
    warnings: s.warnings,
    duplicates: s.duplicates,
    provisioned: s.alreadyProvisioned,
    excluded: s.excluded,
    ok: s.ok,
  };
}

/** Digits of a search, so "8901 2600" finds what the table shows grouped. */
const searchDigits = (text: string): string => text.replace(/[\s-]/g, '');

/** The rows a filter and a search keep, as row indexes. */
export function selectRows(rows: CheckedRows, filter: ImportFilter, search: string, excludedLines: ReadonlySet<number>): Int32Array {
  const needle = searchDigits(search);
  const picked: number[] = [];
  for (let i = 0; i < rows.count; i++) {
    if (!matchesFilter(rows, i, filter, excludedLines)) continue;
    if (needle !== '' && !(rows.iccid(i) ?? rows.raw(i)).includes(needle)) continue;
    picked.push(i);
  }
  return Int32Array.from(picked);
}
