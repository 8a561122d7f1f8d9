/**
 * The batch engine: provisions every row of a batch exactly once, as fast as the
 * account's rate limit allows. Hand-written because it is the heart of SimFleet.
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
import { backoffMs } from '../telegent/backoff';
import { setMaxListeners } from 'node:events';
import { isUserError, UserError } from '../errors/user-error';
import { DISK_FAULT, diskFault } from '../files/disk-fault';
import { faultPoint } from '../coordination/fault-points';
import type { EnginePurchases } from '../coordination/purchases';
import { systemClock, type Clock } from '../platform/clock';
import type { ProvisionInput, TelegentClient } from '../telegent/client';
import type { ProvisionResult } from '../telegent/responses';
import { apply, derive, hasOpenWork, initialState, JOURNAL_DAMAGED, type BatchState } from './derive';
import { Journal, readJournalChecked, recoverJournal } from './journal';
import { orderOutcome } from './order-status';
import { CLAIM_LOST, COORDINATION_UNREACHABLE, MemoryIccidClaims, type IccidClaims } from '../coordination/claims';
import { assertNever, classifyFailure, classifyResult } from './classify';
import type { BatchHeader, JournalRecord } from './records';
import { TimerHeap, type TimedJob } from './timer-heap';

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

type Job = TimedJob;

/** Every idle worker waits on one shared signal; there are as many listeners as workers. */
function wakeSignal(): AbortController {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  return controller;
}

/** Uncertain codes whose lookup need not wait for a slow commit to land. */
const LOOKUP_NOW: ReadonlySet<string> = new Set(['iccid_in_use', 'incomplete_answer', 'purchase_log_damaged', 'journal_damaged']);
// Not `claim_taken_over`: the process that held the claim may have written its request up to
// the end of its fence; its lookup waits the grace, so a request Telegent is still committing
// is found (docs/exactly-once.md, "The fence").

export class BatchRun {
  readonly state: BatchState;
  private readonly policy: EnginePolicy;
  private readonly clock: Clock;
  private readonly fifo: number[] = [];
  private head = 0;
  private readonly timers = new TimerHeap();
  private readonly inflight = new Set<number>();
  /** Jobs for rows that were in flight when the job came due; re-queued when the row is free. */
  private readonly deferred = new Map<number, Job>();
  private readonly polls = new Map<number, number>();
  private workers: Promise<void> | null = null;
  private wakeController = wakeSignal();
  private networkFailures = 0;
  private closed = false;
  /** A disk fault stopped this run (the reason shown); only a reopened run sends again. */
  private halted: string | null = null;
  private rerun = false;
  private readonly claims: IccidClaims;
  /**
   * Rows an operator action is about (Retry failed, Check uncertain) while the rest of a
   * stopped batch stays stopped: only their jobs run; sending the rest needs Resume.
   * Null: the whole batch runs. Jobs of other rows met meanwhile wait in `parked`.
   */
  private focus: Set<number> | null = null;
  private readonly parked: Job[] = [];
  /** A pause record is being written: concurrent workers write one, not one each. */
  private pausing: Promise<void> | null = null;
  /**
   * Paused because the claims (the fleet database) stopped answering: set while waiting
   * for them to answer again, then the batch resumes by itself. Holds the unsubscribe.
   */
  private awaitingClaims: (() => void) | null = null;
  /** Queued rows whose SIM another batch or station is buying now: who (shown on the row, not journaled). */
  private readonly waiting = new Map<number, string>();
  /** Told once the batch resumed by itself (the batch service follows the run again). */
  private resumedListeners: Array<() => void> = [];

  private constructor(
    private readonly journal: Journal,
    state: BatchState,
    private readonly deps: EngineDeps,
  ) {
    this.state = state;
    this.policy = { ...DEFAULT_POLICY, ...deps.policy };
    this.clock = deps.clock ?? systemClock;
    this.claims = deps.claims ?? new MemoryIccidClaims();
  }

