/**
 * Recording a purchase and asking for one, as the engine needs it (docs/exactly-once.md,
 * rules 8 and 11): the station's purchase log, and in a fleet the shared ledger too.
 */
import type { PurchaseRecord } from '../purchases/purchase-log';

/** What the engine needs of the purchase log (purchases/purchase-log.ts): the live log, never a snapshot. */
export interface EnginePurchases {
  /** The purchase of the SIM, and in a fleet the station that made it when it was another. */
  find(iccid: string): Promise<(PurchaseRecord & { readonly station?: string }) | null>;
  record(entry: PurchaseRecord): Promise<void>;
  /** An ICCID named on a damaged line of the purchase log: look it up before sending. */
  suspect?(iccid: string): Promise<boolean>;
  /**
   * Another SIM's purchase of this number, if any (one number for two SIMs is flagged).
   * Asked only after this SIM's purchase is recorded, so that of two purchases recorded at
   * the same moment the later asker finds the other (docs/exactly-once.md, "One number for two SIMs").
   */
  twinOf?(phoneNumber: string, iccid: string): Promise<(PurchaseRecord & { readonly station?: string }) | null>;
}
