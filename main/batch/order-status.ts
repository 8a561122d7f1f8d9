/**
 * Telegent's order-status vocabulary is an open set (docs/telegent-facts.md): `Complete`
 * and `Completed` are done, `Error`, `Rejected`, `Cancelled` failed, and anything else
 * (Pending, Submitted, InProgress, Scheduled, …, or a word nobody documented) is
 * treated as still pending.
 */
export type OrderOutcome = 'complete' | 'failed' | 'pending';

const COMPLETE = new Set(['complete', 'completed', 'success', 'succeeded', 'done', 'active']);
const FAILED = new Set(['error', 'rejected', 'cancelled', 'canceled', 'failed', 'failure']);

export function orderOutcome(status: string | null): OrderOutcome {
  const s = (status ?? '').trim().toLowerCase();
  if (COMPLETE.has(s)) return 'complete';
  if (FAILED.has(s)) return 'failed';
  return 'pending';
}
