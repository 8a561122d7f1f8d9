/** One import row in full: every finding with what to do, the raw value and the per-SIM overrides. */
import type { ImportRow } from '../../../preload/views';
import { groupIccid } from './file-bytes';
import { reasonOf } from './reasons';

const SEVERITY: Readonly<Record<ImportRow['findings'][number]['severity'], string>> = { error: '✗ Error', warning: '! Check', notice: '⊘ Left out' };

export function ImportRowDetail({ row }: { row: ImportRow | undefined }) {
  return (
    <section className="row-detail" aria-label="Row details" aria-live="polite">
      {row === undefined ? (
        <p className="field-hint">Select a row (click it, or use the arrow keys in the table) to see its findings in full.</p>
      ) : (
        <>
          <h3>
            Line {row.line}: <span className="mono">{row.iccid ? groupIccid(row.iccid) : JSON.stringify(row.raw)}</span>
            <span className="field-hint"> · {row.excluded ? 'left out' : 'included'}</span>
          </h3>
          {row.findings.length === 0 ? (
            <p>No findings: this SIM is ready to provision.</p>
          ) : (
            <ul>
              {row.findings.map((f, i) => (
                <li key={i} className={`finding-${f.severity}`}>
                  <strong>
                    {SEVERITY[f.severity]}: {reasonOf(f.code)}.
                  </strong>{' '}
                  {f.message}
                </li>
              ))}
            </ul>
          )}
          {row.iccid !== null && row.raw !== row.iccid && (
            <p className="field-hint">
              As written in the file: <span className="mono">{JSON.stringify(row.raw)}</span>
            </p>
          )}
          {Object.keys(row.overrides).length > 0 && (
            <p className="field-hint">
              Per-SIM values:{' '}
              {Object.entries(row.overrides)
                .map(([field, value]) => `${field} ${value}`)
                .join(', ')}
            </p>
          )}
        </>
      )}
    </section>
  );
}
