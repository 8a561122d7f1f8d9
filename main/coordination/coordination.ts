/**
 * The coordination port (docs/exactly-once.md, rule 9): everything a batch asks of others
 * before and after a purchase, behind one interface chosen once in the composition root
 * (`main/services/create-services.ts`). A station alone coordinates through its data folder
 * (file claims, its purchase log); a fleet station *adds* the database to that
 * (`main/fleet/fleet-coordination.ts`), never replaces it. The composition root gives the
 * port's rate budget to the environment's rate limiter, so every call of the account (mints,
 * polls and lookups included) takes from it.
 */
import type { TokenPool } from '../telegent/rate-limiter';
import type { IccidClaims } from './claims';
import { bindingBlocker } from './fleet-binding';
import type { EnginePurchases } from './purchases';

/** A running batch as other stations see it. */
export interface BoardEntry {
  readonly id: string;
  readonly name: string;
  readonly total: number;
  readonly done: number;
  readonly ratePerMinute: number;
  readonly running: boolean;
}

export interface Coordination {
  /** Who may send for a SIM, and the permit checked at the write. */
  readonly claims: IccidClaims;
  /** Asked before any send, written before any claim is given back. */
  readonly purchases: EnginePurchases;
  /** The account's requests per minute shared with other stations, or null: this process's limiter alone. */
  readonly budget: TokenPool | null;
  /** Why this process may not run batches on the folder now, or null (and then it is recorded as agreeing). */
  agreement(): Promise<string | null>;
  /** Shows a batch's progress to the other stations (nothing alone). */
  publish(entry: BoardEntry): void;
}

/** A station alone: its data folder's claims and purchase log. */
export function localCoordination(parts: {
  readonly claims: IccidClaims;
  readonly purchases: EnginePurchases;
  /** `<data>/<environment>`, which records the fleet its batches run in. */
  readonly environmentDir: string;
  /** Why nothing may be sent although the folder agrees (a fleet set up but not joined), or null. */
  readonly blocker: () => string | null;
}): Coordination {
  return {
    claims: parts.claims,
    purchases: parts.purchases,
    budget: null,
    agreement: async () => parts.blocker() ?? (await bindingBlocker(parts.environmentDir, null)),
    publish: () => undefined,
  };
}
