import { describe, expect, it } from 'vitest';
import { suggestedBatchName } from '../../main/batch/batch-name';
import { apply, initialState } from '../../main/batch/derive';
import type { BatchHeader } from '../../main/batch/records';
import { resultsCsv, OPERATOR_PAUSE, summaryOf } from '../../main/batch/views';
import { PRACTICE_PROFILE } from '../../main/settings/schema';

const header = (n: number, createdAt: string): BatchHeader => ({
  t: 'batch',
  v: 2,
  id: 'b',
  name: 'B',
  createdAt,
  environment: 'practice',
  apiBaseUrl: 'http://127.0.0.1:1',
  target: { kind: 'practice-built-in' },
  accountId: '',
  profile: PRACTICE_PROFILE,
  source: 't',
  rows: Array.from({ length: n }, (_, i) => ({ iccid: `8901${String(i).padStart(16, '0')}`, line: i + 2, overrides: {} })),
});

describe('batch progress figures', () => {
  it('the rate is what was provisioned in the last minute, never a short burst scaled up', () => {
    const t0 = Date.parse('2026-11-30T06:00:00Z');
    const state = initialState(header(200, new Date(t0).toISOString()));
    // A burst: 6 provisioned in the first 5 seconds (the bucket starts full).
    for (let i = 0; i < 6; i++) {
      state.rows[i]!.state = 'provisioned';
      state.provisionedTimes.push(t0 + i * 1000);
    }
    const s = summaryOf(state, 'running', 3, t0 + 10_000);
    expect(s.ratePerMinute).toBe(6);
    // After the end the rate is not shown as live.
    expect(summaryOf(state, null, 3, t0 + 10_000).ratePerMinute).toBe(0);
  });

  it('time left comes from the pace of the last minute: estimating at first, longer when the flow stops, shorter when it speeds up', () => {
    const t0 = Date.parse('2026-11-30T06:00:00Z');
    const state = initialState(header(300, new Date(t0).toISOString()));
    const settle = (from: number, count: number, everyMs: number, at: number): number => {
      for (let i = 0; i < count; i++) {
        state.rows[from + i]!.state = 'provisioned';
        state.settledTimes.push(at + i * everyMs);
      }
      return from + count;
    };
    expect(summaryOf(state, 'running', 3, t0 + 1000).etaSeconds).toBeNull();
    // 4 rows in the first seconds: still estimating (a burst is not a pace).
    let done = settle(0, 4, 250, t0);
    expect(summaryOf(state, 'running', 3, t0 + 2000).etaSeconds).toBeNull();
    // 60 rows a minute (one a second) for the first minute: 240 left → about 4 minutes (59 gaps in 60 s).
    done = settle(done, 56, 1000, t0 + 4000);
    expect(summaryOf(state, 'running', 3, t0 + 60_000).etaSeconds).toBe(Math.ceil(240 / (59 / 60)));
    // Then nothing for 30 seconds (faults, a hold): the estimate grows while nothing settles.
    const stalled = summaryOf(state, 'running', 3, t0 + 90_000).etaSeconds!;
    expect(stalled).toBeGreaterThan(240 + 30);
    // Then four a second (the limit was raised): the last minute is mostly the new pace.
    done = settle(done, 200, 250, t0 + 90_000);
    expect(summaryOf(state, 'running', 3, t0 + 140_000).etaSeconds).toBeLessThan(30);
    expect(done).toBe(260);
    // A finished batch: done; a paused one: none.
    expect(summaryOf(state, 'paused', 3, t0 + 140_000).etaSeconds).toBeNull();
  });

  it('says how long a "too many requests" hold lasts, and only while running', () => {
    const t0 = Date.parse('2026-11-30T06:00:00Z');
    const state = initialState(header(10, new Date(t0).toISOString()));
    expect(summaryOf(state, 'running', 3, t0, t0 + 29_500).heldSeconds).toBe(30);
    expect(summaryOf(state, 'running', 3, t0, null).heldSeconds).toBeNull();
    expect(summaryOf(state, 'running', 3, t0 + 30_000, t0 + 29_500).heldSeconds).toBeNull();
    expect(summaryOf(state, 'paused', 3, t0, t0 + 29_500).heldSeconds).toBeNull();
  });

  it('after a cancel, says how the requests already in flight ended (they cannot be called back)', () => {
    const provisioned = (row: number, at: string, number: string) =>
      ({
        t: 'provisioned',
        row,
        at,
        number,
        nid: null,
        orderId: null,
        orderStatus: null,
        subscriberId: null,
        zipCode: null,
        lpa: null,
        via: 'response',
      }) as const;
    const at = (s: number) => new Date(Date.parse('2026-11-30T06:00:00Z') + s * 1000).toISOString();
    const state = initialState(header(4, at(0)));
    apply(state, { t: 'control', action: 'start', at: at(0) });
    apply(state, { t: 'intent', row: 0, attempt: 1, at: at(1) });
    apply(state, provisioned(0, at(2), '+18015550100'));
    apply(state, { t: 'intent', row: 1, attempt: 1, at: at(3) });
    apply(state, { t: 'intent', row: 2, attempt: 1, at: at(3) });
    apply(state, { t: 'control', action: 'cancel', at: at(4) });
    apply(state, provisioned(1, at(5), '+18015550101'));
    const s = summaryOf(state, null, 3, Date.parse(at(6)), 50);
    // Row 0 ended before the cancel, row 1 after it; row 2 is still in flight, row 3 was cancelled.
    expect(s.cancelled).toEqual({ at: at(4), provisioned: 1, failed: 0, skipped: 0 });
    expect(s.counts).toMatchObject({ provisioned: 2, submitting: 1, cancelled: 1 });
  });
});

