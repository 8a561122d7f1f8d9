/**
 * Who may send a provision for an ICCID right now (docs/exactly-once.md, rule 9).
 * A claim belongs to one process instance: another process (a copy of the data folder, a
 * second station under the same name) takes it over only like an expired claim.
 * A batch claims a SIM before its intent is written and keeps the claim while the
 * purchase is unresolved (in flight, uncertain, order pending); it gives it back once
 * the purchase log answers for the SIM or nothing was bought. A claim left by a
 * batch that is no longer running is taken over only through an ICCID lookup, the same
 * rule as an uncertain row. The station's claims live in files (file-claims.ts); fleet
 * mode keeps them in the shared database.
 */
import { CLAIM_LOST, type SendPermit } from './send-permit';
import { UserError } from '../errors/user-error';

/** The batch row a claim belongs to. */
export interface ClaimOwner {
  readonly batchId: string;
  readonly row: number;
}

export type ClaimResult =
  /** Ours now; nothing else was holding it (or it was already this batch's). */
  | { readonly kind: 'claimed' }
  /** Ours now, taken from a batch that stopped while it may have been buying: look the ICCID up before sending. */
  | { readonly kind: 'taken-over'; readonly from: string }
  /** A running batch holds it: wait and try again. `holder` says so, as shown on the row ("being provisioned on station dock-2"). */
  | { readonly kind: 'busy'; readonly holder: string };

export interface IccidClaims {
  claim(iccid: string, owner: ClaimOwner): Promise<ClaimResult>;
  /** Gives the claim back if `owner` holds it. */
  release(iccid: string, owner: ClaimOwner): Promise<void>;
  /** Every claim a batch holds (a reopened batch gives back those of settled rows). */
  owned(batchId: string): Promise<ReadonlyArray<{ readonly iccid: string; readonly row: number }>>;
  /**
   * Claims kept elsewhere (the fleet database) can stop answering: `claim` then throws a
   * UserError `fleet_unreachable`, and this hears when they answer again.
   */
  onAvailable?(listener: () => void): () => void;
  /**
   * Right before the provision goes out: confirms the claim is still this process's (a lease
   * that ran out while the request waited for the rate limit may have been taken over),
   * renewing it where it can; throws `claim_lost` or `fleet_unreachable` when it cannot, and
   * then nothing is sent. Answers the permit the transport checks at the write (the fence,
   * send-permit.ts): its deadline counts from before the renewal was sent.
   */
  confirm(iccid: string, owner: ClaimOwner): Promise<SendPermit>;
}

export { CLAIM_LOST };

/** The error of claims (or a shared ledger) that stopped answering: the batch pauses and resumes by itself. */
export const COORDINATION_UNREACHABLE = 'fleet_unreachable';

/** A permit that never runs out: claims held in this process's memory cannot be taken by another. */
const IN_PROCESS: SendPermit = { refusal: '', remainingMs: () => Number.POSITIVE_INFINITY };

/** Claims within one process (tests and single-batch tools); every batch of the process must share one. */
export class MemoryIccidClaims implements IccidClaims {
  private readonly held = new Map<string, ClaimOwner>();

  async claim(iccid: string, owner: ClaimOwner): Promise<ClaimResult> {
    const current = this.held.get(iccid);
    if (current && current.batchId !== owner.batchId) return { kind: 'busy', holder: `being provisioned by batch ${current.batchId}` };
    this.held.set(iccid, owner);
    return { kind: 'claimed' };
  }

  async release(iccid: string, owner: ClaimOwner): Promise<void> {
    const current = this.held.get(iccid);
    if (current && current.batchId === owner.batchId && current.row === owner.row) this.held.delete(iccid);
  }

  async confirm(iccid: string, owner: ClaimOwner): Promise<SendPermit> {
    const current = this.held.get(iccid);
    if (!current || current.batchId !== owner.batchId || current.row !== owner.row) {
      throw new UserError(CLAIM_LOST, 'This batch no longer holds the claim on the SIM; nothing was sent.');
    }
    return IN_PROCESS;
  }

  async owned(batchId: string): Promise<ReadonlyArray<{ readonly iccid: string; readonly row: number }>> {
    return [...this.held].filter(([, o]) => o.batchId === batchId).map(([iccid, o]) => ({ iccid, row: o.row }));
  }
}
