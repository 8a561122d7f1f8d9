/**
 * A status change of one number (docs/audit.md, "Releasing a number" and "Replacement
 * card"): `cancel` to release an extra number, `swap-sim` to move a number onto a new card,
 * each exactly once, like a purchase (docs/exactly-once.md). Each number has its
 * own journal, `<environment>/number-changes/<number>.jsonl`, locked while a process works on
 * it (the batch journals' lock). The intent is written and synced before the request leaves;
 * an answer that may hide the change (a timeout, a reset, a 5xx), or a journal that ends on
 * an intent with no answer after a crash, is checked by looking the number up before
 * anything is sent again: a change is never resent blindly.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { isUserError, UserError } from '../errors/user-error';
import { CLAIM_LOST, fencePermit } from '../coordination/send-permit';
import { AppendLog } from '../files/append-log';
import { lockBatch, STALE_MS, type LockSurface } from '../locks/batch-lock';
import type { TelegentClient } from '../telegent/client';
import { isTelegentError } from '../telegent/errors';
import type { NumberDetails, StatusChangeResult } from '../telegent/responses';
import { isLive } from './account-audit';

/** Version 2 added `swap-sim` (with the new card's ICCID) and the done record's QR code; version 1 only knew `cancel`. */
export const NUMBER_CHANGE_VERSION = 2;

const at = z.string();
const RecordSchema = z.discriminatedUnion('t', [
  z.object({
    v: z.union([z.literal(1), z.literal(NUMBER_CHANGE_VERSION)]),
    t: z.literal('intent'),
    change: z.enum(['cancel', 'swap-sim']),
    number: z.string(),
    iccid: z.string().nullable(),
    newIccid: z.string().optional(),
    at,
  }),
  z.object({ t: z.literal('done'), orderId: z.string().nullable(), qrCode: z.string().nullable().optional(), at }),
  /** Proven not made (Telegent refused it): nothing changed. */
  z.object({ t: z.literal('failed'), message: z.string(), at }),
  /** The answer was lost: the change may or may not have been made. */
  z.object({ t: z.literal('uncertain'), message: z.string(), at }),
  /** What a lookup of the number found after an uncertain answer or a crash. */
  z.object({ t: z.literal('checked'), made: z.boolean(), at }),
]);
export type NumberChangeRecord = z.infer<typeof RecordSchema>;

/** A change SimFleet makes to a number it holds. */
export type NumberChange = { readonly change: 'cancel' } | { readonly change: 'swap-sim'; readonly newIccid: string };

/** Where the last change of the number stands, from its journal. */
export type ChangeState = 'none' | 'made' | 'not-made' | 'unknown';

/** The last change the journal holds, where it stands, and what its answer carried. */
export interface LastChange {
  readonly change: NumberChange | null;
  readonly state: ChangeState;
  readonly orderId: string | null;
  readonly qrCode: string | null;
}

export function lastChange(records: readonly NumberChangeRecord[]): LastChange {
  let last: LastChange = { change: null, state: 'none', orderId: null, qrCode: null };
  for (const record of records) {
    if (record.t === 'intent') {
      const change: NumberChange = record.change === 'swap-sim' ? { change: 'swap-sim', newIccid: record.newIccid ?? '' } : { change: 'cancel' };
      last = { change, state: 'unknown', orderId: null, qrCode: null };
    } else if (record.t === 'done') last = { ...last, state: 'made', orderId: record.orderId, qrCode: record.qrCode ?? null };
    else if (record.t === 'failed') last = { ...last, state: 'not-made' };
    else if (record.t === 'uncertain') last = { ...last, state: 'unknown' };
    else last = { ...last, state: record.made ? 'made' : 'not-made' };
  }
  return last;
}

export function changeState(records: readonly NumberChangeRecord[]): ChangeState {
  return lastChange(records).state;
}

function sameChange(a: NumberChange | null, b: NumberChange): boolean {
  return a !== null && a.change === b.change && (a.change !== 'swap-sim' || (b.change === 'swap-sim' && a.newIccid === b.newIccid));
}

function describeChange(change: NumberChange): string {
  return change.change === 'cancel' ? 'release' : `move to SIM ${change.newIccid}`;
}

export interface ChangeOutcome {
  /** `made`: this run made it; `already`: an earlier run had (found in the journal or by a lookup). */
  readonly kind: 'made' | 'already';
  readonly orderId: string | null;
  /** After `swap-sim`: the QR code Telegent gave the new card, when the answer was read. */
  readonly qrCode: string | null;
}

