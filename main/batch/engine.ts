/**
 * The batch engine: provisions every row of a batch exactly once, as fast as the
 * account's rate limit allows. Hand-written because it is the heart of SimFleet.
 *
 * In parts (docs/exactly-once.md, "The run mode"): one run mode (run/run-mode.ts) read by the
 * worker pool here, the job queue (run/job-queue.ts), the steps that send, poll and look up
 * (run/steps.ts), the recorder (run/recorder.ts), the schedule (run/schedule.ts) and the
 * recovery of a reopened batch (run/recovery.ts).
 *
 * The rules (docs/exactly-once.md):
 * 1. The journal is the truth; state is derived from it (derive.ts).
 * 2. An `intent` is on disk before a provision request leaves; an intent without an
 *    outcome is `uncertain`.
 * 3. A 2xx with a number is `provisioned`; an answer that proves nothing was bought
 *    is retried (with backoff) or `failed` with the API's message; anything else
 *    (timeout, reset, 5xx, unreadable body) is `uncertain`.
 * 4. An uncertain row is never re-sent until an ICCID lookup says it was not bought.
 * 5. Non-final orders are polled with backoff until final.
 * 6. Every call goes through the client's rate limiter; workers cap concurrency.
 * 7. Pause, resume, cancel, retry-failed, reconcile and resume-after-restart all
 *    work from the journal.
 * 8. An ICCID provisioned in any earlier batch on this station is never sent again.
 */
import { setMaxListeners } from 'node:events';
import { MemoryIccidClaims, type IccidClaims } from '../coordination/claims';
import type { EnginePurchases } from '../coordination/purchases';
import { UserError } from '../errors/user-error';
import { DISK_FAULT, diskFault } from '../files/disk-fault';
import { systemClock, type Clock } from '../platform/clock';
import type { TelegentClient } from '../telegent/client';
import { apply, batchStatus, hasOpenWork, initialState, type BatchState, type BatchStatus } from './derive';
import { Journal } from './journal';
import type { BatchHeader, PausedBy } from './records';
import { JobQueue, type Job } from './run/job-queue';
import { Recorder } from './run/recorder';
import { recoverRows, reopenJournal } from './run/recovery';
import { RunModeCell, type ResumedBy, type RunModeKind } from './run/run-mode';
import { Schedule } from './run/schedule';
import { Steps } from './run/steps';

export interface EnginePolicy {
  /** Provision attempts for failures that prove nothing was bought (429 does not count). */
  readonly maxAttempts: number;
  /** Wait after an uncertain answer before the ICCID lookup, so a slow commit can land. */
  readonly reconcileGraceMs: number;
  /** Lookups that may fail before an uncertain row waits for the operator. */
  readonly maxLookupFailures: number;
  readonly pollBaseMs: number;
  readonly pollMaxMs: number;
  /** Network failures in a row (nothing sent) before the batch pauses itself. */
  readonly maxConsecutiveNetworkFailures: number;
  /** First retry delay for failures that bought nothing; doubles per attempt with jitter, capped at 30 s. */
  readonly retryBaseMs: number;
}

export const DEFAULT_POLICY: EnginePolicy = {
  maxAttempts: 5,
  reconcileGraceMs: 5_000,
  maxLookupFailures: 3,
  pollBaseMs: 1_000,
  pollMaxMs: 30_000,
  maxConsecutiveNetworkFailures: 5,
  retryBaseMs: 1_000,
};

export type { EnginePurchases };

export interface EngineDeps {
  readonly client: Pick<TelegentClient, 'provision' | 'orderStatus' | 'numberByIccid'>;
  readonly purchases: EnginePurchases;
  /**
   * Who may send for an ICCID (claims.ts). Every batch of a process, and every process
   * on a data folder, must share one; a batch on its own gets a private in-memory set.
   */
  readonly claims?: IccidClaims;
  readonly concurrency: number;
  readonly clock?: Clock;
  readonly policy?: Partial<EnginePolicy>;
  readonly random?: () => number;
  /** Rows whose state changed (after the change is on disk). */
  readonly onChange?: (rows: readonly number[]) => void;
}

/** Why idle workers were woken: something changed. */
const WOKEN = Object.freeze({ reason: 'woken' });

/** Every idle worker waits on one shared signal; there are as many listeners as workers. */
function wakeSignal(): AbortController {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  return controller;
}

