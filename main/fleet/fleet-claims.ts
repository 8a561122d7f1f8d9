/**
 * ICCID claims in the fleet database (docs/fleet.md, "Claims"): the same contract as a
 * station's file claims (coordination/claims.ts), across every station. One row per SIM, taken
 * in one transaction before the intent is written:
 * - no row, or a row of this batch in this process (its instance): ours (`claimed`);
 * - a row whose lease is alive: `busy`, naming the station ("being provisioned on station B");
 * - a row whose lease expired (its process died): ours, `taken-over`, so the engine looks
 *   the ICCID up before anything is sent (the uncertain-row rule).
 * A database that does not answer throws (`fleet_unreachable`): the engine pauses.
 */
import { CLAIM_LOST, type ClaimOwner, type ClaimResult, type IccidClaims } from '../coordination/claims';
import { fencePermit, systemInstant, type InstantSource, type SendPermit } from '../coordination/send-permit';
import { UserError } from '../errors/user-error';
import type { FleetLedger } from './fleet-ledger';
import type { FleetStation } from './fleet-station';

export class FleetIccidClaims implements IccidClaims {
  /** Claims given back while the database was away: given back again when it answers. */
  private readonly unreleased = new Map<string, ClaimOwner>();
  /**
   * One statement at a time per SIM in this process. A release left over from before (the
   * database was away) must never run after the same batch row claimed the SIM again: it
   * would delete the new claim, and another station would buy the SIM too (seen in CI: the
   * database restarted, the leftover release ran just after the row's renewed claim).
   */
  private readonly queues = new Map<string, Promise<unknown>>();

  private serial<T>(iccid: string, work: () => Promise<T>): Promise<T> {
    const next = (this.queues.get(iccid) ?? Promise.resolve()).then(work, work);
    const settled = next.catch(() => undefined);
    this.queues.set(iccid, settled);
    void settled.then(() => {
      if (this.queues.get(iccid) === settled) this.queues.delete(iccid);
    });
    return next;
  }

  constructor(
    private readonly fleet: FleetStation,
    /** The shared ledger: a claim whose purchase has not reached it yet is kept (recorded before released). */
    private readonly ledger: Pick<FleetLedger, 'awaiting' | 'onPublished'> | null = null,
    /** The fence's clocks; tests stand in for a process frozen after its confirmation. */
    private readonly now: InstantSource = systemInstant,
  ) {
    fleet.onAvailability((state) => {
      if (state.available) void this.releaseLeftovers();
    });
    ledger?.onPublished(() => void this.releaseLeftovers());
  }

  /** Hears when the database answers again; if it already does (it came back just now), soon. */
  onAvailable(listener: () => void): () => void {
    const off = this.fleet.onAvailability((state) => {
      if (state.available) listener();
    });
    if (this.fleet.availability.available) setImmediate(listener);
    return off;
  }

  claim(iccid: string, owner: ClaimOwner): Promise<ClaimResult> {
    return this.serial(iccid, async () => {
      const left = this.unreleased.get(iccid);
      // Wanted again by the same row: a release still waiting for the database is void (it would
      // free this new claim). Another row's (it settled): given back first, as it was meant to be.
      if (left && left.batchId === owner.batchId && left.row === owner.row) this.unreleased.delete(iccid);
      else if (left) await this.giveBack(iccid, left);
      return this.take(iccid, owner);
    });
  }

  private async take(iccid: string, owner: ClaimOwner): Promise<ClaimResult> {
    const s = this.fleet.schema;
    // One statement, one transaction: the row is inserted, or updated only when it is
    // already this process's for this batch or its holder's lease expired; otherwise the
    // holder comes back. Another instance under the same station name (a copied data
    // folder, a restored backup) is another holder (docs/fleet.md, "Claims").
    const { rows } = await this.fleet.query<{ outcome: 'inserted' | 'ours' | 'taken' | 'busy'; station: string; batch_id: string; same_station: boolean }>(
      `SELECT * FROM ${s}.claim_take($1, $2, $3, $4, $5, $6)`,
      [this.fleet.instance, this.fleet.secret, iccid, owner.batchId, owner.row, this.fleet.leaseMs],
    );
    const row = rows[0]!;
    switch (row.outcome) {
      case 'inserted':
      case 'ours':
        return { kind: 'claimed' };
      case 'taken':
        return {
          kind: 'taken-over',
          from: row.same_station
            ? `Another SimFleet process of station ${row.station} (batch ${row.batch_id})`
            : `Station ${row.station} (batch ${row.batch_id})`,
        };
      case 'busy':
        return {
          kind: 'busy',
          holder: row.same_station
            ? `being provisioned by another SimFleet process that calls itself station ${row.station} (a copied data folder?)`
            : `being provisioned on station ${row.station ?? '(another station)'}`,
        };
    }
  }

