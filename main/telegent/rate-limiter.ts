/**
 * The client's rate limiter: a FIFO token bucket at the account's requests/min,
 * through which every call passes (token mints, provisions, polls, lookups).
 * On 429 it stops everyone until Retry-After and lowers its rate; successes
 * bring the rate back up (additive increase, multiplicative decrease).
 *
 * The bucket's burst (a few seconds' worth after a quiet spell) never puts more than the
 * limit into any minute: a sliding window of the requests let through caps every span of
 * WINDOW_MS at the limit, as a server that counts any 60 s window would (docs/telegent-facts.md,
 * "Rate limit").
 */
import { systemClock, type Clock } from '../platform/clock';

/**
 * A budget shared with other processes (a fleet's, docs/fleet.md): each request also
 * needs one of its tokens. `take` answers how many it granted (up to `want`) and, when
 * none, how long until one may be there. It may throw when it cannot be reached.
 */
export interface TokenPool {
  take(want: number): Promise<{ readonly granted: number; readonly waitMs: number }>;
}

export interface RateLimiterOptions {
  readonly perMinute: number;
  /** Requests allowed back to back after a quiet spell; default 5 seconds' worth. */
  readonly burst?: number;
  readonly clock?: Clock;
}

/**
 * A minute and a margin: a request's arrival at Telegent trails its departure by the
 * network's latency, and a late one must not land inside the next request's minute.
 */
export const WINDOW_MS = 60_500;

export class RateLimiter {
  /** When each request of the last window was let through, oldest first from `sentHead`. */
  private readonly sent: number[] = [];
  private sentHead = 0;
  private ceiling: number;
  private rate: number;
  private burst: number;
  private tokens: number;
  private last: number;
  private blockedUntil = 0;
  private tail: Promise<void> = Promise.resolve();
  private waiting = 0;
  private readonly clock: Clock;
  private pool: TokenPool | null = null;
  /** Tokens taken from the pool and not yet used. */
  private credit = 0;

  constructor(options: RateLimiterOptions) {
    this.clock = options.clock ?? systemClock;
    this.ceiling = options.perMinute;
    this.rate = options.perMinute;
    this.burst = options.burst ?? Math.max(1, Math.min(options.perMinute, Math.ceil(options.perMinute / 12)));
    this.tokens = this.burst;
    this.last = this.clock.now();
  }

  /** Current requests/min after any slow-down. */
  currentRate(): number {
    return this.rate;
  }

  /** The configured ceiling. */
  limit(): number {
    return this.ceiling;
  }

  /**
   * Changes the ceiling (settings changed): at once, for requests already waiting too. A
   * raised ceiling is used at once unless a 429 slowed this limiter down.
   */
  setLimit(perMinute: number, burst?: number): void {
    // While a 429 holds every caller no burst builds up (penalize): the held time earns no tokens.
    if (this.clock.now() >= this.blockedUntil) this.refill();
    const atCeiling = this.rate >= this.ceiling;
    this.ceiling = perMinute;
    this.rate = atCeiling ? perMinute : Math.min(this.rate, perMinute);
    this.burst = burst ?? Math.max(1, Math.min(perMinute, Math.ceil(perMinute / 12)));
    this.tokens = Math.min(this.tokens, this.burst);
  }

  /** Shares a budget with other processes (null: this limiter alone decides). */
  setPool(pool: TokenPool | null): void {
    this.pool = pool;
    this.credit = 0;
  }

  /** Waits for a slot, in arrival order. */
  acquire(signal?: AbortSignal): Promise<void> {
    this.waiting++;
    const turn = this.tail.then(() => this.takeOne(signal)).finally(() => this.waiting--);
    this.tail = turn.catch(() => undefined);
    return turn;
  }

  /** Until when a 429 holds every caller (epoch ms), or null when none does. */
  heldUntil(): number | null {
    return this.blockedUntil > this.clock.now() ? this.blockedUntil : null;
  }

  /** Requests waiting for a slot now (what a new one would wait behind). */
  queued(): number {
    return this.waiting;
  }

  /** A 429 arrived: hold every caller until `retryAfterMs` (or 2 s) and slow down by a quarter. */
  penalize(retryAfterMs?: number): void {
    const wait = retryAfterMs ?? 2000;
    this.blockedUntil = Math.max(this.blockedUntil, this.clock.now() + wait);
    this.rate = Math.max(this.ceiling * 0.25, this.rate * 0.75);
    // One request may go the moment the wait ends; no burst builds up while blocked.
    this.tokens = Math.min(this.tokens, 1);
  }

  /** A call succeeded: creep back towards the ceiling. */
  reward(): void {
    if (this.rate < this.ceiling) this.rate = Math.min(this.ceiling, this.rate + this.ceiling * 0.02);
  }

  /** How long until the window has room for one more request (0: it has now). */
  private windowWaitMs(now: number): number {
    while (this.sentHead < this.sent.length && this.sent[this.sentHead]! <= now - WINDOW_MS) this.sentHead++;
    if (this.sentHead > 1024 && this.sentHead * 2 > this.sent.length) {
      this.sent.splice(0, this.sentHead);
      this.sentHead = 0;
    }
    return this.sent.length - this.sentHead < this.ceiling ? 0 : this.sent[this.sentHead]! + WINDOW_MS - now;
  }

  private refill(): void {
    const now = this.clock.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) * this.rate) / 60_000);
    this.last = now;
  }

  /**
   * Takes half a second's worth from the shared pool (fewer round trips than one each).
   * A pool that cannot be reached fails the request before it is sent (its error comes
   * back as it is): no budget, no request.
   */
  private async takeFromPool(signal?: AbortSignal): Promise<void> {
    const want = Math.max(1, Math.round(this.rate / 120));
    const { granted, waitMs } = await this.pool!.take(want);
    this.credit += granted;
    if (granted === 0 && waitMs > 0) await this.clock.sleep(waitMs, signal);
  }

  private async takeOne(signal?: AbortSignal): Promise<void> {
    for (;;) {
      if (signal?.aborted) {
        const error = new Error('The operation was aborted.');
        error.name = 'AbortError';
        throw error;
      }
      const now = this.clock.now();
      if (now < this.blockedUntil) {
        await this.clock.sleep(this.blockedUntil - now, signal);
        this.last = Math.max(this.last, this.blockedUntil);
        continue;
      }
      this.refill();
      const windowWait = this.windowWaitMs(now);
      if (windowWait > 0) {
        await this.clock.sleep(windowWait, signal);
        continue;
      }
      if (this.tokens >= 1) {
        if (this.pool && this.credit < 1) {
          await this.takeFromPool(signal);
          continue;
        }
        this.tokens -= 1;
        if (this.pool) this.credit -= 1;
        this.sent.push(now);
        return;
      }
      await this.clock.sleep(Math.ceil(((1 - this.tokens) * 60_000) / this.rate), signal);
    }
  }
}
