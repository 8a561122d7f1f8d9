/**
 * The rows of a list a batch did not take (refused by the check, already provisioned on
 * this station), kept beside its journal as `<id>.not-sent.json` (versioned, parsed with a
 * schema on read), so every mapping of the batch accounts for every row of the list, also
 * one written after a resume (docs/exports.md, "One mapping").
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { ImportRow } from '../../preload/views';
import { notSentRow, type MappingRow } from '../export/mapping-export';
import { writeFileAtomic } from '../files/atomic-write';

const NotSentFileSchema = z.object({
  v: z.literal(1),
  rows: z.array(z.object({ iccid: z.string(), state: z.enum(['refused', 'skipped']), message: z.string() })),
});

export const notSentPath = (journal: string): string => journal.replace(/\.jsonl$/, '.not-sent.json');

/**
 * From an import's rows with errors or already provisioned. A second copy of an ICCID the
 * batch takes on another line is left out: the customer mapping has one row per SIM.
 */
export function notSentFrom(rows: Iterable<ImportRow>): MappingRow[] {
  const out: MappingRow[] = [];
  for (const r of rows) {
    if (r.codes.includes('duplicate')) continue;
    if (r.status === 'error') out.push(notSentRow(r.iccid ?? r.raw, 'refused', r.message));
    else if (r.status === 'provisioned') out.push(notSentRow(r.iccid ?? r.raw, 'skipped', r.message));
  }
  return out;
}

export async function writeNotSent(journal: string, rows: readonly MappingRow[]): Promise<void> {
  const file = { v: 1 as const, rows: rows.map((r) => ({ iccid: r.iccid, state: r.state as 'refused' | 'skipped', message: r.message })) };
  await writeFileAtomic(notSentPath(journal), `${JSON.stringify(NotSentFileSchema.parse(file))}\n`, 0o600);
}

/** None when the batch has none (or was started before SimFleet kept them); a damaged file is said, never guessed. */
export async function readNotSent(journal: string): Promise<MappingRow[]> {
  let text: string;
  try {
    text = await readFile(notSentPath(journal), 'utf8');
  } catch {
    return [];
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  const parsed = NotSentFileSchema.safeParse(json);
  if (!parsed.success) {
    return [notSentRow('', 'refused', `The list of rows this batch did not take (${notSentPath(journal)}) is damaged; check the original list.`)];
  }
  return parsed.data.rows.map((r) => notSentRow(r.iccid, r.state, r.message));
}