describe('an order that ended in Error', () => {
  it('says Error in the row and the mapping, not the Pending of its last poll', () => {
    const at = (s: number) => new Date(Date.parse('2026-11-30T06:00:00Z') + s * 1000).toISOString();
    const state = initialState(header(1, at(0)));
    apply(state, { t: 'intent', row: 0, attempt: 1, at: at(1) });
    apply(state, { t: 'pending', row: 0, at: at(2), orderId: 'JNUOID-1', orderStatus: 'Pending' });
    expect(state.rows[0]!.orderStatus).toBe('Pending');
    apply(state, { t: 'failed', row: 0, at: at(3), code: 'order_failed', message: 'Telegent\'s order ended "Error".', retry: false, orderStatus: 'Error' });
    expect(state.rows[0]).toMatchObject({ state: 'failed', orderStatus: 'Error' });
    expect(resultsCsv(state).split('\n')[1]).toContain(',JNUOID-1,Error,');
  });
});

describe('who paused a batch', () => {
  it('is what the pause record says, whatever its reason; a journal from before records said so is read by the reason', () => {
    const at = '2026-11-30T06:00:00Z';
    const state = initialState(header(3, at));
    const reached = 'Telegent could not be reached 5 times in a row. The batch paused itself; check the network, then resume.';
    apply(state, { t: 'control', action: 'pause', at, reason: 'Lunch.', by: 'operator' });
    expect(summaryOf(state, 'paused', 3, Date.now()).selfPaused).toBe(false);
    apply(state, { t: 'control', action: 'resume', at });
    apply(state, { t: 'control', action: 'pause', at, reason: reached, by: 'simfleet' });
    expect(summaryOf(state, 'paused', 3, Date.now()).selfPaused).toBe(true);
    expect(summaryOf(state, 'running', 3, Date.now()).selfPaused).toBe(false);
    // Older journals: the operator's own reason, or none, was the operator's; anything else SimFleet's.
    apply(state, { t: 'control', action: 'resume', at });
    apply(state, { t: 'control', action: 'pause', at, reason: OPERATOR_PAUSE });
    expect(summaryOf(state, 'paused', 3, Date.now()).selfPaused).toBe(false);
    apply(state, { t: 'control', action: 'resume', at });
    apply(state, { t: 'control', action: 'pause', at, reason: reached });
    expect(summaryOf(state, 'paused', 3, Date.now()).selfPaused).toBe(true);
  });
});

describe('the name a new batch is offered', () => {
  const now = new Date('2026-12-06T05:13:00Z');
  it('is the file name and the time, without what SimFleet added to a file it wrote', () => {
    expect(suggestedBatchName('carton 7.csv', now)).toBe('carton 7 2026-12-06 05:13');
    expect(suggestedBatchName('PRACTICE-sims-300_2026-12-06_05_08-batch-results.csv', now)).toBe('sims-300 2026-12-06 05:13');
    expect(suggestedBatchName('Acme_1-mapping.csv', now)).toBe('Acme_1 2026-12-06 05:13');
    expect(suggestedBatchName('.csv', now)).toBe('2026-12-06 05:13');
  });
});
