/**
 * A fleet station's coordination (docs/fleet.md): the station's own (its data folder's claims
 * and purchase log) with the fleet database added: both claims are taken, every purchase
 * goes to the log and then the shared ledger, and the folder records the fleet it works in.
 */
import { BothClaims } from '../coordination/both-claims';
import type { Coordination } from '../coordination/coordination';
import { bindFleet, bindingBlocker } from '../coordination/fleet-binding';
import type { EnginePurchases } from '../coordination/purchases';
import { describeDatabase } from './database';
import { fleetPurchases } from './fleet-ledger';
import type { FleetMembership } from './fleet-membership';
import type { PurchaseLog } from '../purchases/purchase-log';

export function fleetCoordination(
  local: { readonly claims: Coordination['claims']; readonly log: PurchaseLog; readonly environmentDir: string },
  member: FleetMembership,
): Coordination {
  const mine = { database: describeDatabase(member.station.options.url), station: member.station.station };
  const purchases: EnginePurchases = fleetPurchases(local.log, member.ledger);
  return {
    claims: new BothClaims(local.claims, member.claims),
    purchases,
    async agreement() {
      const blocker = await bindingBlocker(local.environmentDir, mine);
      if (blocker === null) await bindFleet(local.environmentDir, mine);
      return blocker;
    },
    publish: (entry) => void member.board.publish(entry),
  };
}
