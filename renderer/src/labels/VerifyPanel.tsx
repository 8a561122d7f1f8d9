/**
 * Scan-to-verify: scan the label's QR, then the card's ICCID barcode; SimFleet says
 * loudly whether they belong together and counts verified SIMs for the batch.
 */
import { useRef, useState } from 'react';
import type { VerifyResult } from '../../../preload/views';
import { api } from '../api';
import { ScanField } from '../components/ScanField';
import { playScanSound } from '../import/feedback';

export function VerifyPanel({ batchId }: { batchId: string }) {
  const field = useRef<HTMLInputElement>(null);
  const [label, setLabel] = useState<string | null>(null);
  const [value, setValue] = useState('');
  const [result, setResult] = useState<VerifyResult | null>(null);
  // What the screen says now: step 1's answer replaces the last verdict, so an old MISMATCH never lingers.
  const [shown, setShown] = useState<{ ok: boolean; message: string } | null>(null);
  const [flash, setFlash] = useState(0);
  const answer = (ok: boolean, message: string): void => {
    setShown({ ok, message });
    playScanSound(ok);
    setFlash((n) => n + 1);
    field.current?.focus();
  };

  // Scans are answered in the order they came, each knowing the label the one before it read:
  // a scanner sends the card's barcode before the label's answer is back, and that scan is
  // step 2, not another label.
  const labelNow = useRef<string | null>(null);
  const queue = useRef<Promise<void>>(Promise.resolve());
  const submit = (): void => {
    const scanned = value.trim();
    setValue('');
    if (!scanned) return;
    queue.current = queue.current.then(() => handle(scanned));
  };

  const handle = async (scanned: string): Promise<void> => {
    const current = labelNow.current;
    if (current === null) {
      const read = await api.labels.readLabel({ batchId, labelScan: scanned });
      if (!read.ok) return answer(false, read.error.message);
      if (read.value.ok) {
        labelNow.current = scanned;
        setLabel(scanned);
      }
      return answer(read.value.ok, read.value.message);
    }
    const r = await api.labels.verify({ batchId, labelScan: current, cardScan: scanned });
    labelNow.current = null;
    setLabel(null);
    const outcome = r.ok ? r.value : { match: false, message: r.error.message, verified: result?.verified ?? 0, total: result?.total ?? 0 };
    setResult(outcome);
    answer(outcome.match, outcome.message);
  };

  return (
    <section className="card verify" aria-labelledby="verify-title">
      <h2 id="verify-title">Scan to verify</h2>
      <label htmlFor="verify-input" className="scan-label">
        {label === null ? 'Step 1: scan the QR code on the label' : 'Step 2: scan the ICCID barcode on the SIM card'}
      </label>
      <ScanField id="verify-input" inputRef={field} value={value} onChange={setValue} onScan={submit} onEscape={() => field.current?.blur()} />
      <div
        key={flash}
        role="status"
        aria-live="assertive"
        className={`scan-result ${shown === null ? 'scan-idle' : shown.ok ? 'scan-ok flash' : 'scan-bad flash'}`}
      >
        {shown === null ? 'Ready: scan a label.' : shown.message}
      </div>
      {result && (
        <p className="scan-counts">
          <span>
            <strong>{result.verified}</strong> of {result.total} SIMs verified in this batch
          </span>
        </p>
      )}
    </section>
  );
}
