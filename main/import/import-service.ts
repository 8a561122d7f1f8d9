/**
 * Imports held by the main process: load, re-validate when the operator changes the
 * ICCID column or excludes rows, export the problem rows, and scanner sessions.
 * The batch screen starts from an import's id.
 */
import { randomUUID } from 'node:crypto';
import { stringify } from 'csv-stringify/sync';
import type { Overrides } from '../../preload/domain';
import type { ServiceImpl } from '../../preload/contract';
import type { Finding, ImportView, ScanResult } from '../../preload/views';
import { UserError } from '../errors/user-error';
import { csvCell } from '../export/spreadsheet-safety';
import type { PurchaseSnapshot } from '../purchases/purchase-log';
import { filterCounts, importRow, isExcluded, matchesFilter, selectRows, summarize, warningsLeftOut, type CheckedRows } from './checked-rows';
import { detectColumns, type ColumnLayout } from './columns';
import { groupIccid, readIccid, stripSymbologyPrefix } from './iccid';
import { loadFile, loadText, type LoadedSource } from './load-source';
import { NO_SCAN_STORE, REJECTIONS_KEPT, type RejectedScan, type SavedScanSession, type ScanSessionStore } from './scan-session-store';
import { tableOf, type SourceRow } from './table';
import { validateRows } from './validate';
import { fileStem } from '../files/file-name';

interface ImportRecord {
  readonly id: string;
  readonly name: string;
  readonly source: ImportView['source'];
  readonly createdAt: string;
  loaded: LoadedSource;
  /** A workbook's bytes, kept so another sheet can be read. */
  readonly bytes?: Uint8Array;
  layout: ColumnLayout;
  readonly excluded: Set<number>;
  checked: CheckedRows;
  revision: number;
  view: ImportView;
  /** The last filter's row indexes, so scrolling a big list pages without rescanning it. */
  selection?: { readonly key: string; readonly rows: Int32Array } | undefined;
  /** A scan session's scans, in order, how many scans it refused, and the latest refused with why. */
  readonly scans?: SourceRow[];
  rejected?: number;
  rejections?: RejectedScan[];
}

/** Warnings kept in (the first few named) and per-SIM overrides by field. */
export interface IncludedReview {
  readonly warnings: { readonly count: number; readonly first: ReadonlyArray<{ line: number; iccid: string; codes: string[] }> };
  readonly overrides: ReadonlyArray<{ field: string; count: number }>;
}

/** A row a batch provisions. */
export interface ImportableRow {
  readonly iccid: string;
  readonly line: number;
  readonly overrides: Overrides;
}

/**
 * The import service is the contract's `imports` namespace (ServiceImpl['imports'],
 * docs/decisions.md, D2), plus what the batch service and the CLI need of an import.
 */
export type ImportService = ServiceImpl['imports'] & {
  /** Loads a file's bytes (the CLI reads them from disk; the contract's `fromFile` sends base64). */
  fromBytes(name: string, bytes: Uint8Array): Promise<ImportView>;
  /** The view of an open import (refused when it is no longer open). */
  view(id: string): ImportView;
  /** Every finding in line order (a list can have millions: iterate, never copy). */
  findings(id: string): Iterable<Finding>;
  /** The rows a batch would provision, in file order. */
  importable(id: string): ImportableRow[];
  /** What the start confirmation lists: warnings kept in, and per-SIM values by field. */
  included(id: string): IncludedReview;
  /** A batch was started from this import: a scan session's saved scans are no longer needed. */
  batchStarted(id: string): Promise<void>;
};

const SCAN_LAYOUT: ColumnLayout = {
  hasHeader: false,
  dataStart: 0,
  columnNames: ['Scanned ICCID'],
  iccidColumn: 0,
  overrides: {},
  chosenBy: 'content',
  // A scan session grows: every scanned row is checked, and nothing in it is a summary line.
  dataEnd: Number.MAX_SAFE_INTEGER,
  notes: [],
};

