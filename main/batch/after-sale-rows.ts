/**
 * A batch's rows as the customer's mapping and the labels show them after the sale
 * (docs/audit.md, "Replacement card" and "Adopting a purchase"): the batch journal is the
 * engine's and is never rewritten, so what happened to a SIM afterwards comes from the
 * purchase log. A card whose number moved to a replacement card is shown as the new card;
 * a SIM of this batch whose purchase the audit adopted is shown provisioned.
 */
import type { MappingRow } from '../export/mapping-format';
import type { AfterSale } from '../purchases/purchase-log';

export function afterSaleRow<R extends MappingRow>(row: R, batchId: string, facts: AfterSale): R {
  let shown: R = row;
  const bought = facts.purchaseOf(row.iccid);
  if (row.state !== 'provisioned' && bought && bought.batchId === batchId) {
    shown = {
      ...shown,
      state: 'provisioned',
      number: bought.phoneNumber,
      nid: bought.phoneNumberId,
      orderId: bought.orderId,
      provisionedAt: bought.at,
      message: bought.note ?? 'Provisioned (found on the account by the audit).',
    };
  }
  const replacement = facts.replacementOf(row.iccid);
  if (replacement && shown.state === 'provisioned') {
    shown = {
      ...shown,
      iccid: replacement.iccid,
      lpa: replacement.lpa ?? null,
      message: `Replacement card for ${row.iccid} (${replacement.at.slice(0, 10)}).`,
    };
  }
  return shown;
}