export class BatchRun {
  readonly state: BatchState;
  private readonly policy: EnginePolicy;
  private readonly clock: Clock;
  private readonly claims: IccidClaims;
  private readonly mode = new RunModeCell();
  private readonly queue = new JobQueue();
  private readonly schedule: Schedule;
  private readonly recorder: Recorder;
  private readonly steps: Steps;
  /** The workers while they run; resolves once they stopped and the mode says why. */
  private pool: Promise<void> | null = null;
  private wakeController = wakeSignal();
  /** Told once the batch resumed by itself (the batch service follows the run again). */
  private resumedListeners: Array<() => void> = [];

  private constructor(
    journal: Journal,
    state: BatchState,
    private readonly deps: EngineDeps,
  ) {
    this.state = state;
    this.policy = { ...DEFAULT_POLICY, ...deps.policy };
    this.clock = deps.clock ?? systemClock;
    this.claims = deps.claims ?? new MemoryIccidClaims();
    this.schedule = new Schedule(this.queue, state, this.policy, this.clock, deps.random ?? Math.random);
    this.recorder = new Recorder(journal, state, {
      purchases: deps.purchases,
      claims: this.claims,
      clock: this.clock,
      ...(deps.onChange ? { onChange: deps.onChange } : {}),
      applied: (record, changed) => {
        this.schedule.after(record, changed);
        this.wake();
      },
    });
    this.steps = new Steps(state, this.recorder, this.schedule, this.policy, {
      client: deps.client,
      purchases: deps.purchases,
      claims: this.claims,
      clock: this.clock,
      ...(deps.onChange ? { onChange: deps.onChange } : {}),
    });
  }

  /** Starts a new batch: the header (every row) is on disk before anything is sent. */
  static async create(path: string, header: BatchHeader, deps: EngineDeps): Promise<BatchRun> {
    const start = { t: 'control', action: 'start', at: new Date((deps.clock ?? systemClock).now()).toISOString() } as const;
    const journal = await Journal.create(path, [header, start]);
    const state = initialState(header);
    apply(state, start);
    const run = new BatchRun(journal, state, deps);
    run.schedule.all(false);
    return run;
  }

  /** Re-opens a batch after a restart or crash; in-flight requests of the dead process become uncertain. */
  static async open(path: string, deps: EngineDeps): Promise<BatchRun> {
    const { journal, state } = await reopenJournal(path, deps.clock ?? systemClock);
    const run = new BatchRun(journal, state, deps);
    await recoverRows(state, run.recorder, { purchases: deps.purchases, claims: run.claims });
    run.queue.clearTimers();
    run.schedule.all(true);
    // A batch paused on disk stays paused until Resume.
    if (state.paused) run.mode.to({ kind: 'paused', resumedBy: 'operator', unwatch: null });
    return run;
  }

  get id(): string {
    return this.state.header.id;
  }

  /** What the run is doing now (run/run-mode.ts). */
  modeNow(): RunModeKind {
    return this.mode.get().kind;
  }

  /**
   * Starts the workers for what the mode allows: every job when running (a new or reopened
   * batch starts running here), an operator action's rows when paused. Resolves once they
   * stopped and the mode says why (paused, finished, stopped).
   */
  run(): Promise<void> {
    if (this.mode.is('stopped')) return Promise.resolve();
    if (this.mode.is('starting')) this.mode.to({ kind: 'running' });
    if (this.queue.focused() !== null && !this.focusOpen()) this.queue.endFocus();
    if (this.pool) {
      this.wake();
      return this.pool;
    }
    if (this.queue.focused() === null && !this.mode.is('running', 'finishing')) return Promise.resolve();
    const workers = Array.from({ length: Math.max(1, this.deps.concurrency) }, () => this.worker());
    this.pool = Promise.all(workers).then(() => this.poolStopped());
    return this.pool;
  }

  /** True while workers are running. */
  isRunning(): boolean {
    return this.pool !== null;
  }

  /** The status shown for this run: finished only once the workers stopped with every purchase recorded. */
  status(): BatchStatus {
    if (this.state.cancelled) return 'cancelled';
    const mode = this.mode.get();
    switch (mode.kind) {
      case 'running':
      case 'finishing':
        return 'running';
      case 'finished':
        return 'finished';
      case 'pausing':
      case 'paused':
        // Not paused on disk: an operator action runs its rows while the rest waits for Resume.
        return this.state.paused ? 'paused' : this.pool ? 'running' : 'interrupted';
      case 'starting':
        return 'interrupted';
      case 'stopped':
        return batchStatus(this.state, false, this.policy.maxLookupFailures);
    }
  }

