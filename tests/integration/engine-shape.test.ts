/**
 * The engine's shape (docs/exactly-once.md): concurrent workers write one pause record,
 * and one number returned for two SIMs is flagged for the operator. A stub client plays
 * Telegent so each answer is exactly what the case needs.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BatchRun } from '../../main/batch/engine';
import { readJournal } from '../../main/batch/journal';
import type { BatchHeader } from '../../main/batch/records';
import { ProvisionedRegistry } from '../../main/history/provisioned-registry';
import { PRACTICE_PROFILE } from '../../main/settings/schema';
import { errorForStatus } from '../../main/telegent/errors';
import type { ProvisionResult } from '../../main/telegent/responses';

function header(n: number): BatchHeader {
  return {
    t: 'batch',
    v: 2,
    id: 'shape',
    name: 'Shape',
    createdAt: new Date().toISOString(),
    environment: 'practice',
    apiBaseUrl: 'http://127.0.0.1:1',
    target: { kind: 'practice-built-in' },
    accountId: '',
    profile: PRACTICE_PROFILE,
    source: 'test',
    rows: Array.from({ length: n }, (_, i) => ({ iccid: `890126000000000${String(i).padStart(4, '0')}`, line: i + 2, overrides: {} })),
  };
}

const result = (number: string): ProvisionResult => ({
  orderId: `O-${number}`,
  orderStatus: 'Complete',
  orderDate: null,
  phoneNumber: number,
  phoneNumberId: `NID-${number}`,
  iccid: null,
  zipCode: null,
  subscriberId: null,
  errorMessage: null,
  lpa: null,
});

describe('engine shape', () => {
  it('four workers that all hit rejected credentials write one pause record', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'simfleet-shape-'));
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let waiting = 0;
    const client = {
      provision: async () => {
        // Hold every request until all four are in flight, then fail them together.
        waiting += 1;
        if (waiting === 4) release();
        await gate;
        throw errorForStatus(401, 'bad key', '/v1.0/numbers/provision');
      },
      orderStatus: async () => {
        throw new Error('not used');
      },
      numberByIccid: async () => null,
    };
    const run = await BatchRun.create(join(dir, 'b.jsonl'), header(8), { client: client as never, registry: new ProvisionedRegistry(dir), concurrency: 4 });
    await run.run();
    await run.close();
    const pauses = readJournal(join(dir, 'b.jsonl')).filter((r) => r.t === 'control' && r.action === 'pause');
    expect(pauses).toHaveLength(1);
    expect(run.state.paused).toBe(true);
  });

  it('flags one number returned for two different SIMs on the second row', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'simfleet-shape-'));
    const client = {
      provision: async () => result('+18015550123'),
      orderStatus: async () => {
        throw new Error('not used');
      },
      numberByIccid: async () => null,
    };
    const run = await BatchRun.create(join(dir, 'b.jsonl'), header(2), { client: client as never, registry: new ProvisionedRegistry(dir), concurrency: 1 });
    await run.run();
    await run.close();
    expect(run.state.rows.map((r) => r.state)).toEqual(['provisioned', 'provisioned']);
    expect(run.state.rows[0]!.code).toBeNull();
    expect(run.state.rows[1]!.code).toBe('duplicate_number');
    expect(run.state.rows[1]!.message).toContain('also for ICCID 8901260000000000000');
  });
});
