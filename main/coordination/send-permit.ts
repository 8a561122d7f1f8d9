/**
 * A claim as a fence checked at the last moment (docs/exactly-once.md, "The fence").
 *
 * Whoever holds a claim may send for its SIM only until the claim could have run out for
 * everyone else. That deadline is counted from the moment *before* the claim was last
 * renewed (a fleet confirmation sent, a lock refresh started), never from when the answer
 * arrived: a process frozen after its renewal (SIGSTOP, a paused VM, a closed laptop lid)
 * wakes up past its deadline and sends nothing.
 *
 * Time is read from two clocks and the larger elapsed time wins: the monotonic clock never
 * jumps, but on Linux and macOS it stops while the machine is suspended; the wall clock
 * counts a suspend but can be stepped. Taking the larger errs on the side of not sending.
 */

/** The claim ran out and may be someone else's: the request was not sent (a UserError code). */
export const CLAIM_LOST = 'claim_lost';

/** One moment by both clocks. */
export interface Instant {
  /** Monotonic milliseconds (performance.now()). */
  readonly mono: number;
  /** Wall-clock milliseconds (Date.now()). */
  readonly wall: number;
}

/** Where a permit reads the time; tests pass their own to stand in for a frozen process. */
export type InstantSource = () => Instant;

export const systemInstant: InstantSource = () => ({ mono: performance.now(), wall: Date.now() });

/** Milliseconds from `from` to `to`, the larger of the two clocks' readings (a clock stepped back counts as 0). */
export function elapsedMs(from: Instant, to: Instant): number {
  return Math.max(to.mono - from.mono, to.wall - from.wall, 0);
}

/**
 * The permission to send one request. `remainingMs` is called synchronously right before the
 * request's bytes are written: null means the deadline passed and nothing may be sent; a
 * number is how long the request may still run (its abort timer starts at that moment).
 */
export interface SendPermit {
  remainingMs(): number | null;
  /** Why the permit refuses, for the row's message ("the claim ran out while …"). */
  readonly refusal: string;
}

/**
 * A permit that is good for `windowMs` from `since` (a moment, or the latest moment of a running renewal). With `boundsRequest` the request must
 * also have ended by then (a fleet lease, which nothing renews while the database is away);
 * without it the request may run its own timeout (a lock kept alive while the process runs).
 */
export function fencePermit(
  since: Instant | (() => Instant | null),
  windowMs: number,
  options: {
    readonly boundsRequest: boolean;
    readonly refusal: string;
    readonly now?: InstantSource;
    /** With `boundsRequest`: less time left than this sends nothing (a request that would be cut off at once only makes its row uncertain). */
    readonly minimumMs?: number;
  },
): SendPermit {
  const now = options.now ?? systemInstant;
  return {
    refusal: options.refusal,
    remainingMs() {
      // A renewal that keeps running (a lock's refreshes) is read at the moment of the check; null: lost.
      const from = typeof since === 'function' ? since() : since;
      if (from === null) return null;
      const left = windowMs - elapsedMs(from, now());
      if (left <= 0 || (options.boundsRequest && left < (options.minimumMs ?? 0))) return null;
      return options.boundsRequest ? left : Number.POSITIVE_INFINITY;
    },
  };
}

/** Every permit must allow the send; the request may run as long as the tightest allows. */
export function allPermits(permits: readonly SendPermit[]): SendPermit | undefined {
  if (permits.length === 0) return undefined;
  if (permits.length === 1) return permits[0];
  let refusal = permits[0]!.refusal;
  return {
    get refusal() {
      return refusal;
    },
    remainingMs() {
      let least = Number.POSITIVE_INFINITY;
      for (const permit of permits) {
        const left = permit.remainingMs();
        if (left === null) {
          refusal = permit.refusal;
          return null;
        }
        least = Math.min(least, left);
      }
      return least;
    },
  };
}
