/**
 * The services of the commands that read or change what is already bought (audit, release,
 * replace-card, adopt): the data folder (which must exist: these commands never create one),
 * the environment the app is in, a practice simulator named by --api-base, and the fleet
 * named by --fleet (docs/audit.md, "In a fleet").
 */
import { existsSync } from 'node:fs';
import pkg from '../../package.json' with { type: 'json' };
import type { Environment } from '../../preload/domain';
import { defaultDataRoot, environmentDir } from '../environment/paths';
import { UserError } from '../errors/user-error';
import { joinFleet } from '../fleet/fleet-membership';
import { stationName } from '../fleet/station-name';
import { openHeadlessServices, type HeadlessServices } from '../services/headless';
import { openConfSettings } from '../settings/conf-settings';
import { fleetConnectionUrl } from './fleet-url';
import { practiceSimulatorUrl } from './practice-url';

export interface AccountServices {
  readonly environment: Environment;
  readonly environmentDir: string;
  readonly services: HeadlessServices;
  /** Closes the services, and leaves the fleet when the command joined one. */
  close(): Promise<void>;
}

interface AccountOptions {
  readonly 'data-dir'?: string | undefined;
  readonly 'api-base'?: string | undefined;
  readonly fleet?: string | undefined;
  readonly 'fleet-password-file'?: string | undefined;
  readonly station?: string | undefined;
}

export async function openAccountServices(values: AccountOptions, why: string): Promise<AccountServices> {
  const dataRoot = values['data-dir'] ?? defaultDataRoot();
  if (!existsSync(dataRoot)) throw new UserError('usage', `--data-dir ${dataRoot}: no such folder, ${why}.`);
  const saved = openConfSettings(dataRoot).read();
  const environment = saved.environment;
  const practiceStandaloneUrl = practiceSimulatorUrl(values['api-base'], environment);
  if (values.station !== undefined && !values.fleet)
    throw new UserError('usage', '--station names this station in a fleet: give the fleet database with --fleet URL.');
  const station = values.station === undefined ? undefined : stationName(values.station);
  const url = values.fleet ? await fleetConnectionUrl(values.fleet, values['fleet-password-file'], saved.fleet ?? null) : null;
  const fleet = url ? await joinFleet({ url, environment, appVersion: pkg.version, ...(station ? { station } : {}) }) : null;
  const services = openHeadlessServices({ dataRoot, host: 'cli', ...(practiceStandaloneUrl ? { practiceStandaloneUrl } : {}), ...(fleet ? { fleet } : {}) });
  return {
    environment,
    environmentDir: environmentDir(dataRoot, environment),
    services,
    close: async () => {
      await services.close();
      await fleet?.station.close();
    },
  };
}
