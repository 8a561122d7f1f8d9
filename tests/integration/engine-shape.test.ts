/**
 * The engine's shape (docs/exactly-once.md): concurrent workers write one pause record,
 * and one number returned for two SIMs is flagged for the operator. A stub client plays
 * Telegent so each answer is exactly what the case needs.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { purchaseLog } from '../helpers/purchase-logs';
import { soldAnswer, stubHeader } from '../helpers/stub-batch';
import type { NumberDetails } from '../../main/telegent/responses';
import { describe, expect, it } from 'vitest';
import { BatchRun, DEFAULT_POLICY } from '../../main/batch/engine';
import { FakeClock } from '../helpers/fake-clock';
import { MemoryIccidClaims, type ClaimOwner } from '../../main/coordination/claims';
import type { PurchaseRecord } from '../../main/purchases/purchase-log';
import { readJournal } from '../../main/batch/journal';
import type { BatchHeader } from '../../main/batch/records';
import { errorForStatus } from '../../main/telegent/errors';

const header = (n: number): BatchHeader => stubHeader(n, 'shape');
const result = soldAnswer;

/**
 * A Telegent stand-in that records what it is sent and looked up: SIMs in `fail` get `status`
 * (422 proves nothing bought; a 5xx may hide a purchase), the others a new number; no lookup finds anything.
 */
/** A Telegent stand-in: provisions refused for `fail` (with `status`), the others sold; lookups find `found` (or nothing). */
function stub(fail: ReadonlySet<string>, status: 422 | 503 = 422, found: NumberDetails | null = null) {
  const sent: string[] = [];
  const looked: string[] = [];
  let n = 0;
  return {
    sent,
    looked,
    client: {
      provision: async (input: { ICCID?: string }) => {
        sent.push(input.ICCID!);
        if (fail.has(input.ICCID!)) throw errorForStatus(status, status === 422 ? 'Invalid AreaCode' : 'Service Unavailable', '/v1.0/numbers/provision');
        return result(`+1801555${String(n++).padStart(4, '0')}`);
      },
      orderStatus: async () => {
        throw new Error('not used');
      },
      numberByIccid: async (iccid: string) => {
        looked.push(iccid);
        return found;
      },
    },
  };
}

/** A Telegent stand-in that holds every provision until `n` are in flight, then answers them all with `answer`. */
function heldTogether(n: number, answer: () => Promise<unknown>) {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  let waiting = 0;
  return {
    provision: async () => {
      waiting += 1;
      if (waiting === n) release();
      await gate;
      return answer();
    },
    orderStatus: async () => {
      throw new Error('not used');
    },
    numberByIccid: async () => null,
  };
}

