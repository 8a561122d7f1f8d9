/**
 * `simfleet adopt NUMBER --yes`: records a purchase the audit found unrecorded (a number live
 * on one of this station's SIMs that no purchase log holds) into the purchase log with a
 * note, so its batch's mapping and labels show it (docs/audit.md, "Adopting a purchase").
 * Exit codes (docs/cli.md, "Exit codes"): 0 adopted (or adopted already), 2 refused (nothing
 * was written), 4 internal failure.
 */
import { UserError } from '../errors/user-error';
import { openAccountServices } from './account-services';
import { usageFailure } from './cli-errors';
import { EXIT, parseCommandLine } from './grammar';
import { ADOPT_OPTIONS } from './options';
import { printable } from './printable';
import { ADOPT_USAGE } from './usage';

export async function runAdoptCommand(args: readonly string[], write: (t: string) => void = (t) => process.stderr.write(t)): Promise<number> {
  const err = (text: string): void => write(printable(text));
  try {
    const { values: v, positionals } = parseCommandLine('adopt', ADOPT_OPTIONS, args);
    const [number, ...extra] = positionals;
    if (!number || extra.length > 0) throw new UserError('usage', `Give one NUMBER to adopt.\n\n${ADOPT_USAGE}`);
    if (!/^\+\d{8,15}$/.test(number)) throw new UserError('usage', `"${number}" is not a phone number in E.164 form (+18015550123).`);
    const opened = await openAccountServices(v, 'so SimFleet has recorded nothing there');
    const { environment, services } = opened;
    try {
      if (!v.yes) {
        throw new UserError(
          'usage',
          `Adopting ${number} records it as bought for its SIM in ${environment}, in the purchase log and the batch's mapping. ` +
            'Run the same command with --yes to adopt it.',
        );
      }
      err(`${(await services.account.adopt({ number, confirmed: true })).message}\n`);
      return EXIT.done;
    } finally {
      await opened.close();
    }
  } catch (error) {
    return usageFailure('adopt', error, err);
  }
}
