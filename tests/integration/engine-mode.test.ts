/**
 * The run mode (docs/exactly-once.md, "The run mode"): one value says what a batch run is
 * doing, and finished, paused and "resumes by itself" are read from it. A stub client plays
 * Telegent so each request is held or answered exactly when the case needs.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BatchRun } from '../../main/batch/engine';
import { Journal, readJournal } from '../../main/batch/journal';
import type { BatchHeader, JournalRecord } from '../../main/batch/records';
import { RunModeCell } from '../../main/batch/run/run-mode';
import { COORDINATION_UNREACHABLE, MemoryIccidClaims, type ClaimOwner, type ClaimResult } from '../../main/coordination/claims';
import { UserError } from '../../main/errors/user-error';
import type { PurchaseRecord } from '../../main/purchases/purchase-log';
import type { ProvisionInput } from '../../main/telegent/client';
import { purchaseLog } from '../helpers/purchase-logs';
import { soldAnswer, stubHeader } from '../helpers/stub-batch';

const header = (n: number): BatchHeader => stubHeader(n, 'mode');

/** A stub Telegent that sells every ICCID and counts what it was sent. */
function telegent(hold?: (iccid: string) => Promise<void>) {
  const sent: string[] = [];
  return {
    sent,
    client: {
      provision: async (input: ProvisionInput) => {
        sent.push(input.ICCID);
        await hold?.(input.ICCID);
        return soldAnswer(`+1801555${input.ICCID.slice(-4)}`);
      },
      orderStatus: async () => {
        throw new Error('not used');
      },
      numberByIccid: async () => null,
    } as never,
  };
}

function gate(): { readonly open: () => void; readonly wait: Promise<void> } {
  let open!: () => void;
  const wait = new Promise<void>((resolve) => (open = resolve));
  return { open, wait };
}

/** A Telegent whose answer for the first of three rows waits until `answer` opens (`inFlight` opens when it arrives). */
function firstRowHeld() {
  const inFlight = gate();
  const answer = gate();
  const stub = telegent(async (iccid) => {
    if (iccid !== header(3).rows[0]!.iccid) return;
    inFlight.open();
    await answer.wait;
  });
  return { ...stub, inFlight, answer };
}

