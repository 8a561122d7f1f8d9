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
import { CLAIM_LOST, MemoryIccidClaims, type ClaimOwner } from '../../main/coordination/claims';
import { BatchRun } from '../../main/batch/engine';
import { fencePermit, systemInstant, type SendPermit } from '../../main/coordination/send-permit';
import { readJournal } from '../../main/batch/journal';
import { UserError } from '../../main/errors/user-error';
import { PRACTICE_PROFILE } from '../../main/settings/schema';
import { startSimulator, type Simulator } from '../../main/simulator/server';
import type { TelegentClient } from '../../main/telegent/client';
import { practiceClient, practiceHeader, practiceSims } from '../helpers/practice-batch';
import { purchaseLog } from '../helpers/purchase-logs';

let sim: Simulator;
afterEach(() => sim.close());

/** Claims whose confirmation fails the first time for one SIM (its lease ran out while the request waited). */
class LeaseRunsOutOnce extends MemoryIccidClaims {
  confirmations: string[] = [];
  constructor(private readonly unlucky: string) {
    super();
  }
  override async confirm(iccid: string, owner: ClaimOwner): Promise<SendPermit> {
    this.confirmations.push(iccid);
    if (iccid === this.unlucky && this.confirmations.filter((c) => c === iccid).length === 1) {
      throw new UserError(CLAIM_LOST, 'The claim ran out while the request waited; nothing was sent.');
    }
    return super.confirm(iccid, owner);
  }
}

/** Claims renewed for a short lease: a request must end within 300 ms of its confirmation. */
class ShortLease extends MemoryIccidClaims {
  override async confirm(): Promise<SendPermit> {
    return fencePermit(systemInstant(), 300, { boundsRequest: true, refusal: 'The short lease ran out.' });
  }
}

const sims = practiceSims;

const client = (): TelegentClient => practiceClient(sim.url);

async function runBatch(
  list: readonly string[],
  claims: MemoryIccidClaims,
  dir = mkdtempSync(join(tmpdir(), 'simfleet-confirm-')),
): Promise<{ run: BatchRun; journal: string }> {
  const header = practiceHeader(list, sim.url, 'confirm');
  const journal = join(dir, 'batches', `${header.id}.jsonl`);
  const run = await BatchRun.create(journal, header, {
    client: client(),
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
  });

  it('a process frozen after its confirmation wakes past its deadline and sends nothing; a SIM bought meanwhile elsewhere is not bought again', async () => {
    // Stands in for SIGSTOP right after the confirmation reached the database: the permit's
    // clocks jump past the window, and while "frozen" another station takes the SIM over,
    // buys it and records it in the shared purchases.
    sim = await startSimulator({ rateLimitPerMinute: 0 });
    const list = sims(1, 7_900_000);
    const dir = mkdtempSync(join(tmpdir(), 'simfleet-confirm-'));
    const shared = purchaseLog(dir);
    let clock = { mono: 1_000, wall: Date.UTC(2026, 11, 6) };
    class FrozenAfterConfirm extends MemoryIccidClaims {
      frozen = false;
      override async confirm(iccid: string, owner: ClaimOwner): Promise<SendPermit> {
        await super.confirm(iccid, owner);
        const permit = fencePermit(clock, 30_000, { boundsRequest: true, refusal: 'The claim ran out while this process was frozen.', now: () => clock });
        if (!this.frozen) {
          this.frozen = true;
          const other = await client().provision({ ...PRACTICE_PROFILE, ICCID: iccid, AccountId: '' });
          await shared.record({
            iccid,
            phoneNumber: other.phoneNumber!,
            phoneNumberId: other.phoneNumberId,
            orderId: other.orderId,
            at: new Date().toISOString(),
            batchId: 'other',
            batchName: 'other station',
            environment: 'practice',
          });
          clock = { mono: clock.mono + 90_000, wall: clock.wall + 90_000 };
        }
        return permit;
      }
    }
    const { run, journal } = await runBatch(list, new FrozenAfterConfirm(), dir);
    expect(bought(list)).toEqual(list);
    expect(run.state.rows.map((r) => r.state)).toEqual(['skipped']);
    const records = await readJournal(journal);
    expect(records.filter((r) => r.t === 'failed').map((r) => (r as { message: string }).message)).toEqual([
      'The claim ran out while this process was frozen.',
    ]);
  });

  it('the permit is checked again at the write itself: a deadline that passes while the connection opens sends nothing', async () => {
    sim = await startSimulator({ rateLimitPerMinute: 0 });
    const [iccid] = sims(1, 7_950_000);
    let checks = 0;
    // Open when the client looks, closed by the time the transport writes the bytes.
    const permit: SendPermit = { refusal: 'Past the deadline at the write.', remainingMs: () => (++checks === 1 ? 30_000 : null) };
    const error = await client()
      .provision({ ...PRACTICE_PROFILE, ICCID: iccid!, AccountId: '' }, undefined, async () => permit)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).code).toBe(CLAIM_LOST);
    expect(checks).toBe(2);
    expect(bought([iccid!])).toEqual([]);
  });
});
