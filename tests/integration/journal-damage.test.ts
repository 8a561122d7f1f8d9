/**
 * Journals read strictly (docs/exactly-once.md, "Damage"). In each case row 0 was really
 * bought (the simulator sold it) but the only journal evidence of the send is damaged:
 * a reader that skipped the damage would send row 0 again, and this simulator sells a
 * bound ICCID again, so the ledger would show it twice.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BatchRun } from '../../main/batch/engine';
import { readJournalChecked } from '../../main/batch/journal';
import type { BatchHeader } from '../../main/batch/records';
import { MemoryCredentialStore } from '../../main/credentials/credential-store';
import { purchaseLog } from '../helpers/purchase-logs';
import { luhnCheckDigit } from '../../main/import/iccid';
import { openHeadlessServices } from '../../main/services/headless';
import { PRACTICE_PROFILE } from '../../main/settings/schema';
import { startSimulator, type Simulator } from '../../main/simulator/server';
import { PRACTICE_ACCOUNT_KEY, PRACTICE_ACCOUNT_SECRET } from '../../main/simulator/state';
import { TelegentClient } from '../../main/telegent/client';
import { RateLimiter } from '../../main/telegent/rate-limiter';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()));
});

let seq = 0;
function iccids(n: number): string[] {
  return Array.from({ length: n }, () => {
    const body = `8901260${String(7_000_000 + seq++).padStart(8, '0')}2121`;
    return body + luhnCheckDigit(body);
  });
}

const at = '2026-11-30T05:00:00.000Z';

async function scenario(damaged: (row0: string) => string[]) {
  const sim: Simulator = await startSimulator({ rateLimitPerMinute: 0, duplicateIccid: 'sell-again' });
  const dir = mkdtempSync(join(tmpdir(), 'simfleet-damage-'));
  const client = new TelegentClient({
    baseUrl: sim.url,
    credentials: async () => ({ accountKey: PRACTICE_ACCOUNT_KEY, accountSecret: PRACTICE_ACCOUNT_SECRET }),
    limiter: new RateLimiter({ perMinute: 60_000, burst: 100 }),
    readRetries: 0,
  });
  const list = iccids(3);
  // Row 0 was bought before the crash; the journal's record of it is what got damaged.
  await client.provision({ ...PRACTICE_PROFILE, ICCID: list[0]!, AccountId: '' });
  const header: BatchHeader = {
    t: 'batch',
    v: 2,
    id: 'dmg',
    name: 'Damaged',
    createdAt: at,
    environment: 'practice',
    apiBaseUrl: sim.url,
    target: { kind: 'practice-standalone', url: sim.url },
    accountId: '',
    profile: PRACTICE_PROFILE,
    source: 'test',
    rows: list.map((iccid, i) => ({ iccid, line: i + 2, overrides: {} })),
  };
  const path = join(dir, 'batches', 'dmg.jsonl');
  mkdirSync(join(dir, 'batches'), { recursive: true });
  writeFileSync(path, [JSON.stringify(header), JSON.stringify({ t: 'control', action: 'start', at }), ...damaged(list[0]!)].join('\n'));
  const purchases = purchaseLog(dir);
  cleanups.push(() => sim.close());
  return { sim, dir, path, list, client, purchases };
}

async function resumeAndFinish(s: Awaited<ReturnType<typeof scenario>>): Promise<BatchRun> {
  const run = await BatchRun.open(s.path, { client: s.client, purchases: s.purchases, concurrency: 2, policy: { reconcileGraceMs: 0, retryBaseMs: 10 } });
  await run.run();
  await run.close();
  return run;
}

function boughtTimes(sim: Simulator, iccid: string): number {
  return sim.ledger().filter((e) => e.iccid === iccid && e.outcome !== 'released').length;
}

const intent = JSON.stringify({ t: 'intent', row: 0, attempt: 1, at });

describe('a damaged journal never leads to a resend without a lookup', () => {
  const cases: Array<[string, (iccid: string) => string[]]> = [
    [
      'a damaged line in the middle',
      () => ['{"t":"intent","row":0,"att~~', JSON.stringify({ t: 'control', action: 'pause', at }), JSON.stringify({ t: 'control', action: 'resume', at }), ''],
    ],
    ['a damaged last line that ends in a newline', () => ['{"t":"intent","row":0,"attempt":1,"at":"2026-11-3', '']],
    [
      'a record damaged into another valid type',
      () => [
        intent,
        JSON.stringify({ t: 'not-found', row: 0, at }),
        JSON.stringify({ t: 'failed', row: 0, at, code: 'rate_limited', message: 'x', retry: true }),
        '',
      ],
    ],
    ['a null line', () => ['null', '']],
  ];

  it.each(cases)('%s: the row is looked up, found and recorded; nothing is bought twice', async (_name, damage) => {
    const s = await scenario(damage);
    const before = await readJournalChecked(s.path);
    const run = await resumeAndFinish(s);
    expect(run.state.rows.map((r) => r.state)).toEqual(['provisioned', 'provisioned', 'provisioned']);
    for (const iccid of s.list) expect(boughtTimes(s.sim, iccid)).toBe(1);
    // The resume did not append after the damage: the journal now reads clean, and the
    // damaged one is kept beside it for support whenever there was line damage.
    expect((await readJournalChecked(s.path)).damage).toEqual([]);
    if (before.damage.length > 0) expect(readdirSync(join(s.dir, 'batches')).some((f) => f.includes('.damaged-'))).toBe(true);
  });

  it('an empty journal or one with a wrong header is listed as damaged, with the reason, and sends nothing', async () => {
    const dataRoot = mkdtempSync(join(tmpdir(), 'simfleet-damage-list-'));
    const batches = join(dataRoot, 'practice', 'batches');
    mkdirSync(batches, { recursive: true });
    writeFileSync(join(batches, '20261130-000000-aaaaaa.jsonl'), '');
    writeFileSync(join(batches, '20261130-000001-bbbbbb.jsonl'), '{"t":"batch","v":1}\n{"t":"control","action":"start","at":"x"}\n');
    writeFileSync(join(batches, '20261130-000002-cccccc.jsonl'), '{"t":"batch","v":9,"id":"x"}\n');
    const services = openHeadlessServices({ dataRoot, host: 'web-host', credentials: new MemoryCredentialStore() });
    cleanups.push(() => services.close());
    const listed = await services.impl.batches.list();
    expect(listed.map((b) => [b.id, b.status])).toEqual([
      ['20261130-000002-cccccc', 'damaged'],
      ['20261130-000001-bbbbbb', 'damaged'],
      ['20261130-000000-aaaaaa', 'damaged'],
    ]);
    expect(listed[0]!.message).toContain('written by a newer SimFleet');
    expect(listed[1]!.message).toContain('header is not valid');
    expect(listed[2]!.message).toContain('it is empty');
    await expect(services.impl.batches.resume({ id: '20261130-000001-bbbbbb' })).rejects.toMatchObject({ code: 'journal_unreadable' });
    expect(existsSync(join(dataRoot, 'practice', 'purchases.jsonl'))).toBe(false);
  });

  it('a damaged purchase log is reported, and the SIMs named on the damaged line are looked up before sending', async () => {
    const s = await scenario(() => ['']);
    // The purchase of row 0 was logged, then the line was damaged.
    writeFileSync(join(s.dir, 'purchases.jsonl'), `{"iccid":"${s.list[0]}","phoneNumber":"+1801555`);
    writeFileSync(join(s.dir, 'purchases.jsonl'), `${readFileSync(join(s.dir, 'purchases.jsonl'), 'utf8')}\n`);
    const purchases = purchaseLog(s.dir);
    expect(await purchases.damage()).toEqual([{ line: 1, reason: 'it is not valid JSON', iccids: [s.list[0]] }]);
    const run = await BatchRun.open(s.path, { client: s.client, purchases, concurrency: 2, policy: { reconcileGraceMs: 0 } });
    await run.run();
    await run.close();
    expect(run.state.rows.map((r) => r.state)).toEqual(['provisioned', 'provisioned', 'provisioned']);
    for (const iccid of s.list) expect(boughtTimes(s.sim, iccid)).toBe(1);
  });
});
