/**
 * The account audit (docs/audit.md): Telegent's inventory, page by page, against what
 * SimFleet knows: the purchase log (and in a fleet the ledger) and the batch journals. It
 * finds doubles (a SIM with two or more live numbers), unrecorded purchases (a live number
 * on one of our SIMs, or from one of our orders, that no purchase records), purchases that
 * are gone (recorded, not live on the account) and counts the numbers that are not ours.
 *
 * Memory is bounded by what SimFleet itself knows (its SIMs and purchases), never by the
 * account: the inventory is read one page at a time, and numbers of SIMs SimFleet never saw
 * are counted and handed to `onNotOurs`, not kept.
 */
import { UserError } from '../errors/user-error';
import type { NumberDetails } from '../telegent/responses';

/** A purchase as SimFleet recorded it (purchase log or fleet ledger). */
export interface KnownPurchase {
  readonly iccid: string;
  readonly phoneNumber: string;
  readonly orderId: string | null;
  readonly at: string;
  readonly batchId: string;
  readonly batchName: string;
  /** The fleet station that made it; absent for this station's own. */
  readonly station?: string;
}

/** A SIM one of SimFleet's batches holds, and where. */
export interface KnownSim {
  readonly iccid: string;
  readonly batchId: string;
  readonly batchName: string;
  /** Its row is still submitting, pending or uncertain: a number on it may be a purchase its batch has not recorded yet. */
  readonly unresolved?: boolean;
  /** The number its row holds when provisioned: the one on its label, whatever the purchase log says. */
  readonly number?: string | null;
}

/** What SimFleet knows, gathered before the inventory is read. */
export interface AuditKnowledge {
  readonly purchases: readonly KnownPurchase[];
  readonly sims: readonly KnownSim[];
  /** OrderIds written in the journals (provisioned, pending): an order of ours even when its SIM is unknown. */
  readonly orderIds: ReadonlySet<string>;
  /** Batches whose journal could not be read. */
  readonly unreadable?: readonly string[];
}

/** A number as the inventory listed it. */
export interface AccountNumber {
  readonly number: string;
  readonly iccid: string | null;
  readonly status: string;
  readonly orderId: string | null;
  readonly purchasedAt: string | null;
}

export type AuditFinding =
  | {
      readonly kind: 'double';
      readonly iccid: string;
      /** Every live number of the SIM; `recorded` marks the one in the purchase log (on its label). */
      readonly numbers: ReadonlyArray<AccountNumber & { readonly recorded: boolean }>;
      readonly batches: readonly KnownSim[];
      readonly stations: readonly string[];
    }
  | {
      readonly kind: 'unrecorded';
      readonly iccid: string | null;
      readonly number: AccountNumber;
      readonly batches: readonly KnownSim[];
      /** Why it is ours: its SIM is in a batch, or its OrderId is in a journal. */
      readonly why: 'sim' | 'order';
    }
  | {
      readonly kind: 'gone';
      readonly purchase: KnownPurchase;
      /** The SIM the number is live on now, when it is live on another one (moved, or sold again). */
      readonly liveOn: string | null;
    };

export interface AuditReport {
  readonly numbersOnAccount: number;
  /** Batches whose journal could not be read: their SIMs are not known to this audit. */
  readonly unreadableBatches?: readonly string[];
  readonly pages: number;
  readonly findings: readonly AuditFinding[];
  readonly notOurs: number;
}

export interface AuditProgress {
  readonly pages: number;
  readonly numbers: number;
  /** `TotalResults` of the first page, when the account said. */
  readonly total: number | null;
}

/** Statuses of a number that still costs money and holds its SIM. UNDOCUMENTED: the enum (docs/telegent-facts.md); anything else counts as live. */
const ENDED = new Set(['cancelled', 'canceled', 'released', 'deleted', 'inactive', 'disconnected']);

export function isLive(status: string | null): boolean {
  return !ENDED.has((status ?? '').trim().toLowerCase());
}

export const AUDIT_PAGE_SIZE = 500;

