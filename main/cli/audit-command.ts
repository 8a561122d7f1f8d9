/**
 * `simfleet audit`: the account audit of the environment the app is in (docs/audit.md).
 * Exit codes (docs/cli.md, "Exit codes"): 0 clean, 3 findings, 2 refused (bad usage, no
 * data folder, Telegent refused or unreachable), 4 internal failure.
 */
import type { EventPayload } from '../../preload/contract';
import type { AuditView } from '../../preload/views';
import { formatDuration } from '../../preload/duration-format';
import { UserError } from '../errors/user-error';
import { isTelegentError } from '../telegent/errors';
import { openAccountServices } from './account-services';
import { usageFailure } from './cli-errors';
import { EXIT, parseCommandLine } from './grammar';
import { AUDIT_OPTIONS } from './options';
import { printable } from './printable';
import { progressLine } from './progress-line';
import { AUDIT_USAGE } from './usage';

function refuse(message: string): never {
  throw new UserError('usage', message);
}

export async function runAuditCommand(
  args: readonly string[],
  out: (t: string) => void = (t) => process.stdout.write(t),
  write: (t: string) => void = (t) => process.stderr.write(t),
): Promise<number> {
  const err = (text: string): void => write(printable(text));
  const progress = progressLine(write);
  try {
    const { values: v, positionals } = parseCommandLine('audit', AUDIT_OPTIONS, args);
    if (positionals.length > 0) refuse(`Unexpected argument "${positionals[0]}".\n\n${AUDIT_USAGE}`);
    // An audit only reads: a data folder that is not there has no purchases to compare, and is not created.
    const opened = await openAccountServices(v, "so there is nothing of SimFleet's to audit");
    const { services } = opened;
    let report: AuditView;
    try {
      services.events.subscribe((name, payload) => {
        if (name !== 'auditProgress') return;
        const { numbers, total, secondsLeft } = payload as EventPayload<'auditProgress'>;
        const left = secondsLeft ? `, about ${formatDuration(secondsLeft)} left at the rate limit` : '';
        progress.update(`${numbers}${total !== null ? ` of ${total}` : ''} number(s) of the account read${left}…`);
      });
      report = await services.account.auditListing(v['list-not-ours'] ? (n) => out(`${JSON.stringify({ notOurs: n })}\n`) : null);
    } catch (error) {
      if (isTelegentError(error)) refuse(`Telegent did not give the inventory: ${error.message} Nothing was changed; run the audit again.`);
      throw error;
    } finally {
      progress.end();
      await opened.close();
    }
    if (v.json) out(`${JSON.stringify(report)}\n`);
    else {
      for (const finding of report.findings) out(`${finding.kind}: ${finding.text}\n`);
    }
    for (const id of report.unreadableBatches) err(`warning: batch ${id} cannot be read (see Batches), so its SIMs are not known to this audit.\n`);
    const count = (kind: string): number => report.findings.filter((f) => f.kind === kind).length;
    err(
      `Audit of the ${report.environment} account: ${report.numbersOnAccount} number(s) in ${report.pages} page(s); ` +
        `${count('double')} double(s), ${count('unrecorded')} unrecorded purchase(s), ${count('gone')} recorded but gone, ` +
        `${report.notOurs} not SimFleet's${v['list-not-ours'] || report.notOurs === 0 ? '' : ' (listed with --list-not-ours)'}.\n`,
    );
    return report.findings.length > 0 ? EXIT.attention : EXIT.done;
  } catch (error) {
    progress.end();
    return usageFailure('audit', error, err);
  }
}
