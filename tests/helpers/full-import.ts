/**
 * An import service whose views carry every row and finding, for tests that read them
 * directly. The contract sends rows a page at a time (docs/import.md); this pages
 * through them all, so the tests also exercise paging.
 */
import type { Finding, ImportRow, ImportView } from '../../preload/views';
import type { ImportService } from '../../main/import/import-service';

export type FullView = ImportView & { readonly rows: readonly ImportRow[]; readonly findings: readonly Finding[] };

export function fullView(service: ImportService, view: ImportView): FullView {
  const rows: ImportRow[] = [];
  for (let offset = 0; ; offset += 1000) {
    const page = service.rows(view.id, { filter: 'all', offset, limit: 1000 });
    expectRevision(page.revision, view.revision);
    rows.push(...page.rows);
    if (rows.length >= page.total) break;
  }
  return { ...view, rows, findings: [...service.findings(view.id)] };
}

function expectRevision(page: number, view: number): void {
  if (page !== view) throw new Error(`page of revision ${page} for a view of revision ${view}`);
}

export type FullImportService = Omit<
  ImportService,
  'fromFile' | 'fromText' | 'get' | 'setColumn' | 'setSheet' | 'setExcluded' | 'setExcludedWhere' | 'startScan'
> & {
  fromFile(name: string, bytes: Uint8Array): Promise<FullView>;
  fromText(name: string, text: string): Promise<FullView>;
  get(id: string): FullView;
  setColumn(id: string, column: number): Promise<FullView>;
  setSheet(id: string, sheet: string): Promise<FullView>;
  setExcluded(id: string, lines: readonly number[], excluded: boolean): FullView;
  setExcludedWhere(id: string, filter: 'warnings', excluded: boolean): FullView;
  startScan(): Promise<FullView>;
};

export function withRows(service: ImportService): FullImportService {
  const full = (view: ImportView): FullView => fullView(service, view);
  return {
    ...service,
    fromFile: async (name, bytes) => full(await service.fromFile(name, bytes)),
    fromText: async (name, text) => full(await service.fromText(name, text)),
    get: (id) => full(service.get(id)),
    setColumn: async (id, column) => full(await service.setColumn(id, column)),
    setSheet: async (id, sheet) => full(await service.setSheet(id, sheet)),
    setExcluded: (id, lines, excluded) => full(service.setExcluded(id, lines, excluded)),
    setExcludedWhere: (id, filter, excluded) => full(service.setExcludedWhere(id, filter, excluded)),
    startScan: async () => full(await service.startScan()),
  };
}
