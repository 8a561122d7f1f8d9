/**
 * The account's shared rate budget (docs/fleet.md, "Rate budget"): one token bucket per
 * Telegent account in the fleet database, refilled at the account's requests per minute,
 * from which every station takes a little at a time (half a second's worth) before its
 * own limiter lets a request go. Together the stations stay within the ceiling; a station
 * that stops simply stops taking, so its share is back for the others at once.
 * Telegent does not document whether its limit is per credential or per token, nor
 * whether token mints count (UNDOCUMENTED): assume the worst, one budget per account,
 * mints, polls and lookups included.
 */
import { createHash } from 'node:crypto';
import type { TokenPool } from '../telegent/rate-limiter';
import type { FleetStation } from './fleet-station';

/** How many seconds' worth of requests the shared bucket may hold (bursts after a quiet spell). */
const BURST_SECONDS = 2;

export class FleetBudget implements TokenPool {
  constructor(
    private readonly fleet: FleetStation,
    /** Which account the budget is for; stations of a fleet share one account, so its API URL names it. */
    private readonly account: () => string,
    private readonly perMinute: () => number,
  ) {}

  /** The budget's key: a hash, so nothing about the account is written to the database. */
  static accountKey(apiBaseUrl: string): string {
    return createHash('sha256').update(apiBaseUrl).digest('hex').slice(0, 16);
  }

  async take(want: number): Promise<{ readonly granted: number; readonly waitMs: number }> {
    const perMinute = this.perMinute();
    const burst = Math.max(1, (perMinute / 60) * BURST_SECONDS);
    const s = this.fleet.schema;
    // One call, one transaction (budget_take): create the bucket if needed, refill it for the time since, take what is there (up to `want`).
    const { rows } = await this.fleet.query<{ granted: number; remaining: number }>(`SELECT granted, remaining FROM ${s}.budget_take($1, $2, $3, $4, $5, $6)`, [
      this.fleet.instance,
      this.fleet.secret,
      this.account(),
      perMinute,
      burst,
      want,
    ]);
    const row = rows[0];
    // The first take of a new bucket finds no row yet (its insert is in the same statement): try again at once.
    if (!row) return { granted: 0, waitMs: 0 };
    const granted = Number(row.granted);
    const left = Number(row.remaining);
    if (granted > 0) this.fleet.recordRequests(granted);
    return { granted, waitMs: granted > 0 ? 0 : Math.ceil(((1 - left) * 60_000) / perMinute) };
  }
}
