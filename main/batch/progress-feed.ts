/**
 * The progress feed of running batches: engine changes coalesced into at most one
 * `batchProgress` and one `batchRows` event per window, and the same summary published
 * to the other stations of a fleet (docs/fleet.md, "Fleet view").
 */
import type { Environment } from '../../preload/domain';
import type { BatchSummary } from '../../preload/views';
import type { EventBus } from '../bridge/event-bus';
import type { BoardEntry } from '../coordination/coordination';
import type { Logger } from '../logging/logger';
import type { BatchState, BatchStatus } from './derive';
import type { BatchRun } from './engine';
import { rowView } from './views';

/** A batch's emitter: the rows that changed (none for "the batch itself changed"). */
export type ProgressEmitter = (rows: readonly number[]) => void;

export function createProgressFeed(deps: {
  readonly events: EventBus;
  readonly logger: Logger;
  readonly throttleMs: number;
  readonly liveRun: (id: string) => BatchRun | undefined;
  readonly stateOf: (id: string) => Promise<{ state: BatchState }>;
  readonly summarize: (state: BatchState, status: BatchStatus | null) => BatchSummary;
  readonly publish: (environment: Environment, batch: BoardEntry) => void;
}): (id: string) => ProgressEmitter {
  const emitters = new Map<string, ProgressEmitter>();
  return function emitterFor(id: string): ProgressEmitter {
    const existing = emitters.get(id);
    if (existing) return existing;
    const dirty = new Set<number>();
    let timer: NodeJS.Timeout | null = null;
    const flush = async (): Promise<void> => {
      timer = null;
      // A run that stopped and was retired is read back from its journal.
      const run = deps.liveRun(id);
      let state: BatchState;
      try {
        state = run?.state ?? (await deps.stateOf(id)).state;
      } catch (error) {
        deps.logger.log('error', 'batch.progress_unreadable', { batchId: id, message: error instanceof Error ? error.message : String(error) });
        return;
      }
      const rows = [...dirty].map((i) => rowView(state, i, run?.waitingFor(i) ?? null));
      dirty.clear();
      const progress = deps.summarize(state, run?.status() ?? null);
      deps.events.emit('batchProgress', progress);
      deps.publish(state.header.environment, {
        id,
        name: progress.name,
        total: progress.total,
        done: progress.done,
        ratePerMinute: progress.ratePerMinute,
        running: progress.status === 'running',
      });
      if (rows.length > 0) deps.events.emit('batchRows', { id, rows });
    };
    const emit: ProgressEmitter = (rows) => {
      for (const r of rows) dirty.add(r);
      timer ??= setTimeout(() => void flush(), deps.throttleMs);
    };
    emitters.set(id, emit);
    return emit;
  };
}
