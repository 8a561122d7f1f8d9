/**
 * Fleet claims *add* the database to the station's own claims; they never replace them
 * (docs/exactly-once.md, rule 9; docs/fleet.md, "Claims"). A fleet station takes the SIM's
 * file claim first, so a process on the same data folder without the fleet (or with
 * another fleet database) still sees it, then the fleet claim, so other stations see it.
 */
import type { ClaimOwner, ClaimResult, IccidClaims } from './claims';
import { allPermits, type SendPermit } from './send-permit';

export class BothClaims implements IccidClaims {
  /**
   * Local claims taken over from a stopped process while the fleet said busy: the next
   * claim that succeeds must still report the takeover, or the lookup it calls for is lost.
   */
  private readonly takenOver = new Map<string, string>();

  constructor(
    private readonly local: IccidClaims,
    private readonly shared: IccidClaims,
  ) {}

  async claim(iccid: string, owner: ClaimOwner): Promise<ClaimResult> {
    const local = await this.local.claim(iccid, owner);
    if (local.kind === 'busy') return local;
    if (local.kind === 'taken-over') this.takenOver.set(iccid, local.from);
    const shared = await this.shared.claim(iccid, owner);
    if (shared.kind === 'busy') return shared;
    const from = shared.kind === 'taken-over' ? shared.from : this.takenOver.get(iccid);
    this.takenOver.delete(iccid);
    return from === undefined ? { kind: 'claimed' } : { kind: 'taken-over', from };
  }

  async confirm(iccid: string, owner: ClaimOwner): Promise<SendPermit> {
    const local = await this.local.confirm(iccid, owner);
    const shared = await this.shared.confirm(iccid, owner);
    return allPermits([local, shared])!;
  }

  async release(iccid: string, owner: ClaimOwner): Promise<void> {
    await this.shared.release(iccid, owner);
    await this.local.release(iccid, owner);
  }

  async owned(batchId: string): Promise<ReadonlyArray<{ readonly iccid: string; readonly row: number }>> {
    const found = new Map<string, number>();
    for (const held of [...(await this.local.owned(batchId)), ...(await this.shared.owned(batchId))]) found.set(held.iccid, held.row);
    return [...found].map(([iccid, row]) => ({ iccid, row }));
  }

  onAvailable(listener: () => void): () => void {
    return this.shared.onAvailable?.(listener) ?? this.local.onAvailable?.(listener) ?? (() => undefined);
  }
}
