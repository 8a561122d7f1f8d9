/** `--api-base` for commands that only read or change what is already bought (audit, release): a practice simulator on this computer, or nothing. */
import type { Environment } from '../../preload/domain';
import { UserError } from '../errors/user-error';
import { checkBaseUrl, isPracticeSimulatorUrl } from '../telegent/base-url';

/** The simulator URL to use, or undefined when none was given; refused in production (its URL is the one saved and tested in Settings). */
export function practiceSimulatorUrl(apiBase: string | undefined, environment: Environment): string | undefined {
  if (apiBase === undefined) return undefined;
  const checked = checkBaseUrl(apiBase);
  if (!checked.ok) throw new UserError('usage', checked.message);
  if (environment !== 'practice' || !isPracticeSimulatorUrl(checked.url)) {
    throw new UserError('usage', '--api-base names a practice simulator on this computer; in production SimFleet uses the URL saved and tested in Settings.');
  }
  return checked.url;
}
