/** After loading: what the list holds, what is wrong with it, and the rows themselves. */
import { useEffect, useId, useState } from 'react';
import type { ImportRow, ImportView } from '../../../preload/contract';
import { api } from '../api';
import { RowFilter, useFilteredRows, type FilterOption } from '../components/RowFilter';
import { Tile } from '../components/Tile';
import { StartBatchDialog } from '../batches/StartBatchDialog';
import { downloadText } from './file-bytes';
import { RowsTable } from './RowsTable';

type Filter = 'all' | 'problems' | 'errors' | 'warnings' | 'duplicates' | 'provisioned' | 'excluded' | 'ok';

const FILTERS: ReadonlyArray<FilterOption<ImportRow> & { id: Filter }> = [
  { id: 'all', label: 'All', test: () => true },
  { id: 'problems', label: 'Problems', test: (r) => r.status !== 'ok' },
  { id: 'errors', label: 'Errors', test: (r) => r.status === 'error' },
  { id: 'warnings', label: 'Warnings', test: (r) => r.status === 'warning' },
  { id: 'duplicates', label: 'Duplicates', test: (r) => r.codes.includes('duplicate') },
  { id: 'provisioned', label: 'Already provisioned', test: (r) => r.status === 'provisioned' },
  { id: 'excluded', label: 'Left out', test: (r) => r.excluded },
  { id: 'ok', label: 'OK', test: (r) => r.status === 'ok' },
];

const DELIMITER_NAMES: Readonly<Record<string, string>> = { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'pipe' };

export function PreviewPanel({
  view,
  onChange,
  onReset,
  onBatchStarted,
}: {
  view: ImportView;
  onChange: (view: ImportView) => void;
  onReset: () => void;
  onBatchStarted: (batchId: string) => void;
}) {
  const [confirming, setConfirming] = useState(false);
  const [filter, setFilter] = useState<Filter>(view.summary.errors + view.summary.warnings > 0 ? 'problems' : 'all');
  const [error, setError] = useState<string | null>(null);
  const columnId = useId();
  const sheetId = useId();
  const { visible, counts } = useFilteredRows(view.rows, FILTERS, filter);
  const s = view.summary;

  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (event.altKey && !event.ctrlKey && event.key.toLowerCase() === 'b' && view.summary.importable > 0) {
        event.preventDefault();
        setConfirming(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [view.summary.importable]);

  const apply = async (promise: Promise<{ ok: true; value: ImportView } | { ok: false; error: { message: string } }>): Promise<void> => {
    const result = await promise;
    if (result.ok) {
      setError(null);
      onChange(result.value);
    } else setError(result.error.message);
  };

  const facts = [
    view.source === 'scan'
      ? 'scanned'
      : view.format === 'xlsx'
        ? `Excel workbook, sheet "${view.sheet ?? ''}"`
        : view.format === 'csv'
          ? `${DELIMITER_NAMES[view.delimiter ?? ''] ?? 'delimited'}-separated text`
          : 'one value per line',
    view.encoding ? view.encoding.toUpperCase() : null,
    view.hasHeader ? 'header row' : 'no header row',
    Object.keys(view.overrideColumns).length > 0 ? `per-SIM overrides: ${Object.keys(view.overrideColumns).join(', ')}` : null,
  ].filter(Boolean);

  return (
    <div className="preview">
      <div className="preview-head">
        <div>
          <h2 className="preview-title">{view.name}</h2>
          <p className="field-hint">{facts.join(' · ')}</p>
        </div>
        <div className="actions">
          {view.sheets.length > 1 && (
            <div className="field inline-field">
              <label htmlFor={sheetId}>Sheet</label>
              <select id={sheetId} value={view.sheet ?? ''} onChange={(e) => void apply(api.imports.setSheet({ id: view.id, sheet: e.target.value }))}>
                {view.sheets.map((name) => (
                  <option key={name} value={name}>
                    {name}
                  </option>
                ))}
              </select>
            </div>
          )}
          {view.source !== 'scan' && (
            <div className="field inline-field">
              <label htmlFor={columnId}>ICCID column</label>
              <select
                id={columnId}
                value={view.iccidColumn}
                onChange={(e) => void apply(api.imports.setColumn({ id: view.id, column: Number(e.target.value) }))}
              >
                {view.columns.map((name, i) => (
                  <option key={i} value={i}>
                    {name}
                  </option>
                ))}
              </select>
            </div>
          )}
          <button type="button" className="button" onClick={onReset}>
            Load another list
          </button>
        </div>
      </div>

      <dl className="tiles" aria-label="Summary">
        <Tile label="Ready to provision" tone="main">
          {s.importable.toLocaleString()}
        </Tile>
        <Tile label="Rows">{s.rows.toLocaleString()}</Tile>
        <Tile label="OK" tone="ok">
          {s.ok.toLocaleString()}
        </Tile>
        <Tile label="Warnings" tone="warn">
          {s.warnings.toLocaleString()}
        </Tile>
        <Tile label="Errors" tone="error">
          {s.errors.toLocaleString()}
        </Tile>
        <Tile label="Duplicates">{s.duplicates.toLocaleString()}</Tile>
        <Tile label="Already provisioned">{s.alreadyProvisioned.toLocaleString()}</Tile>
      </dl>

      {error && (
        <p role="alert" className="error-box">
          {error}
        </p>
      )}

      <div className="filter-bar">
        <RowFilter name="row-filter" label="Show rows" options={FILTERS} counts={counts} selected={filter} onSelect={(id) => setFilter(id as Filter)} />
        <div className="actions">
          {(filter === 'warnings' || filter === 'problems') && s.warnings > 0 && (
            <button
              type="button"
              className="button"
              onClick={() =>
                void apply(api.imports.setExcluded({ id: view.id, lines: view.rows.filter((r) => r.status === 'warning').map((r) => r.line), excluded: true }))
              }
            >
              Leave out all warnings
            </button>
          )}
          <button
            type="button"
            className="button"
            disabled={view.findings.length === 0}
            onClick={() =>
              void api.imports.problemsCsv({ id: view.id }).then((r) => {
                if (r.ok) downloadText(r.value.fileName, r.value.csv);
                else setError(r.error.message);
              })
            }
          >
            Download problem rows (CSV)
          </button>
        </div>
      </div>

      <RowsTable
        rows={visible}
        label={`Rows of ${view.name}`}
        onToggle={(row, include) => void apply(api.imports.setExcluded({ id: view.id, lines: [row.line], excluded: !include }))}
      />

      <div className="preview-foot">
        <p className="field-hint">
          {s.importable.toLocaleString()} SIM(s) will be provisioned. Rows with errors, duplicates and SIMs already provisioned on this station are left out.
        </p>
        <button type="button" className="button button-primary" disabled={s.importable === 0} onClick={() => setConfirming(true)} aria-keyshortcuts="Alt+B">
          Start batch… <kbd>Alt+B</kbd>
        </button>
      </div>
      {confirming && <StartBatchDialog importId={view.id} onClose={() => setConfirming(false)} onStarted={(batch) => onBatchStarted(batch.id)} />}
    </div>
  );
}
