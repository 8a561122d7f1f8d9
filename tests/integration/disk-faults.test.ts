/**
 * Disk faults pause, never crash (docs/exactly-once.md, "Disk faults"): a data folder on a
 * small tmpfs fills up mid-batch (as root; otherwise the purchase log is pointed at /dev/full,
 * which refuses every write with ENOSPC). The batch stops sending and says which folder and
 * what to do; once the disk takes writes again it resumes, and the simulator's ledger shows
 * every SIM bought once and every purchase in the purchase log.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BatchRun } from '../../main/batch/engine';
import { AppendLog } from '../../main/files/append-log';
import { lockBatch, type HeldLock } from '../../main/locks/batch-lock';
import { FileIccidClaims } from '../../main/locks/file-claims';
import { MemoryIccidClaims } from '../../main/coordination/claims';
import type { SendPermit } from '../../main/coordination/send-permit';
import { startSimulator, type Simulator } from '../../main/simulator/server';
import { practiceClient, practiceHeader, practiceSims } from '../helpers/practice-batch';
import { purchaseLog } from '../helpers/purchase-logs';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const clean of cleanups.splice(0).reverse()) clean();
});

const sims = practiceSims;

const isRoot = process.getuid?.() === 0;

/** A data folder whose disk can be made full, and given space again. */
function fullableFolder(): { dir: string; fill: () => void; free: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'simfleet-disk-'));
  if (isRoot) {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', dir]);
    cleanups.push(() => execFileSync('umount', ['-l', dir]));
    const filler = join(dir, 'filler');
    return {
      dir,
      // Leave a few pages: enough for the batch to start, not to finish.
      fill: () => writeFileSync(filler, Buffer.alloc(2 * 1024 * 1024 - 160 * 1024)),
      free: () => rmSync(filler),
    };
  }
  const log = join(dir, 'purchases.jsonl');
  return {
    dir,
    fill: () => symlinkSync('/dev/full', log),
    free: () => rmSync(log),
  };
}

describe('a disk that fills up mid-batch', () => {
  let sim: Simulator;
  afterEach(() => sim.close());

  it('pauses the batch with the folder and what to do, sends nothing more, and resumes once there is space: every SIM bought once and recorded', async () => {
    sim = await startSimulator({ rateLimitPerMinute: 0 });
    const disk = fullableFolder();
    const list = sims(400, 8_100_000);
    const header = practiceHeader(list, sim.url, 'disk');
    const journal = join(disk.dir, 'batches', `${header.id}.jsonl`);
    const client = practiceClient(sim.url, 600_000, 1_000);
    const open = async (): Promise<{ run: BatchRun; lock: HeldLock }> => {
      const lock = await lockBatch(journal, header.id, { surface: 'simfleet CLI' });
      const claims = new FileIccidClaims({ dir: join(disk.dir, 'claims'), journalOf: () => journal, lockOf: () => lock });
      const deps = { client, purchases: purchaseLog(disk.dir), claims, concurrency: 4, policy: { reconcileGraceMs: 50 } };
      return { run: await (lock && BatchRun.open(journal, deps)), lock };
    };

    // The batch starts with room to spare, then the disk fills while it runs.
    let first: { run: BatchRun; lock: HeldLock } | null = null;
    {
      const lock = await lockBatch(journal, header.id, { surface: 'simfleet CLI' });
      const claims = new FileIccidClaims({ dir: join(disk.dir, 'claims'), journalOf: () => journal, lockOf: () => lock });
      let filled = false;
      const run = await BatchRun.create(journal, header, {
        client,
        purchases: purchaseLog(disk.dir),
        claims,
        concurrency: 4,
        policy: { reconcileGraceMs: 50 },
        onChange: () => {
          if (!filled && run.state.rows.filter((r) => r.state === 'provisioned').length >= 20) {
            filled = true;
            disk.fill();
          }
        },
      });
      first = { run, lock };
    }
    await first.run.run();
    const reason = first.run.haltedFor();
    expect(reason).toMatch(
      /^The disk holding .+ is full \(ENOSPC\)\. The batch paused itself and sends nothing more: free some space on it, then resume it\.$/,
    );
    expect(reason).toContain(disk.dir);
    const boughtWhileFull = sim.ledger().length;
    expect(boughtWhileFull).toBeLessThan(list.length);
    await first.run.close();
    await first.lock.release();
    // Nothing more goes out while the batch is stopped.
    expect(sim.ledger().length).toBe(boughtWhileFull);

    disk.free();
    const second = await open();
    // Paused (if the disk took the pause record) until the operator resumes.
    await second.run.resume();
    await second.run.run();
    await second.run.close();
    await second.lock.release();

    const notProvisioned = second.run.state.rows.filter((r) => r.state !== 'provisioned').map((r) => `${r.state}: ${r.message}`);
    expect(notProvisioned).toEqual([]);
    const bought = sim.ledger().map((e) => e.iccid);
    expect(new Set(bought).size).toBe(bought.length);
    expect([...bought].sort()).toEqual([...list].sort());
    const recorded = readFileSync(join(disk.dir, 'purchases.jsonl'), 'utf8')
      .split('\n')
      .flatMap((line) => {
        try {
          return [(JSON.parse(line) as { iccid: string }).iccid];
        } catch {
          return [];
        }
      });
    expect(new Set(recorded)).toEqual(new Set(list));
  });
});