describe('the run mode', () => {
  it('refuses moves the engine never makes, and ends the wait for the database when a pause ends', () => {
    const mode = new RunModeCell();
    expect(() => mode.to({ kind: 'finishing' })).toThrow(/from starting to finishing/);
    mode.to({ kind: 'running' });
    let watching = true;
    const unwatch = (): void => {
      watching = false;
    };
    const written = Promise.resolve();
    mode.to({ kind: 'pausing', written, resumedBy: 'coordination', unwatch });
    expect(mode.awaitingCoordination()).toBe(true);
    mode.to({ kind: 'paused', resumedBy: 'coordination', unwatch });
    expect(watching).toBe(true);
    mode.to({ kind: 'running' });
    expect(watching).toBe(false);
    mode.to({ kind: 'stopped', halt: 'disk full' });
    expect(mode.haltedFor()).toBe('disk full');
    expect(() => mode.to({ kind: 'running' })).toThrow(/from stopped to running/);
  });

  it('reads finished only once the workers stopped and the last purchase is in the purchase log', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'simfleet-mode-'));
    const log = purchaseLog(dir);
    const recording = gate();
    const letRecord = gate();
    const purchases = {
      find: (iccid: string) => log.find(iccid),
      twinOf: (n: string, iccid: string) => log.twinOf(n, iccid),
      record: async (r: PurchaseRecord) => {
        recording.open();
        await letRecord.wait;
        await log.record(r);
      },
    };
    const { client } = telegent();
    const run = await BatchRun.create(join(dir, 'b.jsonl'), header(1), { client, purchases, concurrency: 2 });
    expect(run.modeNow()).toBe('starting');
    const done = run.run();
    await recording.wait;
    // Telegent answered and the journal has it, but the purchase log does not yet: not finished.
    expect(run.modeNow()).toBe('finishing');
    expect(run.status()).toBe('running');
    letRecord.open();
    await done;
    expect(run.modeNow()).toBe('finished');
    expect(run.status()).toBe('finished');
    expect(await log.find(header(1).rows[0]!.iccid)).not.toBeNull();
    await run.close();
  });

  it('pauses: pausing while a request is in flight, paused once it is recorded; Resume sends the rest', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'simfleet-mode-'));
    const { client, sent, inFlight, answer } = firstRowHeld();
    const run = await BatchRun.create(join(dir, 'b.jsonl'), header(3), { client, purchases: purchaseLog(dir), concurrency: 1 });
    const done = run.run();
    await inFlight.wait;
    const paused = run.pause('Paused by the operator.');
    expect(run.modeNow()).toBe('pausing');
    await paused;
    // The pause is on disk, but a request is still in flight: still pausing.
    expect(run.modeNow()).toBe('pausing');
    expect(run.status()).toBe('paused');
    answer.open();
    await done;
    expect(run.modeNow()).toBe('paused');
    expect(run.state.rows.map((r) => r.state)).toEqual(['provisioned', 'queued', 'queued']);
    expect(sent).toHaveLength(1);
    await run.resume();
    await run.run();
    expect(run.modeNow()).toBe('finished');
    expect(sent).toHaveLength(3);
    await run.close();
  });

  it('a Resume that comes while the pause record is still on its way is journaled after it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'simfleet-mode-'));
    const path = join(dir, 'b.jsonl');
    const { client, sent, inFlight, answer } = firstRowHeld();
    const run = await BatchRun.create(path, header(3), { client, purchases: purchaseLog(dir), concurrency: 1 });
    const done = run.run();
    await inFlight.wait;
    const paused = run.pause('Paused by the operator.');
    const resumed = run.resume();
    answer.open();
    await Promise.all([paused, resumed, done]);
    await run.run();
    expect(sent).toHaveLength(3);
    expect(run.modeNow()).toBe('finished');
    const controls = (await readJournal(path)).flatMap((r) => (r.t === 'control' ? [r.action] : []));
    expect(controls).toEqual(['start', 'pause', 'resume']);
    await run.close();
  });

  it('a retry on a reopened batch sends only the failed rows; the rest waits for Resume', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'simfleet-mode-'));
    const path = join(dir, 'b.jsonl');
    const at = new Date().toISOString();
    const failed = (row: number): JournalRecord[] => [
      { t: 'intent', row, attempt: 1, at },
      { t: 'failed', row, at, code: 'telegent_validation', message: 'Telegent refused the request.', retry: false },
    ];
    const journal = await Journal.create(path, [header(4), { t: 'control', action: 'start', at }, ...failed(0), ...failed(1)]);
    await journal.close();
    const { client, sent } = telegent();
    const run = await BatchRun.open(path, { client, purchases: purchaseLog(dir), concurrency: 2 });
    expect(run.modeNow()).toBe('starting');
    expect(run.status()).toBe('interrupted');
    expect(await run.retryFailed()).toBe(2);
    await run.run();
    expect([...sent].sort()).toEqual([header(4).rows[0]!.iccid, header(4).rows[1]!.iccid]);
    expect(run.modeNow()).toBe('paused');
    expect(run.state.rows.map((r) => r.state)).toEqual(['provisioned', 'provisioned', 'queued', 'queued']);
    expect(run.status()).toBe('interrupted');
    await run.resume();
    await run.run();
    expect(sent).toHaveLength(4);
    expect(run.modeNow()).toBe('finished');
    await run.close();
  });

  it('four workers that all find the database away pause once, waiting for it, and resume by themselves', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'simfleet-mode-'));
    const path = join(dir, 'b.jsonl');
    const local = new MemoryIccidClaims();
    let away = true;
    const listeners = new Set<() => void>();
    const claims = {
      claim: async (iccid: string, owner: ClaimOwner): Promise<ClaimResult> => {
        if (away) throw new UserError(COORDINATION_UNREACHABLE, 'The fleet database did not answer.');
        return local.claim(iccid, owner);
      },
      release: (iccid: string, owner: ClaimOwner) => local.release(iccid, owner),
      owned: (batchId: string) => local.owned(batchId),
      confirm: (iccid: string, owner: ClaimOwner) => local.confirm(iccid, owner),
      onAvailable: (listener: () => void) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    };
    const { client, sent } = telegent();
    const run = await BatchRun.create(path, header(8), { client, purchases: purchaseLog(dir), claims, concurrency: 4 });
    await run.run();
    expect(run.modeNow()).toBe('paused');
    expect(run.awaitingCoordination()).toBe(true);
    expect(sent).toHaveLength(0);
    const pauses = (await readJournal(path)).filter((r) => r.t === 'control' && r.action === 'pause');
    expect(pauses).toHaveLength(1);
    expect(pauses[0]).toMatchObject({ by: 'simfleet' });
    const resumed = new Promise<void>((resolve) => run.onceResumed(resolve));
    away = false;
    for (const listener of [...listeners]) listener();
    await resumed;
    expect(listeners.size).toBe(0);
    await run.run();
    expect(run.modeNow()).toBe('finished');
    expect([...sent].sort()).toEqual(header(8).rows.map((r) => r.iccid));
    await run.close();
  });

  it('a disk fault stops the run for good: Resume says why, and only a reopened run sends again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'simfleet-mode-'));
    const log = purchaseLog(dir);
    const purchases = {
      find: (iccid: string) => log.find(iccid),
      record: async () => {
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      },
    };
    const { client } = telegent();
    const run = await BatchRun.create(join(dir, 'b.jsonl'), header(2), { client, purchases, concurrency: 1 });
    await run.run();
    expect(run.modeNow()).toBe('stopped');
    expect(run.haltedFor()).toMatch(/space/i);
    expect(run.status()).toBe('paused');
    await expect(run.resume()).rejects.toThrow(/space/i);
    await run.close();
  });
});
