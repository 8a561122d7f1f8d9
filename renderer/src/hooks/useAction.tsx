/**
 * An operator action and what it says: which one is running (its button shows it and the
 * others wait, so nobody clicks twice), what it is doing, how it ended, or why it failed.
 * One pattern for every action of a screen (docs/decisions.md, D7).
 */
import { useCallback, useState, type ReactNode } from 'react';
import type { Result } from '../../../preload/views';

export interface Action {
  /** The running action's name, or null. */
  readonly busy: string | null;
  /** The error and the status line, for the screen to place once. */
  readonly feedback: ReactNode;
  /** Runs a call; on success `done` may say how it ended. Answers the value, or null when it failed. */
  run<T>(what: string, call: () => Promise<Result<T>>, done?: (value: T) => string | null): Promise<T | null>;
  /** Shows an error that did not come from an action (a preview that could not be made). */
  fail(message: string | null): void;
  /** Says how far the running action is (pages of a PDF). */
  report(status: string): void;
}

export function useAction(): Action {
  const [busy, setBusy] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(async <T,>(what: string, call: () => Promise<Result<T>>, done?: (value: T) => string | null): Promise<T | null> => {
    setBusy(what);
    setStatus(`${what}: working…`);
    try {
      const r = await call();
      if (!r.ok) {
        setStatus(null);
        setError(r.error.message);
        return null;
      }
      setError(null);
      setStatus(done?.(r.value) ?? null);
      return r.value;
    } finally {
      setBusy(null);
    }
  }, []);
  const feedback = (
    <>
      {error && (
        <p role="alert" className="error-box">
          {error}
        </p>
      )}
      {status && <p role="status">{status}</p>}
    </>
  );
  return { busy, feedback, run, fail: setError, report: setStatus };
}
