/**
 * An import service whose views carry every row and finding, for tests that read them
 * directly, with positional arguments (the service itself takes the contract's request
 * objects). The contract sends rows a page at a time (docs/import.md); this pages
 * through them all, so the tests also exercise paging.
 */
import type { Finding, ImportFilter, ImportRow, ImportRowsPage, ImportView } from '../../preload/views';
import type { ImportService } from '../../main/import/import-service';

export type FullView = ImportView & { readonly rows: readonly ImportRow[]; readonly findings: readonly Finding[] };

export async function fullView(service: ImportService, view: ImportView): Promise<FullView> {
  const rows: ImportRow[] = [];
  for (let offset = 0; ; offset += 1000) {
    const page = await service.rows({ id: view.id, filter: 'all', search: '', offset, limit: 1000 });
    expectRevision(page.revision, view.revision);
    rows.push(...page.rows);
    if (rows.length >= page.total) break;
  }
  return { ...view, rows, findings: [...service.findings(view.id)] };
}

function expectRevision(page: number, view: number): void {
  if (page !== view) throw new Error(`page of revision ${page} for a view of revision ${view}`);
}

export interface FullImportService {
  readonly service: ImportService;
  fromFile(name: string, bytes: Uint8Array): Promise<FullView>;
  fromText(name: string, text: string): Promise<FullView>;
  get(id: string): Promise<FullView>;
  setColumn(id: string, column: number): Promise<FullView>;
  setSheet(id: string, sheet: string): Promise<FullView>;
  setExcluded(id: string, lines: readonly number[], excluded: boolean): Promise<FullView>;
  setExcludedWhere(id: string, filter: 'warnings', excluded: boolean): Promise<FullView>;
  startScan(): Promise<FullView>;
  rows(id: string, query: { filter: ImportFilter; search?: string; offset: number; limit: number }): Promise<ImportRowsPage>;
  problemsCsv(id: string): Promise<{ fileName: string; csv: string }>;
  scan: (id: string, value: string) => ReturnType<ImportService['scan']>;
  findings: ImportService['findings'];
  importable: ImportService['importable'];
  included: ImportService['included'];
}

export function withRows(service: ImportService): FullImportService {
  const full = async (view: Promise<ImportView>): Promise<FullView> => fullView(service, await view);
  return {
    service,
    fromFile: (name, bytes) => full(service.fromBytes(name, bytes)),
    fromText: (name, text) => full(service.fromText({ name, text })),
    get: (id) => full(service.get({ id })),
    setColumn: (id, column) => full(service.setColumn({ id, column })),
    setSheet: (id, sheet) => full(service.setSheet({ id, sheet })),
    setExcluded: (id, lines, excluded) => full(service.setExcluded({ id, lines: [...lines], excluded })),
    setExcludedWhere: (id, filter, excluded) => full(service.setExcludedWhere({ id, filter, excluded })),
    startScan: () => full(service.startScan()),
    rows: (id, query) => service.rows({ id, search: '', ...query }),
    problemsCsv: (id) => service.problemsCsv({ id }),
    scan: (id, value) => service.scan({ id, value }),
    findings: (id) => service.findings(id),
    importable: (id) => service.importable(id),
    included: (id) => service.included(id),
  };
}