describe('engine shape', () => {
  it('four workers that all hit rejected credentials write one pause record', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'simfleet-shape-'));
    // Every request is held until all four are in flight, then fails with the others.
    const client = heldTogether(4, async () => {
      throw errorForStatus(401, 'bad key', '/v1.0/numbers/provision');
    });
    const run = await BatchRun.create(join(dir, 'b.jsonl'), header(8), { client: client as never, purchases: purchaseLog(dir), concurrency: 4 });
    await run.run();
    await run.close();
    const pauses = (await readJournal(join(dir, 'b.jsonl'))).filter((r) => r.t === 'control' && r.action === 'pause');
    expect(pauses).toHaveLength(1);
    // The record says SimFleet paused it, not the operator (the alert on every screen depends on it).
    expect(pauses[0]).toMatchObject({ by: 'simfleet' });
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
    const run = await BatchRun.create(join(dir, 'b.jsonl'), header(2), { client: client as never, purchases: purchaseLog(dir), concurrency: 1 });
    await run.run();
    await run.close();
    expect(run.state.rows.map((r) => r.state)).toEqual(['provisioned', 'provisioned']);
    expect(run.state.rows[0]!.code).toBeNull();
    expect(run.state.rows[1]!.code).toBe('duplicate_number');
    expect(run.state.rows[1]!.message).toContain('for ICCID 8901260000000000000');
  });

  it('flags one number returned for two SIMs at the same moment (two workers record together)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'simfleet-shape-'));
    // Both answers come back together, so both purchases are recorded at the same moment.
    const client = heldTogether(2, async () => result('+18015550125'));
    const run = await BatchRun.create(join(dir, 'b.jsonl'), header(2), { client: client as never, purchases: purchaseLog(dir), concurrency: 2 });
    await run.run();
    await run.close();
    expect(run.state.rows.map((r) => r.state)).toEqual(['provisioned', 'provisioned']);
    expect(run.state.rows.filter((r) => r.code === 'duplicate_number').length).toBeGreaterThan(0);
  });

  it('records every purchase before the row reads provisioned and before its claim is given back; a flag releases nothing', async () => {
    // Telegent sells one number again (recycled): the second SIM is flagged, and still its
    // purchase is recorded before anything about it is released or announced.
    const dir = mkdtempSync(join(tmpdir(), 'simfleet-shape-'));
    const events: string[] = [];
    const log = purchaseLog(dir);
    const purchases = {
      find: (iccid: string) => log.find(iccid),
      twinOf: (n: string, iccid: string) => log.twinOf(n, iccid),
      record: async (entry: PurchaseRecord) => {
        await log.record(entry);
        events.push(`recorded ${entry.iccid}`);
      },
    };
    class Watched extends MemoryIccidClaims {
      override async release(iccid: string, owner: ClaimOwner): Promise<void> {
        events.push(`released ${iccid}`);
        await super.release(iccid, owner);
      }
    }
    const client = { provision: async () => result('+18015550124'), orderStatus: async () => null, numberByIccid: async () => null };
    const h = header(2);
    let run: BatchRun | null = null;
    const unrecordedWhenSeen: string[] = [];
    const onChange = (): void => {
      // What the batch service would show now: every provisioned row must already be recorded.
      for (const [i, row] of run?.state.rows.entries() ?? []) {
        if (row.state === 'provisioned' && !events.includes(`recorded ${h.rows[i]!.iccid}`)) unrecordedWhenSeen.push(h.rows[i]!.iccid);
      }
    };
    run = await BatchRun.create(join(dir, 'b.jsonl'), h, { client: client as never, purchases, claims: new Watched(), concurrency: 1, onChange });
    await run.run();
    await run.close();
    const [a, b] = h.rows.map((r) => r.iccid);
    expect(events).toEqual([`recorded ${a}`, `released ${a}`, `recorded ${b}`, `released ${b}`]);
    expect(unrecordedWhenSeen).toEqual([]);
    expect(run.state.rows[1]!.code).toBe('duplicate_number');
  });
});

