/**
 * Imports held by the main process: load, re-validate when the operator changes the
 * ICCID column or excludes rows, export the problem rows, and scanner sessions.
 * The batch screen starts from an import's id.
 */
import { randomUUID } from 'node:crypto';
import { stringify } from 'csv-stringify/sync';
import type { ImportView, ScanResult } from '../../preload/contract';
import { UserError } from '../errors/user-error';
import { neutralizeFormula } from '../export/spreadsheet-safety';
import type { ProvisionedLookup } from '../history/provisioned-registry';
import { detectColumns, type ColumnLayout } from './columns';
import { groupIccid, readIccid, stripSymbologyPrefix } from './iccid';
import { loadFile, loadText, type LoadedSource } from './load-source';
import type { SourceRow } from './table';
import { summarize, validateRows } from './validate';

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
  view: ImportView;
}

export interface ImportService {
  fromFile(name: string, bytes: Uint8Array): Promise<ImportView>;
  fromText(name: string, text: string): ImportView;
  get(id: string): ImportView;
  setColumn(id: string, column: number): ImportView;
  setSheet(id: string, sheet: string): Promise<ImportView>;
  setExcluded(id: string, lines: readonly number[], excluded: boolean): ImportView;
  problemsCsv(id: string): { fileName: string; csv: string };
  startScan(): ImportView;
  scan(id: string, value: string): ScanResult;
}

const SCAN_LAYOUT: ColumnLayout = { hasHeader: false, dataStart: 0, columnNames: ['Scanned ICCID'], iccidColumn: 0, overrides: {}, chosenBy: 'content' };