export async function auditAccount(
  knowledge: AuditKnowledge,
  readPage: (page: number, size: number) => Promise<{ readonly numbers: readonly NumberDetails[]; readonly total: number | null }>,
  options: { readonly onProgress?: (progress: AuditProgress) => void; readonly onNotOurs?: (number: AccountNumber) => void; readonly pageSize?: number } = {},
): Promise<AuditReport> {
  const size = options.pageSize ?? AUDIT_PAGE_SIZE;
  const recordedBySim = new Map<string, KnownPurchase[]>();
  for (const p of knowledge.purchases) recordedBySim.set(p.iccid, [...(recordedBySim.get(p.iccid) ?? []), p]);
  const simsBy = new Map<string, KnownSim[]>();
  for (const s of knowledge.sims) simsBy.set(s.iccid, [...(simsBy.get(s.iccid) ?? []), s]);
  /** Live numbers seen for SIMs SimFleet knows, and every number seen live (to find purchases that are gone). */
  const liveBySim = new Map<string, AccountNumber[]>();
  const byOrder: AccountNumber[] = [];
  /** Recorded numbers seen live, and on which SIM. */
  const liveRecorded = new Map<string, Set<string | null>>();
  const recordedNumbers = new Set(knowledge.purchases.map((p) => p.phoneNumber));
  let numbers = 0;
  let notOurs = 0;
  let total: number | null = null;
  let page = 1;
  for (; ; page++) {
    const { numbers: items, total: said } = await readPage(page, size);
    if (page === 1) total = said;
    for (const item of items) {
      if (!item.number) continue;
      numbers += 1;
      const seen: AccountNumber = { number: item.number, iccid: item.iccid, status: item.status ?? '', orderId: item.orderId, purchasedAt: item.purchasedAt };
      if (recordedNumbers.has(item.number) && isLive(item.status)) liveRecorded.set(item.number, (liveRecorded.get(item.number) ?? new Set()).add(item.iccid));
      if (!isLive(item.status)) continue;
      const known = item.iccid !== null && (recordedBySim.has(item.iccid) || simsBy.has(item.iccid));
      if (known) liveBySim.set(item.iccid!, [...(liveBySim.get(item.iccid!) ?? []), seen]);
      else if (item.orderId !== null && knowledge.orderIds.has(item.orderId)) byOrder.push(seen);
      else {
        notOurs += 1;
        options.onNotOurs?.(seen);
      }
    }
    options.onProgress?.({ pages: page, numbers, total });
    // UNDOCUMENTED: the page size's maximum (docs/telegent-facts.md): a page shorter than asked ends the list only when the
    // account gave no total; with one, pages are read until it is reached.
    if (total === null ? items.length < size : numbers >= total || items.length === 0) break;
  }
  if (total !== null && numbers < total) {
    // Numbers missing from the pages would look like purchases gone: nothing is concluded from a partial inventory.
    throw new UserError(
      'audit_incomplete',
      `Telegent said the account has ${total} numbers but its pages gave ${numbers}; nothing is concluded from part of the inventory. Run the audit again.`,
    );
  }

  const findings: AuditFinding[] = [];
  for (const [iccid, live] of liveBySim) {
    const recorded = recordedBySim.get(iccid) ?? [];
    const batches = simsBy.get(iccid) ?? recorded.map((p) => ({ iccid, batchId: p.batchId, batchName: p.batchName }));
    if (live.length >= 2) {
      const stations = [...new Set(recorded.map((p) => p.station ?? 'this station'))];
      const marked = live.map((n) => ({ ...n, recorded: recorded.some((p) => p.phoneNumber === n.number) }));
      // The recorded number (the one on the label) first: it is the one to keep by default.
      marked.sort((a, b) => Number(b.recorded) - Number(a.recorded));
      findings.push({ kind: 'double', iccid, numbers: marked, batches, stations });
      continue;
    }
    const only = live[0]!;
    if (!recorded.some((p) => p.phoneNumber === only.number)) findings.push({ kind: 'unrecorded', iccid, number: only, batches, why: 'sim' });
  }
  for (const number of byOrder) findings.push({ kind: 'unrecorded', iccid: number.iccid, number, batches: [], why: 'order' });
  for (const purchase of knowledge.purchases) {
    const on = liveRecorded.get(purchase.phoneNumber);
    if (on?.has(purchase.iccid)) continue;
    findings.push({ kind: 'gone', purchase, liveOn: on ? ([...on].find((i) => i !== null) ?? null) : null });
  }
  return { numbersOnAccount: numbers, pages: page, findings, notOurs };
}

/** What an operator reads for a finding: the SIM, the numbers, dates, batches, stations, and what to do. */
export function describeFinding(finding: AuditFinding): string {
  const batchText = (batches: readonly KnownSim[]): string =>
    batches.length === 0 ? 'no batch' : [...new Set(batches.map((b) => `"${b.batchName}" (${b.batchId})`))].join(', ');
  switch (finding.kind) {
    case 'double':
      return (
        `SIM ${finding.iccid} has ${finding.numbers.length} live numbers: ` +
        finding.numbers
          .map((n) => `${n.number}${n.recorded ? ' (recorded, on the label)' : ''} bought ${n.purchasedAt?.slice(0, 10) ?? 'on an unknown date'}`)
          .join('; ') +
        `. Batch ${batchText(finding.batches)}${finding.stations.length > 0 ? `; bought by ${finding.stations.join(', ')}` : ''}. ` +
        (finding.numbers.some((n) => n.recorded)
          ? 'Keep the recorded number and release the other (Account screen, or simfleet release NUMBER --yes): every live number is billed.'
          : 'None of them is recorded: adopt the one on the SIM’s label (simfleet adopt NUMBER --yes), then release the others.')
      );
    case 'unrecorded':
      return (
        `${finding.number.number} is live on SIM ${finding.iccid ?? '(none)'}, bought ${finding.number.purchasedAt?.slice(0, 10) ?? 'on an unknown date'}, ` +
        `${finding.why === 'sim' ? `a SIM of batch ${batchText(finding.batches)}` : `from order ${finding.number.orderId ?? ''} in a SimFleet journal`}, ` +
        (finding.batches.some((b) => b.unresolved)
          ? 'and its batch has not settled that SIM yet: check its uncertain rows (Batches → Check uncertain) before anything else.'
          : 'but no purchase records it: adopt it into the purchase log (Account screen, or simfleet adopt NUMBER --yes; ' +
            'its label and mapping then have it), or release it if it is not wanted.')
      );
    case 'gone':
      return (
        `${finding.purchase.phoneNumber} was bought for SIM ${finding.purchase.iccid} on ${finding.purchase.at.slice(0, 10)} ` +
        `(batch "${finding.purchase.batchName}"${finding.purchase.station ? `, station ${finding.purchase.station}` : ''}) and ` +
        (finding.liveOn !== null
          ? `is live on another SIM now, ${finding.liveOn}: moved or sold again. `
          : 'is not live on the account: it was cancelled or released. ') +
        'Do not hand out its label; ask Telegent if this was not intended.'
      );
  }
}