describe('attempts (docs/exactly-once.md, "Attempts")', () => {
  it('a SIM Telegent never answers clearly fails after five attempts, each checked by ICCID first; the other SIMs are bought', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'simfleet-attempts-'));
    const h = header(4);
    const stubborn = h.rows[1]!.iccid;
    // A 503 may hide a purchase: the row is uncertain, looked up, and sent again only when nothing was bought.
    const { sent, looked, client } = stub(new Set([stubborn]), 503);
    // The real policy on a fake clock: each lookup waits the whole grace, and takes no real time.
    const clock = new FakeClock();
    const at: Array<{ what: 'sent' | 'looked'; ms: number }> = [];
    const timed = {
      ...client,
      provision: async (input: { ICCID?: string }) => {
        if (input.ICCID === stubborn) at.push({ what: 'sent', ms: clock.now() });
        return client.provision(input);
      },
      numberByIccid: async (iccid: string) => {
        at.push({ what: 'looked', ms: clock.now() });
        return client.numberByIccid(iccid);
      },
    };
    const run = await BatchRun.create(join(dir, 'b.jsonl'), h, { client: timed as never, purchases: purchaseLog(dir), concurrency: 1, clock });
    await clock.drive(run.run());
    await run.close();
    expect(sent.filter((i) => i === stubborn)).toHaveLength(5);
    expect(looked.filter((i) => i === stubborn)).toHaveLength(5);
    // Each send is followed by its lookup, no sooner than the grace Telegent may take to commit.
    expect(at.map((a) => a.what)).toEqual(Array.from({ length: 5 }, () => ['sent', 'looked']).flat());
    for (let i = 0; i < at.length; i += 2) expect(at[i + 1]!.ms - at[i]!.ms).toBeGreaterThanOrEqual(DEFAULT_POLICY.reconcileGraceMs);
    expect(run.state.rows.map((r) => r.state)).toEqual(['provisioned', 'failed', 'provisioned', 'provisioned']);
    expect(run.state.rows[1]!.message).toContain('did not answer clearly 5 times for this SIM');
    // Successes between the 503s: never five in a row, so the batch did not pause.
    expect(run.state.paused).toBe(false);
  });

  it('reopened after a crash between the fifth "nothing bought" and its failure: the row fails, and is not sent a sixth time', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'simfleet-attempts-'));
    const h = header(1);
    const path = join(dir, 'b.jsonl');
    const at = '2026-12-06T10:00:00.000Z';
    const story = Array.from({ length: 5 }, (_, n) => [
      { t: 'intent', row: 0, attempt: n + 1, at },
      { t: 'uncertain', row: 0, at, code: 'telegent_server', message: 'Telegent answered with an error (503).' },
      { t: 'not-found', row: 0, at },
    ]).flat();
    writeFileSync(path, [h, ...story].map((r) => `${JSON.stringify(r)}\n`).join(''));
    const { sent, client } = stub(new Set());
    const run = await BatchRun.open(path, { client: client as never, purchases: purchaseLog(dir), concurrency: 1 });
    await run.resume();
    await run.run();
    await run.close();
    expect(sent).toEqual([]);
    expect(run.state.rows[0]!.state).toBe('failed');
    expect(run.state.rows[0]!.message).toContain('did not answer clearly 5 times');
  });

  it('429s do not use up attempts, and Retry failed gives a failed row its attempts afresh', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'simfleet-attempts-'));
    const h = header(1);
    const path = join(dir, 'b.jsonl');
    const at = '2026-12-06T10:00:00.000Z';
    const unclear = (n: number) => [
      { t: 'intent', row: 0, attempt: n, at },
      { t: 'uncertain', row: 0, at, code: 'telegent_server', message: '503' },
      { t: 'not-found', row: 0, at },
    ];
    const paced = (n: number) => [
      { t: 'intent', row: 0, attempt: n, at },
      { t: 'failed', row: 0, at, code: 'rate_limited', message: '429', retry: true, retryAt: at },
    ];
    // Four 429s and four unclear answers: four attempts used, one left.
    const story = [...paced(1), ...paced(2), ...paced(3), ...paced(4), ...unclear(5), ...unclear(6), ...unclear(7), ...unclear(8)];
    writeFileSync(path, [h, ...story].map((r) => `${JSON.stringify(r)}\n`).join(''));
    let answers = 0;
    const client = {
      provision: async () => {
        answers += 1;
        throw errorForStatus(503, 'Service Unavailable', '/v1.0/numbers/provision');
      },
      orderStatus: async () => {
        throw new Error('not used');
      },
      numberByIccid: async () => null,
    };
    // (Never paused here for failures in a row: this is about one row's attempts.)
    const deps = { client: client as never, purchases: purchaseLog(dir), concurrency: 1, policy: { reconcileGraceMs: 0, maxConsecutiveNetworkFailures: 100 } };
    const run = await BatchRun.open(path, deps);
    await run.resume();
    await run.run();
    expect(answers).toBe(1);
    expect(run.state.rows[0]!.state).toBe('failed');
    // Retry failed: five sends again, not one.
    await run.retryFailed();
    await run.run();
    await run.close();
    expect(answers).toBe(6);
    expect(run.state.rows[0]!.state).toBe('failed');
  });

  it('a 429 storm on the real policy: each send waits out its Retry-After, none is looked up, and the SIM is bought once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'simfleet-storm-'));
    const h = header(3);
    const stormy = h.rows[1]!.iccid;
    // Seven 429s in a row for one SIM (more than its five attempts), 20 s each, then a sale.
    const clock = new FakeClock();
    const sends: Array<{ iccid: string; ms: number }> = [];
    const { looked, client: seller } = stub(new Set());
    let storm = 7;
    const client = {
      ...seller,
      provision: async (input: { ICCID?: string }) => {
        sends.push({ iccid: input.ICCID!, ms: clock.now() });
        if (input.ICCID === stormy && storm-- > 0) throw errorForStatus(429, 'Too Many Requests', '/v1.0/numbers/provision', 20_000);
        return seller.provision(input);
      },
    };
    const run = await BatchRun.create(join(dir, 'b.jsonl'), h, { client: client as never, purchases: purchaseLog(dir), concurrency: 1, clock });
    await clock.drive(run.run());
    await run.close();
    const stormSends = sends.filter((s) => s.iccid === stormy).map((s) => s.ms);
    expect(stormSends).toHaveLength(8);
    // Never sooner than Telegent asked: each send at least 20 s after the one it answered with 429.
    for (let i = 1; i < stormSends.length; i++) expect(stormSends[i]! - stormSends[i - 1]!).toBeGreaterThanOrEqual(20_000);
    // A 429 proves nothing was bought: no lookup, no attempt used up, one sale.
    expect(looked).toEqual([]);
    expect(run.state.rows.map((r) => r.state)).toEqual(['provisioned', 'provisioned', 'provisioned']);
    expect(new Set(run.state.rows.map((r) => r.number)).size).toBe(3);
  });

  it('five unclear answers in a row pause the batch, with its uncertain rows left to be looked up', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'simfleet-attempts-'));
    const sent: string[] = [];
    const client = {
      provision: async (input: { ICCID?: string }) => {
        sent.push(input.ICCID!);
        throw errorForStatus(504, undefined, '/v1.0/numbers/provision');
      },
      orderStatus: async () => {
        throw new Error('not used');
      },
      numberByIccid: async () => null,
    };
    const run = await BatchRun.create(join(dir, 'b.jsonl'), header(20), {
      client: client as never,
      purchases: purchaseLog(dir),
      concurrency: 1,
      policy: { reconcileGraceMs: 60_000 },
    });
    await run.run();
    await run.close();
    expect(run.state.paused).toBe(true);
    expect(sent).toHaveLength(5);
    expect(run.state.rows.filter((r) => r.state === 'uncertain')).toHaveLength(5);
    const pause = (await readJournal(join(dir, 'b.jsonl'))).find((r) => r.t === 'control' && r.action === 'pause');
    expect(pause).toMatchObject({ by: 'simfleet', reason: expect.stringContaining('could not be reached 5 times in a row') });
  });
});

