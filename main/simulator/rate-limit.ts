/**
 * The simulator's rate limit: a token bucket of `perMinute` requests, refilled
 * continuously, the shape most API gateways use. Every request counts, token mints
 * included (whether Telegent counts them is UNDOCUMENTED; counting them is the safe
 * assumption for the client).
 */
export class RateLimit {
  private tokens: number;
  private last: number;

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = perMinute;
    this.last = now();
  }

  /** Takes one request's token; when none is left, answers how many seconds to wait. */
  take(): { readonly allowed: true } | { readonly allowed: false; readonly retryAfterSeconds: number } {
    if (!Number.isFinite(this.perMinute) || this.perMinute <= 0) return { allowed: true };
    const now = this.now();
    const perMs = this.perMinute / 60_000;
    this.tokens = Math.min(this.perMinute, this.tokens + (now - this.last) * perMs);
    this.last = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return { allowed: true };
    }
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - this.tokens) / perMs / 1000)) };
  }
}
