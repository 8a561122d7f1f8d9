/**
 * The last check before a provision goes out (docs/fleet.md, "Claims"): the engine asks
 * its claims to confirm the SIM is still this batch's once the rate limiter lets the
 * request go. A claim that ran out meanwhile means nothing is sent and the row waits its
 * turn again; against the simulator, so what was sent is what its ledger shows.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CLAIM_LOST, MemoryIccidClaims, type ClaimOwner } from '../../main/batch/claims';
import { BatchRun } from '../../main/batch/engine';
import { readJournal } from '../../main/batch/journal';
import { buildHeader } from '../../main/batch/header';
import { UserError } from '../../main/errors/user-error';
import { luhnCheckDigit } from '../../main/import/iccid';
import { PRACTICE_PROFILE } from '../../main/settings/schema';
import { startSimulator, type Simulator } from '../../main/simulator/server';
import { PRACTICE_ACCOUNT_KEY, PRACTICE_ACCOUNT_SECRET } from '../../main/simulator/state';
import { TelegentClient } from '../../main/telegent/client';
import { RateLimiter } from '../../main/telegent/rate-limiter';
import { purchaseLog } from '../helpers/purchase-logs';

let sim: Simulator;
afterEach(() => sim.close());

/** Claims whose confirmation fails the first time for one SIM (its lease ran out while the request waited). */
class LeaseRunsOutOnce extends MemoryIccidClaims {
  confirmations: string[] = [];
  constructor(private readonly unlucky: string) {
    super();
  }
  async confirm(iccid: string, _owner: ClaimOwner): Promise<{ readonly endWithinMs: number }> {
    this.confirmations.push(iccid);
    if (iccid === this.unlucky && this.confirmations.filter((c) => c === iccid).length === 1) {
      throw new UserError(CLAIM_LOST, 'The claim ran out while the request waited; nothing was sent.');
    }
    return { endWithinMs: 30_000 };
  }
}

/** Claims renewed for a short lease: a request must end within 300 ms of its confirmation. */
class ShortLease extends MemoryIccidClaims {
  async confirm(): Promise<{ readonly endWithinMs: number }> {
    return { endWithinMs: 300 };
  }
}

function sims(n: number, series: number): string[] {
  return Array.from({ length: n }, (_, i) => {
    const body = `8901260${String(series + i).padStart(8, '0')}3131`;
    return body + luhnCheckDigit(body);
  });
}

async function runBatch(list: readonly string[], claims: MemoryIccidClaims): Promise<{ run: BatchRun; journal: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'simfleet-confirm-'));
  const header = buildHeader({
    source: 'confirm.csv',
    rows: list.map((iccid, i) => ({ line: i + 2, iccid, overrides: {} })),
    name: 'confirm',
    environment: 'practice',
    apiBaseUrl: sim.url,
    target: { kind: 'practice-standalone', url: sim.url },
    accountId: '',
    profile: PRACTICE_PROFILE,
    now: new Date(),
  });
  const client = new TelegentClient({
    baseUrl: sim.url,
    credentials: async () => ({ accountKey: PRACTICE_ACCOUNT_KEY, accountSecret: PRACTICE_ACCOUNT_SECRET }),
    limiter: new RateLimiter({ perMinute: 60_000, burst: 100 }),
  });
  const journal = join(dir, 'batches', `${header.id}.jsonl`);
  const run = await BatchRun.create(journal, header, {
    client,
    purchases: purchaseLog(dir),
    claims,
    concurrency: 1,
    policy: { retryBaseMs: 10, reconcileGraceMs: 100 },
  });
  await run.run();
  await run.close();
  return { run, journal };
}

function bought(list: readonly string[]): string[] {
  return sim
    .ledger()
    .flatMap((e) => (e.iccid !== null && list.includes(e.iccid) ? [e.iccid] : []))
    .sort();
}

describe('confirming the claim right before sending', () => {
  it('a claim lost while waiting sends nothing; the row goes back to the queue and is bought once', async () => {
    sim = await startSimulator({ rateLimitPerMinute: 0 });
    const list = sims(3, 7_700_000);
    const claims = new LeaseRunsOutOnce(list[1]!);
    const { run, journal } = await runBatch(list, claims);
    expect(run.state.rows.map((r) => r.state)).toEqual(['provisioned', 'provisioned', 'provisioned']);
    // Each SIM was sent (and bought) once; the unlucky one was confirmed twice, sent once.
    expect(bought(list)).toEqual([...list].sort());
    expect(claims.confirmations.filter((c) => c === list[1])).toHaveLength(2);
    const records = await readJournal(journal);
    expect(records.filter((r) => r.t === 'failed').map((r) => (r as { code: string; row: number }).code)).toEqual(['not_sent']);
  });

  it('a request still in flight when the renewed claim could run out is given up and looked up, never left running', async () => {
    // The simulator buys, then holds the connection for 2 s and drops it; the claim allows the
    // request 300 ms. It is given up at 300 ms (a timeout, not the dropped connection), the
    // lookup finds what was bought, and nothing is bought twice.
    sim = await startSimulator({ rateLimitPerMinute: 0, faults: [{ kind: 'timeout-after-commit', hangMs: 2_000, times: 1 }] });
    const list = sims(1, 7_800_000);
    const { run, journal } = await runBatch(list, new ShortLease());
    expect(run.state.rows.map((r) => r.state)).toEqual(['provisioned']);
    expect(bought(list)).toEqual(list);
    const records = await readJournal(journal);
    expect(records.filter((r) => r.t === 'uncertain').map((r) => (r as { code: string }).code)).toEqual(['telegent_timeout']);
  }, 30_000);
});
