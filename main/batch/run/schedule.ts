/**
 * When each row's next job is due, from the record that just changed it (a retry after a
 * failure that bought nothing, a poll of a pending order, a lookup after an uncertain answer).
 */
import type { Clock } from '../../platform/clock';
import { backoffMs } from '../../telegent/backoff';
import type { BatchState } from '../derive';
import type { JournalRecord } from '../records';
import type { JobQueue } from './job-queue';

export interface SchedulePolicy {
  readonly reconcileGraceMs: number;
  readonly maxLookupFailures: number;
  readonly pollBaseMs: number;
  readonly pollMaxMs: number;
  readonly retryBaseMs: number;
}

/** Uncertain codes whose lookup need not wait for a slow commit to land. */
const LOOKUP_NOW: ReadonlySet<string> = new Set(['iccid_in_use', 'incomplete_answer', 'purchase_log_damaged', 'journal_damaged']);
// Not `claim_taken_over`: the process that held the claim may have written its request up to
// the end of its fence; its lookup waits the grace, so a request Telegent is still committing
// is found (docs/exactly-once.md, "The fence").

export class Schedule {
  /** Polls made per row, for the next poll's delay. */
  private readonly polls = new Map<number, number>();

  constructor(
    private readonly queue: JobQueue,
    private readonly state: BatchState,
    private readonly policy: SchedulePolicy,
    private readonly clock: Clock,
    private readonly random: () => number,
  ) {}

  /** Every open row's job, from the journal alone (a new or reopened run). */
  all(afterRestart: boolean): void {
    const now = this.clock.now();
    for (const [i, row] of this.state.rows.entries()) {
      if (row.state === 'queued' && !this.state.cancelled) {
        const retryAt = row.retryAt ? Date.parse(row.retryAt) : 0;
        if (retryAt > now) this.queue.later({ due: retryAt, row: i, kind: 'send' });
        else this.queue.sendNow(i);
      } else if (row.state === 'pending') this.queue.later({ due: now, row: i, kind: 'poll' });
      else if (row.state === 'uncertain' && row.lookupFailures < this.policy.maxLookupFailures) {
        this.queue.later({ due: afterRestart ? now : now + this.policy.reconcileGraceMs, row: i, kind: 'reconcile' });
      }
    }
  }

  /** The jobs a record (already applied to the state) calls for. */
  after(record: JournalRecord, changed: readonly number[]): void {
    const now = this.clock.now();
    switch (record.t) {
      case 'failed':
        if (this.state.rows[record.row]?.state === 'queued') {
          this.queue.later({ due: record.retryAt ? Date.parse(record.retryAt) : now, row: record.row, kind: 'send' });
        }
        break;
      case 'pending':
        this.queue.later({ due: now + this.pollDelay(this.polls.get(record.row) ?? 0), row: record.row, kind: 'poll' });
        break;
      case 'uncertain': {
        const immediate = LOOKUP_NOW.has(record.code);
        this.queue.later({ due: immediate ? now : now + this.policy.reconcileGraceMs, row: record.row, kind: 'reconcile' });
        break;
      }
      case 'not-found':
        // Sent again, or failed by steps.ts before any send once it used its attempts.
        if (this.state.rows[record.row]?.state === 'queued') this.queue.sendNow(record.row);
        break;
      case 'lookup-failed': {
        const failures = this.state.rows[record.row]?.lookupFailures ?? 0;
        if (failures < this.policy.maxLookupFailures) {
          this.queue.later({ due: now + this.retryDelay(failures - 1), row: record.row, kind: 'reconcile' });
        }
        break;
      }
      case 'control':
        if (record.action === 'retry-failed') for (const i of changed) this.queue.sendNow(i);
        if (record.action === 'reconcile') {
          for (const [i, row] of this.state.rows.entries()) if (row.state === 'uncertain') this.queue.later({ due: now, row: i, kind: 'reconcile' });
        }
        break;
      default:
        break;
    }
  }

  /** A row whose SIM another batch is buying now, or whose claim was lost unsent: look again shortly. */
  sendSoon(row: number): void {
    this.queue.later({ due: this.clock.now() + 1_000, row, kind: 'send' });
  }

  /** Counts a poll of a row's order as it is made; answers how many were made. */
  polled(row: number): number {
    const count = (this.polls.get(row) ?? 0) + 1;
    this.polls.set(row, count);
    return count;
  }

  /** The next poll of an order that is still not final, after `count` polls. */
  pollAgain(row: number, count: number): void {
    this.queue.later({ due: this.clock.now() + this.pollDelay(count), row, kind: 'poll' });
  }

  /** A failed row's next try (telegent/backoff.ts). */
  retryDelay(attempt: number): number {
    return backoffMs(attempt, { baseMs: this.policy.retryBaseMs, random: this.random });
  }

  /** An order's next poll (telegent/backoff.ts, no jitter). */
  private pollDelay(polls: number): number {
    return backoffMs(polls, { baseMs: this.policy.pollBaseMs, maxMs: this.policy.pollMaxMs, random: null });
  }
}
