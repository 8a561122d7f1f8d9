/** The one rule for a station's name in a fleet (docs/fleet.md), for Settings → Fleet and the CLI's --station alike. */
import { hostname } from 'node:os';
import { UserError } from '../errors/user-error';

/** A station name as typed (blank: this computer's name), checked; throws `fleet_bad_station` with what to type. */
export function stationName(typed: string): string {
  const station = typed.trim() || hostname();
  if (!/^[\w .-]{1,60}$/.test(station)) {
    throw new UserError('fleet_bad_station', 'Give this station a name of letters, digits, spaces, dots or dashes (60 at most), such as "Dock 1".');
  }
  return station;
}
