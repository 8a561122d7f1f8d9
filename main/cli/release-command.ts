/**
 * `simfleet release NUMBER --yes`: gives back an extra number, such as the second number
 * of a SIM the audit found bought twice (docs/audit.md, "Releasing a number"). Permanent,
 * so it needs --yes; a number SimFleet recorded for a SIM (the one on its label) is refused.
 * Exit codes (docs/cli.md, "Exit codes"): 0 released (or found released already), 2
 * refused (nothing was changed), 3 no clear answer (run it again: the number is looked up
 * first), 4 internal failure.
 */
import { isUserError, UserError } from '../errors/user-error';
import { openAccountServices } from './account-services';
import { usageFailure } from './cli-errors';
import { EXIT, parseCommandLine } from './grammar';
import { RELEASE_OPTIONS } from './options';
import { printable } from './printable';
import { RELEASE_USAGE } from './usage';

function refuse(message: string): never {
  throw new UserError('usage', message);
}

export async function runReleaseCommand(args: readonly string[], write: (t: string) => void = (t) => process.stderr.write(t)): Promise<number> {
  const err = (text: string): void => write(printable(text));
  try {
    const { values: v, positionals } = parseCommandLine('release', RELEASE_OPTIONS, args);
    const [number, ...extra] = positionals;
    if (!number || extra.length > 0) refuse(`Give one NUMBER to release.\n\n${RELEASE_USAGE}`);
    if (!/^\+\d{8,15}$/.test(number!)) refuse(`"${number}" is not a phone number in E.164 form (+18015550123).`);
    const opened = await openAccountServices(v, 'so SimFleet has recorded nothing there');
    const { environment, services } = opened;
    try {
      if (!v.yes) {
        refuse(
          `Releasing ${number} in ${environment} is permanent: Telegent cancels the number and SimFleet cannot give it back. ` +
            'Run the same command with --yes to release it.',
        );
      }
      err(`${(await services.account.release({ number: number!, confirmed: true })).message}\n`);
      return EXIT.done;
    } finally {
      await opened.close();
    }
  } catch (error) {
    if (isUserError(error) && (error.code === 'change_uncertain' || error.code === 'change_stalled')) {
      err(`simfleet release: ${error.message}\n`);
      return EXIT.attention;
    }
    return usageFailure('release', error, err);
  }
}
