/**
 * A button that runs one operator action (hooks/useAction.tsx): disabled while any action
 * of its screen runs, so nobody clicks twice; the outcome is said where the screen shows
 * the action's feedback. `then` runs with the value once the action succeeded.
 */
import type { ReactNode } from 'react';
import type { Result } from '../../../preload/views';
import type { Action } from '../hooks/useAction';

export function ActionButton<T>(props: {
  readonly action: Action;
  /** What the action is doing ("Saving the calibration"), said while it runs. */
  readonly what: string;
  readonly call: () => Promise<Result<T>>;
  readonly done?: (value: T) => string | null;
  readonly then?: (value: T) => void;
  readonly className?: string;
  readonly disabled?: boolean;
  readonly children: ReactNode;
}) {
  const { action, what, call, done, then, className = 'button', disabled = false, children } = props;
  return (
    <button
      type="button"
      className={className}
      disabled={disabled || action.busy !== null}
      onClick={() =>
        void action.run(what, call, done).then((value) => {
          if (value !== null) then?.(value);
        })
      }
    >
      {children}
    </button>
  );
}
