/**
 * A modal question before something that cannot be undone. The native <dialog> opened
 * with showModal() keeps the page behind it out of reach and closes on Esc; Tab goes round
 * its buttons (keep-tab-inside.ts); the safe choice has the focus.
 */
import { useId, type ReactNode, type RefObject } from 'react';
import { keepTabInside } from './keep-tab-inside';

export function ConfirmDialog({
  dialogRef,
  title,
  children,
  keepLabel,
  confirmLabel,
  onConfirm,
  onClose,
}: {
  dialogRef: RefObject<HTMLDialogElement | null>;
  title: ReactNode;
  children: ReactNode;
  keepLabel: string;
  confirmLabel: string;
  onConfirm: () => void;
  /** However the dialog closes (either button, Esc): where the focus goes next, when not back to the control that opened it. */
  onClose?: () => void;
}) {
  const titleId = useId();
  const textId = useId();
  return (
    <dialog ref={dialogRef} className="confirm-dialog" aria-labelledby={titleId} aria-describedby={textId} onClose={onClose} onKeyDown={keepTabInside}>
      <h2 id={titleId}>{title}</h2>
      <div id={textId}>{children}</div>
      <div className="dialog-actions">
        <button type="button" className="button" autoFocus onClick={() => dialogRef.current?.close()}>
          {keepLabel}
        </button>
        <button
          type="button"
          className="button button-danger"
          onClick={() => {
            dialogRef.current?.close();
            onConfirm();
          }}
        >
          {confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