  /** Starts a new batch: the header (every row) is on disk before anything is sent. */
  static async create(path: string, header: BatchHeader, deps: EngineDeps): Promise<BatchRun> {
    const start = { t: 'control', action: 'start', at: new Date((deps.clock ?? systemClock).now()).toISOString() } as const;
    const journal = await Journal.create(path, [header, start]);
    const state = initialState(header);
    apply(state, start);
    const run = new BatchRun(journal, state, deps);
    run.scheduleAll();
    return run;
  }

  /** Re-opens a batch after a restart or crash; in-flight requests of the dead process become uncertain. */
  static async open(path: string, deps: EngineDeps): Promise<BatchRun> {
    const { records, damage } = await readJournalChecked(path);
    // Replay as if live: rows still `submitting` are the requests the dead process had in flight.
    let state = derive(records, true, damage);
    if (damage.length > 0) {
      // Never append after damage: write a clean journal (the damaged one is kept) whose
      // last records make the rows the damage may concern uncertain, then go on from it.
      const at = new Date((deps.clock ?? systemClock).now());
      const extra: JournalRecord[] = state.rows.flatMap((row, i) =>
        row.code === JOURNAL_DAMAGED && row.state === 'uncertain'
          ? [{ t: 'uncertain', row: i, at: at.toISOString(), code: JOURNAL_DAMAGED, message: row.message }]
          : [],
      );
      await recoverJournal(path, records, extra, at);
      state = derive([...records, ...extra], true);
    }
    const journal = await Journal.open(path);
    const run = new BatchRun(journal, state, deps);
    for (const [i, row] of state.rows.entries()) {
      if (row.state === 'submitting') {
        // Their outcome is unknown: say so in the journal, once, and reconcile before any resend.
        await run.append({
          t: 'uncertain',
          row: i,
          at: run.now(),
          code: 'interrupted',
          message: 'SimFleet stopped while this request was in flight; it may have been bought. It will be checked by ICCID before anything is sent again.',
        });
      }
      // The purchase log is written after the journal: repair it if the process died in between.
      if (row.state === 'provisioned' && row.number && !(await deps.purchases.find(state.header.rows[i]!.iccid))) {
        const flag = await run.register(i, { number: row.number, nid: row.nid, orderId: row.orderId, at: row.provisionedAt ?? run.now() });
        if (flag) await run.append(flag);
      }
    }
    // Claims of rows that settled just before the process died are given back now.
    for (const held of await run.claims.owned(run.id)) await run.settleClaim(held.row);
    run.timers.clear();
    run.scheduleAll(true);
    return run;
  }

  get id(): string {
    return this.state.header.id;
  }

  /** Runs until there is nothing left to do, or until paused; resolves when the workers stop. */
  run(): Promise<void> {
    if (this.closed) return Promise.resolve();
    if (this.workers) {
      // Workers may be on their way out just as new work arrives (retry, reconcile):
      // have them look again once they stop, so nothing is left queued without a worker.
      this.rerun = true;
      this.wake();
      return this.workers;
    }
    this.rerun = false;
    if (this.focus && !this.focusOpen()) this.endFocus();
    if (this.focus === null && this.holdRest) return Promise.resolve();
    this.workers = Promise.all(Array.from({ length: Math.max(1, this.deps.concurrency) }, () => this.worker())).then(() => {
      this.workers = null;
      if (this.rerun && !this.closed && (!this.state.paused || this.focus) && this.hasOpenWork()) return this.run();
      return undefined;
    });
    return this.workers;
  }

  /** True while workers are running. */
  isRunning(): boolean {
    return this.workers !== null;
  }

  /** Stops taking new work; requests in flight finish and are recorded. A pause asked for from outside never resumes by itself. */
  async pause(reason?: string): Promise<void> {
    this.stopAwaitingClaims();
    this.resumedListeners = [];
    await this.pauseFor(reason);
  }

  private async pauseFor(reason?: string): Promise<void> {
    // Pause stops an operator's focused action too (Retry failed, Check uncertain on a stopped batch).
    this.endFocus();
    this.wake();
    if (this.pausing) return this.pausing;
    if (this.state.paused || this.state.cancelled) return;
    this.pausing = this.append({ t: 'control', action: 'pause', at: this.now(), ...(reason ? { reason } : {}) }).finally(() => {
      this.pausing = null;
    });
    await this.pausing;
    this.wake();
  }

