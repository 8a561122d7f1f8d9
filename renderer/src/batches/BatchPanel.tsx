/** One batch: progress at a glance, the controls, and every row. */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { RowState } from '../../../preload/domain';
import type { BatchRowView, BatchSummary, Result } from '../../../preload/views';
import { api } from '../api';
import { useDownloadNote } from '../hooks/useDownloadNote';
import { useCountdown } from '../hooks/useCountdown';
import { Tile } from '../components/Tile';
import { RowFilter, type FilterOption } from '../components/RowFilter';
import type { BatchRows } from './batch-rows';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { BatchRowDetail } from './BatchRowDetail';
import { VirtualTable, type Column } from '../components/VirtualTable';
import { downloadText, groupIccid } from '../import/file-bytes';
import { formatDuration, STATE_LABEL, STATUS_LABEL } from './format';

type Filter = 'all' | RowState | 'attention';
const FILTERS: ReadonlyArray<FilterOption<BatchRowView> & { id: Filter }> = [
  { id: 'all', label: 'All', test: () => true },
  { id: 'attention', label: 'Needs attention', test: (r) => r.state === 'failed' || r.state === 'uncertain' || r.flagged },
  { id: 'provisioned', label: 'Provisioned', test: (r) => r.state === 'provisioned' },
  { id: 'failed', label: 'Failed', test: (r) => r.state === 'failed' },
  { id: 'uncertain', label: 'Uncertain', test: (r) => r.state === 'uncertain' },
  { id: 'pending', label: 'Pending', test: (r) => r.state === 'pending' },
  { id: 'queued', label: 'Queued', test: (r) => r.state === 'queued' || r.state === 'submitting' },
  { id: 'skipped', label: 'Skipped / cancelled', test: (r) => r.state === 'skipped' || r.state === 'cancelled' },
];

/** Filter counts from the same summary as the tiles, so a tile and its filter never disagree (the rows follow within a tenth of a second). */
function filterCounts(s: BatchSummary): Record<Filter, number> {
  const c = (state: RowState): number => s.counts[state] ?? 0;
  return {
    all: s.total,
    attention: c('failed') + c('uncertain') + s.flagged,
    provisioned: c('provisioned'),
    failed: c('failed'),
    uncertain: c('uncertain'),
    pending: c('pending'),
    queued: c('queued') + c('submitting'),
    submitting: c('submitting'),
    skipped: c('skipped') + c('cancelled'),
    cancelled: c('cancelled'),
  };
}

// Every column fits from 1250 px wide, where the "more columns to the right" hint is hidden (styles.css).
const COLUMNS: Column<BatchRowView>[] = [
  { key: 'line', header: 'Line', width: '3.5rem', className: 'c-line', render: (r) => r.line },
  { key: 'iccid', header: 'ICCID', width: '14.5rem', className: 'mono', render: (r) => groupIccid(r.iccid) },
  { key: 'state', header: 'State', width: '8.5rem', className: 'c-status', render: (r) => STATE_LABEL[r.state] },
  // The reason comes right after the state: on a narrow screen it must not scroll out of sight.
  { key: 'message', header: 'Message', width: 'minmax(8rem, 1fr)', className: 'c-message', render: (r) => r.message, title: (r) => r.message },
  { key: 'number', header: 'Number', width: '8.5rem', className: 'mono', render: (r) => r.number ?? '' },
  { key: 'nid', header: 'NID', width: '7rem', className: 'mono', render: (r) => r.nid ?? '', title: (r) => r.nid ?? '' },
  { key: 'order', header: 'OrderId', width: '7rem', className: 'mono', render: (r) => r.orderId ?? '', title: (r) => r.orderId ?? '' },
];