/** What a caller does under the number's lock: check again before the intent, and record what a made change means. */
export interface ChangeHooks {
  readonly beforeSend?: () => Promise<void>;
  /** Called for a change made by this run or found made; it must be safe to call more than once. */
  readonly afterMade?: (outcome: ChangeOutcome) => Promise<void>;
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

/** ICCIDs compare by their digits: Telegent may add the trailing F of the card's print (docs/audit.md). */
export function sameIccid(a: string | null, b: string): boolean {
  return a !== null && a.replace(/\D/g, '') === b.replace(/\D/g, '');
}

/** Whether the account shows the change made: the number gone or ended (`cancel`), or on the new card (`swap-sim`). */
function madeOnAccount(change: NumberChange, details: NumberDetails | null): boolean {
  if (change.change === 'cancel') return details === null || !isLive(details.status);
  return details !== null && sameIccid(details.iccid, change.newIccid);
}

/**
 * Makes `change` to `number` exactly once. The caller has confirmed with the operator;
 * this keeps the promise across crashes, lost answers and a second process. Errors:
 * `change_refused` (Telegent said no; nothing changed), `change_uncertain` (no clear
 * answer: running it again looks the number up first), `change_unsettled` (the journal's
 * last change of this number is another one with no clear answer: that one is settled first).
 */
export async function changeNumber(
  deps: NumberChangeDeps,
  number: string,
  iccid: string | null,
  change: NumberChange,
  hooks: ChangeHooks = {},
): Promise<ChangeOutcome> {
  const path = journalPath(deps.environmentDir, number);
  await mkdir(join(deps.environmentDir, 'number-changes'), { recursive: true });
  // Another process on this number is waited for: a change takes seconds, and a killed one's lock goes stale within STALE_MS.
  const lock = await lockBatch(path, `${describeChange(change)} of ${number}`, { surface: deps.surface, wait: true });
  const stamp = (): string => (deps.now?.() ?? new Date()).toISOString();
  let log: AppendLog | null = null;
  try {
    log = await AppendLog.open(path);
    const append = (record: NumberChangeRecord): Promise<void> => log!.append(`${JSON.stringify(record)}\n`);
    const last = lastChange(await readRecords(path));
    const same = sameChange(last.change, change) || (last.change === null && last.state === 'unknown');
    if (!same && last.state === 'unknown') {
      throw new UserError(
        'change_unsettled',
        `The last change of ${number} (${describeChange(last.change!)}) got no clear answer: run that one again first, so SimFleet can look it up.`,
      );
    }
    const already = async (outcome: ChangeOutcome): Promise<ChangeOutcome> => {
      await hooks.afterMade?.(outcome);
      return outcome;
    };
    if (same && last.state === 'made') return await already({ kind: 'already', orderId: last.orderId, qrCode: last.qrCode });
    if (same && last.state === 'unknown') {
      // An intent with no clear answer (or a line that cannot be read): look before sending anything again.
      const made = madeOnAccount(change, await deps.client.numberByNumber(number));
      await append({ t: 'checked', made, at: stamp() });
      if (made) return await already({ kind: 'already', orderId: null, qrCode: null });
    }
    await hooks.beforeSend?.();
    const newIccid = change.change === 'swap-sim' ? { newIccid: change.newIccid } : {};
    await append({ v: NUMBER_CHANGE_VERSION, t: 'intent', change: change.change, number, iccid, ...newIccid, at: stamp() });
    // The fence (docs/exactly-once.md, "The fence"): a process frozen past its lock's life (another may have taken
    // the number over and looked it up) sends nothing; checked by the transport as the bytes are written.
    const fence = fencePermit(() => lock.refreshedAt(), STALE_MS, {
      boundsRequest: false,
      refusal: `SimFleet stalled while changing ${number}, so another process may have taken it over: nothing was sent.`,
    });
    let result: StatusChangeResult;
    try {
      const sim = change.change === 'swap-sim' ? change.newIccid : undefined;
      result = await deps.client.changeStatus(change.change, number, effectiveDate(deps.now?.() ?? new Date()), sim, async () => fence);
      await append({ t: 'done', orderId: result.orderId, qrCode: result.qrCode, at: stamp() });
    } catch (error) {
      if (isUserError(error) && error.code === CLAIM_LOST) {
        // Nothing left; the intent stays unanswered, so whoever runs it next looks the number up first.
        throw new UserError('change_stalled', `${error.message} Run it again: SimFleet looks the number up before anything is sent.`);
      }
      // Not an answer of Telegent's (the done record could not be written): it is uncertain too, and settled by a lookup.
      const message = error instanceof Error ? error.message : String(error);
      if (isTelegentError(error) && !error.mayHaveBeenProcessed) {
        await append({ t: 'failed', message, at: stamp() });
        throw new UserError('change_refused', `Telegent refused the ${describeChange(change)} of ${number}: ${message} Nothing was changed.`);
      }
      await append({ t: 'uncertain', message, at: stamp() });
      throw new UserError(
        'change_uncertain',
        `The ${describeChange(change)} of ${number} got no clear answer (${message}). It may have been made: ` +
          'do the same again (the same command, or the same button), and SimFleet looks the number up before sending anything.',
      );
    }
    // What the change means is recorded after its answer is safe in the journal, so a failure here never makes it uncertain.
    return await already({ kind: 'made', orderId: result.orderId, qrCode: result.qrCode });
  } finally {
    await log?.close();
    await lock.release();
  }
}

/**
 * The day the change takes effect, MM/DD/YYYY: today on this computer, the day the operator
 * means. UNDOCUMENTED: which time zone Telegent reads EffectiveDate in; a UTC date would be
 * tomorrow on a US evening, and a change dated tomorrow is not seen made by a lookup today.
 */
export function effectiveDate(now: Date): string {
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${two(now.getMonth() + 1)}/${two(now.getDate())}/${now.getFullYear()}`;
}

/** The last change the number's journal holds (replace-card asks before it starts one). */
export async function readLastChange(environmentDir: string, number: string): Promise<LastChange> {
  return lastChange(await readRecords(journalPath(environmentDir, number)));
}

/** Releases `number` (`cancel`, permanent) exactly once (docs/audit.md, "Releasing a number"). */
export async function releaseNumber(deps: NumberChangeDeps, number: string, iccid: string | null): Promise<ReleaseOutcome> {
  const outcome = await changeNumber(deps, number, iccid, { change: 'cancel' });
  return { kind: outcome.kind === 'made' ? 'released' : 'already', orderId: outcome.orderId };
}
