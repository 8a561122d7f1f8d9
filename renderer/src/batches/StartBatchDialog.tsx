/**
 * The one confirmation before money is spent: environment, count, profile and the
 * estimated time, stated plainly.
 */
import { useEffect, useId, useRef, useState } from 'react';
import type { BatchEstimate, BatchSummary } from '../../../preload/views';
import { api } from '../api';
import { reasonOf } from '../import/reasons';
import { formatDuration } from './format';
import { keepTabInside } from '../components/keep-tab-inside';

export function StartBatchDialog({ importId, onClose, onStarted }: { importId: string; onClose: () => void; onStarted: (batch: BatchSummary) => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const nameId = useId();
  const [estimate, setEstimate] = useState<BatchEstimate | null>(null);
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    dialog.current?.showModal();
    void api.batches.estimate({ importId }).then((r) => {
      if (r.ok) {
        setEstimate(r.value);
        setName(r.value.suggestedName);
      } else setError(r.error.message);
    });
  }, [importId]);

  const start = async (): Promise<void> => {
    setBusy(true);
    const r = await api.batches.start({ importId, name });
    setBusy(false);
    if (r.ok) {
      dialog.current?.close();
      onStarted(r.value);
    } else setError(r.error.message);
  };

  const production = estimate?.environment === 'production';
  const p = estimate?.profile;
  return (
    <dialog
      ref={dialog}
      className={`confirm-dialog ${production ? '' : 'practice-dialog'}`}
      aria-labelledby="start-batch-title"
      onKeyDown={keepTabInside}
      onClose={onClose}
      // Escape: said at once (the dialog still closes itself, giving the focus back). The "close"
      // event comes a task later, and a shortcut pressed in between (Alt+B) would find the dialog
      // still marked open and not open it again.
      onCancel={onClose}
    >
      <h2 id="start-batch-title">
        {production ? `Buy ${estimate?.count ?? ''} numbers in PRODUCTION?` : `Start a PRACTICE batch of ${estimate?.count ?? ''} SIMs?`}
      </h2>
      {estimate === null && !error && <p role="status">Working out the estimate…</p>}
      {estimate && p && (
        <>
          <dl className="facts">
            <dt>Environment</dt>
            <dd>
              <strong>{production ? 'PRODUCTION: every SIM buys a real number' : 'PRACTICE: nothing is bought'}</strong>
            </dd>
            <dt>SIMs</dt>
            <dd>{estimate.count.toLocaleString()}</dd>
            <dt>Profile</dt>
            <dd>
              {p.NumberType} · {p.MessageType} · {p.ProductType} · SMS {p.MessageEnabled ? 'on' : 'off'}, data {p.DataEnabled ? 'on' : 'off'}, voice{' '}
              {p.VoiceEnabled ? 'on' : 'off'}
            </dd>
            <dt>Message route</dt>
            <dd className="mono">{p.MessageRouteId}</dd>
            {p.AssignedSubscriberId && (
              <>
                <dt>Subscriber</dt>
                <dd className="mono">{p.AssignedSubscriberId}</dd>
              </>
            )}
            {(p.AreaCode || p.ZipCode) && (
              <>
                <dt>Area / ZIP</dt>
                <dd>{[p.AreaCode, p.ZipCode].filter(Boolean).join(' / ')}</dd>
              </>
            )}
            <dt>Telegent</dt>
            <dd className="mono">{estimate.apiBaseUrl}</dd>
            <dt>Estimated time</dt>
            <dd>
              about {formatDuration(estimate.estimatedSeconds)} at {estimate.rateLimitPerMinute} requests per minute
            </dd>
            {estimate.warnings.count > 0 && (
              <>
                <dt>Kept in with warnings</dt>
                <dd>
                  {estimate.warnings.count.toLocaleString()} SIM(s):{' '}
                  {estimate.warnings.first.map((w) => `line ${w.line} (${w.codes.map(reasonOf).join(', ').toLowerCase()})`).join('; ')}
                  {estimate.warnings.count > estimate.warnings.first.length ? '; …' : ''}
                </dd>
              </>
            )}
            {estimate.overrides.length > 0 && (
              <>
                <dt>Per-SIM values</dt>
                <dd>{estimate.overrides.map((o) => `${o.field} on ${o.count.toLocaleString()} SIM(s)`).join(', ')}, instead of the profile's</dd>
              </>
            )}
          </dl>
          <div className="field">
            <label htmlFor={nameId}>Batch name</label>
            <input id={nameId} value={name} maxLength={120} onChange={(e) => setName(e.target.value)} />
          </div>
          {estimate.blockers.length > 0 && (
            <ul role="alert" className="error-box blockers">
              {estimate.blockers.map((b) => (
                <li key={b}>{b}</li>
              ))}
            </ul>
          )}
        </>
      )}
      {error && (
        <p role="alert" className="error-box">
          {error}
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" className="button" autoFocus onClick={() => dialog.current?.close()}>
          Cancel
        </button>
        <button
          type="button"
          className={`button ${production ? 'button-danger' : 'button-primary'}`}
          disabled={busy || !estimate || estimate.blockers.length > 0 || name.trim() === ''}
          onClick={() => void start()}
        >
          {production ? `Buy ${estimate?.count.toLocaleString() ?? ''} numbers` : 'Start practice batch'}
        </button>
      </div>
    </dialog>
  );
}
