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
  async confirm(iccid: string, _owner: ClaimOwner): Promise<void> {
    this.confirmations.push(iccid);
    if (iccid === this.unlucky && this.confirmations.filter((c) => c === iccid).length === 1) {
      throw new UserError(CLAIM_LOST, 'The claim ran out while the request waited; nothing was sent.');
    }
  }
}

describe('confirming the claim right before sending', () => {
  it('a claim lost while waiting sends nothing; the row goes back to the queue and is bought once', async () => {
    sim = await startSimulator({ rateLimitPerMinute: 0 });
    const list = Array.from({ length: 3 }, (_, i) => {
      const body = `8901260${String(7_700_000 + i).padStart(8, '0')}3131`;
      return body + luhnCheckDigit(body);
    });
    const dir = mkdtempSync(join(tmpdir(), 'simfleet-confirm-'));
    const claims = new LeaseRunsOutOnce(list[1]!);
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
    const run = await BatchRun.create(journal, header, { client, purchases: purchaseLog(dir), claims, concurrency: 1, policy: { retryBaseMs: 10 } });
    await run.run();
    await run.close();
    expect(run.state.rows.map((r) => r.state)).toEqual(['provisioned', 'provisioned', 'provisioned']);
    // Each SIM was sent (and bought) once; the unlucky one was confirmed twice, sent once.
    const sent = sim.ledger().flatMap((e) => (e.iccid !== null && list.includes(e.iccid) ? [e.iccid] : []));
    expect(sent.sort()).toEqual([...list].sort());
    expect(claims.confirmations.filter((c) => c === list[1])).toHaveLength(2);
    const records = await readJournal(journal);
    expect(records.filter((r) => r.t === 'failed').map((r) => (r as { code: string; row: number }).code)).toEqual(['not_sent']);
  });
});
