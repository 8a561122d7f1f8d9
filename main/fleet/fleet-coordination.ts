/**
 * A fleet station's coordination (docs/fleet.md): the station's own (its data folder's claims
 * and purchase log) with the fleet database added: both claims are taken, every purchase
 * goes to the log and then the shared ledger, the account's rate is shared through the
 * database's budget, and the folder records the fleet it works in.
 */
import { BothClaims } from '../coordination/both-claims';
import type { Coordination } from '../coordination/coordination';
import { agreeAndBind } from '../coordination/fleet-binding';
import type { EnginePurchases } from '../coordination/purchases';
import { describeDatabase } from './database';
import { FleetBudget } from './fleet-budget';
import { fleetPurchases } from './fleet-ledger';
import type { FleetMembership } from './fleet-membership';
import type { PurchaseLog } from '../purchases/purchase-log';

/** What the shared rate budget is for: the account (named by its API URL) and its requests per minute. */
export interface BudgetAccount {
  readonly apiBaseUrl: () => string;
  readonly perMinute: () => number;
}

export function fleetCoordination(
  local: { readonly claims: Coordination['claims']; readonly log: PurchaseLog; readonly environmentDir: string },
  member: FleetMembership,
  account: BudgetAccount,
): Coordination {
  const mine = { database: describeDatabase(member.station.options.url), station: member.station.station };
  const purchases: EnginePurchases = fleetPurchases(local.log, member.ledger);
  return {
    claims: new BothClaims(local.claims, member.claims),
    purchases,
    budget: new FleetBudget(member.station, () => FleetBudget.accountKey(account.apiBaseUrl()), account.perMinute),
    agreement: () => agreeAndBind(local.environmentDir, mine),
    publish: (entry) => void member.board.publish(entry),
  };
}
