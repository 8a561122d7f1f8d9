/**
 * Fault injection with stations as real processes (docs/testing.md, "Fault injection"):
 * a `simfleet provision` process is frozen with SIGSTOP at a named point
 * (`SIMFLEET_FAULT_STOP_AT`, practice only), kept frozen until another process has taken its
 * SIM over and bought it, then woken with SIGCONT. Processes that disagree about the fleet
 * share one data folder. The simulator sells a bound ICCID again, so a double purchase shows
 * in its ledger; every purchase must also be in some station's mapping.
 */
import type { ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ENV, listFile, purchaseCounts, spawnSimulator, startFleetStation, startProvision, type CliRun } from '../helpers/cli-process';
import type { PostgresServer } from '../helpers/postgres-server';
import { startFleetDatabase } from '../helpers/fleet-database';
import { startTcpProxy } from '../helpers/tcp-proxy';

let server: PostgresServer;
let simulator: ChildProcess;
let url = '';
let fleetUrl = '';
const started: CliRun[] = [];
const cleanup: Array<() => void> = [];

beforeAll(async () => {
  ({ server, stationUrl: fleetUrl } = await startFleetDatabase('stall'));
  ({ process: simulator, url } = await spawnSimulator(['--latency', '20', '--duplicate-iccid', 'sell-again']));
}, 60_000);
afterAll(async () => {
  for (const run of started) {
    run.child.kill('SIGCONT');
    run.child.kill('SIGKILL');
  }
  for (const clean of cleanup) clean();
  simulator.kill('SIGTERM');
  await server.close();
});

const LEASE = { SIMFLEET_FLEET_LEASE_MS: '3000' };

function track(run: CliRun): CliRun {
  started.push(run);
  return run;
}

/** Resolves when the process printed text matching `pattern` (its stderr is the event), or fails once it exited without. */
function untilText(run: CliRun, pattern: RegExp): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    const look = (): boolean => {
      const found = pattern.exec(run.stderr());
      if (found) resolve(found);
      return found !== null;
    };
    if (look()) return;
    run.child.stderr!.on('data', () => void look());
    void run.exited.then(() => {
      if (!look()) reject(new Error(`exited without printing ${pattern}:\n${run.stderr()}`));
    });
  });
}

/** Waits until the kernel reports the process stopped (state T): SIGSTOP has no event to await. */
async function stopped(run: CliRun): Promise<string> {
  const [, iccid] = await untilText(run, /fault: stopping at \S+ \(row \d+, ICCID (\d+)\)/);
  for (;;) {
    const stat = readFileSync(`/proc/${run.child.pid}/stat`, 'utf8');
    if (/^\d+ \(.*\) T /.test(stat)) return iccid!;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** ICCIDs a CLI mapping file lists as provisioned. */
function provisioned(file: string): Set<string> {
  const rows = new Set<string>();
  if (!existsSync(file)) return rows;
  for (const line of readFileSync(file, 'utf8').trim().split('\n').slice(1)) {
    const cells = line.split(',');
    if (cells[6] === 'provisioned') rows.add(cells[0]!);
  }
  return rows;
}

async function expectBoughtOnceAndRecorded(iccids: readonly string[], mappings: readonly string[], at = url): Promise<void> {
  const counts = await purchaseCounts(at, iccids);
  expect([...counts].filter(([, n]) => n > 1).map(([iccid]) => iccid)).toEqual([]);
  expect(counts.size).toBe(iccids.length);
  const recorded = new Set(mappings.flatMap((m) => [...provisioned(m)]));
  expect([...counts.keys()].filter((iccid) => !recorded.has(iccid))).toEqual([]);
}

describe('a process frozen after its claim was confirmed', () => {
  it('fleet: wakes past its deadline after another station took the SIM over and bought it, and sends nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'simfleet-stall-'));
    const { file, iccids } = listFile(dir, 40, 61);
    const station = (name: string, env: NodeJS.ProcessEnv): CliRun =>
      track(
        startFleetStation({ file, out: join(dir, `${name}.csv`), apiBase: url, dataDir: join(dir, name), fleetUrl, name, rate: 1200, concurrency: 2, env }),
      );
    const a = station('dock-a', { ...CLI_ENV, ...LEASE, SIMFLEET_FAULT_STOP_AT: 'after-confirm:3' });
    const held = await stopped(a);
    // Frozen with its confirmation in hand; the other station takes the claim over once the
    // lease ran out, looks the SIM up, finds nothing and buys it.
    const b = station('dock-b', { ...CLI_ENV, ...LEASE });
    expect([0, 3]).toContain(await b.exited);
    expect((await purchaseCounts(url, [held])).get(held)).toBe(1);
    a.child.kill('SIGCONT');
    expect([0, 3]).toContain(await a.exited);
    expect(a.stderr()).not.toMatch(/Error:|at .+\.js:\d+/);
    await expectBoughtOnceAndRecorded(iccids, [join(dir, 'dock-a.csv'), join(dir, 'dock-b.csv')]);
  }, 180_000);

  it('one data folder, no fleet: a batch whose lock went stale wakes unable to send what another batch bought meanwhile', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'simfleet-stall-'));
    const { file, iccids } = listFile(dir, 30, 62);
    const data = join(dir, 'data');
    const run = (out: string, env: NodeJS.ProcessEnv): CliRun =>
      track(startProvision([file, '--out', join(dir, out), '--api-base', url, '--data-dir', data, '--rate', '1200', '--concurrency', '2'], env));
    const a = run('a.csv', { ...CLI_ENV, SIMFLEET_FAULT_STOP_AT: 'after-confirm:3' });
    const held = await stopped(a);
    const b = run('b.csv', CLI_ENV);
    expect([0, 3]).toContain(await b.exited);
    expect((await purchaseCounts(url, [held])).get(held)).toBe(1);
    a.child.kill('SIGCONT');
    expect([0, 3]).toContain(await a.exited);
    await expectBoughtOnceAndRecorded(iccids, [join(dir, 'a.csv'), join(dir, 'b.csv')]);
  }, 180_000);
});

