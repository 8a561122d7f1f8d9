/**
 * The other stations' running batches, in a fleet (docs/fleet.md, "Fleet view"): station,
 * batch, progress and rate, and when the account was last audited and by which station,
 * refreshed every two seconds while this screen is open.
 * Nothing is shown for a station alone.
 */
import { useEffect, useState } from 'react';
import type { FleetAuditView, FleetBatch } from '../../../preload/views';
import { api } from '../api';
import { useFleet } from '../stores';

const REFRESH_MS = 2_000;

export function OtherStations() {
  const live = useFleet();
  const fleet = live.state === 'ready' ? live.value : null;
  const [batches, setBatches] = useState<readonly FleetBatch[]>([]);
  const [audit, setAudit] = useState<FleetAuditView | null>(null);

  useEffect(() => {
    if (!fleet?.joined) return;
    let stopped = false;
    const load = (): void => {
      void api.fleet.others().then((r) => {
        if (!stopped && r.ok) setBatches(r.value);
      });
      void api.fleet.lastAudit().then((r) => {
        if (!stopped && r.ok) setAudit(r.value);
      });
    };
    load();
    const timer = setInterval(load, REFRESH_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [fleet?.joined]);

  if (!fleet?.joined) return null;
  return (
    <section className="card history" aria-labelledby="other-stations">
      <h2 id="other-stations">Other stations</h2>
      {!fleet.available && (
        <p role="alert" className="error-box">
          The fleet database does not answer ({fleet.problem}): batches here wait for it, nothing is sent meanwhile.
        </p>
      )}
      <p className="field-hint">
        {audit
          ? `The account was last audited ${new Date(audit.at).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })} by ${audit.station}: ` +
            `${audit.numbers.toLocaleString()} numbers, ${audit.findings} finding(s).`
          : 'No station of the fleet has audited the account yet (Account screen).'}
      </p>
      {batches.length === 0 ? (
        <p className="field-hint">No other station of the fleet is running a batch.</p>
      ) : (
        <table className="history-table">
          <thead>
            <tr>
              <th scope="col">Station</th>
              <th scope="col">Batch</th>
              <th scope="col">Progress</th>
              <th scope="col">SIMs per minute</th>
            </tr>
          </thead>
          <tbody>
            {batches.map((b) => (
              <tr key={`${b.station}|${b.batchId}`}>
                <td>{b.station}</td>
                <td>{b.name}</td>
                <td>
                  <progress max={b.total} value={b.done} aria-label={`${b.name} on ${b.station}`} /> {b.done} of {b.total}
                </td>
                <td>{Math.round(b.ratePerMinute)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
