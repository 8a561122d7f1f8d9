import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { derive } from '../../main/batch/derive';
import { BatchRun, type EnginePolicy } from '../../main/batch/engine';
import { readJournal, readJournalChecked } from '../../main/batch/journal';
import type { BatchHeader, JournalRecord } from '../../main/batch/records';
import type { PurchaseLog } from '../../main/purchases/purchase-log';
import { purchaseLog } from '../helpers/purchase-logs';
import { luhnCheckDigit } from '../../main/import/iccid';
import type { FaultRule } from '../../main/simulator/faults';
import { startSimulator, type Simulator } from '../../main/simulator/server';
import { PRACTICE_ACCOUNT_KEY, PRACTICE_ACCOUNT_SECRET } from '../../main/simulator/state';
import { TelegentClient } from '../../main/telegent/client';
import { RateLimiter } from '../../main/telegent/rate-limiter';
import { MRID } from '../helpers/sim-http';

const FAST: Partial<EnginePolicy> = { reconcileGraceMs: 0, pollBaseMs: 10, pollMaxMs: 50, retryBaseMs: 20, maxLookupFailures: 2 };
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()));
});

let seq = 0;
function iccids(n: number): string[] {
  return Array.from({ length: n }, () => {
    const body = `8901260${String(1_000_000 + seq++).padStart(8, '0')}5555`;
    return body + luhnCheckDigit(body);
  });
}

interface Setup {
  sim: Simulator;
  dir: string;
  purchases: PurchaseLog;
  client: TelegentClient;
  journalPath: string;
  header: (list: string[], extra?: Partial<BatchHeader>) => BatchHeader;
  start: (list: string[], options?: { concurrency?: number; policy?: Partial<EnginePolicy>; extra?: Partial<BatchHeader> }) => Promise<BatchRun>;
  open: (options?: { concurrency?: number }) => Promise<BatchRun>;
}

async function setup(simFaults: FaultRule[] = [], clientTimeoutMs = 2000): Promise<Setup> {
  const sim = await startSimulator({ rateLimitPerMinute: 0, faults: simFaults });
  const dir = mkdtempSync(join(tmpdir(), 'simfleet-engine-'));
  const purchases = purchaseLog(dir);
  const client = new TelegentClient({
    baseUrl: sim.url,
    credentials: async () => ({ accountKey: PRACTICE_ACCOUNT_KEY, accountSecret: PRACTICE_ACCOUNT_SECRET }),
    limiter: new RateLimiter({ perMinute: 60_000, burst: 100 }),
    timeoutMs: clientTimeoutMs,
    readRetries: 1,
  });
  const journalPath = join(dir, 'batches', 'b1.jsonl');
  const runs: BatchRun[] = [];
  cleanups.push(async () => {
    for (const r of runs) await r.close().catch(() => undefined);
    await sim.close();
  });
  const header = (list: string[], extra: Partial<BatchHeader> = {}): BatchHeader => ({
    t: 'batch',
    v: 1,
    id: 'b1',
    name: 'Test batch',
    createdAt: new Date().toISOString(),
    environment: 'practice',
    apiBaseUrl: sim.url,
    accountId: '',
    source: 'test',
    profile: {
      NumberType: 'mvno',
      MessageType: 'p2p',
      ProductType: 'Sms+Data',
      MessageEnabled: true,
      VoiceEnabled: false,
      DataEnabled: true,
      MessageRouteId: MRID,
      VoiceRouteId: '',
      AreaCode: '',
      ZipCode: '',
      AssignedSubscriberId: '',
    },
    rows: list.map((iccid, i) => ({ iccid, line: i + 2, overrides: {} })),
    ...extra,
  });
  return {
    sim,
    dir,
    purchases,
    client,
    journalPath,
    header,
    start: async (list, options = {}) => {
      const run = await BatchRun.create(journalPath, header(list, options.extra), {
        client,
        purchases,
        concurrency: options.concurrency ?? 4,
        policy: { ...FAST, ...options.policy },
        random: () => 0.5,
      });
      runs.push(run);
      return run;
    },
    open: async (options = {}) => {
      const run = await BatchRun.open(journalPath, { client, purchases, concurrency: options.concurrency ?? 4, policy: FAST, random: () => 0.5 });
      runs.push(run);
      return run;
    },
  };
}

