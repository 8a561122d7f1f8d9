/** After loading: what the list holds, what is wrong with it, and the rows themselves. */
import { useEffect, useId, useRef, useState } from 'react';
import type { ImportFilter, ImportRow, ImportView } from '../../../preload/views';
import { api } from '../api';
import { useDownloadNote } from '../hooks/useDownloadNote';
import { RowFilter } from '../components/RowFilter';
import { Tile } from '../components/Tile';
import { StartBatchDialog } from '../batches/StartBatchDialog';
import { downloadText } from './file-bytes';
import { ImportRowDetail } from './RowDetail';
import { RowsTable } from './RowsTable';
import { useImportRows } from './useImportRows';

/** The filters; rows are filtered (and counted) in main, where the list is. */
const FILTERS: ReadonlyArray<{ id: ImportFilter; label: string }> = [
  { id: 'all', label: 'All' },
  { id: 'problems', label: 'Problems' },
  { id: 'errors', label: 'Errors' },
  { id: 'warnings', label: 'Warnings' },
  { id: 'duplicates', label: 'Duplicates' },
  { id: 'provisioned', label: 'Already provisioned' },
  { id: 'excluded', label: 'Left out' },
  { id: 'ok', label: 'OK' },
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
  const [filter, setFilter] = useState<ImportFilter>(view.summary.errors + view.summary.warnings > 0 ? 'problems' : 'all');
  const [search, setSearch] = useState('');
  const [activeRow, setActiveRow] = useState<ImportRow | undefined>(undefined);
  const { note, downloaded } = useDownloadNote(view.id);
  // After a list is loaded the focus lands on its name: a screen reader says what was read, and Tab goes on from there.
  const title = useRef<HTMLHeadingElement>(null);
  useEffect(() => title.current?.focus(), [view.id]);
  const [error, setError] = useState<string | null>(null);
  const columnId = useId();
  const sheetId = useId();
  const searchId = useId();
  // Main reads the search as digits (spaces and dashes ignored): one place, `searchDigits`.
  const rows = useImportRows(view, filter, search);
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
          <h2 className="preview-title" ref={title} tabIndex={-1}>
            {view.name}
          </h2>
          <p className="field-hint">{facts.join(' · ')}</p>
          {view.notes.length > 0 && (
            <ul className="field-hint import-notes" aria-label="Notes on this list">
              {view.notes.map((note) => (
                <li key={note}>{note}</li>
              ))}
            </ul>
          )}
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
        <Tile label="Ready to provision" tone="main" note={`of ${s.rows.toLocaleString()} rows`}>
          {s.importable.toLocaleString()}
        </Tile>
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
        <RowFilter
          name="row-filter"
          label="Show rows"
          options={FILTERS}
          counts={view.counts}
          selected={filter}
          onSelect={(id) => setFilter(id as ImportFilter)}
        />
        <div className="actions">
          <div className="field inline-field">
            <label htmlFor={searchId}>Find ICCID</label>
            <input
              id={searchId}
              type="search"
              inputMode="numeric"
              className="mono"
              placeholder="digits, e.g. 8901 2600"
              value={search}
              maxLength={40}
              onChange={(e) => setSearch(e.target.value)}
            />
          </div>
          {s.warnings > view.warningsLeftOut && (
            <button
              type="button"
              className="button"
              onClick={() => void apply(api.imports.setExcludedWhere({ id: view.id, filter: 'warnings', excluded: true }))}
            >
              Leave out all warnings
            </button>
          )}
          {view.warningsLeftOut > 0 && (
            <button
              type="button"
              className="button"
              onClick={() => void apply(api.imports.setExcludedWhere({ id: view.id, filter: 'warnings', excluded: false }))}
            >
              Include warnings again ({view.warningsLeftOut.toLocaleString()})
            </button>
          )}
          <button
            type="button"
            className="button"
            disabled={view.findingCount === 0}
            onClick={() =>
              void api.imports.problemsCsv({ id: view.id }).then((r) => {
                if (r.ok) {
                  downloadText(r.value.fileName, r.value.csv);
                  downloaded(r.value.fileName);
                } else setError(r.error.message);
              })
            }
          >
            Download problem rows (CSV)
          </button>
        </div>
      </div>

      {note}
      {search !== '' && (
        <p className="field-hint" role="status">
          {rows.total === null ? 'Searching…' : `${rows.total.toLocaleString()} row(s) with an ICCID containing ${search.trim()}.`}
        </p>
      )}
      {rows.error && (
        <p role="alert" className="error-box">
          {rows.error}
        </p>
      )}
      <RowsTable
        rows={rows}
        label={`Rows of ${view.name}`}
        onToggle={(row, include) => void apply(api.imports.setExcluded({ id: view.id, lines: [row.line], excluded: !include }))}
        onActive={setActiveRow}
      />
      <ImportRowDetail row={activeRow} />

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
