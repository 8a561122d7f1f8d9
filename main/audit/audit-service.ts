/**
 * The account audit of one environment, on the app's services (docs/audit.md): what the
 * station knows (its purchase log, its batches' SIMs and orders), then Telegent's inventory
 * through the environment's client, whose rate limiter running batches share, so the audit
 * takes its turn with them and never goes past the account's limit.
 */
import type { BatchService } from '../batch/batch-service';
import type { PurchaseLog, PurchaseRecord } from '../purchases/purchase-log';
import type { TelegentClient } from '../telegent/client';
import { auditAccount, type AuditKnowledge, type AuditProgress, type AuditReport, type AccountNumber, type KnownPurchase } from './account-audit';

/** What the audit reads: the environment's purchase log, its batches, and its Telegent client. */
export interface AuditSources {
  readonly purchases: PurchaseLog;
  readonly batches: Pick<BatchService, 'list' | 'rows'>;
  client(): Promise<Pick<TelegentClient, 'inventoryPage'>>;
  /** In a fleet: every station's purchases (docs/audit.md, "In a fleet"). A ledger that does not answer refuses the audit. */
  ledger?(): Promise<readonly (PurchaseRecord & { readonly station: string })[]>;
}

/** What the station knows of its purchases, SIMs and orders. */
export async function stationKnowledge(services: AuditSources): Promise<AuditKnowledge> {
  // A damaged card whose number moved to a replacement card holds nothing now: the new card is compared instead.
  const own = await services.purchases.holders();
  const known = (p: PurchaseRecord & { readonly station?: string }): KnownPurchase => ({
    iccid: p.iccid,
    phoneNumber: p.phoneNumber,
    orderId: p.orderId,
    at: p.at,
    batchId: p.batchId,
    batchName: p.batchName,
    ...(p.station ? { station: p.station } : {}),
  });
  let purchases = own.map(known);
  if (services.ledger) {
    // Without the other stations' purchases, their purchase of one of our SIMs would look like a double to release: refused instead.
    const shared = await services.ledger();
    const seen = new Set(own.map((p) => `${p.iccid}|${p.phoneNumber}`));
    // A card any station replaced holds nothing now, whoever bought it.
    const replaced = new Set(shared.flatMap((p) => (p.replaces ? [p.replaces] : [])));
    purchases = purchases.filter((p) => !replaced.has(p.iccid));
    for (const p of shared) {
      if (seen.has(`${p.iccid}|${p.phoneNumber}`) || replaced.has(p.iccid)) continue;
      seen.add(`${p.iccid}|${p.phoneNumber}`);
      purchases.push(known(p));
    }
  }
  const sims: Array<AuditKnowledge['sims'][number]> = [];
  const unreadable: string[] = [];
  const orderIds = new Set<string>(purchases.flatMap((p) => (p.orderId ? [p.orderId] : [])));
  for (const batch of await services.batches.list()) {
    // A batch that cannot be read is listed as damaged on Batches; its SIMs are not known here, and the report says so.
    const rows = await services.batches.rows(batch.id).catch(() => null);
    if (!rows) unreadable.push(batch.id);
    for (const row of rows?.rows ?? []) {
      const unresolved = row.state === 'submitting' || row.state === 'pending' || row.state === 'uncertain';
      const labelled = row.state === 'provisioned' && row.number ? { number: row.number } : {};
      sims.push({ iccid: row.iccid, batchId: batch.id, batchName: rows!.name, ...(unresolved ? { unresolved } : {}), ...labelled });
      if (row.orderId) orderIds.add(row.orderId);
    }
  }
  return { purchases, sims, orderIds, unreadable };
}

export async function auditEnvironment(
  services: AuditSources,
  options: { readonly onProgress?: (progress: AuditProgress) => void; readonly onNotOurs?: (number: AccountNumber) => void } = {},
): Promise<AuditReport> {
  const knowledge = await stationKnowledge(services);
  const client = await services.client();
  // Every number, whatever its status: a cancelled one tells a purchase that is gone from one never made.
  const report = await auditAccount(knowledge, (page, size) => client.inventoryPage(page, size, 'All'), options);
  // A batch that ran during the audit (here, or at another station) recorded purchases after they were read: those are not unrecorded.
  const since = [...(await services.purchases.all()), ...(services.ledger ? await services.ledger() : [])];
  const now = new Set(since.map((p) => `${p.iccid}|${p.phoneNumber}`));
  const findings = report.findings.filter((f) => f.kind !== 'unrecorded' || !now.has(`${f.iccid}|${f.number.number}`));
  return { ...report, findings, ...(knowledge.unreadable ? { unreadableBatches: knowledge.unreadable } : {}) };
}