  /** Stops taking new work; requests in flight finish and are recorded. A pause asked for from outside never resumes by itself. */
  async pause(reason?: string, by: PausedBy = 'operator'): Promise<void> {
    this.resumedListeners = [];
    await this.pauseFor(reason ?? null, by, 'operator', null);
  }

  /**
   * Moves to pausing (no new job is taken at once), writes the pause record, and moves to
   * paused once it is on disk and no worker is left. `unwatch` ends the wait for the fleet
   * database when the batch resumes by itself.
   */
  private async pauseFor(reason: string | null, by: PausedBy, resumedBy: ResumedBy, unwatch: (() => void) | null): Promise<void> {
    // Pause stops an operator's focused action too (Retry failed, Check uncertain on a stopped batch).
    this.queue.endFocus();
    this.wake();
    const mode = this.mode.get();
    if (mode.kind === 'pausing' || mode.kind === 'paused') {
      // Already pausing: an operator's pause makes it one that only the operator ends.
      if (resumedBy === 'operator' && mode.resumedBy === 'coordination') this.mode.to({ ...mode, resumedBy, unwatch: null });
      else unwatch?.();
      if (mode.kind === 'pausing') await mode.written;
      return;
    }
    // A stopped run sends nothing anyway; a cancelled batch still resolves what may be bought.
    if (mode.kind === 'stopped' || this.state.cancelled) {
      unwatch?.();
      return;
    }
    if (this.state.paused) {
      this.mode.to({ kind: 'paused', resumedBy, unwatch });
      return;
    }
    const written = this.recorder.append({ t: 'control', action: 'pause', at: this.recorder.now(), by, ...(reason ? { reason } : {}) });
    const pausing = { kind: 'pausing', written, resumedBy, unwatch } as const;
    this.mode.to(pausing);
    try {
      await written;
    } catch (error) {
      const fault = diskFault(error, this.recorder.journal.path);
      if (fault) await this.haltForDisk(fault.message);
      throw fault ?? error;
    }
    this.wake();
    if (this.pool === null && this.mode.get() === pausing) this.mode.to({ kind: 'paused', resumedBy, unwatch });
  }

  /** Why a queued row is not being sent now ("being provisioned on station dock-2"), or null. */
  waitingFor(row: number): string | null {
    return this.steps.waitingFor(row);
  }

  /** True while paused for claims that stopped answering: the batch resumes by itself, so it stays open. */
  awaitingCoordination(): boolean {
    return this.mode.awaitingCoordination();
  }

  /**
   * The claims, the shared ledger or the shared rate budget did not answer before a
   * request: nothing was sent. The job goes back in the queue and the batch pauses, saying
   * why, until they answer again (docs/fleet.md, "When the database is away"). Only a batch
   * that was sending as a whole resumes by itself; an operator's action on a paused batch ends.
   */
  private async holdForClaims(job: Job, message: string): Promise<void> {
    this.queue.later(job);
    if (!this.mode.is('running', 'finishing')) {
      // Already not sending (another worker's hold got here first, or the batch is paused and
      // this was an operator's action on some rows, which ends here): the job waits in the queue.
      this.queue.endFocus();
      this.wake();
      return;
    }
    if (!this.claims.onAvailable) {
      await this.pauseFor(`${message} The batch paused itself and sends nothing; resume it once the database answers again.`, 'simfleet', 'operator', null);
      return;
    }
    const unwatch = this.claims.onAvailable(() => void this.resumeByItself(unwatch));
    await this.pauseFor(
      `${message} The batch paused itself and sends nothing; it resumes by itself when the database answers again.`,
      'simfleet',
      'coordination',
      unwatch,
    );
  }

  private async resumeByItself(unwatch: () => void): Promise<void> {
    const waiting = (): boolean => {
      const mode = this.mode.get();
      return (mode.kind === 'pausing' || mode.kind === 'paused') && mode.unwatch === unwatch;
    };
    if (!waiting()) return;
    // The pause record may still be on its way to disk: resume after it.
    const mode = this.mode.get();
    if (mode.kind === 'pausing') await mode.written.catch(() => undefined);
    if (!waiting()) return;
    try {
      await this.resumeNow();
    } catch {
      // Could not resume by itself (a disk fault meanwhile): it stays paused, saying why.
      return;
    }
    for (const listener of this.resumedListeners.splice(0)) listener();
  }

