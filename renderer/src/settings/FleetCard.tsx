/**
 * Fleet (docs/fleet.md): several stations on one Telegent account share a PostgreSQL
 * database (claims, ledger, rate budget). Join with the database URL, a password (kept in
 * the OS keychain) and this station's name; test first; leave. The card says whether the
 * database answers now.
 */
import { useId, useState } from 'react';
import type { FleetStatus } from '../../../preload/views';
import { api } from '../api';
import { ActionButton } from '../components/ActionButton';
import { GridForm } from '../components/GridForm';
import { useAction } from '../hooks/useAction';
import { fleetStore, useFleet } from '../stores';

export function FleetCard() {
  const ids = { url: useId(), password: useId(), station: useId(), ca: useId() };
  const fleet = useFleet();
  const status = fleet.state === 'ready' ? fleet.value : null;
  const setStatus = (next: FleetStatus): void => fleetStore.set(next);
  const [draft, setDraft] = useState({ url: '', password: '', station: '', caFile: '' });
  const action = useAction();

  const set = (key: keyof typeof draft, value: string): void => setDraft((d) => ({ ...d, [key]: value }));
  const join = async (): Promise<void> => {
    const joined = await action.run(
      'Joining the fleet',
      () => api.fleet.join(draft),
      () => 'Joined: claims, purchases and the rate budget are shared from now on.',
    );
    if (joined) {
      setStatus(joined);
      setDraft((d) => ({ ...d, password: '' }));
    }
  };

  return (
    <section className="card" aria-labelledby="fleet-title">
      <h2 id="fleet-title">Fleet</h2>
      <p className="field-hint">
        Several stations on one Telegent account share a PostgreSQL database, so no SIM is bought twice and together they stay within the account&apos;s
        requests per minute. A station alone needs none.
      </p>
      {status?.joined && (
        <p role="status" className={status.available ? 'fleet-state' : 'fleet-state fleet-state-down'}>
          This station is <strong>{status.station}</strong> in the fleet at <span className="mono">{status.database}</span>
          {status.tls ? ` (${status.tls})` : ''}:{' '}
          {status.available ? 'the database answers.' : `the database does not answer (${status.problem ?? 'no answer'}); batches wait for it.`}
        </p>
      )}
      {status && !status.joined && status.configured && (
        <p role="alert" className="error-box">
          This station is set up for the fleet at <span className="mono">{status.database}</span> but could not join it: {status.problem}
        </p>
      )}
      {status?.joined ? (
        <div className="actions">
          <ActionButton action={action} what="Leaving the fleet" call={() => api.fleet.leave()} done={() => 'This station works alone now.'} then={setStatus}>
            Leave fleet
          </ActionButton>
        </div>
      ) : (
        <GridForm onSubmit={join}>
          <div className="field field-wide">
            <label htmlFor={ids.url}>Database URL</label>
            <input
              id={ids.url}
              className="mono"
              value={draft.url}
              placeholder="postgres://station1@db.example:5432/simfleet"
              autoComplete="off"
              onChange={(e) => set('url', e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor={ids.password}>Password</label>
            <input id={ids.password} type="password" value={draft.password} autoComplete="off" onChange={(e) => set('password', e.target.value)} />
            <span className="field-hint">Kept in the {status?.storage === 'memory' ? 'memory of this session' : 'OS keychain'}, never in settings.</span>
          </div>
          <div className="field">
            <label htmlFor={ids.station}>Station name</label>
            <input id={ids.station} value={draft.station} placeholder="this computer's name" onChange={(e) => set('station', e.target.value)} />
          </div>
          <div className="field field-wide">
            <label htmlFor={ids.ca}>CA certificate file (TLS, optional)</label>
            <input id={ids.ca} className="mono" value={draft.caFile} placeholder="/etc/ssl/simfleet-ca.pem" onChange={(e) => set('caFile', e.target.value)} />
          </div>
          <div className="actions field-wide">
            <ActionButton
              action={action}
              what="Testing the database"
              call={() => api.fleet.test(draft)}
              done={(r) => r.message}
              disabled={draft.url.trim() === ''}
            >
              Test connection
            </ActionButton>
            <button type="submit" className="button button-primary" disabled={action.busy !== null || draft.url.trim() === ''}>
              Join fleet
            </button>
          </div>
        </GridForm>
      )}
      {action.feedback}
    </section>
  );
}