export function createImportService(deps: {
  purchases: () => Promise<PurchaseSnapshot>;
  now?: () => Date;
  keep?: number;
  scans?: ScanSessionStore;
}): ImportService {
  const imports = new Map<string, ImportRecord>();
  const scanStore = deps.scans ?? NO_SCAN_STORE;
  const now = deps.now ?? (() => new Date());
  const keep = deps.keep ?? 8;

  /** Validates the loaded rows under the record's layout (a new column, sheet or scan). */
  async function check(record: { name: string; loaded: LoadedSource; layout: ColumnLayout }): Promise<CheckedRows> {
    if (record.layout.iccidColumn === -1) {
      throw new UserError(
        'no_iccid_column',
        `${record.name}: no column looks like ICCIDs (18–22 digits, starting 89). Check that this is the SIM list, or that the ICCID column is not empty.`,
      );
    }
    const checked = validateRows({ rows: record.loaded.rows, layout: record.layout, purchases: await deps.purchases() });
    if (checked.count === 0) throw new UserError('no_rows', `${record.name} has a header but no ICCID rows below it.`);
    return checked;
  }

  /** The view of a record as it stands: summary and counts only, rows come a page at a time. */
  function viewOf(record: Omit<ImportRecord, 'view'>): ImportView {
    const summary = summarize(record.checked, record.excluded);
    return {
      id: record.id,
      name: record.name,
      source: record.source,
      format: record.loaded.format,
      encoding: record.loaded.encoding,
      delimiter: record.loaded.delimiter,
      sheet: record.loaded.sheet,
      sheets: [...record.loaded.sheets],
      hasHeader: record.layout.hasHeader,
      columns: [...record.layout.columnNames],
      iccidColumn: record.layout.iccidColumn,
      chosenBy: record.layout.chosenBy,
      overrideColumns: Object.fromEntries(Object.entries(record.layout.overrides).map(([field, index]) => [field, record.layout.columnNames[index] ?? field])),
      notes: [...record.layout.notes],
      summary,
      counts: filterCounts(summary),
      rejectedScans: record.rejected ?? 0,
      rejections: [...(record.rejections ?? [])],
      findingCount: record.checked.findingCount,
      warningsLeftOut: warningsLeftOut(record.checked, record.excluded),
      revision: record.revision,
      createdAt: record.createdAt,
    };
  }

  async function store(name: string, source: ImportView['source'], loaded: LoadedSource, layout: ColumnLayout, bytes?: Uint8Array): Promise<ImportView> {
    const checked = await check({ name, loaded, layout });
    const base = {
      id: randomUUID(),
      name,
      source,
      createdAt: now().toISOString(),
      loaded,
      layout,
      checked,
      revision: 1,
      excluded: new Set<number>(),
      ...(bytes ? { bytes } : {}),
    };
    const view = viewOf(base);
    imports.set(base.id, { ...base, view });
    // Keep memory bounded: an import is a working object, not an archive.
    while (imports.size > keep) imports.delete(imports.keys().next().value!);
    return view;
  }

  function record(id: string): ImportRecord {
    const found = imports.get(id);
    if (!found) throw new UserError('import_not_found', 'That import is no longer open. Load the file again.');
    return found;
  }

  /** After a change: a new revision (pages fetched before are stale) and a new view. */
  function refresh(r: ImportRecord): ImportView {
    r.revision++;
    r.selection = undefined;
    r.view = viewOf(r);
    return r.view;
  }

  async function fromBytes(name: string, bytes: Uint8Array): Promise<ImportView> {
    const loaded = await loadFile(name, bytes);
    return store(name, 'file', loaded, detectColumns(loaded.rows), loaded.format === 'xlsx' ? bytes : undefined);
  }

  return {
    fromBytes,
    fromFile: ({ name, base64 }) => fromBytes(name, Buffer.from(base64, 'base64')),
    async fromText({ name: given, text }) {
      const name = given || 'Pasted list';
      const loaded = loadText(text, name);
      return store(name, 'paste', loaded, detectColumns(loaded.rows));
    },
    view: (id) => record(id).view,
    get: async ({ id }) => record(id).view,
    async setColumn({ id, column }) {
      const r = record(id);
      if (column >= r.layout.columnNames.length) throw new UserError('bad_column', `There is no column ${column + 1} in ${r.name}.`);
      const layout = detectColumns(r.loaded.rows, column);
      r.checked = await check({ name: r.name, loaded: r.loaded, layout });
      r.layout = layout;
      return refresh(r);
    },
    async setSheet({ id, sheet }) {
      const r = record(id);
      if (!r.bytes) throw new UserError('not_a_workbook', `${r.name} is not a workbook; it has no sheets to choose from.`);
      const loaded = await loadFile(r.name, r.bytes, sheet);
      const layout = detectColumns(loaded.rows);
      // Checked first: a sheet that cannot be used is refused and the import stays as it was.
      r.checked = await check({ name: r.name, loaded, layout });
      r.loaded = loaded;
      r.layout = layout;
      r.excluded.clear();
      return refresh(r);
    },
    async setExcluded({ id, lines, excluded }) {
      const r = record(id);
      for (const line of lines) {
        if (excluded) r.excluded.add(line);
        else r.excluded.delete(line);
      }
      return refresh(r);
    },
    async setExcludedWhere({ id, filter, excluded }) {
      const r = record(id);
      for (let i = 0; i < r.checked.count; i++) {
        if (!matchesFilter(r.checked, i, filter, r.excluded)) continue;
        if (excluded) r.excluded.add(r.checked.line(i));
        else r.excluded.delete(r.checked.line(i));
      }
      return refresh(r);
    },
    async rows({ id, ...query }) {
      const r = record(id);
      const search = query.search ?? '';
      const key = `${query.filter}\u0000${search}`;
      if (r.selection?.key !== key) r.selection = { key, rows: selectRows(r.checked, query.filter, search, r.excluded) };
      const picked = r.selection.rows;
      const offset = Math.min(query.offset, picked.length);
      const end = Math.min(picked.length, offset + query.limit);
      const rows = [];
      for (let k = offset; k < end; k++) rows.push(importRow(r.checked, picked[k]!, r.excluded));
      return { revision: r.revision, total: picked.length, offset, rows };
    },
    findings: (id) => record(id).checked.allFindings(),
    importable(id) {
      const r = record(id);
      const rows: ImportableRow[] = [];
      for (let i = 0; i < r.checked.count; i++) {
        const iccid = r.checked.iccid(i);
        if (iccid !== null && !isExcluded(r.checked, i, r.excluded)) rows.push({ iccid, line: r.checked.line(i), overrides: r.checked.overrides(i) });
      }
      return rows;
    },
    included(id) {
      const r = record(id);
      const first: Array<{ line: number; iccid: string; codes: string[] }> = [];
      let count = 0;
      const fields = new Map<string, number>();
      for (let i = 0; i < r.checked.count; i++) {
        const iccid = r.checked.iccid(i);
        if (iccid === null || isExcluded(r.checked, i, r.excluded)) continue;
        if (r.checked.status(i) === 'warning') {
          count++;
          if (first.length < 10) first.push({ line: r.checked.line(i), iccid, codes: r.checked.findings(i).map((f) => f.code) });
        }
        for (const field of Object.keys(r.checked.overrides(i))) fields.set(field, (fields.get(field) ?? 0) + 1);
      }
      return { warnings: { count, first }, overrides: [...fields].map(([field, n]) => ({ field, count: n })) };
    },
    async problemsCsv({ id }) {
      const r = record(id);
      const rows = [...r.checked.allFindings()].map((f) => [f.line, f.column, f.value, f.severity, f.code, f.message].map((v) => csvCell(String(v))));
      const csv = stringify([['Line', 'Column', 'Value', 'Severity', 'Code', 'Message'], ...rows]);
      return { fileName: `${fileStem(r.name)}-problems.csv`, csv };
    },
    async startScan() {
      const saved = await scanStore.load();
      if (saved && saved.scans.length + saved.rejected > 0) {
        throw new UserError(
          'scan_session_open',
          `A scan session with ${saved.scans.length} scanned SIM(s) is saved (started ${saved.createdAt.slice(0, 16).replace('T', ' ')}). ` +
            'Resume it, or discard it first.',
        );
      }
      const createdAt = now().toISOString();
      const name = `Scan session ${createdAt.slice(0, 16).replace('T', ' ')}`;
      return openScan({ v: 1, id: randomUUID(), name, createdAt, scans: [], rejected: 0, rejections: [] });
    },
    async resumeScan() {
      const saved = await scanStore.load();
      if (!saved) return null;
      const open = imports.get(saved.id);
      return open ? open.view : openScan(saved);
    },
    async discardScan({ id }) {
      const saved = await scanStore.load();
      if (saved?.id === id) await scanStore.clear();
      imports.delete(id);
      return { discarded: true as const };
    },
    async batchStarted(id) {
      const saved = await scanStore.load();
      if (saved?.id === id) await scanStore.clear();
    },
    async scan({ id, value }) {
      const r = record(id);
      const scans = r.scans;
      if (!scans) throw new UserError('not_a_scan', 'Scans can only be added to a scan session.');
      const text = stripSymbologyPrefix(value.trim());
      const reading = readIccid(text);
      const reject = async (message: string, iccid: string | null = null): Promise<ScanResult> => {
        r.rejected = (r.rejected ?? 0) + 1;
        const shown = [...text]
          .filter((c) => c >= ' ' && c !== '\u007f')
          .join('')
          .slice(0, 40);
        r.rejections = [...(r.rejections ?? []), { value: shown, message, at: now().toISOString() }].slice(-REJECTIONS_KEPT);
        await save(r);
        return { accepted: false, message, iccid, summary: refresh(r).summary, row: null };
      };
      if (reading.kind === 'empty') return { accepted: false, message: 'Nothing was scanned.', iccid: null, summary: r.view.summary, row: null };
      if (reading.kind !== 'ok') {
        const why =
          reading.kind === 'bad_length'
            ? ` (${reading.iccid.length} digits, an ICCID has 18–22)`
            : reading.kind === 'not_digits'
              ? ` (contains "${reading.offending}")`
              : '';
        return reject(`Not an ICCID${why}: ${text.slice(0, 40)}. Scan the ICCID barcode on the card.`);
      }
      const iccid = reading.iccid;
      const existing = scans.find((row) => row.cells[0] === iccid);
      if (existing) return reject(`Already scanned: ${groupIccid(iccid)} (scan ${existing.line}).`, iccid);
      const purchases = await deps.purchases();
      const earlier = purchases.find(iccid);
      if (earlier)
        return reject(`Already provisioned on ${earlier.at.slice(0, 10)} as ${earlier.phoneNumber}: ${groupIccid(iccid)}. Put this SIM aside.`, iccid);
      scans.push({ line: scans.length + 1, cells: [iccid] });
      r.loaded = { ...r.loaded, rows: tableOf(scans) };
      r.checked = validateRows({ rows: r.loaded.rows, layout: r.layout, purchases });
      // Saved before the beep: a scan the operator heard accepted is never lost.
      await save(r);
      const view = refresh(r);
      const row = importRow(r.checked, r.checked.count - 1, r.excluded);
      const warn = row.status === 'warning' ? ` Check: ${row.message}` : '';
      return { accepted: true, message: `OK ${groupIccid(iccid)} (${view.summary.rows} scanned).${warn}`, iccid, summary: view.summary, row };
    },
  };

  function save(r: ImportRecord): Promise<void> {
    return scanStore.save({
      v: 1,
      id: r.id,
      name: r.name,
      createdAt: r.createdAt,
      scans: (r.scans ?? []).map((row) => row.cells[0]!),
      rejected: r.rejected ?? 0,
      rejections: r.rejections ?? [],
    });
  }

  /** A scan session in memory, from its saved state (empty for a new one). */
  async function openScan(saved: SavedScanSession): Promise<ImportView> {
    const scans: SourceRow[] = saved.scans.map((iccid, i) => ({ line: i + 1, cells: [iccid] }));
    const loaded = { rows: tableOf(scans), format: 'text' as const, encoding: null, delimiter: null, sheet: null, sheets: [] };
    const base = {
      id: saved.id,
      name: saved.name,
      source: 'scan' as const,
      createdAt: saved.createdAt,
      loaded,
      layout: SCAN_LAYOUT,
      excluded: new Set<number>(),
      checked: validateRows({ rows: loaded.rows, layout: SCAN_LAYOUT, purchases: await deps.purchases() }),
      revision: 1,
      scans,
      rejected: saved.rejected,
      rejections: saved.rejections,
    };
    const view = viewOf(base);
    imports.set(base.id, { ...base, view });
    return view;
  }
}
