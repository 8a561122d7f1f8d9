/**
 * `simfleet release NUMBER --yes`: gives back an extra number, such as the second number
 * of a SIM the audit found bought twice (docs/audit.md, "Releasing a number"). Permanent,
 * so it needs --yes; a number SimFleet recorded for a SIM (the one on its label) is refused.
 * Exit codes (docs/cli.md, "Exit codes"): 0 released (or found released already), 2
 * refused (nothing was changed), 3 no clear answer (run it again: the number is looked up
 * first), 4 internal failure.
 */
import { oneNumber, runAccountChange } from './account-change';
import { RELEASE_OPTIONS } from './options';
import { RELEASE_USAGE } from './usage';

export function runReleaseCommand(args: readonly string[], write: (t: string) => void = (t) => process.stderr.write(t)): Promise<number> {
  return runAccountChange(
    {
      command: 'release',
      options: RELEASE_OPTIONS,
      check: (positionals) => oneNumber(positionals, 'release', RELEASE_USAGE),
      confirm: (environment, [number]) =>
        `Releasing ${number} in ${environment} is permanent: Telegent cancels the number and SimFleet cannot give it back. ` +
        'Run the same command with --yes to release it.',
      change: async (services, [number]) => `${(await services.account.release({ number: number!, confirmed: true })).message}\n`,
    },
    args,
    write,
  );
}
