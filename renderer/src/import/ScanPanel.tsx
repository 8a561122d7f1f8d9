/**
 * Scanner station mode: the scan field owns the focus; every scan (keyboard-wedge
 * keystrokes ending in Enter or Tab) is answered at once with a sound, a coloured
 * flash and large text readable from a metre away.
 */
import { useEffect, useRef, useState } from 'react';
import type { ImportView, ScanResult } from '../../../preload/views';
import { api } from '../api';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { ScanField } from '../components/ScanField';
import { playScanSound } from './feedback';
import { groupIccid } from './file-bytes';

/** Scans listed on screen, newest first (the session itself has them all). */
const RECENT = 200;

export function ScanPanel({ session, onFinish, onCancel }: { session: ImportView; onFinish: (view: ImportView) => void; onCancel: () => void }) {
  const field = useRef<HTMLInputElement>(null);
  const [value, setValue] = useState('');
  const [last, setLast] = useState<ScanResult | null>(null);
  const [flash, setFlash] = useState(0);
  // Counts and the recent scans come from main, where the session is saved: back on this
  // screen (or after a restart) the list is as it was.
  const [count, setCount] = useState(session.summary.rows);
  const [accepted, setAccepted] = useState<ReadonlyArray<{ iccid: string; line: number; warning: boolean }>>([]);
  const [rejected, setRejected] = useState(session.rejectedScans);
  const cancelDialog = useRef<HTMLDialogElement>(null);
  // Every scan is queued and answered in order, however fast the scanner sends them: a scan
  // that arrives while the previous one is being checked is never dropped.
  const queue = useRef<Promise<void>>(Promise.resolve());
  const finishButton = useRef<HTMLButtonElement>(null);
  const cancelButton = useRef<HTMLButtonElement>(null);

  useEffect(() => field.current?.focus(), []);

  useEffect(() => {
    const total = session.summary.rows;
    if (total === 0) return;
    void api.imports.rows({ id: session.id, filter: 'all', offset: Math.max(0, total - RECENT), limit: RECENT }).then((page) => {
      if (!page.ok) return;
      const saved = page.value.rows.map((r) => ({ iccid: r.iccid ?? '', line: r.line, warning: r.status === 'warning' })).reverse();
      setAccepted((now) => (now.length > 0 ? now : saved));
    });
  }, [session.id, session.summary.rows]);

  const discard = async (): Promise<void> => {
    await queue.current;
    const result = await api.imports.discardScan({ id: session.id });
    if (result.ok) onCancel();
    else setLast({ accepted: false, message: result.error.message, iccid: null, summary: session.summary, row: null });
  };

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
        setAccepted((list) => [{ iccid: row.iccid ?? '', line: row.line, warning: row.status === 'warning' }, ...list].slice(0, RECENT));
        setCount(result.value.summary.rows);
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
          onEscape={() => (count > 0 ? finishButton : cancelButton).current?.focus()}
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
      <div className="scan-counts" role="group" aria-label="Scan counts">
        <span>
          <strong>{count.toLocaleString()}</strong> accepted
        </span>
        <span>
          <strong>{rejected.toLocaleString()}</strong> rejected
        </span>
      </div>
      <div className="actions">
        <button ref={finishButton} type="button" className="button button-primary" disabled={count === 0} onClick={() => void finish()}>
          Finish and review ({count.toLocaleString()})
        </button>
        <button ref={cancelButton} type="button" className="button" onClick={() => (count > 0 ? cancelDialog.current?.showModal() : void discard())}>
          Cancel scan session
        </button>
      </div>
      <ConfirmDialog
        dialogRef={cancelDialog}
        title={`Discard ${count.toLocaleString()} scanned SIM(s)?`}
        keepLabel="Keep scanning"
        confirmLabel="Discard the scans"
        onConfirm={() => void discard()}
      >
        <p>The scans are deleted and nothing is provisioned. To keep them, choose Keep scanning, or Finish and review and start a batch.</p>
      </ConfirmDialog>
      <ol className="scan-list" aria-label="Scanned ICCIDs, newest first">
        {accepted.map((a) => (
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
