/** Derived batch state as the contract's summary and row views, plus the mapping CSV. */
import { ENVIRONMENT_MARK } from '../../preload/constants';
import { stringify } from 'csv-stringify/sync';
import type { BatchRowView, BatchSummary } from '../../preload/views';
import { csvCell } from '../export/spreadsheet-safety';
import { batchStatus, countStates, isFlagged, JOURNAL_DAMAGED, type BatchState, type BatchStatus } from './derive';
import { timeLeft } from './time-left';

const FINAL = new Set(['provisioned', 'failed', 'skipped', 'cancelled']);

/**
 * One row as the screens show it. `waiting`: why a queued row is not being sent right now
 * (another station holds its SIM), which is not a fact of the journal.
 */
export function rowView(state: BatchState, index: number, waiting: string | null = null): BatchRowView {
  const row = state.rows[index]!;
  const input = state.header.rows[index]!;
  return {
    index,
    line: input.line,
    iccid: input.iccid,
    state: row.state,
    number: row.number,
    nid: row.nid,
    orderId: row.orderId,
    orderStatus: row.orderStatus,
    subscriberId: row.subscriberId,
    message: row.state === 'queued' && waiting ? `Waiting: ${waiting}.` : row.message,
    flagged: isFlagged(row),
    attempts: row.attempts,
    updatedAt: row.updatedAt,
  };
}

export { OPERATOR_PAUSE } from './records';

/** The listing of a batch whose journal cannot be read at all. */
export function damagedSummary(id: string, environment: BatchSummary['environment'], reason: string): BatchSummary {
  const empty = { queued: 0, submitting: 0, pending: 0, provisioned: 0, failed: 0, uncertain: 0, skipped: 0, cancelled: 0 };
  return {
    id,
    name: id,
    environment,
    apiBaseUrl: '',
    createdAt: '',
    updatedAt: '',
    status: 'damaged',
    total: 0,
    counts: empty,
    done: 0,
    ratePerMinute: 0,
    etaSeconds: null,
    heldSeconds: null,
    flagged: 0,
    selfPaused: false,
    message: `${reason} Its SIMs may have been bought: check them in the purchase log or with Telegent before loading the list again.`,
    cancelled: null,
    // Its purchases cannot be read from here: the audit is what finds them.
    auditAdvised: true,
  };
}

function damageMessage(state: BatchState): string {
  const lines = state.damage.map((d) => d.line).join(', ');
  const rows = state.rows.filter((r) => r.code === JOURNAL_DAMAGED).length;
  return (
    `The batch journal is damaged (line${state.damage.length > 1 ? 's' : ''} ${lines}). ${rows} SIM(s) it may concern ` +
    `will be checked by ICCID before anything is sent again; the damaged file is kept beside the batch when it next runs.`
  );
}

/**
 * A batch's summary. `liveStatus` is the status of the run attached in this process (its run
 * mode says it: finished only once every purchase is recorded), or null when none is, and the
 * journal alone says it.
 */
export function summaryOf(
  state: BatchState,
  liveStatus: BatchStatus | null,
  maxLookupFailures: number,
  now: number,
  heldUntil: number | null = null,
): BatchSummary {
  const counts = countStates(state);
  const done = state.rows.filter((r) => FINAL.has(r.state)).length;
  // A rolling count: SIMs provisioned in the last 60 seconds. (Scaling a few seconds'
  // burst up to a minute showed rates above the account's limit.)
  const recent = state.provisionedTimes.filter((t) => t >= now - 60_000).length;
  const remaining = counts.queued + counts.submitting + counts.pending + counts.uncertain;
  const status = liveStatus ?? batchStatus(state, false, maxLookupFailures);
  const ratePerMinute = status === 'running' ? recent : 0;
  // Time left from the pace measured over the last minute, not the configured rate: faults,
  // holds and a changed limit show in it (time-left.ts). Null while it is still estimating.
  const left = status === 'running' ? timeLeft(state.settledTimes, remaining, now) : null;
  const etaSeconds = left?.kind === 'seconds' ? left.seconds : status === 'finished' ? 0 : null;
  return {
    id: state.header.id,
    name: state.header.name,
    environment: state.header.environment,
    apiBaseUrl: state.header.apiBaseUrl,
    createdAt: state.header.createdAt,
    updatedAt: state.lastAt,
    status,
    total: state.rows.length,
    counts,
    done,
    ratePerMinute: Math.round(ratePerMinute * 10) / 10,
    etaSeconds,
    heldSeconds: status === 'running' && heldUntil !== null && heldUntil > now ? Math.ceil((heldUntil - now) / 1000) : null,
    flagged: state.rows.filter(isFlagged).length,
    selfPaused: status === 'paused' && state.pausedBy === 'simfleet',
    message: state.paused ? state.pauseReason : state.damage.length > 0 ? damageMessage(state) : null,
    cancelled: afterCancel(state),
    // A lost answer or a number given twice may hide a purchase nobody recorded (docs/audit.md, "When to audit").
    auditAdvised: state.lostAnswers > 0 || state.damage.length > 0 || state.rows.some(isFlagged),
  };
}

/** How the rows in flight at the cancel ended after it (docs/exactly-once.md: a sent request is never called back). */
function afterCancel(state: BatchState): BatchSummary['cancelled'] {
  const at = state.cancelledAt;
  if (at === null) return null;
  const after = { at, provisioned: 0, failed: 0, skipped: 0 };
  for (const row of state.rows) {
    if (row.updatedAt === null || row.updatedAt <= at) continue;
    if (row.state === 'provisioned' || row.state === 'failed' || row.state === 'skipped') after[row.state]++;
  }
  return after;
}

/**
 * A batch's results (docs/glossary.md: batch results, not the customer mapping): every row
 * with its number, state and message. Every row says its environment, as the customer
 * mapping does, so labels made from it are marked PRACTICE whatever made them
 * (docs/printing.md, "Practice labels").
 */
export function resultsCsv(state: BatchState): string {
  const header = ['ICCID', 'PhoneNumber', 'PhoneNumberId', 'OrderId', 'OrderStatus', 'SubscriberId', 'State', 'Message', 'Lpa', 'Environment'];
  const environment = ENVIRONMENT_MARK[state.header.environment];
  const rows = state.rows.map((row, i) =>
    [
      state.header.rows[i]!.iccid,
      row.number ?? '',
      row.nid ?? '',
      row.orderId ?? '',
      row.orderStatus ?? '',
      row.subscriberId ?? '',
      row.state,
      row.state === 'provisioned' && !isFlagged(row) ? '' : row.message,
      row.lpa ?? '',
      environment,
    ].map((v) => csvCell(v)),
  );
  return stringify([header, ...rows]);
}