describe('operator actions on a stopped batch act on their rows only', () => {
  it('Retry failed on a paused batch sends the failed rows, keeps it paused, and leaves the rest for Resume', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'simfleet-focus-'));
    const h = header(6);
    const failing = new Set([h.rows[0]!.iccid, h.rows[1]!.iccid]);
    const s = stub(failing);
    const holder: { run?: BatchRun } = {};
    const run = await BatchRun.create(join(dir, 'b.jsonl'), h, {
      client: s.client as never,
      purchases: purchaseLog(dir),
      concurrency: 1,
      // Pause as soon as the two failures are on disk, with four rows never sent.
      onChange: () => {
        const live = holder.run;
        if (live && live.state.rows.filter((r) => r.state === 'failed').length === 2) void live.pause('Paused by the operator.');
      },
    });
    holder.run = run;
    await run.run();
    expect(run.state.paused).toBe(true);
    const before = run.state.rows.map((r) => r.state);
    expect(before.slice(0, 2)).toEqual(['failed', 'failed']);
    const waiting = before.flatMap((state, i) => (state === 'queued' ? [i] : []));
    expect(waiting.length).toBeGreaterThanOrEqual(2);

    failing.clear();
    s.sent.length = 0;
    expect(await run.retryFailed()).toBe(2);
    await run.run();
    expect(s.sent).toEqual([h.rows[0]!.iccid, h.rows[1]!.iccid]);
    expect(run.state.paused).toBe(true);
    expect(run.state.rows.slice(0, 2).map((r) => r.state)).toEqual(['provisioned', 'provisioned']);
    for (const i of waiting) expect(run.state.rows[i]!.state).toBe('queued');
    expect((await readJournal(join(dir, 'b.jsonl'))).filter((r) => r.t === 'control' && r.action === 'resume')).toHaveLength(0);

    await run.resume();
    await run.run();
    expect(run.state.rows.every((r) => r.state === 'provisioned')).toBe(true);
    await run.close();
  });

  it('Check uncertain on an interrupted batch looks those SIMs up and sends nothing else', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'simfleet-focus-'));
    const h = header(4);
    const path = join(dir, 'b.jsonl');
    const at = new Date().toISOString();
    // The process died after sending row 0; rows 1–3 were never sent.
    writeFileSync(path, [h, { t: 'control', action: 'start', at }, { t: 'intent', row: 0, attempt: 1, at }].map((r) => JSON.stringify(r)).join('\n') + '\n');
    const s = stub(new Set());
    const run = await BatchRun.open(path, {
      client: s.client as never,
      purchases: purchaseLog(dir),
      concurrency: 2,
      policy: { reconcileGraceMs: 0 },
    });
    expect(run.state.rows[0]!.state).toBe('uncertain');
    expect(await run.reconcile()).toBe(1);
    await run.run();
    expect(s.looked).toEqual([h.rows[0]!.iccid]);
    // Found nothing: row 0 is safe to send again and is sent; the others wait for Resume.
    expect(s.sent).toEqual([h.rows[0]!.iccid]);
    expect(run.state.rows.map((r) => r.state)).toEqual(['provisioned', 'queued', 'queued', 'queued']);
    await run.close();
  });
});

