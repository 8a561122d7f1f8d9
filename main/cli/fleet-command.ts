/**
 * `simfleet fleet migrate --db URL` and `simfleet fleet status --db URL [--environment
 * practice|production] [--json]` (docs/fleet.md). The password comes from the URL or
 * PGPASSWORD and is never printed. Exit 0 done, 2 bad usage or a database that cannot be
 * used (unreachable, refused, newer than this SimFleet).
 */
import { FLEET_OPTIONS } from './options';
import type { Environment } from '../../preload/domain';
import { UserError } from '../errors/user-error';
import { connectDatabase, databaseError, describeDatabase, describeTls } from '../fleet/database';
import { fleetStatus, formatFleetStatus } from '../fleet/fleet-status';
import { LATEST_VERSION, migrate, STATION_ROLE } from '../fleet/migrations';
import { usageFailure } from './cli-errors';
import { parseCommandLine } from './grammar';
import { printable } from './printable';
import { FLEET_USAGE } from './usage';

export async function runFleetCommand(
  args: readonly string[],
  out: (t: string) => void = (t) => process.stdout.write(t),
  write: (t: string) => void = (t) => process.stderr.write(t),
): Promise<number> {
  const err = (text: string): void => write(printable(text));
  const [action, ...rest] = args;
  try {
    const { values: v, positionals } = parseCommandLine('fleet', FLEET_OPTIONS, rest);
    if ((action !== 'migrate' && action !== 'status') || !v.db || positionals.length > 0) throw new UserError('usage', FLEET_USAGE);
    if (v.environment !== 'practice' && v.environment !== 'production') throw new UserError('usage', '--environment must be practice or production.');
    const url = v.db;
    const client = await connectDatabase(url);
    try {
      if (action === 'migrate') {
        const reports = await migrate(client);
        for (const r of reports) {
          err(
            r.applied.length === 0
              ? `${r.environment}: already at schema version ${r.to}.\n`
              : `${r.environment}: schema version ${r.from} → ${r.to} (${r.applied.join('; ')}).\n`,
          );
        }
        err(
          `${describeDatabase(url)} is ready for SimFleet (schema version ${LATEST_VERSION}). Give each station a login in the ${STATION_ROLE} role, ` +
            `for example: CREATE ROLE station1 LOGIN PASSWORD '…' IN ROLE ${STATION_ROLE};\n`,
        );
        return 0;
      }
      const status = await fleetStatus(client, v.environment as Environment);
      if (v.json) out(`${JSON.stringify(status)}\n`);
      else out(printable(`${describeDatabase(url)}: ${describeTls(url).text}.\n${formatFleetStatus(status)}`));
      return 0;
    } catch (error) {
      throw databaseError(error, url);
    } finally {
      await client.end().catch(() => undefined);
    }
  } catch (error) {
    return usageFailure('fleet', error, err);
  }
}
