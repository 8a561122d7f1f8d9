/**
 * A status change of one number (docs/audit.md, "Releasing a number"): `cancel` to release
 * an extra number, exactly once, like a purchase (docs/exactly-once.md). Each number has its
 * own journal, `<environment>/number-changes/<number>.jsonl`, locked while a process works on
 * it (the batch journals' lock). The intent is written and synced before the request leaves;
 * an answer that may hide the change (a timeout, a reset, a 5xx), or a journal that ends on
 * an intent with no answer after a crash, is checked by looking the number up before
 * anything is sent again: a change is never resent blindly.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { UserError } from '../errors/user-error';
import { AppendLog } from '../files/append-log';
import { lockBatch, type LockSurface } from '../locks/batch-lock';
import type { TelegentClient } from '../telegent/client';
import { isTelegentError } from '../telegent/errors';
import type { NumberDetails } from '../telegent/responses';
import { isLive } from './account-audit';

export const NUMBER_CHANGE_VERSION = 1;

const at = z.string();
const RecordSchema = z.discriminatedUnion('t', [
  z.object({
    v: z.literal(NUMBER_CHANGE_VERSION),
    t: z.literal('intent'),
    change: z.literal('cancel'),
    number: z.string(),
    iccid: z.string().nullable(),
    at,
  }),
  z.object({ t: z.literal('done'), orderId: z.string().nullable(), at }),
  /** Proven not made (Telegent refused it): nothing changed. */
  z.object({ t: z.literal('failed'), message: z.string(), at }),
  /** The answer was lost: the change may or may not have been made. */
  z.object({ t: z.literal('uncertain'), message: z.string(), at }),
  /** What a lookup of the number found after an uncertain answer or a crash. */
  z.object({ t: z.literal('checked'), made: z.boolean(), at }),
]);
export type NumberChangeRecord = z.infer<typeof RecordSchema>;

/** Where the last change of the number stands, from its journal. */
export type ChangeState = 'none' | 'made' | 'not-made' | 'unknown';

export function changeState(records: readonly NumberChangeRecord[]): ChangeState {
  let state: ChangeState = 'none';
  for (const record of records) {
    if (record.t === 'intent') state = 'unknown';
    else if (record.t === 'done') state = 'made';
    else if (record.t === 'failed') state = 'not-made';
    else if (record.t === 'uncertain') state = 'unknown';
    else state = record.made ? 'made' : 'not-made';
  }
  return state;
}

export interface ReleaseOutcome {
  /** `released`: this run made it; `already`: an earlier run had (found in the journal or by a lookup). */
  readonly kind: 'released' | 'already';
  readonly orderId: string | null;
}

export interface NumberChangeDeps {
  readonly environmentDir: string;
  readonly client: Pick<TelegentClient, 'changeStatus' | 'numberByNumber'>;
  readonly surface: LockSurface;
  readonly now?: () => Date;
}

function journalPath(environmentDir: string, number: string): string {
  return join(environmentDir, 'number-changes', `${number.replace(/[^\d+]/g, '')}.jsonl`);
}

async function readRecords(path: string): Promise<NumberChangeRecord[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const records: NumberChangeRecord[] = [];
  for (const [i, line] of text.split('\n').entries()) {
    if (line.trim() === '') continue;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      raw = undefined;
    }
    const parsed = RecordSchema.safeParse(raw);
    // A line that cannot be read (a write a crash cut short, or damage) may have been an answer: whatever came
    // before it, the number is looked up before anything is sent (docs/audit.md, "Releasing a number").
    records.push(parsed.success ? parsed.data : { t: 'uncertain', message: `line ${i + 1} of ${path} cannot be read`, at: '' });
  }
  return records;
}

/** Whether the number is released on the account: gone from it (404) or in an ended status. */
function released(details: NumberDetails | null): boolean {
  return details === null || !isLive(details.status);
}

/**
 * Releases `number` (`cancel`, permanent) exactly once. The caller has confirmed with the
 * operator; this keeps the promise across crashes, lost answers and a second process.
 */
export async function releaseNumber(deps: NumberChangeDeps, number: string, iccid: string | null): Promise<ReleaseOutcome> {
  const path = journalPath(deps.environmentDir, number);
  await mkdir(join(deps.environmentDir, 'number-changes'), { recursive: true });
  // Another process on this number is waited for: a release takes seconds, and a killed one's lock goes stale within STALE_MS.
  const lock = await lockBatch(path, `release of ${number}`, { surface: deps.surface, wait: true });
  const stamp = (): string => (deps.now?.() ?? new Date()).toISOString();
  let log: AppendLog | null = null;
  try {
    log = await AppendLog.open(path);
    const append = (record: NumberChangeRecord): Promise<void> => log!.append(`${JSON.stringify(record)}\n`);
    let state = changeState(await readRecords(path));
    if (state === 'made') return { kind: 'already', orderId: null };
    if (state === 'unknown') {
      // An intent with no clear answer: look before sending anything again.
      const made = released(await deps.client.numberByNumber(number));
      await append({ t: 'checked', made, at: stamp() });
      if (made) return { kind: 'already', orderId: null };
      state = 'not-made';
    }
    await append({ v: NUMBER_CHANGE_VERSION, t: 'intent', change: 'cancel', number, iccid, at: stamp() });
    const effective = stamp().slice(0, 10).split('-');
    try {
      const result = await deps.client.changeStatus('cancel', number, `${effective[1]}/${effective[2]}/${effective[0]}`);
      await append({ t: 'done', orderId: result.orderId, at: stamp() });
      return { kind: 'released', orderId: result.orderId };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (isTelegentError(error) && !error.mayHaveBeenProcessed) {
        await append({ t: 'failed', message, at: stamp() });
        throw new UserError('release_refused', `Telegent refused to release ${number}: ${message} Nothing was changed.`);
      }
      await append({ t: 'uncertain', message, at: stamp() });
      throw new UserError(
        'release_uncertain',
        `The release of ${number} got no clear answer (${message}). It may have been made: run the same release again, ` +
          'and SimFleet looks the number up before sending anything.',
      );
    }
  } finally {
    await log?.close();
    await lock.release();
  }
}
