/**
 * A modal question before something that cannot be undone. The native <dialog> opened
 * with showModal() keeps Tab inside it and closes on Esc; the safe choice has the focus.
 */
import { useId, type ReactNode, type RefObject } from 'react';

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
    <dialog ref={dialogRef} className="confirm-dialog" aria-labelledby={titleId} aria-describedby={textId} onClose={onClose}>
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
