/**
 * The CLI's `--column NAME|NUMBER`: which column holds the ICCIDs, by header name (case,
 * spaces and punctuation ignored) or by 1-based number, as the preview's picker does.
 */
import { UserError } from '../errors/user-error';
import { squash } from './columns';

export function resolveColumnOption(option: string, columns: readonly string[]): number {
  if (/^\d+$/.test(option.trim())) {
    const n = Number(option.trim());
    if (n >= 1 && n <= columns.length) return n - 1;
  } else {
    const index = columns.findIndex((c) => squash(c) === squash(option));
    if (index !== -1) return index;
  }
  throw new UserError(
    'unknown_column',
    `--column ${option}: there is no such column. The list has ${columns.length}: ${columns.map((c, i) => `${i + 1} "${c}"`).join(', ')}.`,
  );
}