/** Every ICCID bought at most once, proven from the simulator's own ledger. */
function expectBoughtAtMostOnce(sim: Simulator): void {
  const counts = new Map<string, number>();
  for (const e of sim.ledger()) if (e.iccid && e.outcome !== 'released') counts.set(e.iccid, (counts.get(e.iccid) ?? 0) + 1);
  expect([...counts.entries()].filter(([, n]) => n > 1)).toEqual([]);
}

function states(run: BatchRun): string[] {
  return run.state.rows.map((r) => r.state);
}

describe('batch engine against the simulator', () => {
  it('provisions every row once, with an intent on disk before each request', async () => {
    const s = await setup();
    const list = iccids(25);
    const run = await s.start(list);
    await run.run();
    expect(states(run).every((x) => x === 'provisioned')).toBe(true);
    expect(s.sim.ledger()).toHaveLength(25);
    expectBoughtAtMostOnce(s.sim);
    const records = await readJournal(s.journalPath);
    // For every row the intent comes before its outcome.
    for (let i = 0; i < 25; i++) {
      const kinds = records.filter((r) => 'row' in r && r.row === i).map((r) => r.t);
      expect(kinds).toEqual(['intent', 'provisioned']);
    }
    expect(await s.purchases.size()).toBe(25);
    expect(run.state.rows[0]!.number).toMatch(/^\+1/);
    expect(run.state.rows[0]!.nid).toMatch(/^NID-/);
  });

  it.each<[string, FaultRule['kind'], Partial<FaultRule>, string]>([
    ['timeout before commit', 'timeout-before-commit', { hangMs: 5000 }, 'not bought, sent again'],
    ['timeout after commit', 'timeout-after-commit', { hangMs: 5000 }, 'found by lookup'],
    ['reset after commit', 'reset-after-commit', {}, 'found by lookup'],
    ['500 before commit', 'http-500', {}, 'not bought, sent again'],
    ['502 after commit', 'http-502', { afterCommit: true }, 'found by lookup'],
    ['503 before commit', 'http-503', {}, 'not bought, sent again'],
    ['504 after commit', 'http-504', { afterCommit: true }, 'found by lookup'],
    ['malformed JSON after commit', 'malformed-json', {}, 'found by lookup'],
  ])('%s: the row goes uncertain, is reconciled by ICCID, and ends provisioned exactly once', async (_name, kind, extra) => {
    const list = iccids(6);
    const s = await setup([{ kind, iccids: [list[2]!, list[4]!], times: 1, ...extra }], 300);
    const run = await s.start(list);
    await run.run();
    expect(states(run)).toEqual(Array(6).fill('provisioned'));
    expectBoughtAtMostOnce(s.sim);
    expect(s.sim.ledger()).toHaveLength(6);
    const records = (await readJournal(s.journalPath)) as JournalRecord[];
    const uncertain = records.filter((r) => r.t === 'uncertain').map((r) => (r as { row: number }).row);
    expect(uncertain.sort()).toEqual([2, 4]);
    // Nothing was re-sent for a row until its lookup said "not found".
    for (const row of [2, 4]) {
      const kinds = records.filter((r) => 'row' in r && r.row === row).map((r) => r.t);
      const firstUncertain = kinds.indexOf('uncertain');
      const nextIntent = kinds.indexOf('intent', firstUncertain);
      if (nextIntent !== -1) expect(kinds.slice(firstUncertain, nextIntent)).toContain('not-found');
    }
  });

  it('rides out a 429 storm with Retry-After, buying nothing twice', async () => {
    const list = iccids(12);
    const s = await setup([{ kind: 'rate-limit-storm', iccids: [list[3]!], stormLength: 6, retryAfterSeconds: 1, times: 1 }]);
    const run = await s.start(list);
    await run.run();
    expect(states(run).every((x) => x === 'provisioned')).toBe(true);
    expectBoughtAtMostOnce(s.sim);
    expect(s.sim.stats().rateLimited).toBeGreaterThanOrEqual(6);
  });

  it('survives token expiry mid-batch by re-minting', async () => {
    const list = iccids(10);
    const s = await setup([{ kind: 'token-expired', iccids: [list[5]!], times: 1 }]);
    const run = await s.start(list);
    await run.run();
    expect(states(run).every((x) => x === 'provisioned')).toBe(true);
    expect(s.client.tokens.mints()).toBeGreaterThanOrEqual(2);
    expectBoughtAtMostOnce(s.sim);
  });

  it('polls pending orders until complete, or records the carrier error', async () => {
    const list = iccids(4);
    const s = await setup([
      { kind: 'pending', iccids: [list[0]!], pendingPolls: 3, pendingOutcome: 'Complete' },
      { kind: 'pending', iccids: [list[1]!], pendingPolls: 1, pendingOutcome: 'Error' },
    ]);
    const run = await s.start(list);
    await run.run();
    expect(states(run)).toEqual(['provisioned', 'failed', 'provisioned', 'provisioned']);
    expect(run.state.rows[0]!.message).toBe('Provisioned (order completed).');
    expect(run.state.rows[0]!.nid).toMatch(/^TNID-/);
    expect(run.state.rows[1]!.message).toContain('8A-ACCOUNT_NUM_REQ_OR_INCORRECT');
    expectBoughtAtMostOnce(s.sim);
  });

  it('fails a row the API refuses, with the API message, without retrying it', async () => {
    const list = iccids(3);
    const s = await setup();
    const h = s.header(list);
    const run = await BatchRun.create(
      s.journalPath,
      { ...h, rows: h.rows.map((r, i) => (i === 1 ? { ...r, overrides: { AccountId: 'AID-does-not-exist' } } : r)) },
      { client: s.client, purchases: s.purchases, concurrency: 2, policy: FAST },
    );
    await run.run();
    await run.close();
    expect(states(run)).toEqual(['provisioned', 'failed', 'provisioned']);
    expect(run.state.rows[1]!.message).toContain('Telegent said: "Invalid AccountId"');
    expect(run.state.rows[1]!.attempts).toBe(1);
  });

  it('retry-failed sends failed rows again', async () => {
    const list = iccids(3);
    const s = await setup([{ kind: 'pending', iccids: [list[1]!], pendingPolls: 0, pendingOutcome: 'Error', times: 1 }]);
    const run = await s.start(list);
    await run.run();
    expect(states(run)).toEqual(['provisioned', 'failed', 'provisioned']);
    expect(await run.retryFailed()).toBe(1);
    await run.run();
    expect(states(run)).toEqual(['provisioned', 'provisioned', 'provisioned']);
    expectBoughtAtMostOnce(s.sim);
  });

  it('pauses (in-flight requests finish and are recorded), resumes, and cancels what was never sent', async () => {
    const list = iccids(40);
    const s = await setup();
    let provisioned = 0;
    const run = await BatchRun.create(s.journalPath, s.header(list), {
      client: s.client,
      purchases: s.purchases,
      concurrency: 3,
      policy: FAST,
      onChange: (rows) => {
        provisioned += rows.length;
        if (provisioned >= 10 && !run.state.paused && !run.state.cancelled) void run.pause();
      },
    });
    await run.run();
    expect(run.state.paused).toBe(true);
    expect(states(run)).not.toContain('submitting');
    const afterPause = states(run).filter((x) => x === 'provisioned').length;
    expect(afterPause).toBeGreaterThan(0);
    expect(afterPause).toBeLessThan(40);
    expect(s.sim.ledger()).toHaveLength(afterPause);

    await run.cancel();
    await run.run();
    const final = states(run);
    expect(final.filter((x) => x === 'provisioned').length).toBe(afterPause);
    expect(final.filter((x) => x === 'cancelled').length).toBe(40 - afterPause);
    await run.close();
  });

  it('resumes after a crash: an intent without an outcome is reconciled, never bought twice', async () => {
    const list = iccids(5);
    const s = await setup();
    // The dead process: it wrote the header and intents for rows 0 and 1, the server
    // bought row 0, and then the process died before any answer was journaled.
    const h = s.header(list);
    const first = await BatchRun.create(s.journalPath, h, { client: s.client, purchases: s.purchases, concurrency: 1, policy: FAST });
    await first.close();
    appendFileSync(s.journalPath, `${JSON.stringify({ t: 'intent', row: 0, attempt: 1, at: new Date().toISOString() })}\n`);
    appendFileSync(s.journalPath, `${JSON.stringify({ t: 'intent', row: 1, attempt: 1, at: new Date().toISOString() })}\n{"t":"provisi`);
    await s.client.provision({ ...h.profile, ICCID: list[0]!, AccountId: '' });

    expect(
      derive(await readJournal(s.journalPath))
        .rows.slice(0, 2)
        .map((r) => r.state),
    ).toEqual(['uncertain', 'uncertain']);
    // Opening (and closing) again before anything ran records each interruption once.
    await (await s.open()).close();
    const run = await s.open();
    expect((await readJournal(s.journalPath)).filter((r) => r.t === 'uncertain')).toHaveLength(2);
    await run.run();
    expect(states(run)).toEqual(Array(5).fill('provisioned'));
    expect(run.state.rows[0]!.message).toBe('Provisioned (confirmed by ICCID lookup).');
    expect(s.sim.ledger()).toHaveLength(5);
    expectBoughtAtMostOnce(s.sim);
  });

  it('never sends an ICCID provisioned in an earlier batch on this station', async () => {
    const list = iccids(3);
    const s = await setup();
    await s.purchases.record({
      iccid: list[1]!,
      phoneNumber: '+18015550000',
      phoneNumberId: 'NID-x',
      orderId: 'JNUOID-x',
      at: '2026-11-01T00:00:00.000Z',
      batchId: 'old',
      batchName: 'Old batch',
      environment: 'practice',
    });
    const run = await s.start(list);
    await run.run();
    expect(states(run)).toEqual(['provisioned', 'skipped', 'provisioned']);
    expect(run.state.rows[1]!.message).toContain('Already provisioned on 2026-11-01 as +18015550000 (batch "Old batch")');
    expect(s.sim.ledger().map((e) => e.iccid)).not.toContain(list[1]);
  });

  it('leaves a row uncertain and visible when Telegent cannot be reached to reconcile it', async () => {
    const list = iccids(2);
    const s = await setup([
      { kind: 'reset-after-commit', iccids: [list[0]!] },
      { kind: 'http-503', endpoint: '/v1.0/numbers' },
    ]);
    const run = await s.start(list, { concurrency: 1 });
    await run.run();
    expect(states(run)).toEqual(['uncertain', 'provisioned']);
    expect(run.state.rows[0]!.message).toMatch(/^Still uncertain: /);
    // Once Telegent answers again, "Reconcile" settles it without buying again.
    s.sim.setFaults([]);
    expect(await run.reconcile()).toBe(1);
    await run.run();
    expect(states(run)).toEqual(['provisioned', 'provisioned']);
    expectBoughtAtMostOnce(s.sim);
  });

  it('reads a torn last journal line as never written, and reports a damaged middle line with its row', async () => {
    const s = await setup();
    const run = await s.start(iccids(2));
    await run.run();
    await run.close();
    appendFileSync(s.journalPath, '{"t":"intent","row":0,"att');
    expect((await readJournal(s.journalPath)).at(-1)!.t).toBe('provisioned');
    const lines = readFileSync(s.journalPath, 'utf8').split('\n');
    lines[1] = '{broken';
    writeFileSync(s.journalPath, lines.join('\n'));
    expect((await readJournalChecked(s.journalPath)).damage).toEqual([{ line: 2, reason: 'it is not valid JSON', row: null }]);
  });
});