  /**
   * A write to the journal, a claim or the purchase log failed (disk full, read-only, failing):
   * nothing more is sent, and the batch pauses saying which folder and what to do. The pause
   * is journaled if the disk still takes it; either way this run stops, and a resume reopens
   * the batch from its journal (docs/exactly-once.md, "Disk faults").
   */
  private async haltForDisk(reason: string): Promise<void> {
    if (this.mode.is('stopped')) return;
    // Stopped, not paused: the fleet database's return does not resume it; only a reopened run sends again.
    this.mode.to({ kind: 'stopped', halt: reason });
    this.queue.endFocus();
    this.wake();
    if (this.state.paused || this.state.cancelled) return;
    try {
      await this.recorder.append({ t: 'control', action: 'pause', at: this.recorder.now(), reason, by: 'simfleet' });
    } catch {
      // The disk refused the pause record too: the run stops all the same, paused in memory.
      this.state.paused = true;
      this.state.pauseReason = reason;
      this.state.pausedBy = 'simfleet';
      this.deps.onChange?.([]);
    }
  }

  /** Why this run stopped on a disk fault, or null. */
  haltedFor(): string | null {
    return this.mode.haltedFor();
  }

  /** Hears once when a batch paused for its claims resumed by itself. */
  onceResumed(listener: () => void): void {
    this.resumedListeners.push(listener);
  }

  async resume(): Promise<void> {
    this.resumedListeners = [];
    await this.resumeNow();
  }

  private async resumeNow(): Promise<void> {
    const halt = this.mode.haltedFor();
    if (halt) throw new UserError(DISK_FAULT, halt);
    if (this.mode.is('stopped')) return;
    this.queue.endFocus();
    // A pause record still on its way to disk is written first, so the resume record follows it.
    const mode = this.mode.get();
    if (mode.kind === 'pausing') await mode.written.catch(() => undefined);
    if (this.state.paused) {
      this.steps.resetNetworkFailures();
      await this.recorder.append({ t: 'control', action: 'resume', at: this.recorder.now() });
    }
    if (!this.mode.is('running', 'finishing', 'stopped')) this.mode.to({ kind: 'running' });
    void this.run();
  }

  /** Nothing more is sent; in-flight requests finish; pending orders and uncertain rows are still resolved. */
  async cancel(): Promise<void> {
    this.queue.endFocus();
    if (this.state.cancelled) return;
    await this.recorder.append({ t: 'control', action: 'cancel', at: this.recorder.now() });
    // What may be bought (pending, uncertain) is still resolved, whatever the mode was.
    if (!this.mode.is('running', 'finishing', 'stopped')) this.mode.to({ kind: 'running' });
    this.wake();
    void this.run();
  }

  /** Queues every failed row again. */
  async retryFailed(): Promise<number> {
    if (this.state.cancelled) throw new UserError('batch_cancelled', 'This batch was cancelled; start a new batch for the failed rows.');
    return this.actOn('failed', 'retry-failed');
  }

  /** Looks up every uncertain row by ICCID now. */
  async reconcile(): Promise<number> {
    return this.actOn('uncertain', 'reconcile');
  }

  /**
   * Journals an operator action on every row in `state` and runs it; answers how many rows
   * it concerns. A running batch takes them into its run, and a finished one runs them; on a
   * batch that is not sending (paused, or reopened and not resumed) only those rows run: it
   * stays paused, and the rest waits for Resume.
   */
  private async actOn(state: 'failed' | 'uncertain', action: 'retry-failed' | 'reconcile'): Promise<number> {
    const rows = this.state.rows.flatMap((r, i) => (r.state === state ? [i] : []));
    if (rows.length === 0) return 0;
    const mode = this.mode.get().kind;
    if (mode === 'starting') this.mode.to({ kind: 'paused', resumedBy: 'operator', unwatch: null });
    if (mode === 'finished') this.mode.to({ kind: 'running' });
    else if (mode !== 'running' && mode !== 'finishing') this.queue.focusOn(rows);
    await this.recorder.append({ t: 'control', action, at: this.recorder.now() });
    void this.run();
    return rows.length;
  }

