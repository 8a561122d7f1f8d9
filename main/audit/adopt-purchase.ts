/**
 * Adopting a purchase (docs/audit.md, "Adopting a purchase"): a number live on one of this
 * station's SIMs that no purchase log records (a lost line, or an answer Telegent gave
 * wrongly) is written into the purchase log with a note, after the operator confirms, so the
 * batch's mapping and labels show it (after-sale-rows.ts) and no batch buys the SIM again.
 * The batch's lock is held while it is written: a batch running the SIM now is never raced.
 */
import { join } from 'node:path';
import type { Environment } from '../../preload/domain';
import type { BatchService } from '../batch/batch-service';
import { UserError } from '../errors/user-error';
import { lockBatch, type LockSurface } from '../locks/batch-lock';
import type { PurchaseLog } from '../purchases/purchase-log';
import type { TelegentClient } from '../telegent/client';
import { isLive } from './account-audit';
import { sameIccid } from './number-change';

export interface AdoptDeps {
  readonly environmentDir: string;
  readonly environment: Environment;
  readonly purchases: PurchaseLog;
  readonly batches: Pick<BatchService, 'list' | 'rows'>;
  readonly client: Pick<TelegentClient, 'numberByNumber'>;
  readonly surface: LockSurface;
  readonly now?: () => Date;
}

export interface Adoption {
  readonly kind: 'adopted' | 'already';
  readonly number: string;
  readonly iccid: string;
  readonly batchId: string;
  readonly batchName: string;
  readonly line: number;
}

export async function adoptPurchase(deps: AdoptDeps, number: string): Promise<Adoption> {
  const details = await deps.client.numberByNumber(number);
  if (!details || !isLive(details.status)) {
    throw new UserError('adopt_not_live', `${number} is not live on the account (${details?.status ?? 'not found'}): there is nothing to adopt.`);
  }
  // The SIM is found among this station's batches by the ICCID the account shows the number on: an order of ours
  // alone is not enough, since the number would be recorded against the row's card, not the one it is on.
  let found: { batchId: string; batchName: string; iccid: string; line: number } | null = null;
  for (const batch of await deps.batches.list()) {
    const rows = await deps.batches.rows(batch.id).catch(() => null);
    const row = rows?.rows.find((r) => sameIccid(details.iccid, r.iccid));
    if (row) {
      found = { batchId: batch.id, batchName: rows!.name, iccid: row.iccid, line: row.line };
      break;
    }
  }
  if (!found) {
    throw new UserError(
      'adopt_not_ours',
      `${number} is on SIM ${details.iccid ?? '(none given)'}, which is in none of this station's batches: it is not SimFleet's to adopt.`,
    );
  }
  const lock = await lockBatch(join(deps.environmentDir, 'batches', `${found.batchId}.jsonl`), found.batchId, { surface: deps.surface });
  try {
    const recorded = await deps.purchases.find(found.iccid);
    if (recorded?.phoneNumber === number) return { kind: 'already', number, ...found };
    if (recorded) {
      throw new UserError(
        'adopt_double',
        `SIM ${found.iccid} already has ${recorded.phoneNumber} recorded (the number on its label), so ${number} is its second number: ` +
          `release it with simfleet release ${number} --yes rather than adopting it.`,
      );
    }
    const other = await deps.purchases.twinOf(number, found.iccid);
    if (other) {
      throw new UserError(
        'adopt_twin',
        `${number} is recorded for another SIM, ${other.iccid} (batch "${other.batchName}"): run the audit again before adopting.`,
      );
    }
    const at = (deps.now?.() ?? new Date()).toISOString();
    await deps.purchases.record({
      iccid: found.iccid,
      phoneNumber: number,
      phoneNumberId: details.tnid,
      orderId: details.orderId,
      at,
      batchId: found.batchId,
      batchName: found.batchName,
      environment: deps.environment,
      note: `Adopted by the account audit on ${at.slice(0, 10)}: Telegent had this number on the SIM, but no purchase recorded it.`,
    });
    return { kind: 'adopted', number, ...found };
  } finally {
    await lock.release();
  }
}
