/**
 * Writes what happened to a row, in the one order that keeps a purchase from being lost or
 * bought twice (docs/exactly-once.md, rules 1 and 11): the journal first; then, for a purchase,
 * the purchase log (and the shared ledger in a fleet); then the state the screen reads; then
 * the claim goes back. A flag for the operator is journaled after and releases nothing.
 */
import type { IccidClaims } from '../../coordination/claims';
import type { EnginePurchases } from '../../coordination/purchases';
import type { Clock } from '../../platform/clock';
import { apply, type BatchState } from '../derive';
import type { Journal } from '../journal';
import type { JournalRecord } from '../records';

export interface RecorderDeps {
  readonly purchases: EnginePurchases;
  readonly claims: IccidClaims;
  readonly clock: Clock;
  /** Rows whose state changed (after the change is on disk). */
  readonly onChange?: (rows: readonly number[]) => void;
  /** The record was applied: schedule what it calls for, and wake the workers. */
  readonly applied: (record: JournalRecord, changed: readonly number[]) => void;
}

/** What was bought for a row, as the purchase log keeps it. */
export interface Bought {
  readonly number: string;
  readonly nid: string | null;
  readonly orderId: string | null;
  readonly at: string;
}

export class Recorder {
  constructor(
    readonly journal: Journal,
    private readonly state: BatchState,
    private readonly deps: RecorderDeps,
  ) {}

  private get id(): string {
    return this.state.header.id;
  }

  now(): string {
    return new Date(this.deps.clock.now()).toISOString();
  }

  async append(record: JournalRecord): Promise<void> {
    await this.journal.append(record);
    const twin = record.t === 'provisioned' ? await this.register(record.row, record) : null;
    const changed = apply(this.state, record);
    if (record.t !== 'flagged') for (const i of changed) await this.settleClaim(i);
    this.deps.applied(record, changed);
    if (changed.length > 0 || record.t === 'control') this.deps.onChange?.(changed);
    if (twin) await this.append(twin);
  }

  /**
   * Writes a purchase to the purchase log, and answers the flag to journal once the row reads
   * provisioned when Telegent sold the same number earlier for another ICCID (a number
   * recycled after that SIM gave it up, or one number for two SIMs): a note for the
   * operator, never a reason to buy or to record anything twice.
   */
  async register(i: number, bought: Bought): Promise<JournalRecord | null> {
    const { header } = this.state;
    const iccid = header.rows[i]!.iccid;
    await this.deps.purchases.record({
      iccid,
      phoneNumber: bought.number,
      phoneNumberId: bought.nid,
      orderId: bought.orderId,
      at: bought.at,
      batchId: header.id,
      batchName: header.name,
      environment: header.environment,
    });
    // Asked after recording, never before: two purchases of one number at the same moment would each miss the other.
    const twin = await this.deps.purchases.twinOf?.(bought.number, iccid);
    if (!twin) return null;
    const where = twin.station ? `, station ${twin.station}` : '';
    return {
      t: 'flagged',
      row: i,
      at: this.now(),
      code: 'duplicate_number',
      message:
        `Telegent returned ${bought.number} for this SIM and, on ${twin.at.slice(0, 10)}, for ICCID ${twin.iccid} (batch ` +
        `"${twin.batchName}"${where}): a recycled number or one number for two SIMs. Do not hand out either label until Telegent confirms which SIM owns it.`,
    };
  }

  /**
   * Gives a row's claim back once nothing about it is unresolved: the purchase log answers
   * for a bought SIM, and a row proven not bought re-claims before it is sent again.
   */
  async settleClaim(i: number): Promise<void> {
    const state = this.state.rows[i]?.state;
    if (state === 'submitting' || state === 'uncertain' || state === 'pending' || state === undefined) return;
    await this.deps.claims.release(this.state.header.rows[i]!.iccid, { batchId: this.id, row: i });
  }
}