describe('a disk that fails while a claim is confirmed', () => {
  let sim: Simulator;
  afterEach(() => sim.close());

  it('halts the run with what to do and sends nothing', async () => {
    sim = await startSimulator({ rateLimitPerMinute: 0 });
    const dir = mkdtempSync(join(tmpdir(), 'simfleet-disk-'));
    const list = sims(3, 8_200_000);
    class FailingDisk extends MemoryIccidClaims {
      override async confirm(): Promise<SendPermit> {
        throw Object.assign(new Error('i/o error'), { code: 'EIO', path: join(dir, 'claims', `${list[0]}.json`) });
      }
    }
    const header = practiceHeader(list, sim.url, 'disk');
    const run = await BatchRun.create(join(dir, 'batches', `${header.id}.jsonl`), header, {
      client: practiceClient(sim.url),
      purchases: purchaseLog(dir),
      claims: new FailingDisk(),
      concurrency: 1,
    });
    await run.run();
    await run.close();
    expect(run.haltedFor()).toBe(
      `The disk holding ${join(dir, 'claims')} reported an input/output error (EIO). ` +
        'The batch paused itself and sends nothing more: check the disk and its cable or share, then resume it.',
    );
    expect(sim.ledger()).toEqual([]);
  });
});

describe('short writes', () => {
  it('are continued until every byte is written, and a write that fails part-way is never acknowledged; what follows starts on a new line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'simfleet-short-'));
    const path = join(dir, 'log.jsonl');
    // At most 7 bytes per write(): the group still lands whole.
    const short = await AppendLog.open(path, async (handle, bytes, offset, length) => (await handle.write(bytes, offset, Math.min(7, length))).bytesWritten);
    await Promise.all([short.append('{"a":1}\n'), short.append('{"b":2}\n')]);
    await short.close();
    expect(readFileSync(path, 'utf8')).toBe('{"a":1}\n{"b":2}\n');

    // Another process has the log open already (the purchase log is shared).
    const other = await AppendLog.open(path);
    // 5 bytes land, then the disk refuses: the append rejects, and so does anything after it.
    let calls = 0;
    const torn = await AppendLog.open(path, async (handle, bytes, offset, length) => {
      calls += 1;
      if (calls > 1) throw Object.assign(new Error('no space'), { code: 'ENOSPC' });
      return (await handle.write(bytes, offset, Math.min(5, length))).bytesWritten;
    });
    await expect(torn.append('{"c":3}\n')).rejects.toMatchObject({ code: 'ENOSPC', path });
    await expect(torn.append('{"d":4}\n')).rejects.toMatchObject({ code: 'ENOSPC' });
    await torn.close();
    // The torn line stays alone: the open log and a newly opened one each start a new line.
    await other.append('{"f":6}\n');
    await other.close();
    const again = await AppendLog.open(path);
    await again.append('{"e":5}\n');
    await again.close();
    expect(readFileSync(path, 'utf8')).toBe('{"a":1}\n{"b":2}\n{"c":\n{"f":6}\n{"e":5}\n');
  });
});
