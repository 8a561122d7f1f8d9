/**
 * What `release`, `replace-card` and `adopt` share (docs/audit.md): the arguments read, the
 * account services opened (the data folder, the environment, the fleet), a refusal without
 * --yes that says what the change does for good, the change made through the account
 * service, and the exit codes (docs/cli.md, "Exit codes"): 0 done, 2 refused (nothing
 * changed), 3 no clear answer or a stall (running it again looks the number up first).
 */
import { checkPhoneNumber } from '../audit/phone-number';
import { isUserError, UserError } from '../errors/user-error';
import type { HeadlessServices } from '../services/headless';
import { openAccountServices } from './account-services';
import { usageFailure } from './cli-errors';
import { EXIT, parseCommandLine, type Options } from './grammar';
import { printable } from './printable';

export interface AccountChange {
  readonly command: 'release' | 'replace-card' | 'adopt';
  readonly options: Options;
  /** Checks the positionals (a refusal says what to give) before anything is opened. */
  readonly check: (positionals: readonly string[]) => void;
  /** Why --yes is needed: what the change does, for good, in this environment. */
  readonly confirm: (environment: string, positionals: readonly string[]) => string;
  /** Makes the change; answers what to print. */
  readonly change: (services: HeadlessServices, positionals: readonly string[]) => Promise<string>;
}

/** One NUMBER, in E.164 form, or a refusal that says what to give. */
export function oneNumber(positionals: readonly string[], what: string, usage: string): void {
  if (positionals.length !== 1) throw new UserError('usage', `Give one NUMBER to ${what}.\n\n${usage}`);
  checkPhoneNumber(positionals[0]!);
}

export async function runAccountChange(spec: AccountChange, args: readonly string[], write: (t: string) => void): Promise<number> {
  const err = (text: string): void => write(printable(text));
  try {
    const { values, positionals } = parseCommandLine(spec.command, spec.options, args);
    spec.check(positionals);
    const v = values as { readonly yes?: boolean; readonly 'data-dir'?: string; readonly 'api-base'?: string; readonly fleet?: string };
    const opened = await openAccountServices(v, 'so SimFleet has recorded nothing there');
    try {
      if (!v.yes) throw new UserError('usage', spec.confirm(opened.environment, positionals));
      err(await spec.change(opened.services, positionals));
      return EXIT.done;
    } finally {
      await opened.close();
    }
  } catch (error) {
    if (isUserError(error) && (error.code === 'change_uncertain' || error.code === 'change_stalled')) {
      err(`simfleet ${spec.command}: ${error.message}\n`);
      return EXIT.attention;
    }
    return usageFailure(spec.command, error, err);
  }
}
