/**
 * A batch's state, derived from its journal and nothing else. The same reducer
 * replays a journal after a restart and follows a live run record by record, so
 * what the screen shows is always what the disk says.
 */
import type { BatchStatus, RowState } from '../../preload/domain';
import { OPERATOR_PAUSE, type BatchHeader, type JournalRecord, type PausedBy } from './records';

export type { BatchStatus, RowState };

export interface RowStatus {
  state: RowState;
  /** Provision requests sent for this row (intents written). */
  attempts: number;
  /**
   * The sends that count toward the attempts policy (docs/exactly-once.md, "Attempts"): intents
   * since the last Retry failed, without those answered 429 or refused before sending.
   */
  sends: number;
  number: string | null;
  nid: string | null;
  orderId: string | null;
  orderStatus: string | null;
  subscriberId: string | null;
  zipCode: string | null;
  lpa: string | null;
  message: string;
  /** Machine code of the last failure or uncertainty. */
  code: string | null;
  updatedAt: string | null;
  /** When an automatic retry is due (failed with retry). */
  retryAt: string | null;
  /** ICCID lookups that could not be completed while uncertain. */
  lookupFailures: number;
  provisionedAt: string | null;
}

export interface BatchState {
  readonly header: BatchHeader;
  readonly rows: RowStatus[];
  paused: boolean;
  pauseReason: string | null;
  /** Who paused it, while paused. */
  pausedBy: PausedBy | null;
  cancelled: boolean;
  /** When the operator cancelled (rows that end after it are "finished after the cancel"). */
  cancelledAt: string | null;
  /** Times at which rows became provisioned, for the rate. */
  readonly provisionedTimes: number[];
  /** Times at which rows were settled for good (provisioned, failed, skipped), for the time left. */
  readonly settledTimes: number[];
  lastAt: string;
  /** Damaged journal lines found when it was read (their rows are uncertain). */
  damage: readonly { line: number; reason: string; row: number | null }[];
  /** Answers lost at any time (uncertain records: a timeout, a crash with a request in flight, damage): the account is worth an audit. */
  lostAnswers: number;
}

export function initialState(header: BatchHeader): BatchState {
  return {
    header,
    rows: header.rows.map(() => ({
      state: 'queued',
      attempts: 0,
      sends: 0,
      number: null,
      nid: null,
      orderId: null,
      orderStatus: null,
      subscriberId: null,
      zipCode: null,
      lpa: null,
      message: '',
      code: null,
      updatedAt: null,
      retryAt: null,
      lookupFailures: 0,
      provisionedAt: null,
    })),
    paused: false,
    pauseReason: null,
    pausedBy: null,
    cancelled: false,
    cancelledAt: null,
    provisionedTimes: [],
    settledTimes: [],
    lastAt: header.createdAt,
    damage: [],
    lostAnswers: 0,
  };
}

/** Which row states each record may follow; anything else is damage (docs/exactly-once.md, "Damage"). */
const ALLOWED: Readonly<Record<Exclude<JournalRecord['t'], 'batch' | 'control'>, readonly RowState[]>> = {
  intent: ['queued'],
  provisioned: ['submitting', 'pending', 'uncertain'],
  pending: ['submitting', 'pending', 'uncertain'],
  // After `queued`: a row proven not bought that has used its attempts is given up before it is sent again.
  failed: ['submitting', 'pending', 'queued'],
  uncertain: ['queued', 'submitting', 'pending', 'uncertain'],
  'not-found': ['uncertain'],
  'lookup-failed': ['uncertain'],
  skipped: ['queued'],
  flagged: ['provisioned'],
};

export const JOURNAL_DAMAGED = 'journal_damaged';

function markDamaged(row: RowStatus, why: string, at: string | null): void {
  // A bought SIM stays bought, and one never sent (known from the purchase log) stays skipped.
  if (row.state === 'provisioned' || row.state === 'skipped') return;
  row.state = 'uncertain';
  row.code = JOURNAL_DAMAGED;
  row.message = `The batch journal is damaged here (${why}); this SIM will be checked by ICCID before anything is sent again.`;
  row.lookupFailures = 0;
  row.retryAt = null;
  if (at) row.updatedAt = at;
}