describe('a station cut off from PostgreSQL only', () => {
  it('fleet: a confirmation the database carried out, whose answer arrives after the lease, sends nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'simfleet-partition-'));
    const { file, iccids } = listFile(dir, 40, 67);
    const direct = new URL(fleetUrl);
    const proxy = await startTcpProxy({ host: direct.hostname, port: Number(direct.port) });
    cleanup.push(() => void proxy.close());
    const proxied = new URL(fleetUrl);
    proxied.port = String(proxy.port);
    const a = track(
      startFleetStation({
        file,
        out: join(dir, 'dock-cut.csv'),
        apiBase: url,
        dataDir: join(dir, 'dock-cut'),
        fleetUrl: proxied.toString(),
        name: 'dock-cut',
        rate: 600,
        concurrency: 2,
        env: { ...CLI_ENV, ...LEASE },
      }),
    );
    await a.sending;
    while ((await purchaseCounts(url, iccids)).size < 3) await new Promise((resolve) => setTimeout(resolve, 20));
    // The next confirmation reaches the database and renews the claim; its answer, and
    // everything else the station says (its lease renewals too), is held from then on.
    await proxy.holdAfter('claim_confirm');
    const b = track(
      startFleetStation({
        file,
        out: join(dir, 'dock-ok.csv'),
        apiBase: url,
        dataDir: join(dir, 'dock-ok'),
        fleetUrl,
        name: 'dock-ok',
        rate: 1200,
        concurrency: 4,
        env: { ...CLI_ENV, ...LEASE },
      }),
    );
    expect([0, 3]).toContain(await b.exited);
    proxy.release();
    expect([0, 3]).toContain(await a.exited);
    await expectBoughtOnceAndRecorded(iccids, [join(dir, 'dock-cut.csv'), join(dir, 'dock-ok.csv')]);
  }, 180_000);
});

