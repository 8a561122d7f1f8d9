/**
 * A replacement card (docs/audit.md, "Replacement card"): the operator scans the damaged
 * card, then the new one, confirms once (the damaged card loses its number for good), and
 * prints the new card's label from the Labels screen, its batch and line chosen.
 */
import { useEffect, useId, useRef, useState } from 'react';
import { api } from '../api';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { ScanField } from '../components/ScanField';
import { useAction } from '../hooks/useAction';

const Iccid = ({ value }: { value: string }) => <span className="mono">{value.trim()}</span>;

export function ReplacementCard({ environment, onPrintLabel }: { environment: string; onPrintLabel: (batchId: string, line: number) => void }) {
  const ids = { damaged: useId(), replacement: useId() };
  const [damaged, setDamaged] = useState('');
  const [replacement, setReplacement] = useState('');
  const [moved, setMoved] = useState<{ batchId: string; line: number | null } | null>(null);
  const damagedRef = useRef<HTMLInputElement>(null);
  const replacementRef = useRef<HTMLInputElement>(null);
  const dialog = useRef<HTMLDialogElement>(null);
  const printRef = useRef<HTMLButtonElement>(null);
  const action = useAction();
  const [asking, setAsking] = useState(false);

  useEffect(() => {
    if (asking) dialog.current?.showModal();
  }, [asking]);

  // Moved: the next thing to do is the new label, one Enter away.
  useEffect(() => {
    if (moved) printRef.current?.focus();
  }, [moved]);

  const ask = (): void => {
    if (damaged.trim() === '' || replacement.trim() === '') {
      action.fail('Scan the damaged card, then the new card.');
      return;
    }
    action.fail(null);
    setMoved(null);
    setAsking(true);
  };

  const move = async (): Promise<void> => {
    const r = await action.run(
      'Moving the number to the new card',
      () => api.account.replaceCard({ damaged, replacement, confirmed: true }),
      (v) => v.message,
    );
    if (r) {
      setMoved({ batchId: r.batchId, line: r.line });
      setDamaged('');
      setReplacement('');
    }
  };

  return (
    <section className="card" aria-labelledby="account-replacement">
      <h2 id="account-replacement">Replacement card</h2>
      <p className="field-hint">For a card found damaged after its number was bought: the number moves to a new card, which gets a new label.</p>
      <div className="replacement-fields">
        <div className="field">
          <label htmlFor={ids.damaged}>Damaged card (ICCID)</label>
          <ScanField id={ids.damaged} value={damaged} onChange={setDamaged} onScan={() => replacementRef.current?.focus()} inputRef={damagedRef} />
        </div>
        <div className="field">
          <label htmlFor={ids.replacement}>New card (ICCID)</label>
          <ScanField id={ids.replacement} value={replacement} onChange={setReplacement} onScan={ask} inputRef={replacementRef} />
        </div>
      </div>
      <div className="actions">
        <button type="button" className="button" disabled={action.busy !== null} onClick={ask}>
          Move the number…
        </button>
        {moved && moved.line !== null && (
          <button ref={printRef} type="button" className="button button-primary" onClick={() => onPrintLabel(moved.batchId, moved.line!)}>
            Print the new label
          </button>
        )}
      </div>
      {action.feedback}
      <ConfirmDialog
        dialogRef={dialog}
        title="Move the number to the new card?"
        keepLabel="Do not move"
        confirmLabel="Move for good"
        onConfirm={() => void move()}
        onClose={() => setAsking(false)}
      >
        <p>
          Telegent moves the number of <Iccid value={damaged} /> to <Iccid value={replacement} /> on the {environment} account. The damaged card loses its
          number for good; the new card gets a new QR code and its label is printed next.
        </p>
      </ConfirmDialog>
    </section>
  );
}
