/** Every batch on this station (this environment), newest first; unfinished ones can be resumed. */
import { useEffect, useState } from 'react';
import type { BatchSummary } from '../../../preload/views';
import { api } from '../api';
import { downloadText } from '../import/file-bytes';
import { STATUS_LABEL } from './format';

/** Says when the purchase log has damaged lines: those SIMs are looked up before any purchase. */
function PurchaseLogDamage() {
  const [damage, setDamage] = useState<ReadonlyArray<{ line: number; reason: string; iccids: readonly string[] }>>([]);
  useEffect(() => {
    void api.batches.purchaseLogDamage().then((r) => r.ok && setDamage(r.value));
  }, []);
  if (damage.length === 0) return null;
  return (
    <div role="alert" className="notice">
      The purchase log is damaged at line{damage.length > 1 ? 's' : ''} {damage.map((d) => d.line).join(', ')} ({damage[0]!.reason}). SimFleet looks up
      {damage.some((d) => d.iccids.length > 0) ? ` ${damage.flatMap((d) => d.iccids).join(', ')}` : ' the SIMs it may concern'} with Telegent before buying
      anything for them. Keep the file for support.
    </div>
  );
}

export function BatchHistory({ batches, selected, onSelect }: { batches: readonly BatchSummary[]; selected: string | null; onSelect: (id: string) => void }) {
  return (
    <section className="card history" aria-labelledby="history-title">
      <PurchaseLogDamage />
      <div className="preview-head">
        <h2 id="history-title">Batch history</h2>
        <button
          type="button"
          className="button"
          onClick={() =>
            void api.batches.purchaseLogCsv().then((r) => {
              if (r.ok) downloadText(r.value.fileName, r.value.csv);
            })
          }
        >
          Export purchase log (CSV)
        </button>
      </div>
      {batches.length === 0 ? (
        <p>No batches yet. Import a list of SIMs and press "Start batch…".</p>
      ) : (
        <table className="history-table">
          <thead>
            <tr>
              <th scope="col">Batch</th>
              <th scope="col">Started</th>
              <th scope="col">Status</th>
              <th scope="col">Provisioned</th>
              <th scope="col">Failed / uncertain</th>
            </tr>
          </thead>
          <tbody>
            {batches.map((b) => (
              <tr key={b.id} className={b.id === selected ? 'selected' : ''}>
                <td>
                  <button type="button" className="link-button" aria-current={b.id === selected ? 'true' : undefined} onClick={() => onSelect(b.id)}>
                    {b.name}
                  </button>
                </td>
                <td>{b.createdAt ? new Date(b.createdAt).toLocaleString() : '—'}</td>
                <td className={`status-${b.status}`}>
                  {STATUS_LABEL[b.status]}
                  {b.status === 'damaged' && b.message && <div className="row-message">{b.message}</div>}
                </td>
                <td>
                  {b.counts['provisioned']} / {b.total}
                </td>
                <td>
                  {b.counts['failed']} / {b.counts['uncertain']}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
