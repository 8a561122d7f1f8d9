/**
 * The simulator's rate limit, as strict as Telegent's documentation allows ("50 requests per
 * minute", docs/telegent-facts.md): a sliding window, so no 60-second span ever holds more
 * than the limit, whatever came before it. A client that bursts at the start of a minute and
 * then keeps the pace is refused here, as it may be by Telegent. Every request counts,
 * token mints included (whether Telegent counts them is UNDOCUMENTED; counting them is the
 * safe assumption for the client).
 */
export class RateLimit {
  /** When each request of the last minute was taken, oldest first (from `head`). */
  private readonly taken: number[] = [];
  private head = 0;

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes one request's place in the window; when the window is full, answers how many seconds until one leaves it. */
  take(): { readonly allowed: true } | { readonly allowed: false; readonly retryAfterSeconds: number } {
    if (!Number.isFinite(this.perMinute) || this.perMinute <= 0) return { allowed: true };
    const now = this.now();
    while (this.head < this.taken.length && this.taken[this.head]! <= now - 60_000) this.head++;
    // Compacted now and then, so the array stays about one minute long.
    if (this.head > 1024 && this.head * 2 > this.taken.length) {
      this.taken.splice(0, this.head);
      this.head = 0;
    }
    if (this.taken.length - this.head < this.perMinute) {
      this.taken.push(now);
      return { allowed: true };
    }
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((this.taken[this.head]! + 60_000 - now) / 1000)) };
  }
}
