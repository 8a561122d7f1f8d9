/**
 * Scan-to-verify: the label's QR code first, then the SIM card's barcode; a match is
 * marked verified (verified-labels.ts). Each scan is refused, with what to do, when it is
 * the wrong thing: a card scanned as the label, another batch's label, the wrong card.
 */
import type { ServiceImpl } from '../../preload/contract';
import type { BatchService } from '../batch/batch-service';
import { environmentDir } from '../environment/paths';
import { readIccid, stripSymbologyPrefix } from '../import/iccid';
import type { QrContent } from './content';
import { VerifiedLabels } from './verified-labels';

/** What step 1 of scan-to-verify read. */
export interface LabelRead {
  readonly ok: boolean;
  readonly iccid: string | null;
  readonly message: string;
}

export type ScanVerify = Pick<ServiceImpl['labels'], 'readLabel' | 'verify'> & { readonly close: () => Promise<void> };

type BatchRow = Awaited<ReturnType<BatchService['rows']>>['rows'][number];

/** The row a label's QR is for: it may hold the ICCID, the number, "ICCID|number|NID" or the LPA string. */
function rowOfLabel(rows: readonly BatchRow[], label: string): BatchRow | undefined {
  const head = label.split('|')[0] ?? '';
  return rows.find((r) => r.iccid === head || r.iccid === label || r.number === label || (r.lpa !== null && r.lpa === label));
}

export function createScanVerify(deps: {
  readonly dataRoot: string;
  readonly batches: Pick<BatchService, 'rows'>;
  /** What the label's QR code holds (the Labels screen's setting). */
  readonly qrContent: () => QrContent;
}): ScanVerify {
  const verifiedLabels = new VerifiedLabels();
  return {
    async readLabel({ batchId, labelScan }): Promise<LabelRead> {
      const { rows, name } = await deps.batches.rows(batchId);
      const raw = labelScan.trim();
      const aim = /^\]([A-Za-z])/.exec(raw)?.[1];
      // A scanner that sends AIM identifiers says which symbology it read: the label's QR
      // is Q (or d for Data Matrix); C, E, I… are one-dimensional barcodes such as the card's.
      if (aim !== undefined && aim !== 'Q' && aim !== 'd') {
        return { ok: false, iccid: null, message: '✗ That was a barcode, not the label’s QR code. Scan the QR code on the label first, then the card.' };
      }
      const label = stripSymbologyPrefix(raw);
      const qr = deps.qrContent();
      const bare = readIccid(label);
      // With the ICCID alone in the QR a label and a card read the same; otherwise a bare ICCID is the card.
      if (qr !== 'iccid' && bare.kind === 'ok' && rows.some((r) => r.iccid === bare.iccid)) {
        return { ok: false, iccid: null, message: '✗ That was the SIM card, not the label. Scan the QR code on the label first, then the card.' };
      }
      const row = rowOfLabel(rows, label);
      if (!row || row.state !== 'provisioned') {
        return { ok: false, iccid: null, message: `✗ This label is not from batch "${name}". Put it aside and scan a label from this batch.` };
      }
      return { ok: true, iccid: row.iccid, message: `Label for SIM …${row.iccid.slice(-6)} (${row.number ?? ''}). Now scan the SIM card.` };
    },
    async verify({ batchId, labelScan, cardScan }) {
      const { rows, name, environment } = await deps.batches.rows(batchId);
      const dir = environmentDir(deps.dataRoot, environment);
      let verified = await verifiedLabels.of(dir, batchId);
      const total = rows.filter((r) => r.state === 'provisioned').length;
      const row = rowOfLabel(rows, stripSymbologyPrefix(labelScan.trim()));
      const card = readIccid(stripSymbologyPrefix(cardScan.trim()));
      if (!row) {
        return { match: false, message: `✗ This label is not from batch "${name}". Put the label and the card aside.`, verified: verified.size, total };
      }
      if (card.kind !== 'ok')
        return { match: false, message: '✗ The second scan is not an ICCID. Scan the barcode on the SIM card.', verified: verified.size, total };
      if (card.iccid !== row.iccid) {
        const which = `the label is for SIM …${row.iccid.slice(-6)} but this card is …${card.iccid.slice(-6)}`;
        return {
          match: false,
          message: `✗ MISMATCH: ${which}. Put both aside and find the right label.`,
          verified: verified.size,
          total,
        };
      }
      verified = await verifiedLabels.add(dir, batchId, row.iccid);
      return { match: true, message: `✓ Match: ${row.number ?? ''} belongs to SIM …${row.iccid.slice(-6)}.`, verified: verified.size, total };
    },
    close: () => verifiedLabels.close(),
  };
}
