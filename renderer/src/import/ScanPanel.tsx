/**
 * Scanner station mode: the scan field owns the focus; every scan (keyboard-wedge
 * keystrokes ending in Enter or Tab) is answered at once with a sound, a coloured
 * flash and large text readable from a metre away.
 */
import { useEffect, useRef, useState } from 'react';
import type { ImportView, ScanResult } from '../../../preload/contract';
import { api } from '../api';
import { ScanField } from '../components/ScanField';
import { playScanSound } from './feedback';
import { groupIccid } from './file-bytes';

export function ScanPanel({ session, onFinish, onCancel }: { session: ImportView; onFinish: (view: ImportView) => void; onCancel: () => void }) {
  const field = useRef<HTMLInputElement>(null);
  const [value, setValue] = useState('');
  const [last, setLast] = useState<ScanResult | null>(null);
  const [flash, setFlash] = useState(0);
  const [accepted, setAccepted] = useState<ReadonlyArray<{ iccid: string; line: number; warning: boolean }>>([]);
  const [rejected, setRejected] = useState(0);
  // Every scan is queued and answered in order, however fast the scanner sends them: a scan
  // that arrives while the previous one is being checked is never dropped.
  const queue = useRef<Promise<void>>(Promise.resolve());
  const finishButton = useRef<HTMLButtonElement>(null);
  const cancelButton = useRef<HTMLButtonElement>(null);

  useEffect(() => field.current?.focus(), []);

  const submit = (): void => {
    // Read from the field itself: a wedge types faster than React re-renders.
    const text = field.current?.value ?? value;
    setValue('');
    if (field.current) field.current.value = '';
    if (text.trim() === '') return;
    queue.current = queue.current.then(() => check(text));
  };

  const check = async (text: string): Promise<void> => {
    const result = await api.imports.scan({ id: session.id, value: text });
    if (!result.ok) {
      setLast({ accepted: false, message: result.error.message, iccid: null, summary: session.summary, row: null });
      playScanSound(false);
    } else {
      setLast(result.value);
      playScanSound(result.value.accepted);
      if (result.value.accepted && result.value.row) {
        const row = result.value.row;
        setAccepted((list) => [{ iccid: row.iccid ?? '', line: row.line, warning: row.status === 'warning' }, ...list]);
      } else setRejected((n) => n + 1);
    }
    setFlash((n) => n + 1);
    field.current?.focus();
  };

  const finish = async (): Promise<void> => {
    const result = await api.imports.get({ id: session.id });
    if (result.ok) onFinish(result.value);
  };

  return (
    <div className="scan-panel">
      <div className="scan-entry">
        <label htmlFor="scan-input" className="scan-label">
          Scan an ICCID barcode
        </label>
        <ScanField
          id="scan-input"
          inputRef={field}
          value={value}
          onChange={setValue}
          onScan={submit}
          onEscape={() => (accepted.length > 0 ? finishButton : cancelButton).current?.focus()}
          onBlur={() => {
            // Scan mode owns the focus: a stray click must not swallow the next scan (Esc leaves on purpose).
            setTimeout(() => {
              const active = document.activeElement;
              if (!active || active === document.body) field.current?.focus();
            }, 0);
          }}
        />
      </div>
      <div
        key={flash}
        role="status"
        aria-live="assertive"
        className={`scan-result ${last === null ? 'scan-idle' : last.accepted ? 'scan-ok flash' : 'scan-bad flash'}`}
      >
        {last === null ? 'Ready: scan the first card.' : `${last.accepted ? '✓' : '✗'} ${last.message}`}
      </div>
      <div className="scan-counts" aria-label="Scan counts">
        <span>
          <strong>{accepted.length}</strong> accepted
        </span>
        <span>
          <strong>{rejected}</strong> rejected
        </span>
      </div>
      <div className="actions">
        <button ref={finishButton} type="button" className="button button-primary" disabled={accepted.length === 0} onClick={() => void finish()}>
          Finish and review ({accepted.length})
        </button>
        <button ref={cancelButton} type="button" className="button" onClick={onCancel}>
          Cancel scan session
        </button>
      </div>
      <ol className="scan-list" aria-label="Scanned ICCIDs, newest first">
        {accepted.slice(0, 200).map((a) => (
          <li key={a.line} className={a.warning ? 'warn' : ''}>
            <span className="mono">{groupIccid(a.iccid)}</span>
            <span className="field-hint">
              scan {a.line}
              {a.warning ? ' · check this card' : ''}
            </span>
          </li>
        ))}
      </ol>
    </div>
  );
}