/** Makes the rows a damaged line may concern uncertain: its row, or every unsettled row when it names none. */
export function applyDamage(state: BatchState, damage: readonly { line: number; reason: string; row: number | null }[]): number[] {
  const changed = new Set<number>();
  for (const d of damage) {
    const why = `line ${d.line}: ${d.reason}`;
    const targets = d.row !== null && d.row < state.rows.length ? [d.row] : state.rows.map((_, i) => i);
    for (const i of targets) {
      const before = state.rows[i]!.state;
      markDamaged(state.rows[i]!, why, null);
      if (state.rows[i]!.state !== before || state.rows[i]!.code === JOURNAL_DAMAGED) changed.add(i);
    }
  }
  return [...changed];
}

/**
 * Who paused, in a journal written before pause records said so: an operator's pause had
 * no reason or this one; any other reason was SimFleet's own.
 */
function pausedByBefore(reason: string | undefined): PausedBy {
  return reason === undefined || reason === OPERATOR_PAUSE ? 'operator' : 'simfleet';
}

/** A provisioned row whose number Telegent gave another SIM too (docs/exactly-once.md, "One number for two SIMs"). */
export function isFlagged(row: RowStatus): boolean {
  return row.state === 'provisioned' && row.code === 'duplicate_number';
}

/** Applies one record. Returns the indexes of rows whose state changed. */
export function apply(state: BatchState, record: JournalRecord): number[] {
  if (record.t === 'batch') return [];
  state.lastAt = record.at;
  if (record.t === 'control') {
    switch (record.action) {
      case 'pause':
        state.paused = true;
        state.pauseReason = record.reason ?? null;
        state.pausedBy = record.by ?? pausedByBefore(record.reason);
        return [];
      case 'resume':
      case 'start':
        state.paused = false;
        state.pauseReason = null;
        state.pausedBy = null;
        return [];
      case 'cancel': {
        state.cancelled = true;
        state.cancelledAt ??= record.at;
        state.paused = false;
        state.pausedBy = null;
        const changed: number[] = [];
        state.rows.forEach((row, i) => {
          // Only rows that were never sent (or proven not bought) can be cancelled;
          // pending and uncertain rows may be bought and stay visible until resolved.
          if (row.state === 'queued') {
            row.state = 'cancelled';
            row.message = 'Cancelled before it was sent.';
            row.updatedAt = record.at;
            changed.push(i);
          }
        });
        return changed;
      }
      case 'retry-failed': {
        const changed: number[] = [];
        state.rows.forEach((row, i) => {
          if (row.state === 'failed') {
            row.state = 'queued';
            row.retryAt = null;
            // The operator asked again: the row has its attempts afresh.
            row.sends = 0;
            row.message = `Queued again after: ${row.message}`;
            row.updatedAt = record.at;
            changed.push(i);
          }
        });
        return changed;
      }
      case 'reconcile': {
        state.rows.forEach((row) => {
          if (row.state === 'uncertain') row.lookupFailures = 0;
        });
        return [];
      }
    }
  }
  const row = state.rows[record.row];
  if (!row) return [];
  if (!ALLOWED[record.t].includes(row.state)) {
    // A record that does not fit the row's history (a damaged line that still parses):
    // the row may have been bought, so it is looked up before anything is sent.
    markDamaged(row, `a "${record.t}" record does not fit this row's history`, record.at);
    return [record.row];
  }
  row.updatedAt = record.at;
  switch (record.t) {
    case 'intent':
      row.state = 'submitting';
      row.attempts = record.attempt;
      row.sends += 1;
      row.retryAt = null;
      row.message = 'Sent to Telegent, waiting for the answer.';
      break;
    case 'provisioned':
      row.state = 'provisioned';
      row.number = record.number;
      row.nid = record.nid ?? row.nid;
      row.orderId = record.orderId ?? row.orderId;
      row.orderStatus = record.orderStatus ?? row.orderStatus;
      row.subscriberId = record.subscriberId ?? row.subscriberId;
      row.zipCode = record.zipCode ?? row.zipCode;
      row.lpa = record.lpa ?? row.lpa;
      row.code = null;
      row.message =
        record.via === 'lookup' ? 'Provisioned (confirmed by ICCID lookup).' : record.via === 'order' ? 'Provisioned (order completed).' : 'Provisioned.';
      row.provisionedAt = record.at;
      state.provisionedTimes.push(Date.parse(record.at));
      state.settledTimes.push(Date.parse(record.at));
      break;
    case 'pending':
      row.state = 'pending';
      row.orderId = record.orderId;
      row.orderStatus = record.orderStatus;
      row.message = `Order ${record.orderStatus}: waiting for Telegent to finish it.`;
      break;
    case 'failed':
      // A 429 proves nothing was bought and is pacing, and not_sent never left: neither uses up an attempt.
      if (row.state === 'submitting' && (record.code === 'rate_limited' || record.code === 'not_sent')) row.sends = Math.max(0, row.sends - 1);
      row.code = record.code;
      row.message = record.message;
      if (record.orderStatus !== undefined) row.orderStatus = record.orderStatus;
      if (record.retry && !state.cancelled) {
        row.state = 'queued';
        row.retryAt = record.retryAt ?? null;
      } else {
        row.state = state.cancelled && record.retry ? 'cancelled' : 'failed';
        row.retryAt = null;
        if (row.state === 'failed') state.settledTimes.push(Date.parse(record.at));
      }
      break;
    case 'uncertain':
      state.lostAnswers += 1;
      row.state = 'uncertain';
      row.code = record.code;
      row.message = record.message;
      row.lookupFailures = 0;
      break;
    case 'not-found':
      row.state = state.cancelled ? 'cancelled' : 'queued';
      row.message = 'Checked by ICCID: nothing was bought, so it is safe to send again.';
      row.lookupFailures = 0;
      break;
    case 'skipped':
      row.state = record.reason === 'cancelled' ? 'cancelled' : 'skipped';
      row.message = record.message;
      if (row.state === 'skipped') state.settledTimes.push(Date.parse(record.at));
      break;
    case 'flagged':
      row.code = record.code;
      row.message = `${record.message} ${row.message}`.trim();
      break;
    case 'lookup-failed':
      row.lookupFailures += 1;
      row.message = `Still uncertain: ${record.message}`;
      break;
  }
  return [record.row];
}