describe('processes that disagree about the fleet', () => {
  it('one data folder, one process with the fleet and one without, at once: each SIM bought once; a later one without the fleet is refused', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'simfleet-mixed-'));
    const { file, iccids } = listFile(dir, 60, 63);
    const data = join(dir, 'data');
    // Slow (2 a second), so the fleet one joins in while it is still buying.
    const aloneRun = (out: string): CliRun =>
      track(startProvision([file, '--out', join(dir, out), '--api-base', url, '--data-dir', data, '--rate', '120', '--concurrency', '4']));
    // The one without the fleet starts first (nothing has bound the folder yet), then the fleet one joins in.
    const alone = aloneRun('alone.csv');
    await alone.sending;
    while ((await purchaseCounts(url, iccids)).size < 5) await new Promise((resolve) => setTimeout(resolve, 20));
    const fleet = track(
      startFleetStation({
        file,
        out: join(dir, 'fleet.csv'),
        apiBase: url,
        dataDir: data,
        fleetUrl,
        name: 'dock-m',
        rate: 1200,
        concurrency: 4,
        env: { ...CLI_ENV, ...LEASE },
      }),
    );
    const codes = await Promise.all([alone.exited, fleet.exited]);
    for (const [i, code] of codes.entries()) expect([0, 3], JSON.stringify([alone, fleet][i]!.stderr())).toContain(code);
    await expectBoughtOnceAndRecorded(iccids, [join(dir, 'fleet.csv'), join(dir, 'alone.csv')]);
    // The folder now records its fleet: a process without it is refused before anything is sent.
    const fresh = listFile(mkdtempSync(join(tmpdir(), 'simfleet-mixed-')), 5, 65);
    const late = track(startProvision([fresh.file, '--out', join(dir, 'late.csv'), '--api-base', url, '--data-dir', data]));
    expect(await late.exited).toBe(2);
    expect(await purchaseCounts(url, fresh.iccids)).toEqual(new Map());
    expect(late.stderr()).toMatch(
      /This data folder's batches run in the fleet at postgres:\/\/stall@127\.0\.0\.1:\d+\/simfleet .*but this process works alone\. Nothing is sent/,
    );
  }, 180_000);

  it('two copies of one data folder resume one batch at once under one station name: each SIM bought once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'simfleet-clone-'));
    // A slow Telegent (400 ms a purchase): the two copies' requests overlap in flight.
    const slow = await spawnSimulator(['--latency', '400', '--duplicate-iccid', 'sell-again']);
    cleanup.push(() => slow.process.kill('SIGTERM'));
    const { file, iccids } = listFile(dir, 60, 64);
    const original = join(dir, 'original');
    const first = track(
      startFleetStation({
        file,
        out: join(dir, 'first.csv'),
        apiBase: slow.url,
        dataDir: original,
        fleetUrl,
        name: 'dock-c',
        rate: 600,
        concurrency: 2,
        env: { ...CLI_ENV, ...LEASE },
      }),
    );
    const [, id] = await untilText(first, /Batch (\S+) /);
    await first.sending;
    while ((await purchaseCounts(slow.url, iccids)).size < 10) await new Promise((resolve) => setTimeout(resolve, 20));
    first.child.kill('SIGKILL');
    await first.exited;
    // A cloned kitting PC: the whole data folder copied, then the batch resumed on both at once.
    const copy = join(dir, 'copy');
    cpSync(original, copy, { recursive: true });
    const resume = (data: string, out: string): CliRun =>
      track(
        startFleetStation({
          file,
          out: join(dir, out),
          apiBase: slow.url,
          dataDir: data,
          fleetUrl,
          name: 'dock-c',
          rate: 1200,
          concurrency: 4,
          extra: ['--resume', id!, '--wait'],
          env: { ...CLI_ENV, ...LEASE },
        }),
      );
    const runs = [resume(original, 'original.csv'), resume(copy, 'copy.csv')];
    const codes = await Promise.all(runs.map((r) => r.exited));
    for (const [i, code] of codes.entries()) expect([0, 3], JSON.stringify(runs[i]!.stderr())).toContain(code);
    await expectBoughtOnceAndRecorded(iccids, [join(dir, 'original.csv'), join(dir, 'copy.csv')], slow.url);
  }, 180_000);

  it('recycled numbers (Telegent sells a number again for another SIM): each SIM bought once, every purchase recorded, the second SIM flagged', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'simfleet-recycled-'));
    const recycling = await spawnSimulator(['--latency', '20', '--duplicate-iccid', 'sell-again', '--recycle-every', '5']);
    cleanup.push(() => recycling.process.kill('SIGTERM'));
    const { file, iccids } = listFile(dir, 60, 66);
    const station = (name: string): CliRun =>
      track(
        startFleetStation({
          file,
          out: join(dir, `${name}.csv`),
          apiBase: recycling.url,
          dataDir: join(dir, name),
          fleetUrl,
          name,
          rate: 1200,
          concurrency: 4,
          env: { ...CLI_ENV, ...LEASE },
        }),
      );
    const runs = [station('dock-r1'), station('dock-r2')];
    const codes = await Promise.all(runs.map((r) => r.exited));
    for (const [i, code] of codes.entries()) expect([0, 3], runs[i]!.stderr()).toContain(code);
    await expectBoughtOnceAndRecorded(iccids, [join(dir, 'dock-r1.csv'), join(dir, 'dock-r2.csv')], recycling.url);
    // A station flags the SIM whose number it had already recorded for another SIM.
    const flagged = ['dock-r1', 'dock-r2'].flatMap((name) =>
      readdirSync(join(dir, name, 'practice', 'batches'))
        .filter((f) => f.endsWith('.jsonl'))
        .flatMap((f) => readFileSync(join(dir, name, 'practice', 'batches', f), 'utf8').split('\n'))
        .filter((line) => line.includes('"t":"flagged"')),
    );
    expect(flagged.length).toBeGreaterThan(0);
  }, 180_000);
});
