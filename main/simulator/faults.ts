/**
 * Fault injection for the simulator: which request misbehaves, and how.
 * Rules match by endpoint and either by ICCID or by a seeded random rate, so a
 * test can make one SIM's provision time out after the server committed, or make
 * 10% of all calls answer 503, reproducibly.
 */

/** What a matched request suffers. */
export type FaultKind =
  | 'timeout-before-commit'
  | 'timeout-after-commit'
  | 'reset-after-commit'
  | 'http-500'
  | 'http-502'
  | 'http-503'
  | 'http-504'
  | 'rate-limit-storm'
  | 'token-expired'
  | 'malformed-json'
  | 'pending';

export const FAULT_KINDS: readonly FaultKind[] = [
  'timeout-before-commit',
  'timeout-after-commit',
  'reset-after-commit',
  'http-500',
  'http-502',
  'http-503',
  'http-504',
  'rate-limit-storm',
  'token-expired',
  'malformed-json',
  'pending',
];

/** One rule. Without `iccids` or `rate` it matches every request to its endpoint. */
export interface FaultRule {
  readonly kind: FaultKind;
  /** Path the rule applies to (case-insensitive); default `/v1.0/numbers/provision`. */
  readonly endpoint?: string;
  /** Only requests carrying one of these ICCIDs (body `ICCID` or query `ICCID`). */
  readonly iccids?: readonly string[];
  /** Probability in [0, 1] that a request matches, from the simulator's seeded generator. */
  readonly rate?: number;
  /** How many times the rule may fire in total (per ICCID when `iccids` is set); unlimited if absent. */
  readonly times?: number;
  /** http-5xx only: commit the purchase before answering with the error. */
  readonly afterCommit?: boolean;
  /** pending only: how many order polls answer `Pending` before the final status. */
  readonly pendingPolls?: number;
  /** pending only: the final status; default `Complete`. */
  readonly pendingOutcome?: 'Complete' | 'Error';
  /** rate-limit-storm only: how many consecutive requests (any endpoint) get 429; default 10. */
  readonly stormLength?: number;
  /** rate-limit-storm only: the Retry-After seconds sent; default 1. */
  readonly retryAfterSeconds?: number;
  /** Timeouts only: how long the server holds the connection before dropping it; default 60 s. */
  readonly hangMs?: number;
}

/** A deterministic generator so fault rates reproduce run to run (mulberry32). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Picks the first rule that fires for a request and counts its use. */
export class FaultPlan {
  private rules: FaultRule[] = [];
  private fired = new Map<string, number>();
  private readonly random: () => number;

  constructor(seed = 1) {
    this.random = seededRandom(seed);
  }

  /** Replaces every rule and forgets the counts. */
  set(rules: readonly FaultRule[]): void {
    this.rules = [...rules];
    this.fired.clear();
  }

  list(): readonly FaultRule[] {
    return this.rules;
  }

  /** The fault for this request, if any. */
  match(path: string, iccid: string | undefined): FaultRule | undefined {
    const lower = path.toLowerCase();
    for (const [index, rule] of this.rules.entries()) {
      if ((rule.endpoint ?? '/v1.0/numbers/provision').toLowerCase() !== lower) continue;
      if (rule.iccids && (iccid === undefined || !rule.iccids.includes(iccid))) continue;
      const key = rule.iccids ? `${index}:${iccid}` : `${index}`;
      const used = this.fired.get(key) ?? 0;
      if (rule.times !== undefined && used >= rule.times) continue;
      if (rule.rate !== undefined && this.random() >= rule.rate) continue;
      this.fired.set(key, used + 1);
      return rule;
    }
    return undefined;
  }
}
