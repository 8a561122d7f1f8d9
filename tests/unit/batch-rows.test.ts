import { describe, expect, it } from 'vitest';
import type { BatchRowView } from '../../preload/views';
import { BatchRows } from '../../renderer/src/batches/batch-rows';

const row = (index: number, state: BatchRowView['state']): BatchRowView => ({
  index,
  line: index + 2,
  iccid: `8901260000000000${String(index).padStart(4, '0')}`,
  state,
  number: null,
  nid: null,
  orderId: null,
  orderStatus: null,
  subscriberId: null,
  message: '',
  flagged: false,
  attempts: 0,
  updatedAt: null,
});
const failed = (r: BatchRowView) => r.state === 'failed';
const shown = (rows: BatchRows) => Array.from({ length: rows.count() }, (_, i) => rows.rowAt(i)!.index);

describe('a batch’s rows in the renderer', () => {
  it('patches changed rows in place and keeps the filtered view in order as rows enter and leave it', () => {
    const rows = new BatchRows(Array.from({ length: 10 }, (_, i) => row(i, i % 3 === 0 ? 'failed' : 'queued')));
    expect(shown(rows)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    rows.setFilter(failed);
    expect(shown(rows)).toEqual([0, 3, 6, 9]);
    rows.apply([row(4, 'failed'), row(3, 'provisioned'), row(0, 'failed'), row(8, 'provisioned')]);
    expect(shown(rows)).toEqual([0, 4, 6, 9]);
    expect(rows.rowAt(1)!.state).toBe('failed');
    rows.setFilter(null);
    expect(rows.rowAt(3)!.state).toBe('provisioned');
    expect(rows.count()).toBe(10);
  });

  it('agrees with filtering from scratch after many random updates', () => {
    const states: BatchRowView['state'][] = ['queued', 'pending', 'provisioned', 'failed', 'uncertain'];
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const truth = Array.from({ length: 500 }, (_, i) => row(i, 'queued'));
    const rows = new BatchRows(truth);
    rows.setFilter(failed);
    for (let step = 0; step < 200; step++) {
      const changed = Array.from({ length: 1 + Math.floor(random() * 20) }, () => row(Math.floor(random() * 500), states[Math.floor(random() * 5)]!));
      for (const c of changed) truth[c.index] = c;
      rows.apply(changed);
      expect(shown(rows)).toEqual(truth.filter(failed).map((r) => r.index));
    }
  });

  it('ignores an event older than the row shown and rows outside the batch', () => {
    const at = (index: number, state: BatchRowView['state'], updatedAt: string): BatchRowView => ({ ...row(index, state), updatedAt });
    const rows = new BatchRows([at(0, 'provisioned', '2026-11-30T10:00:02.000Z'), at(1, 'queued', '2026-11-30T10:00:00.000Z')]);
    rows.setFilter(failed);
    // An event from before the batch was loaded must not turn a provisioned row back.
    rows.apply([at(0, 'failed', '2026-11-30T10:00:01.000Z'), at(1, 'failed', '2026-11-30T10:00:03.000Z'), at(5, 'failed', '2026-11-30T10:00:04.000Z')]);
    rows.setFilter(null);
    expect([rows.rowAt(0)!.state, rows.rowAt(1)!.state]).toEqual(['provisioned', 'failed']);
    expect(rows.count()).toBe(2);
    rows.setFilter(failed);
    expect(shown(rows)).toEqual([1]);
  });
});
