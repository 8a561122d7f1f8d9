/**
 * Printers labels go to directly (docs/printing.md): a networked Zebra (tcp://HOST) or a
 * CUPS queue (cups:QUEUE), saved by name, each with a status check and a test label.
 * Their calibration is set on the Labels screen, per printer and stock.
 */
import { DpiOptions, dpiOf } from '../labels/DpiOptions';
import { useId, useState } from 'react';
import type { DirectPrinter } from '../../../preload/domain';
import type { SettingsView } from '../../../preload/views';
import { api } from '../api';
import { ActionButton } from '../components/ActionButton';
import { GridForm } from '../components/GridForm';
import { useAction } from '../hooks/useAction';
import { useApi } from '../hooks/useApi';

export function PrintersCard({ settings, onChanged }: { settings: SettingsView; onChanged: () => void }) {
  const ids = { name: useId(), address: useId(), dpi: useId(), dpiHint: useId(), queues: useId() };
  const queues = useApi(() => api.labels.cupsQueues());
  const [draft, setDraft] = useState<{ name: string; address: string; dpi: DirectPrinter['dpi'] }>({ name: '', address: '', dpi: 203 });
  const action = useAction();
  const printers = settings.labels.printers;
  const stockId = settings.labels.stockId;

  const save = async (): Promise<void> => {
    const saved = await action.run(
      'Saving the printer',
      () => api.labels.savePrinter({ ...draft, name: draft.name.trim() }),
      () => `Printer "${draft.name.trim()}" saved.`,
    );
    if (saved) {
      setDraft({ name: '', address: '', dpi: 203 });
      onChanged();
    }
  };

  return (
    <section className="card" aria-labelledby="printers-title">
      <h2 id="printers-title">Label printers</h2>
      <p className="field-hint">
        Printers SimFleet sends labels to directly: a Zebra on the network (<span className="mono">tcp://10.0.0.7</span>, port 9100) or a CUPS queue (
        <span className="mono">cups:Office_Laser</span>). The Zebra&apos;s status (labels, ribbon, head) is checked before every job.
      </p>
      {printers.length > 0 && (
        <ul className="printer-list">
          {printers.map((p) => (
            <li key={p.name}>
              <span>
                <strong>{p.name}</strong> <span className="mono">{p.address}</span>
                {` · ${p.dpi} dpi`}
              </span>
              <span className="actions">
                <ActionButton
                  action={action}
                  className="button button-small"
                  what={`Checking ${p.name}`}
                  call={() => api.labels.printerStatus({ name: p.name })}
                  done={(r) => r.message}
                >
                  Check status
                </ActionButton>
                <ActionButton
                  action={action}
                  className="button button-small"
                  what={`Test label on ${p.name}`}
                  call={() => api.labels.testPrint({ name: p.name, stockId })}
                  done={(r) => r.message}
                >
                  Print a test label
                </ActionButton>
                <ActionButton
                  action={action}
                  className="button button-small"
                  what={`Removing ${p.name}`}
                  call={() => api.labels.deletePrinter({ name: p.name })}
                  done={() => `Printer "${p.name}" removed.`}
                  then={onChanged}
                >
                  Remove
                </ActionButton>
              </span>
            </li>
          ))}
        </ul>
      )}
      <GridForm onSubmit={save}>
        <div className="field">
          <label htmlFor={ids.name}>Printer name</label>
          <input id={ids.name} value={draft.name} placeholder="e.g. Line A Zebra" onChange={(e) => setDraft((d) => ({ ...d, name: e.target.value }))} />
        </div>
        <div className="field">
          <label htmlFor={ids.address}>Address</label>
          <input
            id={ids.address}
            className="mono"
            value={draft.address}
            placeholder="tcp://10.0.0.7 or cups:QUEUE"
            list={ids.queues}
            onChange={(e) => setDraft((d) => ({ ...d, address: e.target.value }))}
          />
          {/* The CUPS queues of this computer, offered as you type; any address can still be typed. */}
          <datalist id={ids.queues}>{queues.state === 'ready' && queues.value.map((q) => <option key={q.name} value={`cups:${q.name}`} />)}</datalist>
        </div>
        <div className="field">
          <label htmlFor={ids.dpi}>Resolution</label>
          <select id={ids.dpi} value={draft.dpi} aria-describedby={ids.dpiHint} onChange={(e) => setDraft((d) => ({ ...d, dpi: dpiOf(e.target.value) }))}>
            <DpiOptions />
          </select>
          <p className="field-hint" id={ids.dpiHint}>
            Labels sent to this printer are laid out for its resolution, whatever the Labels screen says.
          </p>
        </div>
        <div className="actions field-wide">
          <button type="submit" className="button" disabled={action.busy !== null || draft.name.trim() === '' || draft.address.trim() === ''}>
            Save printer
          </button>
        </div>
      </GridForm>
      {action.feedback}
    </section>
  );
}
