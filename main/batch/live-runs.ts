/**
 * The batches this process runs: each under its batch lock (main/locks/batch-lock.ts), one
 * operator action at a time per batch, followed by the progress feed while its workers run,
 * and closed with its lock given back once they stop, so another process may resume it.
 */
import type { BatchSummary } from '../../preload/views';
import { diskFault } from '../files/disk-fault';
import { lockBatch, type HeldLock, type LockSurface } from '../locks/batch-lock';
import type { Logger } from '../logging/logger';
import type { BatchState } from './derive';
import type { BatchRun } from './engine';
import type { ProgressEmitter } from './progress-feed';

export interface LiveRuns {
  get(id: string): BatchRun | undefined;
  lockOf(id: string): HeldLock | undefined;
  /** Locks a new batch before its journal exists, so no other process opens it half-made; the lock is given back if `make` fails. */
  create(id: string, path: string, make: () => Promise<BatchRun>): Promise<BatchRun>;
  /** Runs the batch's workers, followed by the progress feed; closes the run once they stop. */
  attach(run: BatchRun): Promise<void>;
  /** Runs an operator action on a batch, locked and opened; a run left without work is closed again; then `answer`, still in turn. */
  act<T>(id: string, action: (run: BatchRun) => Promise<void>, answer: () => Promise<T>): Promise<T>;
  running(): BatchRun[];
  close(): Promise<void>;
}

export function createLiveRuns(deps: {
  readonly surface: LockSurface;
  readonly waitForLocks?: boolean;
  readonly logger: Logger;
  readonly journalPath: (id: string) => string;
  readonly stateOf: (id: string) => Promise<{ state: BatchState }>;
  /** Resume, retry and reconcile pass the same gate as start, against the batch's own header. */
  readonly gate: (state: BatchState) => Promise<void>;
  /** Opens a batch's journal as a run, its changes told to `emit`. */
  readonly open: (path: string, state: BatchState, emit: ProgressEmitter) => Promise<BatchRun>;
  readonly emitterFor: (id: string) => ProgressEmitter;
  readonly summarize: (run: BatchRun) => BatchSummary;
}): LiveRuns {
  const live = new Map<string, BatchRun>();
  const locks = new Map<string, HeldLock>();
  /** One action at a time per batch, so a run is never closed while an action uses it. */
  const queues = new Map<string, Promise<unknown>>();
  const serial = <T>(id: string, action: () => Promise<T>): Promise<T> => {
    const next = (queues.get(id) ?? Promise.resolve()).then(action, action);
    queues.set(
      id,
      next.catch(() => undefined),
    );
    return next;
  };

  /** Takes the batch's lock; a lost lock (another process took it after a stall) pauses the batch at once. */
  async function lockFor(id: string, path: string): Promise<HeldLock> {
    const held = await lockBatch(path, id, {
      surface: deps.surface,
      ...(deps.waitForLocks ? { wait: true } : {}),
      onLost: () => {
        deps.logger.log('error', 'batch.lock_lost', { batchId: id });
        void live
          .get(id)
          ?.pause(
            'SimFleet lost the lock on this batch (the computer stalled); it paused itself so that no other process runs it at the same time.',
            'simfleet',
          );
      },
    });
    locks.set(id, held);
    return held;
  }

  /** Closes a run whose workers stopped, and gives its lock back so another process may resume it. */
  async function retire(id: string): Promise<void> {
    const run = live.get(id);
    if (!run || run.isRunning()) return;
    live.delete(id);
    await run.close();
    await locks.get(id)?.release();
    locks.delete(id);
    // One more progress event, so followers see the batch stopped and released.
    deps.emitterFor(id)([]);
  }

  async function attach(run: BatchRun): Promise<void> {
    const emit = deps.emitterFor(run.id);
    live.set(run.id, run);
    const done = run.run();
    void done.then(async () => {
      emit([]);
      if (run.awaitingCoordination()) {
        // Paused until the fleet database answers again: it resumes by itself, and is followed again then.
        run.onceResumed(() => void attach(run));
        return;
      }
      const s = deps.summarize(run);
      deps.logger.log('info', 'batch.stopped', { batchId: run.id, status: s.status, counts: s.counts });
      await serial(run.id, () => retire(run.id));
    });
  }

  async function ensureLive(id: string): Promise<BatchRun> {
    const existing = live.get(id);
    if (existing) {
      await deps.gate(existing.state);
      return existing;
    }
    const { state } = await deps.stateOf(id);
    await deps.gate(state);
    const path = deps.journalPath(id);
    const held = await lockFor(id, path);
    try {
      const run = await deps.open(path, state, deps.emitterFor(id));
      live.set(id, run);
      return run;
    } catch (error) {
      locks.delete(id);
      await held.release();
      // A disk that still refuses writes is said as such, with the folder and what to do.
      throw diskFault(error, path) ?? error;
    }
  }

  return {
    get: (id) => live.get(id),
    lockOf: (id) => locks.get(id),
    async create(id, path, make) {
      const held = await lockFor(id, path);
      try {
        return await make();
      } catch (error) {
        locks.delete(id);
        await held.release();
        throw error;
      }
    },
    attach,
    act: (id, action, answer) =>
      serial(id, async () => {
        const run = await ensureLive(id);
        try {
          await action(run);
          await attach(run);
        } finally {
          if (!run.isRunning()) await retire(id);
        }
        return answer();
      }),
    running: () => [...live.values()].filter((r) => r.isRunning()),
    async close() {
      for (const run of live.values()) await run.close();
      live.clear();
      for (const held of locks.values()) await held.release();
      locks.clear();
    },
  };
}
