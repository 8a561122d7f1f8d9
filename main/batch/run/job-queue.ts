/**
 * The engine's work: sends in import order, delayed jobs (retries, polls, lookups) by due
 * time, and the rows in flight. It answers the next job to run; whether jobs may be taken at
 * all is the run mode's business (run-mode.ts), and whether a job still fits its row is the
 * engine's (it knows the rows).
 */
import { TimerHeap, type TimedJob } from './timer-heap';

export type Job = TimedJob;

export class JobQueue {
  private readonly fifo: number[] = [];
  private head = 0;
  private readonly timers = new TimerHeap();
  private readonly inflight = new Set<number>();
  /** Jobs for rows that were in flight when the job came due; queued again when the row is free. */
  private readonly deferred = new Map<number, Job>();
  /**
   * Rows an operator action is about (Retry failed, Check uncertain) while the rest of a
   * batch that is not sending waits for Resume: only their jobs are taken. Null: every row.
   * Jobs of other rows met meanwhile wait in `parked`.
   */
  private focus: Set<number> | null = null;
  private readonly parked: Job[] = [];

  /** A row to send as soon as a worker is free, in import order. */
  sendNow(row: number): void {
    this.fifo.push(row);
  }

  /** A job that is due at `job.due`. */
  later(job: Job): void {
    this.timers.push(job);
  }

  clearTimers(): void {
    this.timers.clear();
  }

  /**
   * The next job that is due and still fits its row (`fits`), or null. Jobs met for a row in
   * flight are deferred until it is free; jobs outside the focus are parked, not lost.
   */
  take(now: number, fits: (job: Job) => boolean): Job | null {
    while (this.timers.size > 0 && this.timers.peek()!.due <= now) {
      const job = this.timers.pop()!;
      if (this.usable(job) && fits(job)) return job;
    }
    while (this.head < this.fifo.length) {
      const job: Job = { due: now, row: this.fifo[this.head++]!, kind: 'send' };
      if (this.head > 4096 && this.head * 2 > this.fifo.length) {
        this.fifo.splice(0, this.head);
        this.head = 0;
      }
      if (this.usable(job) && fits(job)) return job;
    }
    return null;
  }

  private usable(job: Job): boolean {
    if (this.focus !== null && !this.focus.has(job.row)) {
      this.parked.push(job);
      return false;
    }
    if (this.inflight.has(job.row)) {
      // Follow-up work (a lookup after an uncertain answer) is scheduled while the row is
      // still in flight: keep it until the row is free instead of losing it.
      this.deferred.set(job.row, job);
      return false;
    }
    return true;
  }

  begin(row: number): void {
    this.inflight.add(row);
  }

  end(row: number): void {
    this.inflight.delete(row);
    const waiting = this.deferred.get(row);
    if (waiting) {
      this.deferred.delete(row);
      this.timers.push(waiting);
    }
  }

  inFlight(): number {
    return this.inflight.size;
  }

  /** When the next delayed job is due, or null. */
  nextDue(): number | null {
    return this.timers.peek()?.due ?? null;
  }

  /** Sends still waiting in import order (some may no longer fit their rows). */
  hasSends(): boolean {
    return this.head < this.fifo.length;
  }

  /** Nothing queued, deferred or in flight. */
  empty(): boolean {
    return this.timers.size === 0 && !this.hasSends() && this.inflight.size === 0 && this.deferred.size === 0;
  }

  focused(): ReadonlySet<number> | null {
    return this.focus;
  }

  /** Only these rows' jobs are taken (added to a focus already set). */
  focusOn(rows: readonly number[]): void {
    this.focus = new Set([...(this.focus ?? []), ...rows]);
  }

  /** Ends a focused action: parked jobs go back to the queues for whenever the batch runs. */
  endFocus(): void {
    this.focus = null;
    for (const job of this.parked.splice(0)) {
      if (job.kind === 'send') this.fifo.push(job.row);
      else this.timers.push(job);
    }
  }
}
