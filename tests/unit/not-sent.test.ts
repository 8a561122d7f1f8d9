import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ImportRow } from '../../preload/views';
import { notSentFrom, notSentPath, readNotSent, writeNotSent } from '../../main/batch/not-sent';

const row = (line: number, status: ImportRow['status'], iccid: string | null, raw: string, codes: string[], message: string): ImportRow => ({
  line,
  raw,
  iccid,
  status,
  excluded: false,
  codes,
  message,
  findings: [],
  overrides: {},
});

describe('the rows a batch did not take (docs/exports.md, "One mapping")', () => {
  it('are the refused and the already provisioned rows, by their ICCID (or the cell as it was), without a second copy of a SIM', () => {
    const rows = notSentFrom([
      row(3, 'error', null, '8.90126E+19', ['excel_scientific'], 'damaged by Excel'),
      row(4, 'error', '89012605260181590835', '89012605260181590835', ['bad_override'], 'ZipCode "1234" is not valid.'),
      row(5, 'error', '89012600166131860910', '89012600166131860910', ['duplicate'], 'also on line 2'),
      row(6, 'provisioned', '89012603909960308247', '89012603909960308247', ['already_provisioned'], 'bought on 2026-12-01 as +18015550100'),
      row(7, 'warning', '89012600000000000001', '89012600000000000001', ['x'], 'kept'),
    ]);
    expect(rows.map((r) => [r.iccid, r.state])).toEqual([
      ['8.90126E+19', 'refused'],
      ['89012605260181590835', 'refused'],
      ['89012603909960308247', 'skipped'],
    ]);
  });

  it('are kept beside the journal and read back; a damaged file is said, not guessed', async () => {
    const journal = join(mkdtempSync(join(tmpdir(), 'simfleet-not-sent-')), 'b1.jsonl');
    expect(await readNotSent(journal)).toEqual([]);
    await writeNotSent(journal, notSentFrom([row(3, 'error', null, '1234', ['not_iccid'], 'not an ICCID')]));
    expect((await readNotSent(journal)).map((r) => [r.iccid, r.state, r.message])).toEqual([['1234', 'refused', 'not an ICCID']]);
    writeFileSync(notSentPath(journal), '{"v":1,"rows":[{"iccid":');
    expect((await readNotSent(journal))[0]!.message).toContain('is damaged; check the original list');
  });
});
