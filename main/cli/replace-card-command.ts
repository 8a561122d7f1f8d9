/**
 * `simfleet replace-card DAMAGED_ICCID NEW_ICCID --yes`: moves the number of a damaged card
 * onto a new card with Telegent's `swap-sim` (docs/audit.md, "Replacement card"). Exit codes
 * (docs/cli.md, "Exit codes"): 0 moved (or found moved already), 2 refused (nothing was
 * changed), 3 no clear answer (run it again: the number is looked up first), 4 internal failure.
 */
import { isUserError, UserError } from '../errors/user-error';
import { openAccountServices } from './account-services';
import { usageFailure } from './cli-errors';
import { EXIT, parseCommandLine } from './grammar';
import { REPLACE_CARD_OPTIONS } from './options';
import { printable } from './printable';
import { quoteArg } from './shell-quote';
import { REPLACE_CARD_USAGE } from './usage';

export async function runReplaceCardCommand(args: readonly string[], write: (t: string) => void = (t) => process.stderr.write(t)): Promise<number> {
  const err = (text: string): void => write(printable(text));
  try {
    const { values: v, positionals } = parseCommandLine('replace-card', REPLACE_CARD_OPTIONS, args);
    if (positionals.length !== 2) throw new UserError('usage', `Give the damaged card's ICCID, then the new card's.\n\n${REPLACE_CARD_USAGE}`);
    const opened = await openAccountServices(v, 'so SimFleet has recorded nothing there');
    const { environment, services } = opened;
    try {
      if (!v.yes) {
        throw new UserError(
          'usage',
          `Moving a number to another card in ${environment} makes the damaged card useless for good (Telegent's swap-sim). ` +
            'Run the same command with --yes to move it.',
        );
      }
      const moved = await services.account.replaceCard({ damaged: positionals[0]!, replacement: positionals[1]!, confirmed: true });
      err(`${moved.message}\n`);
      // The mapping lists the batch's rows first, in order, under one header line: row i is line i + 2.
      const row = moved.line === null ? undefined : (await services.batches.rows(moved.batchId, String(moved.line))).rows[0];
      if (row) {
        err(
          `The batch's mapping now lists the new card. Its new label:\n` +
            `  simfleet export ${moved.batchId} --out mapping.csv\n` +
            `  simfleet labels mapping.csv --lines ${row.index + 2} --format pdf --out ${quoteArg(`new-card-${row.iccid}.pdf`)}\n`,
        );
      }
      return EXIT.done;
    } finally {
      await opened.close();
    }
  } catch (error) {
    if (isUserError(error) && (error.code === 'change_uncertain' || error.code === 'change_stalled')) {
      err(`simfleet replace-card: ${error.message}\n`);
      return EXIT.attention;
    }
    return usageFailure('replace-card', error, err);
  }
}
