/** The fleet database URL a command connects with (`--fleet`, `--fleet-password-file`): provision and audit. */
import { readFile } from 'node:fs/promises';
import { connectionUrl, splitDatabaseUrl } from '../fleet/database';
import { KeytarFleetPasswordStore, passwordBinding } from '../fleet/fleet-password';
import { UserError } from '../errors/user-error';

/**
 * The fleet database URL to connect with. A password in `--fleet` is refused: every user of
 * the computer can read a command line (`ps`). It comes from a file, from PGPASSWORD (which
 * node-postgres reads itself), or from the app's keychain entry for that database.
 */
export async function fleetConnectionUrl(
  typed: string,
  passwordFile: string | undefined,
  savedFleet: { readonly url: string; readonly caFile: string } | null,
): Promise<string> {
  const { url, password } = splitDatabaseUrl(typed);
  if (password !== null) {
    throw new UserError(
      'usage',
      'The --fleet URL carries a password, which every user of this computer can read in the process list. Give the URL without it, ' +
        'and the password in a file named with --fleet-password-file, in PGPASSWORD, or saved in the app (Settings → Fleet).',
    );
  }
  if (passwordFile !== undefined) {
    let text: string;
    try {
      text = await readFile(passwordFile, 'utf8');
    } catch (error) {
      throw new UserError('usage', `--fleet-password-file ${passwordFile} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}).`);
    }
    return connectionUrl(url, text.replace(/\r?\n$/, ''), '');
  }
  // The keychain only for the database the app saved (it is asked for nothing else).
  if (process.env['PGPASSWORD'] || savedFleet?.url !== url) return url;
  // With the CA file it was saved with: the password goes only to a server that CA vouches for.
  const saved = await new KeytarFleetPasswordStore().load(passwordBinding(url, savedFleet.caFile)).catch(() => null);
  return saved ? connectionUrl(url, saved, savedFleet.caFile) : url;
}
