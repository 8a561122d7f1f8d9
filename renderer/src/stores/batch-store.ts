/**
 * Every batch of the station's environment, live, for every screen at once (docs/architecture.md,
 * "Renderer stores"): the list is fetched once, then kept by the contract's progress events,
 * and fetched again when the environment changes or a screen that lists batches opens. Screens read it with `useBatches`; the shell
 * hears from it when a batch pauses itself, needs attention or finishes.
 */
import { useSyncExternalStore } from 'react';
import type { SimFleetApi } from '../../../preload/contract';
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

/** What a change from `before` to `after` means to the operator, if anything. */
export function newsOf(before: BatchSummary | undefined, after: BatchSummary): BatchNews['kind'] | null {
  if (!before || before.status !== 'running') return null;
  // An operator's own Pause is not news.
  if (after.status === 'paused' && after.selfPaused) return 'paused';
  if (after.status === 'finished') return (after.counts['failed'] ?? 0) + (after.counts['uncertain'] ?? 0) > 0 ? 'attention' : 'finished';
  return null;
}

export function createBatchStore(api: Pick<SimFleetApi, 'batches' | 'events'>): BatchStore {
  let list: readonly BatchSummary[] = [];
  let started = false;
  const listeners = new Set<() => void>();
  const newsListeners = new Set<(news: BatchNews) => void>();
  const changed = (): void => listeners.forEach((listener) => listener());

  const load = (): void => {
    void api.batches.list().then((r) => {
      if (!r.ok) return;
      // Progress that arrived while the list was on its way is newer than the list.
      const fresher = new Map(list.map((b) => [b.id, b]));
      list = r.value.map((b) => ((fresher.get(b.id)?.updatedAt ?? '') > b.updatedAt ? fresher.get(b.id)! : b));
      changed();
    });
  };

  const start = (): void => {
    if (started) return;
    started = true;
    api.events.batchProgress((summary) => {
      const before = list.find((b) => b.id === summary.id);
      list = before ? list.map((b) => (b.id === summary.id ? summary : b)) : [summary, ...list];
      const kind = newsOf(before, summary);
      if (kind) newsListeners.forEach((listener) => listener({ kind, summary }));
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
