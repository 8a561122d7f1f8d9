/** A scan session is physical work: its scans survive a restart and are deleted only on purpose (docs/import.md, "Scan sessions"). */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NO_PURCHASES } from '../../main/purchases/purchase-log';
import { createImportService } from '../../main/import/import-service';
import { fileScanSessionStore } from '../../main/import/scan-session-store';

const open = (dir: string) => createImportService({ purchases: async () => NO_PURCHASES, scans: fileScanSessionStore(dir) });

describe('scan sessions on disk', () => {
  it('survive a restart with every accepted scan and the refusal count, and block a second session until discarded', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'simfleet-scan-'));
    const first = open(dir);
    const session = await first.startScan();
    expect((await first.scan({ id: session.id, value: '89012605260181590835' })).accepted).toBe(true);
    expect((await first.scan({ id: session.id, value: '12345' })).accepted).toBe(false);
    expect((await first.scan({ id: session.id, value: '89012600166131860910' })).accepted).toBe(true);

    // A new process on the same data folder: nothing of the service's memory is left.
    const second = open(dir);
    const resumed = await second.resumeScan();
    expect(resumed).toMatchObject({ id: session.id, source: 'scan', rejectedScans: 1, summary: { rows: 2, importable: 2 } });
    expect((await second.rows({ id: session.id, filter: 'all', search: '', offset: 0, limit: 10 })).rows.map((r) => r.iccid)).toEqual([
      '89012605260181590835',
      '89012600166131860910',
    ]);
    await expect(second.startScan()).rejects.toMatchObject({ code: 'scan_session_open', message: expect.stringContaining('2 scanned SIM(s)') });
    expect((await second.scan({ id: session.id, value: '89012608656355150586' })).accepted).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, 'scan-session.json'), 'utf8')).scans).toHaveLength(3);

    await second.discardScan({ id: session.id });
    expect(await open(dir).resumeScan()).toBeNull();
    expect((await second.startScan()).summary.rows).toBe(0);
  });

  it('are deleted once a batch starts from them, and a damaged file is kept aside, not used', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'simfleet-scan-'));
    const service = open(dir);
    const session = await service.startScan();
    await service.scan({ id: session.id, value: '89012605260181590835' });
    await service.batchStarted(session.id);
    expect(await open(dir).resumeScan()).toBeNull();

    writeFileSync(join(dir, 'scan-session.json'), '{"v":1,"id":"x","scans":["not digits"]}');
    expect(await open(dir).resumeScan()).toBeNull();
    expect((await open(dir).startScan()).summary.rows).toBe(0);
  });
});
