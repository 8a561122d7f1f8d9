/**
 * Every batch of the station's environment, live, for every screen at once (docs/architecture.md,
 * "Renderer stores"): the list is fetched once, then kept by the contract's progress events,
 * and fetched again when the environment changes or a screen that lists batches opens. Screens read it with `useBatches`; the shell
 * hears from it when a batch pauses itself, needs attention or finishes.
 */
import { useRef, useSyncExternalStore } from 'react';
import type { SimFleetApi } from '../../../preload/contract';
import type { Environment } from '../../../preload/domain';
import type { BatchSummary } from '../../../preload/views';

/** Something an operator anywhere in the app must hear about. */
export interface BatchNews {
  /** `paused`: the batch paused itself (not the operator); `attention`: it ended with failed or uncertain SIMs; `finished`: every SIM provisioned. */
  readonly kind: 'paused' | 'attention' | 'finished';
  readonly summary: BatchSummary;
}

export interface BatchStore {
  subscribe(listener: () => void): () => void;
  /** The same array until something changes (what `useSyncExternalStore` needs). */
  snapshot(): readonly BatchSummary[];
  /** Hears each change of a batch an operator must know about, once, as it happens. */
  onNews(listener: (news: BatchNews) => void): () => void;
  /** Fetches the list again: batches another process (the CLI, a copy of the app) started in this data folder send no events here. */
  refresh(): void;
}

/** What a batch's state says to an operator now, if anything: paused by SimFleet, ended needing attention, or finished. */
export function standing(s: BatchSummary): BatchNews['kind'] | null {
  // An operator's own Pause is not news.
  if (s.status === 'paused' && s.selfPaused) return 'paused';
  if (s.status === 'finished') return (s.counts['failed'] ?? 0) + (s.counts['uncertain'] ?? 0) + s.flagged > 0 ? 'attention' : 'finished';
  return null;
}

/**
 * What a change from `before` to `after` means to the operator, if anything: a batch that was
 * running, or whose standing changed (a short retry can go from "needs attention" to finished
 * between two progress events). A batch first seen in a list is not news.
 */
export function newsOf(before: BatchSummary | undefined, after: BatchSummary): BatchNews['kind'] | null {
  if (!before) return null;
  const now = standing(after);
  const was = standing(before);
  return now !== null && (before.status === 'running' || (was !== null && was !== now)) ? now : null;
}

/**
 * `environment` says which environment the station is in now (null while unknown): a progress
 * event of a batch in the other one (a switch just made, a slow event) is not this list's.
 */
export function createBatchStore(api: Pick<SimFleetApi, 'batches' | 'events'>, environment: () => Environment | null = () => null): BatchStore {
  let list: readonly BatchSummary[] = [];
  const openedAt = new Date().toISOString();
  let started = false;
  const listeners = new Set<() => void>();
  const newsListeners = new Set<(news: BatchNews) => void>();
  const changed = (): void => listeners.forEach((listener) => listener());

  // Each load has a number: a reply older than the latest load is dropped. Batches an event
  // told of while a load was on its way keep the event's summary (it is newer than the list).
  let generation = 0;
  let toldWhileLoading = new Set<string>();
  /** Says what a change of one batch means, once. A batch started while this window is open may end before its first event: its end is news too. */
  const tell = (before: BatchSummary | undefined, after: BatchSummary): void => {
    const kind = before === undefined && after.createdAt >= openedAt ? standing(after) : newsOf(before, after);
    if (kind) newsListeners.forEach((listener) => listener({ kind, summary: after }));
  };

  const load = (): void => {
    const mine = ++generation;
    toldWhileLoading = new Set();
    void api.batches.list().then((r) => {
      if (!r.ok || mine !== generation) return;
      const told = new Map(list.filter((b) => toldWhileLoading.has(b.id)).map((b) => [b.id, b]));
      const listed = r.value.map((b) => told.get(b.id) ?? b);
      const before = new Map(list.map((b) => [b.id, b]));
      list = [...[...told.values()].filter((b) => !listed.some((l) => l.id === b.id)), ...listed];
      // A batch's last change may reach this window by the list rather than by an event (the
      // last event said "running"; the end came with the list): it is news all the same.
      for (const b of listed) tell(before.get(b.id), b);
      changed();
    });
  };

  const start = (): void => {
    if (started) return;
    started = true;
    api.events.batchProgress((summary) => {
      const now = environment();
      if (now !== null && summary.environment !== now) return;
      toldWhileLoading.add(summary.id);
      const before = list.find((b) => b.id === summary.id);
      list = before ? list.map((b) => (b.id === summary.id ? summary : b)) : [summary, ...list];
      tell(before, summary);
      changed();
    });
    // Another environment has other batches (the list is small: fetching it again costs little).
    api.events.environmentChanged(load);
    load();
  };

  return {
    subscribe(listener) {
      start();
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    snapshot: () => list,
    refresh: () => (started ? load() : start()),
    onNews(listener) {
      start();
      newsListeners.add(listener);
      return () => newsListeners.delete(listener);
    },
  };
}

/** The live batch list, for any component. */
export function useBatchList(store: BatchStore): readonly BatchSummary[] {
  return useSyncExternalStore(store.subscribe, store.snapshot);
}

/**
 * A view picked from the batch list that changes only when its `key` does: the shell asks for
 * "the running batch's percent", not for every progress event of every batch.
 */
export function useBatchSelection<T>(store: BatchStore, select: (batches: readonly BatchSummary[]) => T, key: (view: T) => string): T {
  const cache = useRef<{ readonly list: readonly BatchSummary[]; readonly key: string; readonly view: T } | null>(null);
  const picked = (): T => {
    const list = store.snapshot();
    const last = cache.current;
    if (last && last.list === list) return last.view;
    const view = select(list);
    const k = key(view);
    cache.current = { list, key: k, view: last && last.key === k ? last.view : view };
    return cache.current.view;
  };
  return useSyncExternalStore(store.subscribe, picked);
}