export function createImportService(deps: { provisioned: () => ProvisionedLookup; now?: () => Date; keep?: number }): ImportService {
  const imports = new Map<string, ImportRecord>();
  const now = deps.now ?? (() => new Date());
  const keep = deps.keep ?? 8;

  function build(record: Omit<ImportRecord, 'view'>): ImportView {
    if (record.layout.iccidColumn === -1) {
      throw new UserError(
        'no_iccid_column',
        `${record.name}: no column looks like ICCIDs (18–22 digits, starting 89). Check that this is the SIM list, or that the ICCID column is not empty.`,
      );
    }
    const result = validateRows({ rows: record.loaded.rows, layout: record.layout, provisioned: deps.provisioned(), excludedLines: record.excluded });
    if (result.rows.length === 0) {
      throw new UserError('no_rows', `${record.name} has a header but no ICCID rows below it.`);
    }
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
      summary: result.summary,
      findings: [...result.findings],
      rows: [...result.rows],
      createdAt: record.createdAt,
    };
  }

  function store(name: string, source: ImportView['source'], loaded: LoadedSource, layout: ColumnLayout, bytes?: Uint8Array): ImportView {
    const base = { id: randomUUID(), name, source, createdAt: now().toISOString(), loaded, layout, excluded: new Set<number>(), ...(bytes ? { bytes } : {}) };
    const view = build(base);
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

  function refresh(r: ImportRecord): ImportView {
    r.view = build(r);
    return r.view;
  }

  return {
    async fromFile(name, bytes) {
      const loaded = await loadFile(name, bytes);
      return store(name, 'file', loaded, detectColumns(loaded.rows), loaded.format === 'xlsx' ? bytes : undefined);
    },
    fromText(name, text) {
      const loaded = loadText(text, name);
      return store(name, 'paste', loaded, detectColumns(loaded.rows));
    },
    get: (id) => record(id).view,
    setColumn(id, column) {
      const r = record(id);
      if (column >= r.layout.columnNames.length) throw new UserError('bad_column', `There is no column ${column + 1} in ${r.name}.`);
      r.layout = detectColumns(r.loaded.rows, column);
      return refresh(r);
    },
    async setSheet(id, sheet) {
      const r = record(id);
      if (!r.bytes) throw new UserError('not_a_workbook', `${r.name} is not a workbook; it has no sheets to choose from.`);
      const loaded = await loadFile(r.name, r.bytes, sheet);
      const layout = detectColumns(loaded.rows);
      // Built first: a sheet that cannot be used is refused and the import stays as it was.
      const view = build({ ...r, loaded, layout, excluded: new Set<number>() });
      r.loaded = loaded;
      r.layout = layout;
      r.excluded.clear();
      r.view = view;
      return view;
    },
    setExcluded(id, lines, excluded) {
      const r = record(id);
      for (const line of lines) {
        if (excluded) r.excluded.add(line);
        else r.excluded.delete(line);
      }
      return refresh(r);
    },
    problemsCsv(id) {
      const r = record(id);
      const rows = r.view.findings.map((f) => [f.line, f.column, f.value, f.severity, f.code, f.message].map((v) => neutralizeFormula(String(v))));
      const csv = stringify([['Line', 'Column', 'Value', 'Severity', 'Code', 'Message'], ...rows]);
      return { fileName: `${r.name.replace(/\.[^.]+$/, '')}-problems.csv`, csv };
    },
    startScan() {
      const id = randomUUID();
      const base = {
        id,
        name: `Scan session ${now().toISOString().slice(0, 16).replace('T', ' ')}`,
        source: 'scan' as const,
        createdAt: now().toISOString(),
        loaded: { rows: [] as SourceRow[], format: 'text' as const, encoding: null, delimiter: null, sheet: null, sheets: [] },
        layout: SCAN_LAYOUT,
        excluded: new Set<number>(),
      };
      const view: ImportView = {
        id,
        name: base.name,
        source: 'scan',
        format: 'text',
        encoding: null,
        delimiter: null,
        sheet: null,
        sheets: [],
        hasHeader: false,
        columns: ['Scanned ICCID'],
        iccidColumn: 0,
        chosenBy: 'content',
        overrideColumns: {},
        summary: summarize([]),
        findings: [],
        rows: [],
        createdAt: base.createdAt,
      };
      imports.set(id, { ...base, view });
      return view;
    },
    scan(id, value) {
      const r = record(id);
      if (r.source !== 'scan') throw new UserError('not_a_scan', 'Scans can only be added to a scan session.');
      const text = stripSymbologyPrefix(value.trim());
      const reading = readIccid(text);
      const reject = (message: string, iccid: string | null = null): ScanResult => ({ accepted: false, message, iccid, summary: r.view.summary, row: null });
      if (reading.kind === 'empty') return reject('Nothing was scanned.');
      if (reading.kind !== 'ok') {
        const why =
          reading.kind === 'bad_length'
            ? `${reading.iccid.length} digits, an ICCID has 18–22`
            : reading.kind === 'not_digits'
              ? `contains "${reading.offending}"`
              : 'not an ICCID';
        return reject(`Not an ICCID (${why}): ${text.slice(0, 40)}. Scan the ICCID barcode on the card.`);
      }
      const iccid = reading.iccid;
      const existing = r.view.rows.find((row) => row.iccid === iccid);
      if (existing) return reject(`Already scanned: ${groupIccid(iccid)} (scan ${existing.line}).`, iccid);
      const earlier = deps.provisioned().find(iccid);
      if (earlier)
        return reject(`Already provisioned on ${earlier.at.slice(0, 10)} as ${earlier.phoneNumber}: ${groupIccid(iccid)}. Put this SIM aside.`, iccid);
      const line = r.loaded.rows.length + 1;
      r.loaded = { ...r.loaded, rows: [...r.loaded.rows, { line, cells: [iccid] }] };
      const view = refresh(r);
      const row = view.rows.at(-1) ?? null;
      const warn = row && row.status === 'warning' ? ` Check: ${row.message}` : '';
      return { accepted: true, message: `OK ${groupIccid(iccid)} (${view.summary.rows} scanned).${warn}`, iccid, summary: view.summary, row };
    },
  };
}
