/** Scan-to-verify against a batch's rows: the label's QR first, then the card; each wrong scan says what to do instead. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { MappingRow } from '../../main/export/mapping-export';
import { createScanVerify } from '../../main/labels/scan-verify';

const A = '89012605260181590835';
const B = '89012600166131860910';

/** A provisioned row of the batch: only what scan-to-verify reads is filled in. */
const none = { orderId: null, orderStatus: null, subscriberId: null, zipCode: null, lpa: null, provisionedAt: null };
type Row = MappingRow & { index: number; line: number };
const row = (iccid: string, line: number, number: string): Row => ({
  ...none,
  iccid,
  number,
  nid: `NID-${line}`,
  state: 'provisioned',
  message: '',
  index: line - 2,
  line,
});

function scans() {
  const dataRoot = mkdtempSync(join(tmpdir(), 'simfleet-verify-'));
  const rows = [row(A, 2, '+15550100001'), row(B, 3, '+15550100002')];
  const service = createScanVerify({
    dataRoot,
    batches: { rows: async () => ({ name: 'Carton 7', environment: 'practice', rows }) },
    qrContent: () => 'compact',
  });
  return { dataRoot, service };
}

describe('scan to verify', () => {
  it('matches a label scanned first and its card second, and marks the SIM verified on disk', async () => {
    const { dataRoot, service } = scans();
    const labelScan = `${A}|+15550100001|NID-2`;
    expect(await service.readLabel({ batchId: 'b1', labelScan })).toEqual({
      ok: true,
      iccid: A,
      message: 'Label for SIM …590835 (+15550100001). Now scan the SIM card.',
    });
    expect(await service.verify({ batchId: 'b1', labelScan, cardScan: A })).toEqual({
      match: true,
      message: '✓ Match: +15550100001 belongs to SIM …590835.',
      verified: 1,
      total: 2,
    });
    await service.close();
    expect(readFileSync(join(dataRoot, 'practice', 'verified', 'b1.jsonl'), 'utf8')).toContain(`"iccid":"${A}"`);
  });

  it('refuses the SIM card scanned as the label', async () => {
    const { service } = scans();
    expect(await service.readLabel({ batchId: 'b1', labelScan: A })).toEqual({
      ok: false,
      iccid: null,
      message: '✗ That was the SIM card, not the label. Scan the QR code on the label first, then the card.',
    });
  });

  it('says which SIMs a label and a card that do not belong together are for', async () => {
    const { service } = scans();
    expect(await service.verify({ batchId: 'b1', labelScan: `${A}|+15550100001|NID-2`, cardScan: B })).toEqual({
      match: false,
      message: '✗ MISMATCH: the label is for SIM …590835 but this card is …860910. Put both aside and find the right label.',
      verified: 0,
      total: 2,
    });
    await service.close();
  });
});
