/**
 * The services of the commands that read or change what is already bought (audit, release,
 * replace-card, adopt): the data folder (which must exist: these commands never create one),
 * the environment the app is in, and a practice simulator named by --api-base.
 */
import { existsSync } from 'node:fs';
import type { Environment } from '../../preload/domain';
import { defaultDataRoot, environmentDir } from '../environment/paths';
import { UserError } from '../errors/user-error';
import { openHeadlessServices, type HeadlessServices } from '../services/headless';
import { openConfSettings } from '../settings/conf-settings';
import { practiceSimulatorUrl } from './practice-url';

export interface AccountServices {
  readonly environment: Environment;
  readonly environmentDir: string;
  readonly services: HeadlessServices;
}

export function openAccountServices(
  values: { readonly 'data-dir'?: string | undefined; readonly 'api-base'?: string | undefined },
  why: string,
): AccountServices {
  const dataRoot = values['data-dir'] ?? defaultDataRoot();
  if (!existsSync(dataRoot)) throw new UserError('usage', `--data-dir ${dataRoot}: no such folder, ${why}.`);
  const environment = openConfSettings(dataRoot).read().environment;
  const practiceStandaloneUrl = practiceSimulatorUrl(values['api-base'], environment);
  const services = openHeadlessServices({ dataRoot, host: 'cli', ...(practiceStandaloneUrl ? { practiceStandaloneUrl } : {}) });
  return { environment, environmentDir: environmentDir(dataRoot, environment), services };
}
