/**
 * The one backoff rule, for the client's safe retries, the engine's retries of failed
 * rows and its order polls (docs/exactly-once.md, rule 6): base, 2×base, 4×base … up to
 * a cap, with jitter (a random point in the upper half) so stations that failed together
 * do not retry together. Polls pass `random: null`: a poll buys nothing, so its timing
 * need not be spread.
 */
export interface BackoffOptions {
  readonly baseMs?: number;
  readonly maxMs?: number;
  readonly random?: (() => number) | null;
}

export function backoffMs(attempt: number, { baseMs = 1_000, maxMs = 30_000, random = Math.random }: BackoffOptions = {}): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt));
  return random === null ? ceiling : Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
