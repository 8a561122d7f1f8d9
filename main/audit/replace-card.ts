/**
 * A replacement card (docs/audit.md, "Replacement card"): a card found damaged after its
 * number was bought gives its number to a new card with Telegent's `swap-sim`, exactly once
 * (number-change.ts), and the purchase log records the new card against the number, so the
 * mapping, the labels and the audit follow it (after-sale-rows.ts). Both steps run under the
 * number's lock: a second process replacing the same card waits, then finds it done.
 */
import type { Environment } from '../../preload/domain';
import { UserError } from '../errors/user-error';
import { luhnValid, readIccid } from '../import/iccid';
import type { LockSurface } from '../locks/batch-lock';
import type { PurchaseLog, StoredPurchase } from '../purchases/purchase-log';
import type { TelegentClient } from '../telegent/client';
import { changeNumber, readLastChange } from './number-change';
import { extractLpa } from '../telegent/lenient';

export interface AfterSaleDeps {
  readonly environmentDir: string;
  readonly environment: Environment;
  readonly purchases: PurchaseLog;
  readonly client: Pick<TelegentClient, 'changeStatus' | 'numberByNumber'>;
  readonly surface: LockSurface;
  readonly now?: () => Date;
  /**
   * Where else the card is known, said for the operator, or null: another station's purchase
   * (the fleet's ledger), a batch that holds it in its list. A replacement must be a card
   * nothing else may buy a number for.
   */
  readonly knownElsewhere?: (iccid: string) => Promise<string | null>;
}

export interface Replacement {
  /** `made`: this run moved the number; `already`: an earlier run had (its record is made sure of). */
  readonly kind: 'made' | 'already';
  readonly number: string;
  readonly oldIccid: string;
  readonly newIccid: string;
  readonly batchId: string;
  readonly batchName: string;
}

/** The ICCID as typed or scanned, or a refusal that says what is wrong with it. */
export function cardIccid(raw: string, which: string): string {
  const reading = readIccid(raw);
  if (reading.kind !== 'ok') throw new UserError('bad_iccid', `The ${which} "${raw}" is not an ICCID (18 to 22 digits, as printed on the card).`);
  if (!luhnValid(reading.iccid))
    throw new UserError('bad_iccid', `The ${which} ${reading.iccid} fails its check digit: scan it again, or type it from the card.`);
  return reading.iccid;
}

/** The purchase whose card holds the number now, or a refusal naming where the number went. */
async function holderOf(purchases: PurchaseLog, oldIccid: string, newIccid: string): Promise<StoredPurchase | 'done'> {
  const moved = await purchases.replacementOf(oldIccid);
  if (moved?.iccid === newIccid) return 'done';
  if (moved) {
    throw new UserError(
      'replace_moved',
      `The number of SIM ${oldIccid} already moved to card ${moved.iccid} (${moved.at.slice(0, 10)}): scan that card as the old one.`,
    );
  }
  const holder = await purchases.find(oldIccid);
  if (!holder) throw new UserError('replace_unknown', `SIM ${oldIccid} has no number SimFleet bought: there is nothing to move.`);
  return holder as StoredPurchase;
}

export async function replaceCard(deps: AfterSaleDeps, oldRaw: string, newRaw: string): Promise<Replacement> {
  const oldIccid = cardIccid(oldRaw, 'damaged card');
  const newIccid = cardIccid(newRaw, 'new card');
  if (oldIccid === newIccid) throw new UserError('usage', 'The damaged card and the new card are the same card: scan the new one.');
  const first = await holderOf(deps.purchases, oldIccid, newIccid);
  const holder = first === 'done' ? ((await deps.purchases.find(oldIccid)) as StoredPurchase) : first;
  const stamp = (): string => (deps.now?.() ?? new Date()).toISOString();

  /** Checked again under the number's lock, just before the intent: another process may have moved it meanwhile. */
  async function beforeSend(): Promise<void> {
    if ((await holderOf(deps.purchases, oldIccid, newIccid)) === 'done') throw new UserError('replace_done', 'moved meanwhile');
    // A swap the journal says was made to another card, but which was never recorded (a crash, a full disk): finished first.
    const last = await readLastChange(deps.environmentDir, holder.phoneNumber);
    const unrecorded = last.change?.change === 'swap-sim' && !(await deps.purchases.find(last.change.newIccid));
    if (last.change?.change === 'swap-sim' && unrecorded && last.change.newIccid !== newIccid && last.state !== 'not-made') {
      throw new UserError(
        'replace_unfinished',
        `The number of SIM ${oldIccid} was moved to card ${last.change.newIccid} (or may have been) and that is not recorded yet: ` +
          `run the replacement to ${last.change.newIccid} again to finish it, before any other card.`,
      );
    }
    const taken = await deps.purchases.find(newIccid);
    if (taken) {
      throw new UserError(
        'replace_taken',
        `Card ${newIccid} already has a number (${taken.phoneNumber}, batch "${taken.batchName}"): a replacement must be a card with no number.`,
      );
    }
    const elsewhere = await deps.knownElsewhere?.(newIccid);
    if (elsewhere)
      throw new UserError('replace_taken', `Card ${newIccid} ${elsewhere}: a replacement must be a card no batch or station may buy a number for.`);
  }

  /** The new card's purchase record, written once whichever run made the change. */
  async function record(qrCode: string | null, orderId: string | null): Promise<void> {
    if ((await deps.purchases.replacementOf(oldIccid))?.iccid === newIccid) return;
    // The new card's activation code: from the answer when it is one, else as the account lists the number (a link is not a code).
    const lpa = extractLpa(qrCode) ?? (await deps.client.numberByNumber(holder.phoneNumber).catch(() => null))?.lpa ?? null;
    await deps.purchases.record({
      iccid: newIccid,
      phoneNumber: holder.phoneNumber,
      phoneNumberId: holder.phoneNumberId,
      orderId: orderId ?? holder.orderId,
      at: stamp(),
      batchId: holder.batchId,
      batchName: holder.batchName,
      environment: deps.environment,
      replaces: oldIccid,
      ...(lpa ? { lpa } : {}),
    });
  }

  const outcome = await changeNumber(
    { environmentDir: deps.environmentDir, client: deps.client, surface: deps.surface, ...(deps.now ? { now: deps.now } : {}) },
    holder.phoneNumber,
    oldIccid,
    { change: 'swap-sim', newIccid },
    { beforeSend, afterMade: (made) => record(made.qrCode, made.orderId) },
  ).catch((error: unknown) => {
    if (error instanceof UserError && error.code === 'replace_done') return { kind: 'already' as const, orderId: null, qrCode: null };
    throw error;
  });
  return { kind: outcome.kind, number: holder.phoneNumber, oldIccid, newIccid, batchId: holder.batchId, batchName: holder.batchName };
}
