/** Which environment the station is in, and the guarded switch to production. */
import { useRef, useState } from 'react';
import type { CredentialStatus, SettingsView } from '../../../preload/views';
import { api } from '../api';
import { keepTabInside } from '../components/keep-tab-inside';

export function EnvironmentCard({ settings, credentials, onChanged }: { settings: SettingsView; credentials: CredentialStatus | null; onChanged: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const production = settings.environment === 'production';
  // One rule, in main (main/environment/production-tested.ts): the same the batch gate asks.
  const tested = credentials?.productionTested ?? false;
  const ready = Boolean(credentials?.set) && tested;

  const switchTo = async (to: 'practice' | 'production', confirmed: boolean): Promise<void> => {
    setBusy(true);
    const result = await api.environment.switch({ to, confirmed });
    setBusy(false);
    dialog.current?.close();
    if (!result.ok) setError(result.error.message);
    else {
      setError(null);
      onChanged();
    }
  };

  return (
    <section className="card" aria-labelledby="settings-environment">
      <h2 id="settings-environment">Environment</h2>
      <p className="env-now">
        This station is in <strong>{production ? 'PRODUCTION: every activation buys a real number' : 'PRACTICE mode: nothing is bought'}</strong>.
      </p>
      {!production && (
        <>
          <ul className="checklist" aria-label="Production readiness">
            <li className={credentials?.set ? 'done' : 'todo'}>{credentials?.set ? '✓' : '✗'} Telegent credentials saved</li>
            <li className={tested ? 'done' : 'todo'}>{tested ? '✓' : '✗'} Connection test passed with those credentials</li>
          </ul>
          <button type="button" className="button button-danger" disabled={!ready || busy} onClick={() => dialog.current?.showModal()}>
            Switch to production…
          </button>
          {!ready && <p className="field-hint">Save the credentials and pass a connection test first.</p>}
        </>
      )}
      {production && (
        <button type="button" className="button" disabled={busy} onClick={() => void switchTo('practice', false)}>
          Switch to practice mode
        </button>
      )}
      {error && (
        <p role="alert" className="error-text">
          {error}
        </p>
      )}
      <dialog
        ref={dialog}
        className="confirm-dialog"
        aria-labelledby="confirm-production-title"
        aria-describedby="confirm-production-text"
        onKeyDown={keepTabInside}
      >
        <h2 id="confirm-production-title">Switch to PRODUCTION?</h2>
        <p id="confirm-production-text">
          From now on every activation buys a real Telegent number. Account: <strong className="mono">{credentials?.accountKeyHint ?? '?'}</strong>, at{' '}
          <span className="mono">{settings.production.apiBaseUrl}</span>. Practice batches and data stay in the practice folder.
        </p>
        <div className="dialog-actions">
          <button type="button" className="button" autoFocus onClick={() => dialog.current?.close()}>
            Cancel
          </button>
          <button type="button" className="button button-danger" disabled={busy} onClick={() => void switchTo('production', true)}>
            Switch to production
          </button>
        </div>
      </dialog>
    </section>
  );
}
