/**
 * Per-endpoint token cache. A Telegent token is scoped to the one URL it was minted
 * for (`ApiEndpoint`), so the cache is keyed by that URL (without query string).
 * Tokens are reused until shortly before `tokenExpiry`; concurrent callers share one
 * mint. The expiry's timezone is UNDOCUMENTED, so an implausible expiry falls back to
 * a short lifetime and the client also re-mints once on 401/403.
 */
import { systemClock, type Clock } from '../platform/clock';
import type { TokenGrant } from './responses';
import { parseUs12h } from './us-datetime';

export interface TokenCacheOptions {
  readonly clock?: Clock;
  /** Lifetime to assume when `tokenExpiry` is missing or implausible; the docs say "a few minutes". */
  readonly fallbackLifetimeMs?: number;
  /** Longest lifetime believed; beyond it the expiry is treated as implausible (wrong zone). */
  readonly maxLifetimeMs?: number;
}

interface Entry {
  readonly token: string;
  readonly useUntil: number;
}

export class TokenCache {
  private readonly entries = new Map<string, Entry>();
  private readonly inflight = new Map<string, Promise<string>>();
  private readonly clock: Clock;
  private readonly fallback: number;
  private readonly max: number;
  private mintCount = 0;

  constructor(
    private readonly mint: (endpointUrl: string) => Promise<TokenGrant>,
    options: TokenCacheOptions = {},
  ) {
    this.clock = options.clock ?? systemClock;
    this.fallback = options.fallbackLifetimeMs ?? 120_000;
    this.max = options.maxLifetimeMs ?? 6 * 3_600_000;
  }

  /** A valid token for this endpoint URL, minting one if needed. */
  get(endpointUrl: string): Promise<string> {
    const entry = this.entries.get(endpointUrl);
    if (entry && this.clock.now() < entry.useUntil) return Promise.resolve(entry.token);
    const pending = this.inflight.get(endpointUrl);
    if (pending) return pending;
    const minting = this.mint(endpointUrl)
      .then((grant) => {
        this.mintCount += 1;
        this.entries.set(endpointUrl, { token: grant.token, useUntil: this.useUntil(grant.expiry) });
        return grant.token;
      })
      .finally(() => this.inflight.delete(endpointUrl));
    this.inflight.set(endpointUrl, minting);
    return minting;
  }

  /** Drops the token for this URL, unless a newer one has already replaced `token`. */
  invalidate(endpointUrl: string, token?: string): void {
    const entry = this.entries.get(endpointUrl);
    if (entry && (token === undefined || entry.token === token)) this.entries.delete(endpointUrl);
  }

  clear(): void {
    this.entries.clear();
  }

  /** How many tokens were minted (benchmarks count calls per SIM). */
  mints(): number {
    return this.mintCount;
  }

  private useUntil(expiry: string | null): number {
    const now = this.clock.now();
    const parsed = expiry === null ? null : parseUs12h(expiry);
    const lifetime = parsed === null ? null : parsed - now;
    const believable = lifetime !== null && lifetime > 10_000 && lifetime <= this.max;
    const span = believable ? lifetime : this.fallback;
    // Stop using a token a little before it expires: 10% of its life, at most 30 s.
    return now + span - Math.min(30_000, span * 0.1);
  }
}