/** Replays a whole journal. `live` is false when no run is attached (after a crash or restart). */
export function derive(
  records: readonly JournalRecord[],
  live = false,
  damage: readonly { line: number; reason: string; row: number | null }[] = [],
): BatchState {
  const header = records[0];
  if (!header || header.t !== 'batch') throw new Error('A batch journal must start with its header.');
  const state = initialState(header);
  for (const record of records.slice(1)) apply(state, record);
  applyDamage(state, damage);
  state.damage = damage;
  if (!live) settleAfterStop(state);
  return state;
}

/**
 * With no run attached, a request that was in flight has an unknown outcome: the
 * process stopped between the intent and the answer. It may have been bought.
 * (BatchRun.open writes this down as an `uncertain` record when it resumes.)
 */
export function settleAfterStop(state: BatchState): void {
  for (const row of state.rows) {
    if (row.state === 'submitting') {
      row.state = 'uncertain';
      row.code = 'interrupted';
      row.message = 'SimFleet stopped while this request was in flight; it may have been bought. It will be checked by ICCID before anything is sent again.';
    }
  }
}

export type StateCounts = Record<RowState, number>;

export function countStates(state: BatchState): StateCounts {
  const counts: StateCounts = { queued: 0, submitting: 0, pending: 0, provisioned: 0, failed: 0, uncertain: 0, skipped: 0, cancelled: 0 };
  for (const row of state.rows) counts[row.state] += 1;
  return counts;
}

/** Whether the engine still has work it can do by itself. */
export function hasOpenWork(state: BatchState, maxLookupFailures: number): boolean {
  return state.rows.some(
    (r) =>
      (r.state === 'queued' && !state.cancelled) ||
      r.state === 'submitting' ||
      r.state === 'pending' ||
      (r.state === 'uncertain' && r.lookupFailures < maxLookupFailures),
  );
}

export function batchStatus(state: BatchState, live: boolean, maxLookupFailures: number): BatchStatus {
  const open = hasOpenWork(state, maxLookupFailures);
  if (state.cancelled) return 'cancelled';
  if (!open) return 'finished';
  if (state.paused) return 'paused';
  return live ? 'running' : 'interrupted';
}