  /** Why a queued row is not being sent now ("being provisioned on station dock-2"), or null. */
  waitingFor(row: number): string | null {
    return this.waiting.get(row) ?? null;
  }

  /** True while paused for claims that stopped answering: the batch resumes by itself, so it stays open. */
  awaitingCoordination(): boolean {
    return this.awaitingClaims !== null;
  }

  private stopAwaitingClaims(): void {
    this.awaitingClaims?.();
    this.awaitingClaims = null;
  }

  /**
   * The claims, the shared ledger or the shared rate budget did not answer before a
   * request: nothing was sent. The job goes back in the queue and the batch pauses, saying
   * why, until they answer again (docs/fleet.md, "When the database is away").
   */
  private async holdForClaims(i: number, message: string, kind: Job['kind'] = 'send'): Promise<void> {
    this.timers.push({ due: this.clock.now(), row: i, kind });
    if (this.awaitingClaims) return;
    const reason = `${message} The batch paused itself and sends nothing; it resumes by itself when the database answers again.`;
    if (!this.claims.onAvailable) return this.pauseFor(reason);
    this.awaitingClaims = this.claims.onAvailable(() => {
      if (!this.awaitingClaims) return;
      this.stopAwaitingClaims();
      // The pause record may still be on its way to disk: resume after it.
      void (this.pausing ?? Promise.resolve())
        .then(() => this.resumeNow())
        .then(() => {
          for (const listener of this.resumedListeners.splice(0)) listener();
        })
        // Could not resume by itself (a disk fault meanwhile): it stays paused, saying why.
        .catch(() => undefined);
    });
    await this.pauseFor(reason);
  }

  /**
   * A write to the journal, a claim or the purchase log failed (disk full, read-only, failing):
   * nothing more is sent, and the batch pauses saying which folder and what to do. The pause
   * is journaled if the disk still takes it; either way this run stops, and a resume reopens
   * the batch from its journal (docs/exactly-once.md, "Disk faults").
   */
  private async haltForDisk(reason: string): Promise<void> {
    if (this.halted) return;
    this.halted = reason;
    // Not resumed by the fleet database's return: only a reopened run sends again.
    this.stopAwaitingClaims();
    this.wake();
    try {
      await this.pauseFor(reason);
    } catch {
      // The disk refused the pause record too: the run stops all the same, paused in memory.
      this.state.paused = true;
      this.state.pauseReason = reason;
      this.deps.onChange?.([]);
    }
  }

  /** Why this run stopped on a disk fault, or null. */
  haltedFor(): string | null {
    return this.halted;
  }

  /** Hears once when a batch paused for its claims resumed by itself. */
  onceResumed(listener: () => void): void {
    this.resumedListeners.push(listener);
  }

  async resume(): Promise<void> {
    this.stopAwaitingClaims();
    this.resumedListeners = [];
    await this.resumeNow();
  }

  private async resumeNow(): Promise<void> {
    if (this.halted) throw new UserError(DISK_FAULT, this.halted);
    this.holdRest = false;
    this.endFocus();
    if (!this.state.paused) return;
    this.networkFailures = 0;
    await this.append({ t: 'control', action: 'resume', at: this.now() });
    void this.run();
  }

