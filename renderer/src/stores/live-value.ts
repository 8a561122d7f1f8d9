/**
 * One value main knows and the renderer shows in many places (the environment, the fleet,
 * the app's version): fetched once when first read, then kept by the contract's event for
 * it (docs/architecture.md, "Renderer stores"). Screens read it with `useLiveValue`.
 */
import { useSyncExternalStore } from 'react';
import type { AppError, Result } from '../../../preload/views';

export type Live<T> = { readonly state: 'loading' } | { readonly state: 'ready'; readonly value: T } | { readonly state: 'error'; readonly error: AppError };

export interface LiveValue<T> {
  subscribe(listener: () => void): () => void;
  /** The same object until something changes (what `useSyncExternalStore` needs). */
  snapshot(): Live<T>;
  /** Fetches the value again (after an action whose answer has no event). */
  refresh(): void;
  /** Takes a value an action answered with. */
  set(value: T): void;
}

export function createLiveValue<T>(fetch: () => Promise<Result<T>>, onEvent?: (listener: (value: T) => void) => () => void): LiveValue<T> {
  let current: Live<T> = { state: 'loading' };
  let started = false;
  // A reply older than an event or a later fetch is dropped: the newest word wins.
  let generation = 0;
  const listeners = new Set<() => void>();
  const put = (next: Live<T>): void => {
    current = next;
    listeners.forEach((listener) => listener());
  };
  const load = (): void => {
    const mine = ++generation;
    void fetch().then((r) => {
      if (mine !== generation) return;
      // A failed refresh keeps the value on screen; only a first load shows the error.
      if (r.ok) put({ state: 'ready', value: r.value });
      else if (current.state !== 'ready') put({ state: 'error', error: r.error });
    });
  };
  const set = (value: T): void => {
    generation += 1;
    put({ state: 'ready', value });
  };
  const start = (): void => {
    if (started) return;
    started = true;
    onEvent?.(set);
    load();
  };
  return {
    subscribe(listener) {
      start();
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    snapshot: () => current,
    refresh: () => (started ? load() : start()),
    set,
  };
}

export function useLiveValue<T>(store: LiveValue<T>): Live<T> {
  return useSyncExternalStore(store.subscribe, store.snapshot);
}
