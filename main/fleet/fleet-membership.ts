/** A station's membership of a fleet (docs/fleet.md): its lease, its claims and the shared ledger, made together. */
import { FleetBoard } from './fleet-board';
import { FleetIccidClaims } from './fleet-claims';
import { FleetLedger } from './fleet-ledger';
import { FleetStation, type FleetOptions } from './fleet-station';

export interface FleetMembership {
  readonly station: FleetStation;
  readonly claims: FleetIccidClaims;
  readonly ledger: FleetLedger;
  readonly board: FleetBoard;
}

/** Joins the fleet (refusing with what to do when the database cannot be used). */
export async function joinFleet(options: FleetOptions): Promise<FleetMembership> {
  const station = await FleetStation.join(options);
  const ledger = new FleetLedger(station);
  return { station, claims: new FleetIccidClaims(station, ledger), ledger, board: new FleetBoard(station) };
}