  /**
   * Renews the claim if it is still this process's and alive, and answers the fence: the
   * request may be written only within half the lease from the moment *before* the renewal
   * was sent (the rest covers the renewal's round trip and the time Telegent may still take
   * to commit a request given up at that moment; docs/exactly-once.md, "The fence").
   */
  confirm(iccid: string, owner: ClaimOwner): Promise<SendPermit> {
    return this.serial(iccid, () => this.renew(iccid, owner));
  }

  private async renew(iccid: string, owner: ClaimOwner): Promise<SendPermit> {
    const before = this.now();
    const { rows } = await this.fleet.query<{ renewed: boolean }>(`SELECT ${this.fleet.schema}.claim_confirm($1, $2, $3, $4, $5, $6) AS renewed`, [
      this.fleet.instance,
      this.fleet.secret,
      iccid,
      owner.batchId,
      owner.row,
      this.fleet.leaseMs,
    ]);
    if (rows[0]?.renewed !== true) {
      throw new UserError(
        CLAIM_LOST,
        "This station's claim on the SIM ran out while the request waited (the fleet database was away); another station may be buying it. Nothing was sent.",
      );
    }
    const window = Math.floor(this.fleet.leaseMs / 2);
    return fencePermit(before, window, {
      boundsRequest: true,
      minimumMs: Math.min(1_000, window / 3),
      now: this.now,
      refusal:
        "This station's fleet claim on the SIM ran out before the request could be sent (the computer or the database stalled); " +
        'another station may be buying it. Nothing was sent; the SIM waits its turn again.',
    });
  }

  /**
   * Gives the claim back. Never fails for a database that is away: the claim is given back
   * when it answers (until then its lease is renewed, so nobody sends for the SIM meanwhile).
   */
  release(iccid: string, owner: ClaimOwner): Promise<void> {
    return this.serial(iccid, () => this.giveBack(iccid, owner));
  }

  private async giveBack(iccid: string, owner: ClaimOwner): Promise<void> {
    if (this.ledger?.awaiting(iccid)) {
      // Its purchase is not in the shared ledger yet: another station could claim the SIM,
      // find nothing and buy it. Kept (and renewed) until the ledger has it.
      this.unreleased.set(iccid, owner);
      return;
    }
    try {
      await this.fleet.query(`SELECT ${this.fleet.schema}.claim_release($1, $2, $3, $4, $5)`, [
        this.fleet.instance,
        this.fleet.secret,
        iccid,
        owner.batchId,
        owner.row,
      ]);
      this.unreleased.delete(iccid);
    } catch {
      this.unreleased.set(iccid, owner);
    }
  }

  private async releaseLeftovers(): Promise<void> {
    for (const [iccid, owner] of [...this.unreleased]) {
      // Only if it is still left over when its turn comes: a claim taken since has voided it.
      await this.serial(iccid, () => (this.unreleased.get(iccid) === owner ? this.giveBack(iccid, owner) : Promise.resolve()));
    }
  }

  async owned(batchId: string): Promise<ReadonlyArray<{ readonly iccid: string; readonly row: number }>> {
    const { rows } = await this.fleet.query<{ iccid: string; batch_row: number }>(
      `SELECT iccid, batch_row FROM ${this.fleet.schema}.claims WHERE instance = $1 AND batch_id = $2`,
      [this.fleet.instance, batchId],
    );
    return rows.map((r) => ({ iccid: r.iccid, row: r.batch_row }));
  }
}