  /** Whether a row in focus still has work the engine can do by itself. */
  private focusOpen(): boolean {
    const focus = this.queue.focused();
    if (!focus) return false;
    for (const i of focus) {
      const r = this.state.rows[i];
      if (!r) continue;
      if ((r.state === 'queued' && !this.state.cancelled) || r.state === 'submitting' || r.state === 'pending') return true;
      if (r.state === 'uncertain' && r.lookupFailures < this.policy.maxLookupFailures) return true;
    }
    return false;
  }

  /** Waits for the workers to stop and closes the journal; a closed run never sends again. */
  async close(): Promise<void> {
    if (!this.mode.is('stopped')) this.mode.to({ kind: 'stopped', halt: null });
    this.resumedListeners = [];
    this.wake();
    if (this.pool) await this.pool;
    await this.recorder.journal.close();
  }

  /** Whether the engine still has work it can do by itself. */
  hasOpenWork(): boolean {
    return hasOpenWork(this.state, this.policy.maxLookupFailures);
  }

  get maxLookupFailures(): number {
    return this.policy.maxLookupFailures;
  }

  // ---- the worker pool -------------------------------------------------------

  private wake(): void {
    // A reason of our own: abort() without one builds a DOMException (and its stack) per wake-up.
    this.wakeController.abort(WOKEN);
    this.wakeController = wakeSignal();
  }

  /** Whether a job still fits its row (the row may have moved on since it was queued). */
  private fits(job: Job): boolean {
    const row = this.state.rows[job.row];
    if (!row) return false;
    if (job.kind === 'send') {
      const due = row.retryAt ? Date.parse(row.retryAt) : 0;
      return row.state === 'queued' && !this.state.cancelled && due <= this.clock.now();
    }
    if (job.kind === 'poll') return row.state === 'pending';
    return row.state === 'uncertain' && row.lookupFailures < this.policy.maxLookupFailures;
  }

  /** Whether a worker may take a job now: the mode lets the whole batch run, or an operator action its rows. */
  private mayTake(): boolean {
    if (this.mode.is('stopped', 'pausing')) return false;
    return this.queue.focused() !== null || this.mode.is('running', 'finishing');
  }

  private async worker(): Promise<void> {
    for (;;) {
      if (!this.mayTake()) return;
      if (this.queue.focused() !== null && !this.focusOpen() && this.queue.inFlight() === 0) {
        this.queue.endFocus();
        this.wake();
        return;
      }
      const job = this.queue.take(this.clock.now(), (j) => this.fits(j));
      if (job) {
        await this.execute(job);
        continue;
      }
      if (this.queue.empty()) return;
      // Only answers in flight are left: the batch is finishing (until they bring more work).
      const left = this.queue.nextDue();
      if (left === null && this.mode.is('running')) this.mode.to({ kind: 'finishing' });
      if (left !== null && this.mode.is('finishing')) this.mode.to({ kind: 'running' });
      const signal = this.wakeController.signal;
      const wait = left !== null ? Math.max(0, left - this.clock.now()) : 60_000;
      await this.clock.sleep(wait, signal).catch(() => undefined);
    }
  }

  private async execute(job: Job): Promise<void> {
    this.queue.begin(job.row);
    try {
      const outcome = await this.steps.run(job);
      if (outcome.kind === 'hold') await this.holdForClaims(outcome.job, outcome.message);
      else if (outcome.kind === 'pause') await this.pauseFor(outcome.reason, 'simfleet', 'operator', null);
    } catch (error) {
      const fault = diskFault(error, this.recorder.journal.path);
      if (!fault) throw error;
      await this.haltForDisk(fault.message);
    } finally {
      this.queue.end(job.row);
      this.wake();
    }
  }

  /**
   * The workers stopped: the mode says what comes next. A pause is complete once its record is
   * on disk; a run with nothing open is finished (every purchase recorded: each was recorded
   * before its row settled); work that arrived as the workers left is run.
   */
  private async poolStopped(): Promise<void> {
    this.pool = null;
    const mode = this.mode.get();
    if (mode.kind === 'pausing') {
      await mode.written.catch(() => undefined);
      if (this.mode.get() === mode && this.pool === null) this.mode.to({ kind: 'paused', resumedBy: mode.resumedBy, unwatch: mode.unwatch });
      return;
    }
    if (mode.kind === 'stopped' || mode.kind === 'finished') return;
    if (!this.hasOpenWork()) this.mode.to({ kind: 'finished' });
    else if (this.mode.is('running', 'finishing') && !this.queue.empty()) await this.run();
  }
}