  /** Nothing more is sent; in-flight requests finish; pending orders and uncertain rows are still resolved. */
  async cancel(): Promise<void> {
    // Cancelling sends nothing more; what may be bought (pending, uncertain) is still resolved.
    this.holdRest = false;
    this.endFocus();
    if (this.state.cancelled) return;
    await this.append({ t: 'control', action: 'cancel', at: this.now() });
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
   * Journals an operator action on every row in `state` and runs it; answers how many
   * rows it concerns. On a batch that is not sending (paused, interrupted, finished) it
   * acts on those rows only: the batch stays paused, and the rest waits for Resume.
   */
  private async actOn(state: 'failed' | 'uncertain', action: 'retry-failed' | 'reconcile'): Promise<number> {
    const rows = this.state.rows.flatMap((r, i) => (r.state === state ? [i] : []));
    if (rows.length === 0) return 0;
    const sending = this.workers !== null && !this.state.paused && this.focus === null && !this.holdRest;
    if (!sending) {
      this.focus = new Set([...(this.focus ?? []), ...rows]);
      this.holdRest = true;
    }
    await this.append({ t: 'control', action, at: this.now() });
    void this.run();
    return rows.length;
  }

  /** The rest of the batch waits for Resume (set by an operator action on a stopped batch). */
  private holdRest = false;

  /** Whether a row in focus still has work the engine can do by itself. */
  private focusOpen(): boolean {
    if (!this.focus) return false;
    for (const i of this.focus) {
      const r = this.state.rows[i];
      if (!r) continue;
      if ((r.state === 'queued' && !this.state.cancelled) || r.state === 'submitting' || r.state === 'pending') return true;
      if (r.state === 'uncertain' && r.lookupFailures < this.policy.maxLookupFailures) return true;
    }
    return false;
  }

  /** Ends a focused action: parked jobs go back to the queues for whenever the batch resumes. */
  private endFocus(): void {
    this.focus = null;
    for (const job of this.parked.splice(0)) {
      if (job.kind === 'send') this.fifo.push(job.row);
      else this.timers.push(job);
    }
  }

  /** Waits for the workers to stop (after pause or when finished) and closes the journal. */
  async close(): Promise<void> {
    this.closed = true;
    // A run closed while waiting for its claims to answer does not resume afterwards.
    this.stopAwaitingClaims();
    this.resumedListeners = [];
    this.wake();
    if (this.workers) await this.workers;
    await this.journal.close();
  }

  /** Whether the engine still has work it can do by itself. */
  hasOpenWork(): boolean {
    return hasOpenWork(this.state, this.policy.maxLookupFailures);
  }

  get maxLookupFailures(): number {
    return this.policy.maxLookupFailures;
  }

  // ---- scheduling -------------------------------------------------------------

  /** A failed row's next try (telegent/backoff.ts). */
  private backoff(attempt: number): number {
    return backoffMs(attempt, { baseMs: this.policy.retryBaseMs, random: this.deps.random ?? Math.random });
  }

  /** An order's next poll (telegent/backoff.ts, no jitter). */
  private pollDelay(polls: number): number {
    return backoffMs(polls, { baseMs: this.policy.pollBaseMs, maxMs: this.policy.pollMaxMs, random: null });
  }

  private now(): string {
    return new Date(this.clock.now()).toISOString();
  }

  private scheduleAll(afterRestart = false): void {
    const now = this.clock.now();
    for (const [i, row] of this.state.rows.entries()) {
      if (row.state === 'queued' && !this.state.cancelled) {
        const retryAt = row.retryAt ? Date.parse(row.retryAt) : 0;
        if (retryAt > now) this.timers.push({ due: retryAt, row: i, kind: 'send' });
        else this.fifo.push(i);
      } else if (row.state === 'pending') this.timers.push({ due: now, row: i, kind: 'poll' });
      else if (row.state === 'uncertain' && row.lookupFailures < this.policy.maxLookupFailures) {
        this.timers.push({ due: afterRestart ? now : now + this.policy.reconcileGraceMs, row: i, kind: 'reconcile' });
      }
    }
  }

  private scheduleAfter(record: JournalRecord, changed: readonly number[]): void {
    const now = this.clock.now();
    switch (record.t) {
      case 'failed':
        if (this.state.rows[record.row]?.state === 'queued') {
          this.timers.push({ due: record.retryAt ? Date.parse(record.retryAt) : now, row: record.row, kind: 'send' });
        }
        break;
      case 'pending': {
        const n = this.polls.get(record.row) ?? 0;
        this.timers.push({ due: now + this.pollDelay(n), row: record.row, kind: 'poll' });
        break;
      }
      case 'uncertain': {
        const immediate = LOOKUP_NOW.has(record.code);
        this.timers.push({ due: immediate ? now : now + this.policy.reconcileGraceMs, row: record.row, kind: 'reconcile' });
        break;
      }
      case 'not-found':
        if (this.state.rows[record.row]?.state === 'queued') this.fifo.push(record.row);
        break;
      case 'lookup-failed': {
        const failures = this.state.rows[record.row]?.lookupFailures ?? 0;
        if (failures < this.policy.maxLookupFailures) {
          this.timers.push({ due: now + this.backoff(failures - 1), row: record.row, kind: 'reconcile' });
        }
        break;
      }
      case 'control':
        if (record.action === 'retry-failed') for (const i of changed) this.fifo.push(i);
        if (record.action === 'reconcile') {
          for (const [i, row] of this.state.rows.entries()) if (row.state === 'uncertain') this.timers.push({ due: now, row: i, kind: 'reconcile' });
        }
        break;
      default:
        break;
    }
  }

  private async append(record: JournalRecord): Promise<void> {
    await this.journal.append(record);
    // Recorded before released (docs/exactly-once.md, rule 11): a purchase is in the purchase
    // log (and the shared ledger) before the row reads provisioned, before the batch can read
    // finished, and before its claim is given back.
    const twin = record.t === 'provisioned' ? await this.register(record.row, record) : null;
    const changed = apply(this.state, record);
    // A flag is a note for the operator: it settles nothing and releases nothing.
    if (record.t !== 'flagged') for (const i of changed) await this.settleClaim(i);
    this.scheduleAfter(record, changed);
    if (changed.length > 0 || record.t === 'control') this.deps.onChange?.(changed);
    this.wake();
    if (twin) await this.append(twin);
  }

  /**
   * Gives a row's claim back once nothing about it is unresolved: the purchase log answers
   * for a bought SIM, and a row proven not bought re-claims before it is sent again.
   */
  private async settleClaim(i: number): Promise<void> {
    const state = this.state.rows[i]?.state;
    if (state === 'submitting' || state === 'uncertain' || state === 'pending' || state === undefined) return;
    await this.claims.release(this.state.header.rows[i]!.iccid, { batchId: this.id, row: i });
  }

  private wake(): void {
    this.wakeController.abort();
    this.wakeController = wakeSignal();
  }

  private valid(job: Job): boolean {
    const row = this.state.rows[job.row];
    if (!row) return false;
    if (this.inflight.has(job.row)) {
      // Follow-up work (a lookup after an uncertain answer) is scheduled while the row
      // is still in flight: keep it until the row is free instead of losing it.
      this.deferred.set(job.row, job);
      return false;
    }
    if (job.kind === 'send') {
      const due = row.retryAt ? Date.parse(row.retryAt) : 0;
      return row.state === 'queued' && !this.state.cancelled && due <= this.clock.now();
    }
    if (job.kind === 'poll') return row.state === 'pending';
    return row.state === 'uncertain' && row.lookupFailures < this.policy.maxLookupFailures;
  }

  private takeJob(): Job | null {
    const now = this.clock.now();
    while (this.timers.size > 0 && this.timers.peek()!.due <= now) {
      const job = this.timers.pop()!;
      if (this.outOfFocus(job)) continue;
      if (this.valid(job)) return job;
    }
    while (this.head < this.fifo.length) {
      const job: Job = { due: now, row: this.fifo[this.head++]!, kind: 'send' };
      if (this.head > 4096 && this.head * 2 > this.fifo.length) {
        this.fifo.splice(0, this.head);
        this.head = 0;
      }
      if (this.outOfFocus(job)) continue;
      if (this.valid(job)) return job;
    }
    return null;
  }

  /** While an operator action has the focus, other rows' jobs are parked, not run and not lost. */
  private outOfFocus(job: Job): boolean {
    if (this.focus === null || this.focus.has(job.row)) return false;
    this.parked.push(job);
    return true;
  }

  private async worker(): Promise<void> {
    for (;;) {
      if (this.closed) return;
      if (this.focus === null && (this.state.paused || this.holdRest)) return;
      if (this.focus !== null && !this.focusOpen() && this.inflight.size === 0) {
        this.endFocus();
        this.wake();
        return;
      }
      if (this.halted) return;
      const job = this.takeJob();
      if (job) {
        this.inflight.add(job.row);
        try {
          await this.execute(job);
        } catch (error) {
          const fault = diskFault(error, this.journal.path);
          if (!fault) throw error;
          await this.haltForDisk(fault.message);
        } finally {
          this.inflight.delete(job.row);
          const waiting = this.deferred.get(job.row);
          if (waiting) {
            this.deferred.delete(job.row);
            this.timers.push(waiting);
          }
          this.wake();
        }
        continue;
      }
      const next = this.timers.peek();
      const sendsLeft = !this.state.cancelled && this.head < this.fifo.length;
      if (!next && !sendsLeft && this.inflight.size === 0 && this.deferred.size === 0) return;
      const signal = this.wakeController.signal;
      const wait = next ? Math.max(0, next.due - this.clock.now()) : 60_000;
      await this.clock.sleep(wait, signal).catch(() => undefined);
    }
  }

  // ---- jobs ---------------------------------------------------------------------

  private async execute(job: Job): Promise<void> {
    if (job.kind === 'send') return this.send(job.row);
    if (job.kind === 'poll') return this.poll(job.row);
    return this.lookup(job.row);
  }

  private provisionInput(i: number): ProvisionInput {
    const { header } = this.state;
    const row = header.rows[i]!;
    return {
      ...header.profile,
      ...(row.overrides.AreaCode ? { AreaCode: row.overrides.AreaCode } : {}),
      ...(row.overrides.ZipCode ? { ZipCode: row.overrides.ZipCode } : {}),
      ...(row.overrides.AssignedSubscriberId ? { AssignedSubscriberId: row.overrides.AssignedSubscriberId } : {}),
      ICCID: row.iccid,
      AccountId: row.overrides.AccountId ?? header.accountId,
    };
  }

  /**
   * The checks before an intent: this station's claim on the SIM, the last guard against
   * an earlier purchase, and the rules that send a row to a lookup instead. False: not now.
   */
  private async mayBuy(i: number): Promise<boolean> {
    const iccid = this.state.header.rows[i]!.iccid;
    const owner = { batchId: this.id, row: i };
    const claim = await this.claims.claim(iccid, owner);
    if (claim.kind === 'busy') {
      // Another running batch is buying this SIM right now: look again shortly (nothing was sent).
      this.timers.push({ due: this.clock.now() + 1_000, row: i, kind: 'send' });
      if (this.waiting.get(i) !== claim.holder) {
        this.waiting.set(i, claim.holder);
        this.deps.onChange?.([i]);
      }
      return false;
    }
    if (this.waiting.delete(i)) this.deps.onChange?.([i]);
    // Last guard: never buy twice for one SIM on this station, whatever the import said.
    const earlier = await this.deps.purchases.find(iccid);
    if (earlier) {
      await this.append({
        t: 'skipped',
        row: i,
        at: this.now(),
        reason: 'already_provisioned',
        message:
          earlier.station === undefined
            ? `Already provisioned on ${earlier.at.slice(0, 10)} as ${earlier.phoneNumber} (batch "${earlier.batchName}"); not sent.`
            : `Bought on station ${earlier.station} on ${earlier.at.slice(0, 10)} as ${earlier.phoneNumber} (batch "${earlier.batchName}"); not sent.`,
      });
      return false;
    }
    if (claim.kind === 'taken-over') {
      // The batch that held it stopped while it may have been buying: the uncertain-row rule.
      await this.append({
        t: 'uncertain',
        row: i,
        at: this.now(),
        code: 'claim_taken_over',
        message: `${claim.from} stopped while it may have been buying this SIM; checking by ICCID before anything is sent.`,
      });
      return false;
    }
    if (await this.deps.purchases.suspect?.(iccid)) {
      await this.append({
        t: 'uncertain',
        row: i,
        at: this.now(),
        code: 'purchase_log_damaged',
        message: 'This ICCID appears on a damaged line of the purchase log; checking by ICCID before anything is sent.',
      });
      return false;
    }
    return true;
  }

  private async send(i: number): Promise<void> {
    try {
      if (!(await this.mayBuy(i))) return;
    } catch (error) {
      if (isUserError(error) && error.code === COORDINATION_UNREACHABLE) return this.holdForClaims(i, error.message);
      throw error;
    }
    const attempt = this.state.rows[i]!.attempts + 1;
    await this.append({ t: 'intent', row: i, attempt, at: this.now() });
    const iccid = this.state.header.rows[i]!.iccid;
    let result: ProvisionResult;
    try {
      // The claim is confirmed once the rate limiter lets the request go, and its permit is
      // checked again at the write (the fence, docs/exactly-once.md).
      result = await this.deps.client.provision(this.provisionInput(i), undefined, async () => {
        const environment = this.state.header.environment;
        faultPoint('before-confirm', environment, `row ${i}, ICCID ${iccid}`);
        const permit = await this.claims.confirm(iccid, { batchId: this.id, row: i });
        faultPoint('after-confirm', environment, `row ${i}, ICCID ${iccid}`);
        return permit;
      });
    } catch (error) {
      if (isUserError(error) && (error.code === CLAIM_LOST || error.code === COORDINATION_UNREACHABLE)) {
        // Refused before it was sent: nothing was bought; the row goes back to the queue.
        await this.append({ t: 'failed', row: i, at: this.now(), code: 'not_sent', message: error.message, retry: true, retryAt: this.now() });
        if (error.code === COORDINATION_UNREACHABLE) await this.holdForClaims(i, error.message);
        else this.timers.push({ due: this.clock.now() + 1_000, row: i, kind: 'send' });
        return;
      }
      // A disk that refused the claim's confirmation: nothing was sent; the run halts (and the
      // intent is looked up when the batch is reopened, as after any stop).
      const fault = diskFault(error);
      if (fault) throw fault;
      await this.recordFailure(i, attempt, error);
      return;
    }
    this.networkFailures = 0;
    await this.recordResult(i, result);
  }

  private async recordFailure(i: number, attempt: number, error: unknown): Promise<void> {
    const at = this.now();
    const decision = classifyFailure(error, attempt, this.policy.maxAttempts, (n) => this.backoff(n));
    switch (decision.kind) {
      case 'uncertain':
        await this.append({ t: 'uncertain', row: i, at, code: decision.code, message: decision.message });
        return;
      case 'failed': {
        const retry = decision.retryAfterMs !== null;
        await this.append({
          t: 'failed',
          row: i,
          at,
          code: decision.code,
          message: decision.message,
          retry,
          ...(retry ? { retryAt: new Date(this.clock.now() + decision.retryAfterMs!).toISOString() } : {}),
        });
        if (decision.networkFailure) this.networkFailures += 1;
        if (decision.pause) await this.pauseFor(decision.pause);
        else if (this.networkFailures >= this.policy.maxConsecutiveNetworkFailures) {
          await this.pauseFor(`Telegent could not be reached ${this.networkFailures} times in a row. The batch paused itself; check the network, then resume.`);
        }
        return;
      }
      default:
        assertNever(decision);
    }
  }

  private async recordResult(i: number, r: ProvisionResult): Promise<void> {
    const at = this.now();
    const decision = classifyResult(r);
    switch (decision.kind) {
      case 'provisioned':
        await this.append({
          t: 'provisioned',
          row: i,
          at,
          number: r.phoneNumber!,
          nid: r.phoneNumberId,
          orderId: r.orderId,
          orderStatus: r.orderStatus,
          subscriberId: r.subscriberId,
          zipCode: r.zipCode,
          lpa: r.lpa,
          via: 'response',
        });
        return;
      case 'failed':
        await this.append({ t: 'failed', row: i, at, code: decision.code, message: decision.message, retry: false });
        return;
      case 'pending':
        await this.append({ t: 'pending', row: i, at, orderId: decision.orderId, orderStatus: decision.orderStatus });
        return;
      case 'uncertain':
        await this.append({ t: 'uncertain', row: i, at, code: decision.code, message: decision.message });
        return;
      default:
        assertNever(decision);
    }
  }

  private async poll(i: number): Promise<void> {
    const row = this.state.rows[i]!;
    const count = (this.polls.get(i) ?? 0) + 1;
    this.polls.set(i, count);
    const later = (): void => {
      this.timers.push({ due: this.clock.now() + this.pollDelay(count), row: i, kind: 'poll' });
    };
    let order;
    try {
      order = await this.deps.client.orderStatus(row.orderId!);
    } catch {
      later();
      return;
    }
    const outcome = orderOutcome(order.orderStatus);
    if (outcome === 'pending') return later();
    if (outcome === 'failed') {
      await this.append({
        t: 'failed',
        row: i,
        at: this.now(),
        code: 'order_failed',
        message: `Telegent's order ended "${order.orderStatus}"${order.statusMessage ? ` (${order.statusMessage})` : ''}; nothing was bought.`,
        retry: false,
      });
      return;
    }
    // Complete: the order lists the number; the number's ID comes from the ICCID lookup.
    const details = await this.deps.client.numberByIccid(this.state.header.rows[i]!.iccid).catch(() => null);
    const number = order.numbers[0] ?? details?.number ?? null;
    if (!number) {
      await this.append({
        t: 'uncertain',
        row: i,
        at: this.now(),
        code: 'incomplete_answer',
        message: 'The order completed without a number; checking by ICCID.',
      });
      return;
    }
    await this.append({
      t: 'provisioned',
      row: i,
      at: this.now(),
      number,
      nid: details?.tnid ?? null,
      orderId: row.orderId,
      orderStatus: order.orderStatus,
      subscriberId: details?.subscriberId ?? null,
      zipCode: null,
      lpa: details?.lpa ?? null,
      via: 'order',
    });
  }

  private async lookup(i: number): Promise<void> {
    const iccid = this.state.header.rows[i]!.iccid;
    let details;
    try {
      details = await this.deps.client.numberByIccid(iccid);
    } catch (error) {
      // No rate budget from the fleet database: the lookup was not sent and does not count as failed.
      if (isUserError(error) && error.code === COORDINATION_UNREACHABLE) return this.holdForClaims(i, error.message, 'reconcile');
      await this.append({ t: 'lookup-failed', row: i, at: this.now(), message: error instanceof Error ? error.message : String(error) });
      return;
    }
    if (details === null) {
      await this.append({ t: 'not-found', row: i, at: this.now() });
      return;
    }
    if (!details.number) {
      await this.append({ t: 'lookup-failed', row: i, at: this.now(), message: 'Telegent knows this ICCID but sent no number for it.' });
      return;
    }
    if ((details.status ?? '').toLowerCase() === 'pending' && details.orderId) {
      await this.append({ t: 'pending', row: i, at: this.now(), orderId: details.orderId, orderStatus: details.status ?? 'Pending' });
      return;
    }
    await this.append({
      t: 'provisioned',
      row: i,
      at: this.now(),
      number: details.number,
      nid: details.tnid,
      orderId: details.orderId,
      orderStatus: details.status,
      subscriberId: details.subscriberId,
      zipCode: null,
      lpa: details.lpa,
      via: 'lookup',
    });
  }

  /**
   * Writes a purchase to the purchase log, and answers the flag to journal once the row reads
   * provisioned when Telegent sold the same number earlier for another ICCID (a number
   * recycled after that SIM gave it up, or one number for two SIMs): a note for the
   * operator, never a reason to buy or to record anything twice.
   */
  private async register(
    i: number,
    bought: { readonly number: string; readonly nid: string | null; readonly orderId: string | null; readonly at: string },
  ): Promise<JournalRecord | null> {
    const { header } = this.state;
    const iccid = header.rows[i]!.iccid;
    const twin = await this.deps.purchases.findByNumber?.(bought.number);
    await this.deps.purchases.record({
      iccid,
      phoneNumber: bought.number,
      phoneNumberId: bought.nid,
      orderId: bought.orderId,
      at: bought.at,
      batchId: header.id,
      batchName: header.name,
      environment: header.environment,
    });
    if (!twin || twin.iccid === iccid) return null;
    return {
      t: 'flagged',
      row: i,
      at: this.now(),
      code: 'duplicate_number',
      message:
        `Telegent returned ${bought.number} for this SIM and, on ${twin.at.slice(0, 10)}, for ICCID ${twin.iccid} (batch ` +
        `"${twin.batchName}"): a recycled number or one number for two SIMs. Do not hand out either label until Telegent confirms which SIM owns it.`,
    };
  }
}
