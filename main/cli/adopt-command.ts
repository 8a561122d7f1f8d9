/**
 * `simfleet adopt NUMBER --yes`: records a purchase the audit found unrecorded (a number live
 * on one of this station's SIMs that no purchase log holds) into the purchase log with a
 * note, so its batch's mapping and labels show it (docs/audit.md, "Adopting a purchase").
 * Exit codes (docs/cli.md, "Exit codes"): 0 adopted (or adopted already), 2 refused (nothing
 * was written), 4 internal failure.
 */
import { oneNumber, runAccountChange } from './account-change';
import { ADOPT_OPTIONS } from './options';
import { ADOPT_USAGE } from './usage';

export function runAdoptCommand(args: readonly string[], write: (t: string) => void = (t) => process.stderr.write(t)): Promise<number> {
  return runAccountChange(
    {
      command: 'adopt',
      options: ADOPT_OPTIONS,
      check: (positionals) => oneNumber(positionals, 'adopt', ADOPT_USAGE),
      confirm: (environment, [number]) =>
        `Adopting ${number} records it as bought for its SIM in ${environment}, in the purchase log and the batch's mapping. ` +
        'Run the same command with --yes to adopt it.',
      change: async (services, [number]) => `${(await services.account.adopt({ number: number!, confirmed: true })).message}\n`,
    },
    args,
    write,
  );
}
