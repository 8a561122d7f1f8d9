/**
 * `simfleet replace-card DAMAGED_ICCID NEW_ICCID --yes`: moves the number of a damaged card
 * onto a new card with Telegent's `swap-sim` (docs/audit.md, "Replacement card"). Exit codes
 * (docs/cli.md, "Exit codes"): 0 moved (or found moved already), 2 refused (nothing was
 * changed), 3 no clear answer (run it again: the number is looked up first), 4 internal failure.
 */
import { UserError } from '../errors/user-error';
import { runAccountChange } from './account-change';
import { REPLACE_CARD_OPTIONS } from './options';
import { quoteArg } from './shell-quote';
import { REPLACE_CARD_USAGE } from './usage';

export function runReplaceCardCommand(args: readonly string[], write: (t: string) => void = (t) => process.stderr.write(t)): Promise<number> {
  return runAccountChange(
    {
      command: 'replace-card',
      options: REPLACE_CARD_OPTIONS,
      check: (positionals) => {
        if (positionals.length !== 2) throw new UserError('usage', `Give the damaged card's ICCID, then the new card's.\n\n${REPLACE_CARD_USAGE}`);
      },
      confirm: (environment) =>
        `Moving a number to another card in ${environment} makes the damaged card useless for good (Telegent's swap-sim). ` +
        'Run the same command with --yes to move it.',
      async change(services, [damaged, replacement]) {
        const moved = await services.account.replaceCard({ damaged: damaged!, replacement: replacement!, confirmed: true });
        // The mapping lists the batch's rows first, in order, under one header line: row i is line i + 2.
        const row = moved.line === null ? undefined : (await services.batches.rows(moved.batchId, String(moved.line))).rows[0];
        if (!row) return `${moved.message}\n`;
        return (
          `${moved.message}\nThe batch's mapping now lists the new card. Its new label:\n` +
          `  simfleet export ${moved.batchId} --out mapping.csv\n` +
          `  simfleet labels mapping.csv --lines ${row.index + 2} --format pdf --out ${quoteArg(`new-card-${row.iccid}.pdf`)}\n`
        );
      },
    },
    args,
    write,
  );
}
