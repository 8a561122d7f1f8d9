/**
 * Time left from the pace the batch is really going at (docs/batches.md, "Time left"):
 * the rows settled in the last minute, counted up to now, so a pause in the flow (a
 * rate-limit hold, a slow server, faults) lengthens the estimate as it happens and a
 * raised rate limit shortens it. Until enough rows have settled it is "estimating".
 */

/** How far back the pace is measured. */
export const PACE_WINDOW_MS = 60_000;
/** Rows that must have settled in the window before the pace is trusted. */
export const PACE_MIN_SETTLED = 5;
/** The shortest span the pace is measured over (a burst of five in a second is not a pace). */
const PACE_MIN_SPAN_MS = 5_000;

export type TimeLeft = { readonly kind: 'estimating' } | { readonly kind: 'seconds'; readonly seconds: number };

/**
 * `settledTimes` ascending (journal order), `remaining` rows still to settle. The pace is
 * the settled rows of the window over the time from the first of them to now.
 */
export function timeLeft(settledTimes: readonly number[], remaining: number, now: number): TimeLeft {
  if (remaining <= 0) return { kind: 'seconds', seconds: 0 };
  const from = now - PACE_WINDOW_MS;
  // Binary search: the journal appends in time order, so the times are ascending.
  let lo = 0;
  let hi = settledTimes.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (settledTimes[mid]! < from) lo = mid + 1;
    else hi = mid;
  }
  const settled = settledTimes.length - lo;
  if (settled < PACE_MIN_SETTLED) return { kind: 'estimating' };
  // n rows settled over n - 1 gaps from the first of them, and the gap still open to now.
  const span = Math.max(PACE_MIN_SPAN_MS, now - settledTimes[lo]!);
  const perMs = (settled - 1) / span;
  return { kind: 'seconds', seconds: Math.ceil(remaining / perMs / 1000) };
}
