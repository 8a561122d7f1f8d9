/**
 * Scanner station mode: the scan field owns the focus; every scan (keyboard-wedge
 * keystrokes ending in Enter or Tab) is answered at once with a sound, a coloured
 * flash and large text readable from a metre away. A scan typed while the focus is
 * elsewhere (a button, the cancel question) is caught and checked all the same, and
 * every dialog gives the focus back to the scan field (docs/import.md, "Scan sessions").
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

export function ScanPanel({
  session,
  onFinish,
  onCancel,
  onOpenFile,
}: {
  session: ImportView;
  onFinish: (view: ImportView) => void;
  onCancel: () => void;
  /** Alt+O: open a file instead; the scans stay saved and Import offers them again. */
  onOpenFile: () => void;
}) {
  const field = useRef<HTMLInputElement>(null);
  const [value, setValue] = useState('');
  const [last, setLast] = useState<ScanResult | null>(null);
  const [flash, setFlash] = useState(0);
  // Counts and the recent scans come from main, where the session is saved: back on this
  // screen (or after a restart) the list is as it was.
  const [count, setCount] = useState(session.summary.rows);
  const [accepted, setAccepted] = useState<ReadonlyArray<{ iccid: string; line: number; warning: boolean }>>([]);
  const [rejected, setRejected] = useState(session.rejectedScans);
  const [rejections, setRejections] = useState<ReadonlyArray<{ value: string; message: string }>>(() => [...session.rejections].reverse());
  // Keys a scanner typed while a dialog had the focus, until its Enter or Tab.
  const stray = useRef('');
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

  // A scan never goes nowhere: keys that reach another control (a button after Esc, the
  // cancel question) are taken for the scan field. Outside a dialog the field gets the focus
  // and the key; inside one they are kept until the scan's Enter or Tab, which closes the
  // question (the operator is scanning, so: keep scanning) and checks the scan.
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      const input = field.current;
      if (!input || e.target === input || e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.target instanceof HTMLElement && e.target.closest('input, textarea, select')) return;
      const dialog = cancelDialog.current?.open ? cancelDialog.current : null;
      if (e.key.length === 1 && e.key !== ' ') {
        e.preventDefault();
        if (dialog) stray.current += e.key;
        else {
          input.focus();
          input.value += e.key;
          setValue(input.value);
        }
      } else if (dialog && (e.key === 'Enter' || e.key === 'Tab') && stray.current !== '') {
        e.preventDefault();
        const text = stray.current;
        stray.current = '';
        dialog?.close();
        input.focus();
        queue.current = queue.current.then(() => check(text));
      }
    };
    document.addEventListener('keydown', onKey, true);
    return () => document.removeEventListener('keydown', onKey, true);
    // check only reads refs and setters
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // Alt+O opens a file here too (by the key's place: on a Mac, Alt+O types "ø").
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.altKey && !e.ctrlKey && !e.metaKey && e.code === 'KeyO' && !cancelDialog.current?.open) {
        e.preventDefault();
        onOpenFile();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onOpenFile]);

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
      } else {
        setRejected((n) => n + 1);
        const shown = [...text]
          .filter((c) => c >= ' ')
          .join('')
          .slice(0, 40);
        setRejections((list) => [{ value: shown, message: result.value.message }, ...list].slice(0, RECENT));
      }
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
        {last !== null
          ? `${last.accepted ? '✓' : '✗'} ${last.message}`
          : count > 0
            ? `Ready: scan the next card (${count.toLocaleString()} so far).`
            : 'Ready: scan the first card.'}
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
      <p className="field-hint">
        <kbd>Alt+O</kbd> opens a file instead; these scans are kept, and Import offers them again as <em>Resume scan session</em>.
      </p>
      <ConfirmDialog
        dialogRef={cancelDialog}
        title={`Discard ${count.toLocaleString()} scanned SIM(s)?`}
        keepLabel="Keep scanning"
        confirmLabel="Discard the scans"
        onConfirm={() => void discard()}
        onClose={() => {
          // Keys kept while the question was open end with it: they are never checked later.
          stray.current = '';
          field.current?.focus();
        }}
      >
        <p>The scans are deleted and nothing is provisioned. To keep them, choose Keep scanning, or Finish and review and start a batch.</p>
      </ConfirmDialog>
      {rejections.length > 0 && (
        <details className="scan-rejections">
          <summary>
            Rejected scans ({rejected.toLocaleString()}
            {rejected > rejections.length ? `, the latest ${rejections.length} listed` : ''})
          </summary>
          <ol className="scan-list" aria-label="Rejected scans, newest first">
            {rejections.map((r, i) => (
              <li key={rejections.length - i} className="bad">
                <span className="mono">{r.value === '' ? '(nothing readable)' : r.value}</span>
                <span className="field-hint">{r.message}</span>
              </li>
            ))}
          </ol>
        </details>
      )}
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
