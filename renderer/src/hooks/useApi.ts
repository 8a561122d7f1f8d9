/**
 * Loads one API result into React state, re-loading when `deps` change. While it
 * re-loads, the previous value stays on screen (no flash, no lost form state).
 */
import { useEffect, useState } from 'react';
import type { AppError, Result } from '../../../preload/views';

export type Loadable<T> =
  { readonly state: 'loading' } | { readonly state: 'ready'; readonly value: T } | { readonly state: 'error'; readonly error: AppError };

export function useApi<T>(load: () => Promise<Result<T>>, deps: readonly unknown[] = []): Loadable<T> {
  const [value, setValue] = useState<Loadable<T>>({ state: 'loading' });
  useEffect(() => {
    let live = true;
    void load().then((result) => {
      if (!live) return;
      setValue(result.ok ? { state: 'ready', value: result.value } : { state: 'error', error: result.error });
    });
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  return value;
}
