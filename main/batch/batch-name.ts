/**
 * The name a new batch is offered, from the file it was imported from and the time: the
 * file's own name without what SimFleet added when it wrote the file (`PRACTICE-`, the
 * `-batch-results` or `-mapping` ending, the old batch's time stamp), so a results file
 * imported again is offered "sims-300 2026-12-06 05:13", not the old name twice.
 */
import { fileStem } from '../files/file-name';

const SIMFLEET_ENDINGS = /-(batch-results|mapping|problems|simfleet-purchases)$/i;
/** A time stamp as a batch name carries it, or as a file name escaped it ("2026-12-06_05_08"). */
const OLD_STAMP = /[ _]\d{4}-\d{2}-\d{2}[ _]\d{2}[:_]\d{2}$/;

export function suggestedBatchName(fileName: string, now: Date): string {
  const base = fileStem(fileName)
    .replace(/^PRACTICE-/i, '')
    .replace(SIMFLEET_ENDINGS, '')
    .replace(OLD_STAMP, '')
    .trim();
  const stamp = now.toISOString().slice(0, 16).replace('T', ' ');
  return base === '' ? stamp : `${base} ${stamp}`;
}