describe('claims shared through files', () => {
  it('a claim left by a batch that stopped is taken over only through an ICCID lookup, never a blind send', async () => {
    const { FileIccidClaims } = await import('../../main/locks/file-claims');
    const dir = mkdtempSync(join(tmpdir(), 'simfleet-claims-'));
    const claims = new FileIccidClaims({ dir: join(dir, 'claims'), journalOf: (id) => join(dir, 'batches', `${id}.jsonl`), lockOf: () => undefined });
    const h = header(1);
    const iccid = h.rows[0]!.iccid;
    // Batch "old" claimed the SIM and stopped (no lock held): its purchase may have gone through.
    expect(await claims.claim(iccid, { batchId: 'old', row: 0 })).toEqual({ kind: 'claimed' });
    const found = { number: '+18015550777', tnid: 'NID-1', orderId: 'O-1', status: 'Active', subscriberId: null, lpa: null } as NumberDetails;
    const { sent, looked, client } = stub(new Set(), 422, found);
    const run = await BatchRun.create(join(dir, 'batches', 'shape.jsonl'), h, {
      client: client as never,
      purchases: purchaseLog(dir),
      claims,
      concurrency: 1,
      policy: { reconcileGraceMs: 0 },
    });
    await run.run();
    await run.close();
    expect(looked).toEqual([iccid]);
    expect(sent).toEqual([]);
    expect(run.state.rows[0]).toMatchObject({ state: 'provisioned', number: '+18015550777' });
  });
});

describe('a send waiting on a retry timer', () => {
  it('is never sent once its row left the queue (cancelled while waiting for Retry-After)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'simfleet-timer-'));
    const h = header(1);
    const calls: string[] = [];
    const client = {
      provision: async (input: { ICCID?: string }) => {
        calls.push(input.ICCID!);
        throw errorForStatus(429, 'slow down', '/v1.0/numbers/provision', 150);
      },
      orderStatus: async () => {
        throw new Error('not used');
      },
      numberByIccid: async () => null,
    };
    const holder: { run?: BatchRun } = {};
    const run = await BatchRun.create(join(dir, 'b.jsonl'), h, {
      client: client as never,
      purchases: purchaseLog(dir),
      concurrency: 1,
      // As soon as the 429 is recorded (a send is now waiting on its timer), the operator cancels.
      onChange: () => {
        if (holder.run && holder.run.state.rows[0]!.code === 'rate_limited' && !holder.run.state.cancelled) void holder.run.cancel();
      },
    });
    holder.run = run;
    await run.run();
    await run.close();
    expect(calls).toHaveLength(1);
    expect(run.state.rows[0]!.state).toBe('cancelled');
  });
});