export function BatchPanel({
  summary: s,
  rows,
  // Only read to re-render: the rows changed in place.
  version: _version,
  onChanged,
  onPrintLabels,
}: {
  summary: BatchSummary;
  /** The batch's rows, patched in place (batch-rows.ts); `version` changes when they do. */
  rows: BatchRows;
  version: number;
  onChanged: (summary: BatchSummary) => void;
  onPrintLabels: () => void;
}) {
  const [filter, setFilter] = useState<Filter>('all');
  // Both count down between events: a hold sends none (docs/batches.md, "Time left").
  const held = useCountdown(s.heldSeconds, s.updatedAt);
  const eta = useCountdown(s.status === 'running' ? s.etaSeconds : null, s.updatedAt);
  const [activeRow, setActiveRow] = useState<BatchRowView | undefined>(undefined);
  const { note, downloaded } = useDownloadNote(s.id);
  // A batch just started or chosen: the focus goes to its name, next to Pause and Cancel.
  const title = useRef<HTMLHeadingElement>(null);
  useEffect(() => title.current?.focus(), [s.id]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const cancelDialog = useRef<HTMLDialogElement>(null);
  // A new filter is one pass over the rows; row updates then keep it current (batch-rows.ts). Set during
  // render (idempotent), so the table never shows one frame of the old filter.
  useMemo(() => rows.setFilter(filter === 'all' ? null : (FILTERS.find((f) => f.id === filter) ?? FILTERS[0]!).test), [rows, filter]);
  const counts = filterCounts(s);

  const actions = useRef<HTMLDivElement>(null);
  const [refocus, setRefocus] = useState(0);
  /** An action's answer is pending a focus check: consumed once, so a later status change never moves the focus. */
  const refocusPending = useRef(false);
  const act = async (call: Promise<Result<BatchSummary>>): Promise<void> => {
    setBusy(true);
    const r = await call;
    setBusy(false);
    if (r.ok) {
      setError(null);
      onChanged(r.value);
    } else setError(r.error.message);
    refocusPending.current = true;
    setRefocus((n) => n + 1);
  };
  // The button pressed is often gone after its action (Pause becomes Resume, Retry failed
  // goes when none are left): the focus goes to the first action now there, or the title,
  // never to the page (docs/batches.md, "Focus").
  useEffect(() => {
    if (refocus === 0 || !refocusPending.current) return;
    const active = document.activeElement;
    if (active && active !== document.body && active.isConnected && !(active as HTMLButtonElement).disabled) return;
    const next = actions.current?.querySelector<HTMLButtonElement>('button:not([disabled])');
    if (!next && s.status === 'running') return;
    refocusPending.current = false;
    (next ?? title.current)?.focus();
  }, [refocus, s.status]);

  // The bar shows SIMs provisioned (bought and recorded), not rows merely finished:
  // a cancelled or failed row is done but not provisioned.
  const provisioned = s.counts['provisioned'] ?? 0;
  const percent = s.total === 0 ? 0 : Math.round((provisioned / s.total) * 100);
  const open = s.status === 'running' || s.status === 'paused' || s.status === 'interrupted';
  // The end of a batch is announced: a summary with the next step here, and the chime of the alert every screen shows (BatchAlerts).
  const wasRunning = useRef(s.status === 'running');
  const [justEnded, setJustEnded] = useState(false);
  useEffect(() => {
    if (wasRunning.current && s.status === 'finished') {
      setJustEnded(true);
    }
    wasRunning.current = s.status === 'running';
  }, [s.status]);
  return (
    <section className="batch-panel" aria-labelledby="batch-title">
      <div className="preview-head">
        <div>
          <h2 id="batch-title" className="preview-title" ref={title} tabIndex={-1}>
            {s.name}
          </h2>
          <p className="field-hint">
            <span className={`env-chip env-chip-${s.environment}`}>{s.environment === 'practice' ? 'PRACTICE' : 'PRODUCTION'}</span> {STATUS_LABEL[s.status]} ·
            started {new Date(s.createdAt).toLocaleString()}
          </p>
          {held !== null && held.left > 0 && (
            <p className="notice held-notice" role="status">
              {/* The seconds change each second: a screen reader hears the time the hold ends, once. */}
              Held for <span aria-hidden="true">{formatDuration(held.left)}</span>
              <span className="visually-hidden">until {new Date(held.endsAt).toLocaleTimeString()}</span>: Telegent answered “too many requests” (HTTP 429), so
              every request waits until it says to go on. Nothing is lost; the batch goes on by itself.
            </p>
          )}
        </div>
        <div className="actions" ref={actions}>
          {s.status === 'running' && (
            <button type="button" className="button" disabled={busy} onClick={() => void act(api.batches.pause({ id: s.id }))}>
              Pause
            </button>
          )}
          {(s.status === 'paused' || s.status === 'interrupted') && (
            <button type="button" className="button button-primary" disabled={busy} onClick={() => void act(api.batches.resume({ id: s.id }))}>
              Resume
            </button>
          )}
          {open && (
            <button type="button" className="button" disabled={busy} onClick={() => cancelDialog.current?.showModal()}>
              Cancel batch…
            </button>
          )}
          {s.counts['failed']! > 0 && s.status !== 'cancelled' && (
            <button type="button" className="button" disabled={busy} onClick={() => void act(api.batches.retryFailed({ id: s.id }))}>
              Retry failed ({s.counts['failed']!.toLocaleString()})
            </button>
          )}
          {s.counts['uncertain']! > 0 && (
            <button type="button" className="button" disabled={busy} onClick={() => void act(api.batches.reconcile({ id: s.id }))}>
              Check uncertain ({s.counts['uncertain']!.toLocaleString()})
            </button>
          )}
          <button
            type="button"
            className="button"
            onClick={() =>
              void api.batches.resultsCsv({ id: s.id }).then((r) => {
                if (r.ok) {
                  downloadText(r.value.fileName, r.value.csv);
                  downloaded(r.value.fileName);
                } else setError(r.error.message);
              })
            }
          >
            Download results (CSV)
          </button>
        </div>
      </div>

      {note}
      <ConfirmDialog
        dialogRef={cancelDialog}
        title={`Cancel batch “${s.name}”?`}
        keepLabel="Keep the batch"
        confirmLabel="Cancel the batch"
        onConfirm={() => void act(api.batches.cancel({ id: s.id }))}
      >
        <p>Nothing more will be sent. This cannot be undone; the SIMs not sent can go in a new batch.</p>
        <ul>
          <li>{(s.counts['queued'] ?? 0).toLocaleString()} SIM(s) not sent yet are cancelled.</li>
          <li>{(s.counts['submitting'] ?? 0).toLocaleString()} request(s) already sent finish and are recorded.</li>
          <li>
            {(s.counts['pending'] ?? 0).toLocaleString()} pending order(s) and {(s.counts['uncertain'] ?? 0).toLocaleString()} uncertain SIM(s) are still
            checked with Telegent, because they may have been bought.
          </li>
        </ul>
      </ConfirmDialog>

      {s.message && (
        <p role="alert" className="notice">
          {s.message}
        </p>
      )}
      {error && (
        <p role="alert" className="error-box">
          {error}
        </p>
      )}

      {s.cancelled && (
        <div role="status" className="notice">
          <p>
            <strong>Cancelled at {new Date(s.cancelled.at).toLocaleTimeString()}.</strong> Requests already sent when you cancelled finished afterwards:{' '}
            {s.cancelled.provisioned.toLocaleString()} provisioned, {s.cancelled.failed.toLocaleString()} failed
            {s.cancelled.skipped > 0 ? `, ${s.cancelled.skipped.toLocaleString()} found bought earlier` : ''}.
            {(s.counts['submitting'] ?? 0) > 0 ? ` ${(s.counts['submitting'] ?? 0).toLocaleString()} request(s) are still on their way.` : ''}
            {(s.counts['pending'] ?? 0) + (s.counts['uncertain'] ?? 0) > 0
              ? ` ${((s.counts['pending'] ?? 0) + (s.counts['uncertain'] ?? 0)).toLocaleString()} SIM(s) are still being checked with Telegent.`
              : ''}
          </p>
        </div>
      )}
      {s.status === 'finished' && (
        <div role="status" className={`batch-done${justEnded ? ' flash' : ''}`}>
          <p>
            <strong>Batch finished:</strong> {provisioned.toLocaleString()} provisioned
            {s.counts['failed'] ? `, ${s.counts['failed'].toLocaleString()} failed` : ''}
            {s.counts['uncertain'] ? `, ${s.counts['uncertain'].toLocaleString()} uncertain` : ''}
            {s.counts['skipped'] ? `, ${s.counts['skipped'].toLocaleString()} bought earlier` : ''}.
          </p>
          <button type="button" className="button button-primary" onClick={onPrintLabels}>
            Print labels
          </button>
        </div>
      )}

      <p className="batch-percent" aria-hidden="true">
        {percent}% <span>provisioned</span>
      </p>
      <div
        className="progress"
        role="progressbar"
        aria-label="Batch progress"
        aria-valuemin={0}
        aria-valuemax={s.total}
        aria-valuenow={provisioned}
        aria-valuetext={`${provisioned} of ${s.total} provisioned`}
      >
        <div className={`progress-fill${s.status === 'running' ? ' live' : ''}`} style={{ width: `${percent}%` }} />
      </div>
      <dl className="tiles" aria-label="Batch counts">
        <Tile label="Provisioned" tone="main">
          {s.counts['provisioned']!.toLocaleString()} / {s.total.toLocaleString()}
        </Tile>
        <Tile label="Failed" tone="error">
          {s.counts['failed']!.toLocaleString()}
        </Tile>
        <Tile label="Uncertain" tone="warn">
          {s.counts['uncertain']!.toLocaleString()}
        </Tile>
        <Tile label="Pending orders">{s.counts['pending']!.toLocaleString()}</Tile>
        <Tile label="Rate (last minute)">{s.status === 'running' ? `${s.ratePerMinute.toLocaleString()}/min` : '—'}</Tile>
        <Tile label="Time left">
          {s.status === 'running' ? (eta === null ? 'estimating…' : formatDuration(eta.left)) : s.status === 'finished' ? 'Done' : '—'}
        </Tile>
      </dl>

      <div className="filter-bar">
        <RowFilter name="batch-filter" label="Show batch rows" options={FILTERS} counts={counts} selected={filter} onSelect={(id) => setFilter(id as Filter)} />
      </div>
      <p className="field-hint scroll-hint">
        More columns (Number, NID, OrderId) are to the right: scroll the table sideways, or select a row to see them all below it.
      </p>
      <VirtualTable
        count={rows.count()}
        rowAt={(i) => rows.rowAt(i)}
        columns={COLUMNS}
        rowKey={(r) => r.index}
        rowClass={(r) => `state-${r.state}`}
        label={`Rows of batch ${s.name}`}
        empty="No rows in this view."
        minWidth="62rem"
        onActive={setActiveRow}
      />
      <BatchRowDetail row={activeRow} />
    </section>
  );
}
