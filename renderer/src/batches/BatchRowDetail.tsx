/** One batch row in full: its whole message and every identifier, none cut off or only in a tooltip. */
import type { BatchRowView } from '../../../preload/views';
import { groupIccid } from '../import/file-bytes';
import { STATE_LABEL } from './format';

export function BatchRowDetail({ row }: { row: BatchRowView | undefined }) {
  return (
    <section className="row-detail" aria-label="Row details" aria-live="polite">
      {row === undefined ? (
        <p className="field-hint">Select a row (click it, or use the arrow keys in the table) to see it in full.</p>
      ) : (
        <>
          <h3>
            Line {row.line}: <span className="mono">{groupIccid(row.iccid)}</span> · {STATE_LABEL[row.state]}
          </h3>
          <p>{row.message || 'No message.'}</p>
          <dl>
            {(
              [
                ['Number', row.number],
                ['NID', row.nid],
                ['OrderId', row.orderId],
                // The last status a poll saw; once a row failed or was skipped its message says how the order ended.
                ['Order status', row.state === 'pending' || row.state === 'provisioned' || row.state === 'failed' ? row.orderStatus : null],
                ['Subscriber', row.subscriberId],
                ['Attempts', String(row.attempts)],
                ['Last change', row.updatedAt ? new Date(row.updatedAt).toLocaleString() : null],
              ] as const
            )
              .filter(([, value]) => value !== null && value !== '')
              .map(([name, value]) => (
                <div key={name} style={{ display: 'contents' }}>
                  <dt>{name}</dt>
                  <dd className={name === 'Attempts' || name === 'Last change' ? undefined : 'mono'}>{value}</dd>
                </div>
              ))}
          </dl>
        </>
      )}
    </section>
  );
}
